import { expect, test, type Page } from '@playwright/test';
import { asFreshLabeler, type AppPage } from './fixtures/app';

/** The alpha of the mask layer's own <canvas> (the second Konva layer) at an image point, as drawn on screen. */
async function maskAlphaAt(page: Page, app: AppPage, x: number, y: number): Promise<number> {
  return (await maskPixelAt(page, app, x, y))[3]!;
}

async function maskPixelAt(page: Page, app: AppPage, x: number, y: number): Promise<number[]> {
  const p = await app.toPage({ x, y });
  return page.evaluate(([px, py]) => {
    const canvases = document.querySelectorAll<HTMLCanvasElement>('[data-testid="canvas-frame"] canvas');
    const layer = canvases[1]!;
    const r = layer.getBoundingClientRect();
    const k = layer.width / r.width;
    return [...layer.getContext('2d')!.getImageData(Math.floor((px - r.left) * k), Math.floor((py - r.top) * k), 1, 1).data];
  }, [p.x, p.y] as const);
}

test('masks show in their class colour at the chosen opacity, hide, and draw as outlines only', async ({ page, playwright, baseURL }) => {
  const { app } = await asFreshLabeler(page, playwright, baseURL, 'mask-view');
  await app.startLabeling('image');
  await page.keyboard.press('2'); // Pedestrian
  await page.keyboard.press('k');
  for (let i = 0; i < 3; i++) await page.keyboard.press(']');
  await expect(page.getByTestId('brush-size')).not.toHaveValue('20');
  const a = await app.toPage({ x: 100, y: 150 });
  const b = await app.toPage({ x: 300, y: 150 });
  await page.mouse.move(a.x, a.y);
  await page.mouse.down();
  await page.mouse.move(b.x, b.y, { steps: 10 });
  await page.mouse.up();
  await expect(page.getByTestId('object-list')).toContainText('Pedestrian #1');

  await expect.poll(() => maskAlphaAt(page, app, 200, 150)).toBeGreaterThan(100); // 55 % of 255
  const projects = (await (await page.request.get('/api/projects')).json()).projects as { name: string; ontology: { classes: { id: string; color: string }[] } }[];
  const color = projects.find((x) => x.name === 'Street scenes')!.ontology.classes.find((c) => c.id === 'pedestrian')!.color;
  const [r, g, bl] = await maskPixelAt(page, app, 200, 150);
  const want = [1, 3, 5].map((i) => parseInt(color.slice(i, i + 2), 16));
  [r, g, bl].forEach((v, i) => expect(Math.abs(v! - want[i]!)).toBeLessThanOrEqual(3));
  await page.getByTestId('mask-opacity').fill('20');
  await expect.poll(() => maskAlphaAt(page, app, 200, 150)).toBeLessThan(70);
  await page.getByTestId('mask-outline').check();
  await expect.poll(() => maskAlphaAt(page, app, 200, 150)).toBe(0); // inside: nothing drawn
  await page.getByTestId('mask-outline').uncheck();
  await expect.poll(() => maskAlphaAt(page, app, 200, 150)).toBeGreaterThan(0);
  await page.getByTestId('mask-visible').uncheck();
  await expect.poll(() => maskAlphaAt(page, app, 200, 150)).toBe(0);
  await page.getByTestId('mask-visible').check();
  await expect.poll(() => maskAlphaAt(page, app, 200, 150)).toBeGreaterThan(0);
  // Outside the stroke nothing is painted.
  expect(await maskAlphaAt(page, app, 200, 300)).toBe(0);
});
