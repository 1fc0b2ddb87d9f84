import { expect, test } from '@playwright/test';
import { asFreshLabeler } from './fixtures/app';

test('a labeler zooms to the cursor, pans, draws at the new zoom, and fits again', async ({ page, playwright, baseURL }) => {
  const { app } = await asFreshLabeler(page, playwright, baseURL, 'spec');
  await app.startLabeling('image');
  const fitted = await app.view();
  await expect(page.getByTestId('zoom-readout')).toContainText(`${Math.round(fitted.scale * 100)}%`);

  // Wheel up over an image point: it stays under the cursor while the zoom grows.
  const anchor = await app.toPage({ x: 300, y: 200 });
  await page.mouse.move(anchor.x, anchor.y);
  for (let i = 0; i < 4; i++) await page.mouse.wheel(0, -100);
  await expect.poll(async () => (await app.view()).scale).toBeGreaterThan(fitted.scale * 1.3);
  const still = await app.toPage({ x: 300, y: 200 });
  expect(Math.abs(still.x - anchor.x)).toBeLessThan(1.5);
  expect(Math.abs(still.y - anchor.y)).toBeLessThan(1.5);
  await expect(page.getByTestId('zoom-readout')).toContainText('300, 200 px');

  // Space+drag pans: the image moves with the mouse.
  const before = await app.view();
  await page.keyboard.down('Space');
  await page.mouse.down();
  await page.mouse.move(anchor.x - 120, anchor.y - 40, { steps: 5 });
  await page.mouse.up();
  await page.keyboard.up('Space');
  const after = await app.view();
  expect(after.offsetX - before.offsetX).toBeCloseTo(-120, 0);
  expect(after.offsetY - before.offsetY).toBeCloseTo(-40, 0);
  expect((await app.exportDocument()).objects).toHaveLength(0);

  // A box drawn at this zoom lands at the right image pixels.
  await app.dragBox({ x: 280, y: 190 }, { x: 330, y: 240 });
  const [box] = (await app.exportDocument()).objects;
  expect(box!.geometry).toMatchObject({ kind: 'box' });
  if (box!.geometry.kind !== 'box') throw new Error('not a box');
  expect(Math.abs(box!.geometry.x - 280)).toBeLessThan(1);
  expect(Math.abs(box!.geometry.w - 50)).toBeLessThan(1);

  await page.keyboard.press('0');
  await expect(page.getByTestId('zoom-readout')).toContainText('100%');
  await page.keyboard.press('f');
  expect((await app.view()).scale).toBeCloseTo(fitted.scale, 5);

  // Brightness applies to the photo's layer only; the annotation layers keep their colours.
  await page.getByTestId('brightness').fill('150');
  const filters = await page.evaluate(() => [...document.querySelectorAll('[data-testid="canvas-frame"] canvas')].map((c) => (c as HTMLCanvasElement).style.filter));
  expect(filters[0]).toBe('brightness(150%) contrast(100%)');
  expect(filters.slice(1).every((f) => f === '')).toBe(true);
  await page.getByTestId('brightness').blur();
  await page.keyboard.press('c');
  await expect(page.getByTestId('crosshair')).toHaveAttribute('aria-pressed', 'true');
});
