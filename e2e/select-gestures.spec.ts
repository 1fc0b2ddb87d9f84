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
