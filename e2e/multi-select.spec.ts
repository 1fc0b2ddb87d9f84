import { expect, test } from '@playwright/test';
import { asFreshLabeler } from './fixtures/app';

test('a labeler selects several boxes with shift-click and a marquee, moves and deletes them together, and undoes each in one step', async ({ page, playwright, baseURL }) => {
  const { app } = await asFreshLabeler(page, playwright, baseURL, 'multi');
  await app.startLabeling('image');
  await page.keyboard.press('1');
  await app.dragBox({ x: 100, y: 100 }, { x: 160, y: 150 });
  await app.dragBox({ x: 200, y: 100 }, { x: 260, y: 150 });
  await app.dragBox({ x: 300, y: 100 }, { x: 360, y: 150 });
  await expect.poll(async () => (await app.exportDocument()).objects.length).toBe(3);
  const boxes = async () => (await app.exportDocument()).objects.map((o) => (o.geometry.kind === 'box' ? { x: o.geometry.x, y: o.geometry.y } : null));
  const before = await boxes();
  const selectedRows = page.getByTestId('object-list').locator('li.selected');
  const click = async (p: { x: number; y: number }, shift = false) => {
    const q = await app.toPage(p);
    if (shift) await page.keyboard.down('Shift');
    await page.mouse.click(q.x, q.y);
    if (shift) await page.keyboard.up('Shift');
  };

  await page.getByTestId('tool-select').click();
  // Hovering a box on the canvas highlights its row.
  const over = await app.toPage({ x: 330, y: 125 });
  await page.mouse.move(over.x, over.y);
  await expect(page.getByTestId('object-list').getByTestId('object-row-3')).toHaveClass(/hovered/);
  await click({ x: 130, y: 125 });
  await click({ x: 230, y: 125 }, true);
  await expect(selectedRows).toHaveCount(2);
  // Shift-click on a selected one takes it out again.
  await click({ x: 230, y: 125 }, true);
  await expect(selectedRows).toHaveCount(1);

  // A marquee on empty image around all three selects them.
  await app.dragBox({ x: 80, y: 80 }, { x: 380, y: 170 });
  await expect(selectedRows).toHaveCount(3);

  // A class key relabels the whole selection; one undo takes it back.
  const classes = async () => (await app.exportDocument()).objects.map((o) => o.classId);
  await page.keyboard.press('2');
  await expect.poll(classes).toEqual(['pedestrian', 'pedestrian', 'pedestrian']);
  await page.keyboard.press('Control+z');
  await expect.poll(classes).toEqual(['car', 'car', 'car']);

  // Dragging one of them moves all three by the same amount: one history entry.
  await app.dragBox({ x: 230, y: 125 }, { x: 250, y: 155 });
  await expect.poll(async () => (await boxes())[0]!.x).toBeGreaterThan(before[0]!.x + 10);
  const moved = await boxes();
  const dx = moved[0]!.x - before[0]!.x;
  const dy = moved[0]!.y - before[0]!.y;
  expect(Math.abs(dx - 20)).toBeLessThan(2);
  expect(Math.abs(dy - 30)).toBeLessThan(2);
  for (let i = 0; i < 3; i++) {
    expect(moved[i]!.x - before[i]!.x).toBeCloseTo(dx, 5);
    expect(moved[i]!.y - before[i]!.y).toBeCloseTo(dy, 5);
  }
  // Arrow keys nudge all of them.
  await page.keyboard.press('ArrowLeft');
  await expect.poll(async () => (await boxes())[2]!.x).toBeCloseTo(moved[2]!.x - 1, 5);
  await page.keyboard.press('Control+z');
  await page.keyboard.press('Control+z');
  await expect.poll(boxes).toEqual(before);

  // Delete removes the whole selection; one undo brings all three back.
  await app.dragBox({ x: 80, y: 80 }, { x: 380, y: 170 });
  await expect(selectedRows).toHaveCount(3);
  await page.keyboard.press('Delete');
  await expect.poll(async () => (await app.exportDocument()).objects.length).toBe(0);
  await page.keyboard.press('Control+z');
  await expect.poll(boxes).toEqual(before);
});
