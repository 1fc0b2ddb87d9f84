import { expect, test } from '@playwright/test';
import { AppPage, asFreshLabeler } from './fixtures/app';

test('a labeler who moves to another browser mid-task finds the same task and the server draft', async ({ page, browser, playwright, baseURL }) => {
  const { app, email } = await asFreshLabeler(page, playwright, baseURL, 'spec');
  await app.startLabeling('image');
  const task = await app.taskId();

  await page.keyboard.press('3');
  const saved = page.waitForResponse((r) => r.url().endsWith('/draft') && r.request().method() === 'PUT' && r.ok());
  await app.dragBox({ x: 40, y: 50 }, { x: 140, y: 170 });
  await expect(page.getByTestId('object-list')).toContainText('Cyclist #1');
  await saved;
  await expect(page.getByTestId('save-state')).toHaveText('Draft saved');

  // A fresh browser profile (another machine, or a crash that lost local storage): the server's draft comes back.
  const other = await browser.newContext();
  const app2 = new AppPage(await other.newPage());
  await app2.signIn(email);
  await app2.startLabeling('image');
  await expect(app2.page.getByTestId('task-id')).toHaveText(task);
  await expect(app2.page.getByRole('status').filter({ hasText: 'Your draft was restored.' })).toBeVisible();
  const doc = await app2.exportDocument();
  expect(doc.objects).toHaveLength(1);
  expect(doc.objects[0]).toMatchObject({ classId: 'cyclist', geometry: { kind: 'box' } });
  const g = doc.objects[0]!.geometry;
  if (g.kind !== 'box') throw new Error('not a box');
  expect(Math.abs(g.x - 40)).toBeLessThan(2);
  expect(Math.abs(g.w - 100)).toBeLessThan(2);

  // Undo after the restore starts from the restored draft: nothing to undo yet.
  await app2.page.keyboard.press('Control+z');
  expect((await app2.exportDocument()).objects).toHaveLength(1);
  await other.close();
});
