import { expect, test } from '@playwright/test';
import { asFreshLabeler } from './fixtures/app';

test('a labeler copies a box, pastes and duplicates it, then pastes it onto the next task', async ({ page, playwright, baseURL }) => {
  const { app } = await asFreshLabeler(page, playwright, baseURL, 'clipboard');
  await app.startLabeling('image');
  await page.keyboard.press('1');
  await app.dragBox({ x: 50, y: 60 }, { x: 150, y: 120 });
  await page.keyboard.press('v');
  const inside = await app.toPage({ x: 100, y: 90 });
  await page.mouse.click(inside.x, inside.y);
  await page.keyboard.press('Control+c');
  await page.keyboard.press('Control+v');
  await page.keyboard.press('Control+d');
  const boxes = (await app.exportDocument()).objects.map((o) => (o.geometry.kind === 'box' ? [o.geometry.x, o.geometry.y] : []));
  expect(boxes).toEqual([[50, 60], [60, 70], [70, 80]].map(([x, y]) => [expect.closeTo(x!, 0), expect.closeTo(y!, 0)]));

  const first = await app.taskId();
  await page.keyboard.press('Control+Enter');
  await expect(page.getByTestId('task-id')).not.toHaveText(first);
  await page.waitForFunction(() => (window as unknown as { __labelbench: { ready(): boolean } }).__labelbench.ready());
  await page.keyboard.press('Control+v');
  const [carried] = (await app.exportDocument()).objects;
  expect(carried!.geometry).toMatchObject({ kind: 'box', x: expect.closeTo(50, 0), y: expect.closeTo(60, 0) });
  expect(carried!.source).toBe('human');

  await page.keyboard.press('?');
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toContainText('Duplicate the selection');
});
