import { expect, test } from '@playwright/test';
import { asFreshLabeler } from './fixtures/app';

test('a labeler selects a box and resizes, moves and nudges it, then reshapes a polygon', async ({ page, playwright, baseURL }) => {
  const { app } = await asFreshLabeler(page, playwright, baseURL, 'spec');
  await app.startLabeling('image');
  await page.keyboard.press('1');
  await app.dragBox({ x: 100, y: 100 }, { x: 200, y: 180 });
  const id = (await app.exportDocument()).objects.at(-1)!.id;
  const geometry = async () => (await app.exportDocument()).objects.find((o) => o.id === id)!.geometry;
  const drag = async (from: { x: number; y: number }, to: { x: number; y: number }) => {
    const a = await app.toPage(from);
    const b = await app.toPage(to);
    await page.mouse.move(a.x, a.y);
    await page.mouse.down();
    await page.mouse.move(b.x, b.y, { steps: 6 });
    await page.mouse.up();
  };

  await page.getByTestId('tool-select').click();
  const inside = await app.toPage({ x: 150, y: 140 });
  await page.mouse.click(inside.x, inside.y);
  await expect(page.getByTestId('object-list').locator('li.selected')).toHaveCount(1);

  // The bottom-right handle resizes; the top-left corner stays.
  await drag({ x: 200, y: 180 }, { x: 260, y: 230 });
  await expect.poll(async () => (await geometry()).kind === 'box' && Math.round((await geometry() as { w: number }).w)).toBeGreaterThan(150);
  let g = await geometry();
  if (g.kind !== 'box') throw new Error('not a box');
  expect(Math.abs(g.x - 100)).toBeLessThan(1.5);
  expect(Math.abs(g.w - 160)).toBeLessThan(3);
  expect(Math.abs(g.h - 130)).toBeLessThan(3);

  // Dragging the body moves it; arrows nudge 1 px, shift+arrow 10 px.
  await drag({ x: 150, y: 150 }, { x: 190, y: 170 });
  g = await geometry();
  if (g.kind !== 'box') throw new Error('not a box');
  expect(Math.abs(g.x - 140)).toBeLessThan(2);
  const x0 = g.x;
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Shift+ArrowRight');
  g = await geometry();
  if (g.kind !== 'box') throw new Error('not a box');
  expect(g.x).toBeCloseTo(x0 + 11, 5);
  await page.keyboard.press('Control+z');
  g = await geometry();
  if (g.kind !== 'box') throw new Error('not a box');
  expect(g.x).toBeCloseTo(x0 + 1, 5);

  // A polygon: drag one vertex, add one at an edge's midpoint, alt-click to remove it again.
  await page.keyboard.press('p');
  for (const [x, y] of [[400, 100], [500, 100], [450, 200]] as const) {
    const p = await app.toPage({ x, y });
    await page.mouse.click(p.x, p.y);
  }
  await page.keyboard.press('Enter');
  const polyId = (await app.exportDocument()).objects.at(-1)!.id;
  const points = async () => {
    const pg = (await app.exportDocument()).objects.find((o) => o.id === polyId)!.geometry;
    if (pg.kind !== 'polygon') throw new Error('not a polygon');
    return pg.points;
  };
  await page.keyboard.press('v');
  const centre = await app.toPage({ x: 450, y: 130 });
  await page.mouse.click(centre.x, centre.y);
  await drag({ x: 450, y: 200 }, { x: 460, y: 260 });
  await expect.poll(async () => Math.round((await points())[2]!.y)).toBeGreaterThan(250);
  const mid = await app.toPage({ x: 450, y: 100 });
  await page.mouse.click(mid.x, mid.y);
  await expect.poll(async () => (await points()).length).toBe(4);
  const added = await app.toPage({ x: 450, y: 100 });
  await page.keyboard.down('Alt');
  await page.mouse.click(added.x, added.y);
  await page.keyboard.up('Alt');
  await expect.poll(async () => (await points()).length).toBe(3);
});
