/**
 * Mask benchmark: painting and flood fill on the labeling page in headless Chromium, and COCO RLE in Node.
 *
 *   npm run bench:mask
 *
 * Node (no browser): two 4096×3072 masks of 300 seeded 40 px brush strokes each;
 *  - rle_encode_ms, rle_decode_ms: median of 9 encodes (bitmap → RLE) and decodes (RLE → bitmap) of one;
 *  - iou_ms: median of 9 IoUs of the two, on their runs.
 * Browser: a 4096×3072 image (seeded noise with a flat 1000×1000 square, exactly 1 megapixel) as a task of its
 * own project; the demo labeler opens the labeling page at the fitted zoom;
 *  - paint_move_median_ms, paint_move_p95_ms: cost of one pointer move while painting with a 40 px brush,
 *    over 300 moves across the image. A move's cost is its synchronous handling (pointer event → tool → the
 *    mask layer's pixels, plus React's microtask render) plus that frame's drawing (from the first animation
 *    frame callback of the frame, registered before the move, to one registered after the move, with Konva's
 *    batched draw between them);
 *  - flood_fill_ms: the wand's commit (Enter) of its preview of the square, measured the same way: the region,
 *    its RLE, the document change and the mask layer's redraw, to the end of that frame's drawing.
 * Diagnostics go to stderr; the last stdout line is one JSON object with those six numbers.
 *
 * It builds the e2e bundle if needed, starts its own server on a free port with a fresh data folder and an
 * image server on loopback, and removes them on exit. Everything it talks to is on 127.0.0.1.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { chromium, type Browser, type Page } from '@playwright/test';
import { seededRandom } from '../../src/core/random';
import { paintSegment } from '../../src/core/masks/raster';
import { decodeRle, emptyBitmap, encodeBitmap } from '../../src/core/masks/rle';
import { rleIoU } from '../../src/core/masks/rle-ops';
import { cleanups, isStopping, runCleanups, stopOnce } from './cleanup';
import { call, ensureE2eBuild, serveImage, startBenchServer } from './server';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const VIEWPORT = { width: 1280, height: 800 };
const IMAGE = { width: 4096, height: 3072 } as const;
const SQUARE = { x: 1500, y: 1000, size: 1000 } as const;
const BRUSH_PX = 40;
const MOVES = 300;
const NODE_RUNS = 9;
const TOTAL_TIMEOUT_MS = 10 * 60_000;
/** tsx names functions with a `__name` helper that functions sent to the page would miss. */
const NAME_SHIM = 'globalThis.__name = (fn, name) => Object.defineProperty(fn, "name", { value: name, configurable: true });';

const log = (msg: string) => process.stderr.write(`[mask.bench] ${msg}\n`);
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;
const median = (xs: number[]) => percentile(xs, 0.5);
function percentile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => stopOnce(log, `${signal}: stopping`, 130));
setTimeout(() => stopOnce(log, `gave up after ${TOTAL_TIMEOUT_MS / 60_000} minutes`, 1), TOTAL_TIMEOUT_MS).unref();

// ---------------------------------------------------------------------------------------------
// Node: RLE encode, decode, IoU.
// ---------------------------------------------------------------------------------------------

function strokeMask(seed: number) {
  const rand = seededRandom(seed);
  const m = emptyBitmap(IMAGE.width, IMAGE.height);
  for (let i = 0; i < 300; i++) {
    const a = { x: rand() * IMAGE.width, y: rand() * IMAGE.height };
    paintSegment(m, a, { x: a.x + (rand() - 0.5) * 800, y: a.y + (rand() - 0.5) * 800 }, BRUSH_PX / 2, 1);
  }
  return m;
}

function timeRuns(fn: () => void): number {
  fn(); // warm up the JIT
  const times: number[] = [];
  for (let i = 0; i < NODE_RUNS; i++) {
    const t = performance.now();
    fn();
    times.push(performance.now() - t);
  }
  return round(median(times));
}

function nodeFigures() {
  const a = strokeMask(1);
  const b = strokeMask(2);
  const ra = encodeBitmap(a);
  const rb = encodeBitmap(b);
  log(`node: masks of ${ra.counts.length} and ${rb.counts.length} runs`);
  const figures = {
    rle_encode_ms: timeRuns(() => encodeBitmap(a)),
    rle_decode_ms: timeRuns(() => decodeRle(ra)),
    iou_ms: timeRuns(() => rleIoU(ra, rb)),
  };
  log(`node: ${JSON.stringify(figures)} (IoU ${round(rleIoU(ra, rb), 4)})`);
  return figures;
}

// ---------------------------------------------------------------------------------------------
// The image, its server and the project (the app server itself: ./server).
// ---------------------------------------------------------------------------------------------

/** A 4096×3072 JPEG: strong grey noise (so the wand never leaks into it) around a flat red 1000×1000 square. */
async function makeJpeg(browser: Browser): Promise<Buffer> {
  const page = await browser.newPage();
  try {
    await page.evaluate(NAME_SHIM);
    const dataUrl = await page.evaluate(async ({ width, height, sq }) => {
      let s = 7;
      const rand = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296);
      const canvas = document.createElement('canvas');
      canvas.width = width;
      canvas.height = height;
      const g = canvas.getContext('2d')!;
      const img = g.createImageData(width, height);
      for (let i = 0; i < img.data.length; i += 4) {
        const v = 60 + Math.floor(rand() * 140);
        img.data[i] = img.data[i + 1] = img.data[i + 2] = v;
        img.data[i + 3] = 255;
      }
      g.putImageData(img, 0, 0);
      g.fillStyle = 'rgb(220, 30, 30)';
      g.fillRect(sq.x, sq.y, sq.size, sq.size);
      const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.95));
      return new Promise<string>((resolve, reject) => {
        const reader = new FileReader();
        reader.onload = () => resolve(reader.result as string);
        reader.onerror = () => reject(reader.error);
        reader.readAsDataURL(blob!);
      });
    }, { ...IMAGE, sq: SQUARE });
    return Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64');
  } finally {
    await page.close();
  }
}

type Demo = { password: string; accounts: { key: string; email: string }[] };
const account = (demo: Demo, key: string) => demo.accounts.find((x) => x.key === key)!.email;

/** A project of its own with one task on the bench image (through the customer API, which fetches it from loopback). */
async function createProject(baseUrl: string, demo: Demo, attachment: string): Promise<string> {
  const { setCookie } = await call(baseUrl, 'POST', '/api/auth/login', null, { email: account(demo, 'owner'), password: demo.password });
  const owner = { cookie: setCookie.map((c) => c.split(';')[0]!).find((c) => c.startsWith('lb_session='))! };
  const { body } = await call<{ project: { id: string } }>(baseUrl, 'POST', '/api/projects', owner, {
    name: 'Mask bench',
    kind: 'image',
    ontology: { classes: [{ id: 'road', name: 'Road', color: '#22c55e', hotkey: '1' }] },
    settings: { allowPrivateUrls: true },
  });
  await call(baseUrl, 'POST', `/api/projects/${body.project.id}/members`, owner, { email: account(demo, 'labeler1'), role: 'labeler' });
  const { body: key } = await call<{ key: { key: string } }>(baseUrl, 'POST', '/api/api-keys', owner, { name: 'Mask bench', defaultProjectId: body.project.id });
  const { body: task } = await call<{ status: string; error?: string }>(baseUrl, 'POST', '/v1/task/imageannotation', { apiKey: key.key.key }, {
    project: body.project.id,
    attachment,
    instruction: 'Paint the road',
    geometries: { box: { objects_to_annotate: ['Road'] } },
  });
  if (task.status !== 'pending') throw new Error(`the task is ${task.status}: ${task.error ?? ''}`);
  return body.project.id;
}

// ---------------------------------------------------------------------------------------------
// The browser: paint moves and a flood fill.
// ---------------------------------------------------------------------------------------------

type Hooks = { exportDocument(): { objects: { geometry: { kind: string; rle?: { counts: string } } }[] }; imageToPage(x: number, y: number): { x: number; y: number }; ready(): boolean };
type W = { __labelbench: Hooks };

async function browserFigures(browser: Browser, baseUrl: string, demo: Demo, projectId: string) {
  const context = await browser.newContext({ baseURL: baseUrl, viewport: VIEWPORT });
  cleanups.push(() => context.close());
  await context.addInitScript({ content: NAME_SHIM });
  await context.request.post('/api/auth/login', { data: { email: account(demo, 'labeler1'), password: demo.password } });
  const page = await context.newPage();
  await page.goto(`/projects/${projectId}/label`);
  await page.waitForFunction(() => (window as unknown as W).__labelbench?.ready() === true, null, { timeout: 180_000 });
  await page.keyboard.press('1');
  await page.keyboard.press('k');
  await page.getByTestId('brush-size').fill(String(BRUSH_PX));
  const paint = await measurePaint(page);
  log(`paint: ${MOVES} moves, median ${round(median(paint.moves))} ms, p95 ${round(percentile(paint.moves, 0.95))} ms, max ${round(Math.max(...paint.moves))} ms; stroke commit ${round(paint.commit)} ms`);

  await page.getByTestId('new-instance').click(); // the fill becomes an instance of its own
  await page.getByTestId('tool-wand').click(); // not the W key: the brush-size slider still has the focus
  const centre = await page.evaluate(([x, y]) => (window as unknown as W).__labelbench.imageToPage(x, y), [SQUARE.x + SQUARE.size / 2 + 0.5, SQUARE.y + SQUARE.size / 2 + 0.5] as const);
  // The wand reads the image's pixels when it is picked; until then a click only says the image is loading.
  const preview = page.getByRole('status').filter({ hasText: 'Enter or click again to fill' });
  for (let tries = 0; ; tries++) {
    await page.mouse.click(centre.x, centre.y);
    if (await preview.isVisible()) break;
    if (tries > 60) throw new Error('the wand never showed its preview');
    await sleep(500);
  }
  const fill = await measureStep(page, () => window.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true })));
  const doc = await page.evaluate(() => (window as unknown as W).__labelbench.exportDocument());
  if (doc.objects.length !== 2) throw new Error(`expected the stroke and the fill as two objects, got ${doc.objects.length}`);
  log(`flood fill commit: ${round(fill)} ms (object ${doc.objects.length}: ${doc.objects[1]!.geometry.rle!.counts.length} characters of RLE)`);
  return { paint_move_median_ms: round(median(paint.moves)), paint_move_p95_ms: round(percentile(paint.moves, 0.95)), flood_fill_ms: round(fill) };
}

/**
 * In the page: the cost of one step (see the header). `act` runs synchronously; React's render runs in the
 * microtasks after it; the frame's drawing sits between an animation-frame callback registered before `act`
 * and one registered after it.
 */
function measureStep(page: Page, act: () => void): Promise<number> {
  return page.evaluate(async (src) => {
    const run = new Function(`return (${src})()`) as () => void;
    const before = new Promise<number>((r) => requestAnimationFrame(() => r(performance.now())));
    const t0 = performance.now();
    run();
    await new Promise<void>((r) => queueMicrotask(r));
    const t1 = performance.now();
    const after = new Promise<number>((r) => requestAnimationFrame(() => r(performance.now())));
    const [a, b] = await Promise.all([before, after]);
    return t1 - t0 + (b - a);
  }, act.toString());
}

async function measurePaint(page: Page): Promise<{ moves: number[]; commit: number }> {
  const from = await page.evaluate(([x, y]) => (window as unknown as W).__labelbench.imageToPage(x, y), [200, 300] as const);
  const to = await page.evaluate(([x, y]) => (window as unknown as W).__labelbench.imageToPage(x, y), [3900, 2800] as const);
  return page.evaluate(async ({ from, to, moves }) => {
    const el = document.querySelector('[data-testid="canvas-frame"] .konvajs-content')!;
    const send = (type: string, x: number, y: number) =>
      el.dispatchEvent(new PointerEvent(type, { clientX: x, clientY: y, bubbles: true, cancelable: true, pointerId: 1, pointerType: 'mouse', isPrimary: true, button: type === 'pointermove' ? -1 : 0, buttons: type === 'pointerup' ? 0 : 1 }));
    const step = async (act: () => void) => {
      const before = new Promise<number>((r) => requestAnimationFrame(() => r(performance.now())));
      const t0 = performance.now();
      act();
      await new Promise<void>((r) => queueMicrotask(r));
      const t1 = performance.now();
      const after = new Promise<number>((r) => requestAnimationFrame(() => r(performance.now())));
      const [a, b] = await Promise.all([before, after]);
      return t1 - t0 + (b - a);
    };
    send('pointermove', from.x, from.y);
    send('pointerdown', from.x, from.y);
    const costs: number[] = [];
    for (let i = 1; i <= moves; i++) {
      const x = from.x + ((to.x - from.x) * i) / moves;
      const y = from.y + ((to.y - from.y) * i) / moves + Math.sin(i / 7) * 20;
      costs.push(await step(() => send('pointermove', x, y)));
    }
    const commit = await step(() => send('pointerup', to.x, to.y));
    return { moves: costs, commit };
  }, { from, to, moves: MOVES });
}

async function main(): Promise<void> {
  const node = nodeFigures();
  if (!existsSync(CHROMIUM)) throw new Error(`No Chromium at ${CHROMIUM}; install it (apt-get install chromium) or set CHROMIUM_PATH`);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true, handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false });
  cleanups.push(() => browser.close());
  const jpeg = await makeJpeg(browser);
  log(`image: ${IMAGE.width}×${IMAGE.height} JPEG, ${round(jpeg.length / 2 ** 20, 1)} MiB`);
  const attachment = await serveImage(jpeg);
  ensureE2eBuild(log);
  const { baseUrl, dataDir } = await startBenchServer({ tmpPrefix: 'labelbench-mask-' });
  const demo = JSON.parse(await readFile(path.join(dataDir, 'demo.json'), 'utf8')) as Demo;
  const projectId = await createProject(baseUrl, demo, attachment);
  const web = await browserFigures(browser, baseUrl, demo, projectId);
  process.stdout.write(`${JSON.stringify({ ...web, ...node })}\n`);
}

main()
  .catch((err: unknown) => {
    if (!isStopping()) log(err instanceof Error ? (err.stack ?? err.message) : String(err));
    process.exitCode = 1;
  })
  .finally(() => runCleanups(log));
