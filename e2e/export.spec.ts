import { expect, test } from '@playwright/test';
import { AppPage, freshLabeler } from './fixtures/app';

test('an owner downloads a COCO export holding the box a labeler submitted', async ({ page, browser, playwright, baseURL }) => {
  const api = await playwright.request.newContext({ baseURL });
  const email = await freshLabeler(api, 'exporter');
  await api.dispose();
  const labeler = new AppPage(await (await browser.newContext()).newPage());
  await labeler.signIn(email);
  await labeler.startLabeling('image');
  await labeler.page.keyboard.press('1');
  await labeler.dragBox({ x: 10, y: 20 }, { x: 110, y: 70 });
  const [box] = (await labeler.exportDocument()).objects;
  const first = await labeler.taskId();
  await labeler.page.keyboard.press('Control+Enter');
  await expect(labeler.page.getByTestId('task-id')).not.toHaveText(first);

  const owner = new AppPage(page);
  await owner.signIn('owner@demo.test');
  await page.getByTestId('project-image').filter({ hasText: 'Street scenes' }).getByTestId('manage-project').click();
  await page.getByTestId('tab-export').click();
  const download = page.waitForEvent('download');
  await page.getByTestId('export-coco').click();
  const file = await (await download).path();
  const coco = JSON.parse(await (await import('node:fs/promises')).readFile(file!, 'utf8'));
  const g = box!.geometry;
  if (g.kind !== 'box') throw new Error('not a box');
  const match = coco.annotations.find((a: { bbox: number[] }) => Math.abs(a.bbox[0]! - g.x) < 0.01 && Math.abs(a.bbox[1]! - g.y) < 0.01);
  expect(match).toBeTruthy();
  expect(match.bbox[2]).toBeCloseTo(g.w, 2);
  expect(coco.categories.find((c: { id: number }) => c.id === match.category_id).name).toBe('Car');
});
