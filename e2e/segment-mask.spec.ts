import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { AppPage, asFreshLabeler } from './fixtures/app';
import { imagePoint, type ImagePoint } from '../src/core/geometry/point';
import { clampPolygon, roundPolygon } from '../src/core/geometry/polygon';
import { floodRegion, paintStroke, polygonToBitmap } from '../src/core/masks/raster';
import { decodeRle, decompressRle, type Bitmap } from '../src/core/masks/rle';

/**
 * Where the canvas puts a page point in image pixels, computed as the canvas does (Konva's pointer position is
 * client − stage-content rect; then (p − offset) / scale), so the test's expected strokes use the very same numbers.
 */
async function toImage(page: Page, p: { x: number; y: number }): Promise<ImagePoint> {
  const r = await page.evaluate(([x, y]) => {
    const rect = document.querySelector('[data-testid="canvas-frame"] .konvajs-content')!.getBoundingClientRect();
    const v = (window as unknown as { __labelbench: { view(): { scale: number; offsetX: number; offsetY: number } } }).__labelbench.view();
    return { x: (x - rect.left - v.offsetX) / v.scale, y: (y - rect.top - v.offsetY) / v.scale };
  }, [p.x, p.y] as const);
  return imagePoint(r.x, r.y);
}

/** A page point (whole CSS pixels, so nothing is lost in the mouse events) near an image point. */
async function pagePoint(app: AppPage, x: number, y: number) {
  const p = await app.toPage({ x, y });
  return { x: Math.round(p.x), y: Math.round(p.y) };
}

test('a labeler paints, erases, flood-fills and polygon-fills a mask, undoes, reloads and submits; the COCO export has exactly those pixels', async ({ page, browser, playwright, baseURL }) => {
  test.setTimeout(120_000);
  const { app } = await asFreshLabeler(page, playwright, baseURL, 'masker');
  await app.startLabeling('image');
  const { width, height } = await page.evaluate(() => (window as unknown as { __labelbench: { imageSize(): { width: number; height: number } } }).__labelbench.imageSize());
  const expected: Bitmap = { width, height, data: new Uint8Array(width * height) };
  await page.keyboard.press('1'); // Car

  // 1. Brush (K), 20 px: a horizontal stroke in whole-pixel mouse moves.
  await page.keyboard.press('k');
  await expect(page.getByTestId('tool-brush')).toHaveAttribute('aria-pressed', 'true');
  const radius = 10;
  const a = await pagePoint(app, 60, 80);
  const b = await pagePoint(app, 260, 80);
  const stroke: ImagePoint[] = [];
  await page.mouse.move(a.x, a.y);
  await page.mouse.down();
  stroke.push(await toImage(page, a));
  for (let x = a.x + 8; x <= b.x; x += 8) {
    await page.mouse.move(x, a.y);
    stroke.push(await toImage(page, { x, y: a.y }));
    if (x === a.x + 8 * 12) await page.screenshot({ path: 'test-results/segment-mask-painting.png' });
  }
  await page.mouse.up();
  paintStroke(expected, stroke, radius, 1);
  let doc = await app.exportDocument();
  expect(doc.objects).toHaveLength(1);
  expect(doc.objects[0]).toMatchObject({ classId: 'car', geometry: { kind: 'mask' } });
  await expect(page.getByTestId('object-list')).toContainText('Car #1');

  // 2. Eraser (E): a short stroke across the middle of the painted band takes pixels out of the selected instance.
  await page.keyboard.press('e');
  const e1 = await pagePoint(app, 150, 60);
  const e2 = await pagePoint(app, 150, 100);
  await page.mouse.move(e1.x, e1.y);
  await page.mouse.down();
  const erased: ImagePoint[] = [await toImage(page, e1)];
  for (let y = e1.y + 4; y <= e2.y; y += 4) {
    await page.mouse.move(e1.x, y);
    erased.push(await toImage(page, { x: e1.x, y }));
  }
  await page.mouse.up();
  paintStroke(expected, erased, radius, 0);

  // 3. Magic wand (W): click to preview, Enter to commit. The expected region is computed here from the same
  //    image pixels, seed and tolerance with core's flood fill.
  await page.keyboard.press('w');
  const seedPage = await pagePoint(app, 300, 250);
  await page.mouse.click(seedPage.x, seedPage.y);
  await expect(page.getByRole('status').filter({ hasText: 'Enter or click again to fill' })).toBeVisible();
  await page.keyboard.press('Enter');
  const seed = await toImage(page, seedPage);
  const tolerance = Number(await page.getByTestId('wand-tolerance').inputValue());
  const pixels = await readWandPixels(page);
  const region = floodRegion(pixels, width, height, imagePoint(Math.floor(seed.x), Math.floor(seed.y)), tolerance);
  for (let i = 0; i < region.data.length; i++) if (region.data[i]) expected.data[i] = 1;

  // 4. Polygon fill (G): four clicks and Enter fill the polygon into the mask.
  await page.keyboard.press('g');
  const corners: ImagePoint[] = [];
  for (const [x, y] of [[80, 200], [200, 190], [210, 320], [70, 300]] as const) {
    const p = await pagePoint(app, x, y);
    await page.mouse.click(p.x, p.y);
    corners.push(await toImage(page, p));
  }
  await page.keyboard.press('Enter');
  const filled = polygonToBitmap(roundPolygon(clampPolygon(corners, { width, height })), width, height);
  for (let i = 0; i < filled.data.length; i++) if (filled.data[i]) expected.data[i] = 1;

  // 5. Another fill, then undo: it is gone and the mask is as before it.
  const beforeUndo = (await app.exportDocument()).objects[0]!.geometry;
  for (const [x, y] of [[400, 40], [460, 40], [460, 100]] as const) {
    const p = await pagePoint(app, x, y);
    await page.mouse.click(p.x, p.y);
  }
  await page.keyboard.press('Enter');
  expect((await app.exportDocument()).objects[0]!.geometry).not.toEqual(beforeUndo);
  await page.keyboard.press('Control+z');
  doc = await app.exportDocument();
  expect(doc.objects).toHaveLength(1);
  expect(doc.objects[0]!.geometry).toEqual(beforeUndo);
  expectSame(doc.objects[0]!.geometry, expected);
  await page.screenshot({ path: 'test-results/segment-mask-filled.png' });

  // 6. Reload: the draft (server and device) brings the mask back exactly.
  await expect(page.getByTestId('save-state')).toHaveText('Draft saved');
  await page.reload();
  await page.waitForFunction(() => (window as unknown as { __labelbench?: { ready(): boolean } }).__labelbench?.ready() === true);
  doc = await app.exportDocument();
  expect(doc.objects).toHaveLength(1);
  expectSame(doc.objects[0]!.geometry, expected);

  // 7. Submit, then the owner's COCO export holds exactly these pixels as RLE.
  const task = await app.taskId();
  await page.getByTestId('submit').click();
  await expect(page.getByTestId('task-id')).not.toHaveText(task);
  const owner = new AppPage(await (await browser.newContext()).newPage());
  await owner.signIn('owner@demo.test');
  await owner.page.getByTestId('project-image').filter({ hasText: 'Street scenes' }).getByTestId('manage-project').click();
  await owner.page.getByTestId('tab-export').click();
  const download = owner.page.waitForEvent('download');
  await owner.page.getByTestId('export-coco').click();
  const coco = JSON.parse(await readFile((await (await download).path())!, 'utf8')) as {
    annotations: { iscrowd: number; area: number; segmentation: unknown }[];
  };
  const masks = coco.annotations.filter((x) => x.iscrowd === 1);
  const area = expected.data.reduce((s, v) => s + v, 0);
  const mine = masks.filter((x) => x.area === area).map((x) => decodeRle(decompressRle(x.segmentation as { size: [number, number]; counts: string })));
  expect(mine.some((m) => m.width === width && m.height === height && Buffer.from(m.data).equals(Buffer.from(expected.data)))).toBe(true);
});

/** Asserts a mask geometry decodes to exactly `expected`, reporting how many pixels differ. */
function expectSame(g: { kind: string }, expected: Bitmap) {
  if (g.kind !== 'mask') throw new Error(`expected a mask, got ${g.kind}`);
  const got = decodeRle(decompressRle((g as unknown as { rle: { size: [number, number]; counts: string } }).rle));
  expect([got.width, got.height]).toEqual([expected.width, expected.height]);
  let diff = 0;
  for (let i = 0; i < got.data.length; i++) if (got.data[i] !== expected.data[i]) diff++;
  expect(diff, 'pixels that differ from the painted mask').toBe(0);
}

/** The task image's RGBA as the wand reads it: drawn at the task's size on a 2D canvas in this browser. */
async function readWandPixels(page: Page): Promise<Uint8ClampedArray> {
  const b64 = await page.evaluate(async () => {
    const hook = (window as unknown as { __labelbench: { imageSize(): { width: number; height: number }; imageUrl?(): string } }).__labelbench;
    const { width, height } = hook.imageSize();
    const img = new Image();
    img.src = hook.imageUrl!();
    await img.decode();
    const c = document.createElement('canvas');
    c.width = width;
    c.height = height;
    const ctx = c.getContext('2d', { willReadFrequently: true })!;
    ctx.drawImage(img, 0, 0, width, height);
    const data = ctx.getImageData(0, 0, width, height).data;
    let s = '';
    for (let i = 0; i < data.length; i += 8192) s += String.fromCharCode(...data.subarray(i, i + 8192));
    return btoa(s);
  });
  return new Uint8ClampedArray(Buffer.from(b64, 'base64'));
}
