import { expect, test } from '@playwright/test';
import { asFreshLabeler } from './fixtures/app';

test('a labeler draws a polygon by clicking vertices and closing on the first, then one with Enter, and undoes', async ({ page, playwright, baseURL }) => {
  const { app } = await asFreshLabeler(page, playwright, baseURL, 'spec');
  await app.startLabeling('image');
  await page.getByTestId('tool-polygon').click();
  await page.keyboard.press('2');
  const click = async (x: number, y: number) => {
    const p = await app.toPage({ x, y });
    await page.mouse.click(p.x, p.y);
  };
  const before = (await app.exportDocument()).objects.length;
  for (const [x, y] of [[100, 100], [220, 110], [240, 260], [90, 240]] as const) await click(x, y);
  // A misplaced vertex, taken back with Backspace.
  await click(60, 400);
  await page.keyboard.press('Backspace');
  await click(101, 101); // near the first vertex: closes
  let doc = await app.exportDocument();
  expect(doc.objects).toHaveLength(before + 1);
  const poly = doc.objects.at(-1)!;
  expect(poly.classId).toBe('pedestrian');
  if (poly.geometry.kind !== 'polygon') throw new Error('not a polygon');
  expect(poly.geometry.points).toHaveLength(4);
  const expected = [[100, 100], [220, 110], [240, 260], [90, 240]];
  poly.geometry.points.forEach((p, i) => {
    expect(Math.abs(p.x - expected[i]![0]!)).toBeLessThan(1.5);
    expect(Math.abs(p.y - expected[i]![1]!)).toBeLessThan(1.5);
  });

  // A triangle closed with Enter; Esc mid-way leaves nothing behind.
  for (const [x, y] of [[300, 50], [360, 60], [330, 120]] as const) await click(x, y);
  await page.keyboard.press('Enter');
  await click(400, 300);
  await click(450, 320);
  await page.keyboard.press('Escape');
  doc = await app.exportDocument();
  expect(doc.objects).toHaveLength(before + 2);
  await expect(page.getByTestId('object-list')).toContainText(`Pedestrian #${before + 2}`);
  await page.keyboard.press('Control+z');
  expect((await app.exportDocument()).objects).toHaveLength(before + 1);
});
