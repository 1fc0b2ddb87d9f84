import { expect, test } from '@playwright/test';
import { AppPage } from './fixtures/app';
import { goldProject, referenceObject, type GoldProjectSpec } from './fixtures/gold';
import { compressRle, encodeBitmap } from '../src/core/masks/rle';

/** The gold answer: the car as a mask, the rectangle [200, 400) × [200, 320) of street-05.jpg (751×563). */
const W = 751;
const H = 563;
const CAR = { x0: 200, y0: 200, x1: 400, y1: 320 };

function carMask() {
  const data = new Uint8Array(W * H);
  for (let y = CAR.y0; y < CAR.y1; y++) for (let x = CAR.x0; x < CAR.x1; x++) data[y * W + x] = 1;
  return { kind: 'mask', rle: compressRle(encodeBitmap({ width: W, height: H, data })) };
}

/** A segmentation project of the spec's own: one gold task served at 100% and one ordinary task. */
const GOLD_PROJECT: GoldProjectSpec = {
  name: 'Mask gold', kind: 'image', instructions: 'Paint every car.',
  classes: [{ id: 'car', name: 'Car', color: '#e6194b', hotkey: '1' }],
  settings: { goldRateStart: 1, goldRateFloor: 1, maskMode: 'semantic' },
  learner: { prefix: 'masker', name: 'Mask learner' },
  taskData: { kind: 'image', imageUrl: '/demo/images/street-05.jpg', width: W, height: H },
  goldTasks: 1,
  ordinaryTasks: 1,
  goldObject: () => referenceObject('gold-car', 'car', carMask()),
};

test('a labeler paints a car mask that spills over its right side on a gold task and sees the spill tinted and pinned on the canvas', async ({ page, playwright, baseURL }) => {
  test.setTimeout(120_000);
  const { projectId, email } = await goldProject(playwright, baseURL, GOLD_PROJECT);

  const app = new AppPage(page);
  await app.signIn(email);
  await page.goto(`/projects/${projectId}/label`);
  await expect(page.getByTestId('task-id')).toBeVisible();
  await app.waitUntilReady();
  await page.keyboard.press('1'); // Car

  // The car itself, traced with the polygon fill (G) on its four corners: right within the tolerance.
  await page.keyboard.press('g');
  for (const [x, y] of [[CAR.x0, CAR.y0], [CAR.x1, CAR.y0], [CAR.x1, CAR.y1], [CAR.x0, CAR.y1]] as const) {
    const p = await app.toPage({ x, y });
    await page.mouse.click(Math.round(p.x), Math.round(p.y));
  }
  await page.keyboard.press('Enter');
  // Then a careless brush stroke (K) from the middle of its right side 70 px out over the street.
  await page.keyboard.press('k');
  const from = await app.toPage({ x: CAR.x1 - 10, y: 260 });
  const to = await app.toPage({ x: CAR.x1 + 70, y: 260 });
  await page.mouse.move(Math.round(from.x), Math.round(from.y));
  await page.mouse.down();
  await page.mouse.move(Math.round(to.x), Math.round(to.y), { steps: 12 });
  await page.mouse.up();
  const doc = await app.exportDocument();
  expect(doc.objects).toHaveLength(1);
  expect(doc.objects[0]).toMatchObject({ classId: 'car', geometry: { kind: 'mask' } });

  await page.getByTestId('submit').click();
  const overlay = page.getByTestId('feedback-overlay');
  await expect(overlay).toBeVisible();
  const pin = overlay.getByTestId('finding-pin');
  await expect(pin).toHaveCount(1);
  await expect(pin).toHaveAttribute('data-finding-type', 'spill');
  await expect(pin).toContainText(/car spills [\d,]+ px onto the background/);
  await expect(overlay.getByTestId('finding-item')).toContainText('Spill');
  await expect(overlay.getByTestId('reference-ghost-mask')).toHaveCount(1);
  await expect(page.getByRole('dialog', { name: 'Gold check' })).toContainText('0 of 1 objects right');

  // The tint covers the spill: right of the car's edge (plus the 2.6 px tolerance), around the stroke's row.
  const region = overlay.getByTestId('finding-region');
  await expect(region).toHaveAttribute('data-finding-type', 'spill');
  const box = (await region.boundingBox())!;
  const edge = await app.toPage({ x: CAR.x1 + 2, y: 260 });
  const end = await app.toPage({ x: CAR.x1 + 70, y: 260 });
  expect(box.x).toBeGreaterThanOrEqual(edge.x - 1);
  expect(box.x).toBeLessThan(edge.x + 6);
  expect(box.x + box.width).toBeGreaterThan(end.x);
  expect(box.y).toBeLessThan(edge.y);
  expect(box.y + box.height).toBeGreaterThan(edge.y);
  // …and the pin sits on it, just above the point inside the region.
  const pinBox = (await pin.boundingBox())!;
  expect(pinBox.x).toBeGreaterThanOrEqual(box.x - 1);
  expect(pinBox.x).toBeLessThanOrEqual(box.x + box.width);
  await page.screenshot({ path: 'test-results/quality-mask-spill.png' });

  await page.keyboard.press('Enter');
  await expect(overlay).toBeHidden();
  // The next task is the ordinary one.
  await expect(page.getByTestId('task-id')).toBeVisible();
});
