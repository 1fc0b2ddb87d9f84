import { expect, test } from '@playwright/test';
import { asFreshLabeler } from './fixtures/app';

type Hooks = { hoveredId(): string | null };

test('a marquee released outside the canvas ends there and selects what it covered; hover is hit-tested once a frame', async ({ page, playwright, baseURL }) => {
  const { app } = await asFreshLabeler(page, playwright, baseURL, 'marquee');
  await app.startLabeling('image');
  await page.keyboard.press('1');
  await app.dragBox({ x: 100, y: 100 }, { x: 160, y: 150 });
  await app.dragBox({ x: 200, y: 100 }, { x: 260, y: 150 });
  await expect.poll(async () => (await app.exportDocument()).objects.length).toBe(2);
  await page.getByTestId('tool-select').click();
  const selectedRows = page.getByTestId('object-list').locator('li.selected');

  // From empty image below right of both boxes, up and left past them and off the canvas, over the side panel.
  const frame = (await page.getByTestId('canvas-frame').boundingBox())!;
  const from = await app.toPage({ x: 400, y: 300 });
  const above = await app.toPage({ x: 50, y: 50 });
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(above.x + 5, above.y, { steps: 5 });
  await page.mouse.move(frame.x - 40, above.y, { steps: 5 });
  await page.mouse.up();
  await expect(selectedRows).toHaveCount(2);
  // Nothing is stuck to the pointer: coming back over empty image without a button changes nothing.
  const empty = await app.toPage({ x: 500, y: 400 });
  await page.mouse.move(empty.x, empty.y, { steps: 5 });
  await expect(selectedRows).toHaveCount(2);

  // Several moves within one frame: no hover change until the frame, then the object under the last one.
  const [, second] = (await app.exportDocument()).objects;
  const miss = await app.toPage({ x: 130, y: 300 });
  const hit = await app.toPage({ x: 230, y: 125 });
  const moved = await page.evaluate(({ miss, hit }) => {
    const content = document.querySelector('[data-testid="canvas-frame"] .konvajs-content')!;
    const hooks = (window as unknown as { __labelbench: Hooks }).__labelbench;
    const before = hooks.hoveredId();
    for (const p of [miss, hit, miss, hit]) content.dispatchEvent(new PointerEvent('pointermove', { clientX: p.x, clientY: p.y, bubbles: true, pointerType: 'mouse', isPrimary: true }));
    return { before, after: hooks.hoveredId() };
  }, { miss, hit });
  expect(moved.after).toBe(moved.before);
  await expect.poll(() => page.evaluate(() => (window as unknown as { __labelbench: Hooks }).__labelbench.hoveredId())).toBe(second!.id);
});

test('a box dragged past the canvas edge follows the pointer and ends where it is released, clamped to the image', async ({ page, playwright, baseURL }) => {
  const { app } = await asFreshLabeler(page, playwright, baseURL, 'box-outside');
  await app.startLabeling('image');
  await page.keyboard.press('1');
  await page.keyboard.press('b');
  const frame = (await page.getByTestId('canvas-frame').boundingBox())!;
  const size = await page.evaluate(() => (window as unknown as { __labelbench: { imageSize(): { width: number; height: number } } }).__labelbench.imageSize());
  const start = { x: size.width - 150, y: size.height - 120 };
  const from = await app.toPage(start);
  const low = await app.toPage({ x: start.x, y: size.height - 20 });
  // Out through the canvas's right edge, then released there, off the canvas (and off the page).
  const outside = { x: frame.x + frame.width + 30, y: low.y };
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(outside.x - 40, outside.y, { steps: 6 });
  await page.mouse.move(outside.x, outside.y, { steps: 4 });
  await page.mouse.up();
  await expect.poll(async () => (await app.exportDocument()).objects.length).toBe(1);
  const [obj] = (await app.exportDocument()).objects;
  const g = obj!.geometry as { kind: 'box'; x: number; y: number; w: number; h: number };
  expect(g.x).toBeCloseTo(start.x, 0);
  expect(g.y).toBeCloseTo(start.y, 0);
  // Clamped at the image's right edge; the bottom is where the pointer was.
  expect(g.x + g.w).toBeCloseTo(size.width, 0);
  expect(g.y + g.h).toBeCloseTo(size.height - 20, 0);
  // Nothing follows the pointer afterwards: back over the image with no button, still one box of that size.
  const back = await app.toPage({ x: 300, y: 200 });
  await page.mouse.move(back.x, back.y, { steps: 5 });
  await page.mouse.click(back.x, back.y);
  expect((await app.exportDocument()).objects).toHaveLength(1);
  expect((await app.exportDocument()).objects[0]!.geometry).toEqual(g);
});
