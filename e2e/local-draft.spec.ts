import { expect, test } from '@playwright/test';
import { asFreshLabeler } from './fixtures/app';

test('work survives a reload while the server cannot save it, from the copy on this device', async ({ page, playwright, baseURL }) => {
  const { app } = await asFreshLabeler(page, playwright, baseURL, 'offline');
  await app.startLabeling('image');
  const task = await app.taskId();

  // The server stops taking drafts (a flaky network): the app says the work is kept on this device.
  await page.route('**/api/tasks/*/draft', (route) => route.abort('connectionfailed'));
  await page.keyboard.press('4');
  await app.dragBox({ x: 30, y: 40 }, { x: 90, y: 120 });
  await expect(page.getByTestId('save-state')).toHaveText(/Saved on this device only/);

  await page.reload();
  await expect(page.getByTestId('task-id')).toHaveText(task);
  await expect(page.getByRole('status').filter({ hasText: 'Your work on this device was restored.' })).toBeVisible();
  const doc = await app.exportDocument();
  expect(doc.objects).toHaveLength(1);
  expect(doc.objects[0]).toMatchObject({ classId: 'traffic-sign', geometry: { kind: 'box' } });

  // Back online: the restored work reaches the server.
  await page.unroute('**/api/tasks/*/draft');
  const saved = page.waitForResponse((r) => r.url().endsWith('/draft') && r.ok());
  await app.dragBox({ x: 200, y: 200 }, { x: 260, y: 260 });
  await saved;
  await expect(page.getByTestId('save-state')).toHaveText('Draft saved');
});
