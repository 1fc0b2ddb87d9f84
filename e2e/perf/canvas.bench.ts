/**
 * Canvas benchmark: the labeling canvas in headless Chromium, against the real server, with a
 * customer's pre-annotations (`hypothesis`) as the labeler's 3,000 starting objects.
 *
 *   npx tsx e2e/perf/canvas.bench.ts
 *
 * Two scenes on one 4096×3072 JPEG, with objects from a seeded PRNG (so every run sees the same),
 * spread over the image with a log-uniform extent of 20–150 px: 3,000 polygons of 20 vertices, and
 * 3,000 boxes. Each scene is a task created through the customer API (`POST /v1/task/imageannotation`)
 * in a project of its own, the image fetched by the server from a loopback HTTP server in this
 * process; the demo labeler then opens the project's labeling page, which claims the task.
 *
 * Progress and diagnostics go to stderr; the last stdout line is one JSON object
 *   {"polygons": Scene, "boxes": Scene}
 * where Scene is:
 *  - first_render_ms: from the navigation to the labeling page (the page then claims the task) to the
 *    first animation frame after Konva has drawn both the image and all 3,000 objects;
 *  - frame_median_ms, frame_p95_ms: intervals between animation frames over 3 s of scripted input,
 *    1.5 s of wheel zoom (from the fitted view in about 2.7× and out again) then 1.5 s of
 *    space+drag panning;
 *  - drag_median_ms: the same while dragging a vertex of one selected polygon (or the bottom-right
 *    resize handle of one selected box) with the select tool, at 100 % zoom;
 *  - heap_mb: the page's V8 heap in use (MiB) once the scene is loaded, after a forced GC.
 * A frame interval cannot be shorter than the display's frame period (16.7 ms at 60 Hz), so a
 * median near 16.7 means the canvas keeps up; stderr shows an idle baseline to compare with, and
 * how much of each window went to Konva drawing each layer and to script in general.
 *
 * Set CANVAS_BENCH_SHOTS to a folder to get screenshots of each scene (first render, after the drag).
 * Set CANVAS_BENCH_PROFILE to a folder for a CPU profile of each page load, from the navigation to the
 * first render: the functions with the most self time on stderr, and `<scene>.cpuprofile` (for DevTools).
 *
 * It builds the e2e bundle (with the test hooks) if needed, starts its own server on a free port
 * with a fresh data folder, and removes both on exit. Everything it talks to is on 127.0.0.1.
 */
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { chromium, type Browser, type CDPSession, type Page } from '@playwright/test';
import type { AnnotationDocument } from '../../src/shared/annotation.schema';
import { seededRandom } from '../../src/core/random';
import { cleanups, isStopping, runCleanups, stopOnce } from './cleanup';
import { call, ensureE2eBuild, serveImage, startBenchServer } from './server';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** The launch arguments and viewport of playwright.config.ts, so the bench sees what the e2e tests see. */
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const VIEWPORT = { width: 1280, height: 800 };

const IMAGE = { width: 4096, height: 3072 } as const;
const OBJECTS = 3_000;
const VERTICES = 20;
const MIN_EXTENT_PX = 20;
const MAX_EXTENT_PX = 150;
const CLASSES = [
  { id: 'car', name: 'Car', color: '#ef4444', hotkey: '1' },
  { id: 'truck', name: 'Truck', color: '#f59e0b', hotkey: '2' },
  { id: 'pedestrian', name: 'Pedestrian', color: '#22c55e', hotkey: '3' },
  { id: 'cyclist', name: 'Cyclist', color: '#3b82f6', hotkey: '4' },
  { id: 'sign', name: 'Sign', color: '#a855f7', hotkey: '5' },
] as const;
const LABELER = 'labeler1';

/** The scripted input: how long each part runs, and how often an input event is sent. */
const WHEEL_MS = 1_500;
const PAN_MS = 1_500;
const DRAG_MS = 1_500;
const IDLE_MS = 1_000;
/**
 * Why 30 ms between wheel notches: a fast spin of a mouse wheel (about 33 notches a second); a
 * trackpad sends more, but Chromium coalesces wheel events to one per frame anyway.
 */
const WHEEL_INTERVAL_MS = 30;
/**
 * deltaY per notch: e^(0.04·25) ≈ 2.7× over the 25 notches of the zoom-in half, from the fitted view
 * (22 % at this viewport) to about 60 %. Why not larger: Chromium adds up wheel events the page has
 * not taken yet, and the app caps one event's deltaY at 100, so bigger notches would lose zoom.
 */
const WHEEL_DELTA = 40;
/** Why 16 ms between pointer moves: a 60 Hz mouse, at least as fast as the frames it can change. */
const MOVE_INTERVAL_MS = 16;
const PAN_RADIUS_PX = 200;
const DRAG_DISTANCE_PX = 90;

/** Bounds, so a broken build or server cannot keep the bench waiting. */
const SCENE_LOAD_MS = 180_000;
const ACTION_TIMEOUT_MS = 60_000;
const TOTAL_TIMEOUT_MS = 15 * 60_000;

type SceneKind = 'polygons' | 'boxes';
type SceneResult = { first_render_ms: number; frame_median_ms: number; frame_p95_ms: number; drag_median_ms: number; heap_mb: number };

const log = (msg: string) => process.stderr.write(`[canvas.bench] ${msg}\n`);
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;

// ---------------------------------------------------------------------------------------------
// Cleanup: the server, the browser, the image server and temp folders go away on success, on
// errors, on Ctrl-C and on the overall time limit.
// ---------------------------------------------------------------------------------------------

const abort = (reason: string, code: number) => stopOnce(log, reason, code);
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => abort(`${signal}: stopping`, 130));
setTimeout(() => abort(`gave up after ${TOTAL_TIMEOUT_MS / 60_000} minutes`, 1), TOTAL_TIMEOUT_MS).unref();

// ---------------------------------------------------------------------------------------------
// Scenes: seeded objects in the customer API's hypothesis shape.
// ---------------------------------------------------------------------------------------------

const rng = seededRandom;
type Rand = () => number;
const between = (rand: Rand, lo: number, hi: number) => lo + rand() * (hi - lo);
/** Log-uniform: as many objects from 20 to 40 px as from 75 to 150, so small objects dominate as in street scenes. */
const logUniform = (rand: Rand, lo: number, hi: number) => Math.exp(between(rand, Math.log(lo), Math.log(hi)));
const r1 = (v: number) => Math.round(v * 10) / 10;

type HypothesisObject =
  | { type: 'polygon'; label: string; vertices: { x: number; y: number }[] }
  | { type: 'box'; label: string; left: number; top: number; width: number; height: number };

function sceneObjects(kind: SceneKind, seed: number): HypothesisObject[] {
  const rand = rng(seed);
  return Array.from({ length: OBJECTS }, (): HypothesisObject => {
    const label = CLASSES[Math.floor(rand() * CLASSES.length)]!.name;
    const extent = logUniform(rand, MIN_EXTENT_PX, MAX_EXTENT_PX);
    if (kind === 'boxes') {
      const aspect = Math.sqrt(logUniform(rand, 0.5, 2));
      const width = r1(extent * aspect);
      const height = r1(extent / aspect);
      return { type: 'box', label, left: r1(rand() * (IMAGE.width - width)), top: r1(rand() * (IMAGE.height - height)), width, height };
    }
    // Star-shaped around the centre (so the centre is inside), with jittered angles and radii like a traced outline.
    const radius = extent / 2;
    const cx = between(rand, radius, IMAGE.width - radius);
    const cy = between(rand, radius, IMAGE.height - radius);
    const vertices = Array.from({ length: VERTICES }, (_, i) => {
      const angle = (2 * Math.PI * (i + between(rand, -0.3, 0.3))) / VERTICES;
      const r = radius * between(rand, 0.65, 1);
      return { x: r1(cx + r * Math.cos(angle)), y: r1(cy + r * Math.sin(angle)) };
    });
    return { type: 'polygon', label, vertices };
  });
}

// ---------------------------------------------------------------------------------------------
// In-page code. tsx compiles this file with esbuild's keepNames, which wraps named functions in
// calls to a `__name` helper that exists in Node only; pages get a stand-in before any of it runs.
// ---------------------------------------------------------------------------------------------

const NAME_SHIM = 'globalThis.__name = (fn, name) => Object.defineProperty(fn, "name", { value: name, configurable: true });';

/** A 4096×3072 photo-like JPEG drawn in a page canvas: gradients, buildings, blobs and sensor-like noise. */
async function makeJpeg(browser: Browser): Promise<Buffer> {
  const page = await browser.newPage();
  try {
    await page.evaluate(NAME_SHIM);
    const dataUrl = await page.evaluate(async ({ width, height, seed }) => {
      let s = seed >>> 0;
      const rand = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296);
      const canvas = document.createElement('canvas');
      canvas.width = width;
      canvas.height = height;
      const g = canvas.getContext('2d')!;
      const horizon = height * 0.45;
      const sky = g.createLinearGradient(0, 0, 0, horizon);
      sky.addColorStop(0, '#5f84b3');
      sky.addColorStop(1, '#d3dde8');
      g.fillStyle = sky;
      g.fillRect(0, 0, width, horizon);
      const road = g.createLinearGradient(0, horizon, 0, height);
      road.addColorStop(0, '#6b6a66');
      road.addColorStop(1, '#2b2a28');
      g.fillStyle = road;
      g.fillRect(0, horizon, width, height - horizon);
      for (let i = 0; i < 90; i++) {
        const w = 80 + rand() * 320;
        const h = 200 + rand() * 900;
        const x = rand() * width;
        g.fillStyle = `hsl(${Math.floor(rand() * 360)}, 15%, ${30 + Math.floor(rand() * 40)}%)`;
        g.fillRect(x, horizon - h, w, h);
        g.fillStyle = 'rgba(255, 240, 200, 0.35)';
        for (let wy = horizon - h + 20; wy < horizon - 30; wy += 40) for (let wx = x + 10; wx < x + w - 20; wx += 30) if (rand() < 0.6) g.fillRect(wx, wy, 14, 22);
      }
      for (let i = 0; i < 600; i++) {
        const x = rand() * width;
        const y = horizon + rand() * (height - horizon);
        const r = 10 + rand() * 120;
        const blob = g.createRadialGradient(x, y, 0, x, y, r);
        blob.addColorStop(0, `hsla(${Math.floor(rand() * 360)}, 60%, 50%, 0.8)`);
        blob.addColorStop(1, 'hsla(0, 0%, 0%, 0)');
        g.fillStyle = blob;
        g.fillRect(x - r, y - r, 2 * r, 2 * r);
      }
      // Why noise: without it the JPEG compresses to a fraction of a real 12 MP photo's 2–5 MB.
      const tile = document.createElement('canvas');
      tile.width = tile.height = 509; // a prime size, so the repeat does not line up with JPEG's 8×8 blocks
      const tg = tile.getContext('2d')!;
      const noise = tg.createImageData(tile.width, tile.height);
      for (let i = 0; i < noise.data.length; i += 4) {
        const v = Math.floor(rand() * 256);
        noise.data[i] = noise.data[i + 1] = noise.data[i + 2] = v;
        noise.data[i + 3] = 40;
      }
      tg.putImageData(noise, 0, 0);
      g.fillStyle = g.createPattern(tile, 'repeat')!;
      g.fillRect(0, 0, width, height);
      const jpeg = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.9));
      if (!jpeg) throw new Error('the canvas gave no JPEG');
      return new Promise<string>((resolve, reject) => {
        const reader = new FileReader();
        reader.onload = () => resolve(reader.result as string);
        reader.onerror = () => reject(reader.error);
        reader.readAsDataURL(jpeg);
      });
    }, { ...IMAGE, seed: 7 });
    return Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64');
  } finally {
    await page.close();
  }
}

/** What the probe records in the page (window.__bench). Times are performance.now() of the page, from its navigation. */
type Probe = {
  imageDrawnMs: number | null;
  objectsDrawnMs: number | null;
  firstRenderMs: number | null;
  recording: boolean;
  rafId: number;
  /** rAF timestamps while recording, and the largest zoom seen in those frames. */
  frames: number[];
  maxScale: number;
  /** Konva layer draws while recording: which layer, and how long its drawScene took. */
  draws: { layer: 'image' | 'masks' | 'objects' | 'overlay'; ms: number }[];
};
type Hooks = {
  exportDocument(): AnnotationDocument;
  imageToPage(x: number, y: number): { x: number; y: number };
  view(): { scale: number; offsetX: number; offsetY: number };
  ready(): boolean;
};
type BenchWindow = { __bench: Probe; __labelbench: Hooks };

/**
 * Runs in the labeling page before the app's scripts. It wraps Konva's Layer.prototype.drawScene
 * the moment the app's bundle registers Konva as window.Konva, so every layer draw is seen from the
 * first one: each is timed while recording, and the probe notes when the image and all
 * `expectedObjects` shapes have been drawn. The first render is the start of the animation frame
 * after both, i.e. after the frame that put them on screen. Layers are told apart by what they
 * hold (an Image node showing a decoded photo; an Image node over a canvas, the masks; or many
 * shapes), not by their order in ImageCanvas.
 */
function installProbe(expectedObjects: number): void {
  type KNode = { getChildren(): KNode[]; getAttr(name: string): unknown; findOne(selector: string): (KNode & { image(): unknown }) | undefined };
  type KonvaGlobal = { Layer: { prototype: { drawScene(this: KNode, ...args: unknown[]): unknown } } };
  const probe: Probe = { imageDrawnMs: null, objectsDrawnMs: null, firstRenderMs: null, recording: false, rafId: 0, frames: [], maxScale: 0, draws: [] };
  (window as unknown as BenchWindow).__bench = probe;
  // Why 100: more shapes than the preview and selection layers ever hold, far fewer than the scene.
  const MANY_SHAPES = 100;

  const drawn = (layer: KNode, ms: number) => {
    const now = performance.now();
    // The objects layer draws every object with one shape that says how many it holds (objectCount);
    // the other layers hold one view group with their shapes.
    const batched = layer.findOne('.scene-objects')?.getAttr('objectCount');
    const shapes = typeof batched === 'number' ? batched : layer.getChildren().reduce((n, group) => n + group.getChildren().length, 0);
    const image = shapes < MANY_SHAPES ? layer.findOne('Image') : undefined;
    // Why look at what the Image node holds: the task's photo is a decoded bitmap or an <img>; the
    // mask layer's Image node holds a <canvas> (its offscreen mask surface), which is no photo.
    const source = image?.image();
    const photo = typeof ImageBitmap !== 'undefined' && source instanceof ImageBitmap || source instanceof HTMLImageElement;
    const kind = shapes >= MANY_SHAPES ? 'objects' : photo ? 'image' : image ? 'masks' : 'overlay';
    if (probe.recording) probe.draws.push({ layer: kind, ms });
    if (kind === 'objects' && shapes >= expectedObjects) probe.objectsDrawnMs ??= now;
    if (photo) probe.imageDrawnMs ??= now;
    if (probe.firstRenderMs === null && probe.objectsDrawnMs !== null && probe.imageDrawnMs !== null) {
      requestAnimationFrame(() => (probe.firstRenderMs ??= performance.now()));
    }
  };
  const instrument = (konva: KonvaGlobal) => {
    const drawScene = konva.Layer.prototype.drawScene;
    konva.Layer.prototype.drawScene = function (this: KNode, ...args: unknown[]) {
      const began = performance.now();
      const result = drawScene.apply(this, args);
      drawn(this, performance.now() - began);
      return result;
    };
  };
  // Konva assigns window.Konva once, as its first module loads (and warns if one is there already,
  // so the getter answers undefined until then); Layer joins that object as the rest of Konva loads
  // in the same synchronous run of the bundle, so it is wrapped in the microtask after, long before
  // the app fetches its task and mounts the stage.
  let konva: KonvaGlobal | undefined;
  Object.defineProperty(window, 'Konva', {
    configurable: true,
    get: () => konva,
    set: (value: KonvaGlobal) => {
      konva = value;
      queueMicrotask(() => instrument(value));
    },
  });
}

// ---------------------------------------------------------------------------------------------
// Measuring windows of animation frames.
// ---------------------------------------------------------------------------------------------

/** Nearest-rank percentile of ascending `sorted`. */
function percentile(sorted: number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

type FrameWindow = {
  intervals: number[];
  draws: Probe['draws'];
  maxScale: number;
  wallMs: number;
  /** CDP Performance metrics over the window (ms): all main-thread tasks, and script within them. */
  taskMs: number;
  scriptMs: number;
};

async function cdpMetrics(cdp: CDPSession): Promise<{ task: number; script: number }> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  const get = (name: string) => (metrics.find((m) => m.name === name)?.value ?? 0) * 1000;
  return { task: get('TaskDuration'), script: get('ScriptDuration') };
}

/**
 * Records every animation frame while `act` runs. Why rAF timestamps: each is the start of a
 * frame the page produced, so their intervals are the frame times a person sees, including frames
 * delayed by input handling, React, Konva drawing or garbage collection, whatever the cause.
 */
async function recordFrames(page: Page, cdp: CDPSession, act: () => Promise<void>): Promise<FrameWindow> {
  const before = await cdpMetrics(cdp);
  await page.evaluate(() => {
    const probe = (window as unknown as BenchWindow).__bench;
    const labelbench = (window as unknown as BenchWindow).__labelbench;
    probe.frames = [];
    probe.draws = [];
    probe.maxScale = 0;
    probe.recording = true;
    const loop = (t: number) => {
      probe.frames.push(t);
      probe.maxScale = Math.max(probe.maxScale, labelbench.view().scale);
      probe.rafId = requestAnimationFrame(loop);
    };
    probe.rafId = requestAnimationFrame(loop);
  });
  const started = performance.now();
  await act();
  const wallMs = performance.now() - started;
  const { frames, draws, maxScale } = await page.evaluate(() => {
    const probe = (window as unknown as BenchWindow).__bench;
    probe.recording = false;
    cancelAnimationFrame(probe.rafId);
    return { frames: probe.frames, draws: probe.draws, maxScale: probe.maxScale };
  });
  const after = await cdpMetrics(cdp);
  const intervals = frames.slice(1).map((t, i) => t - frames[i]!);
  return { intervals, draws, maxScale, wallMs, taskMs: after.task - before.task, scriptMs: after.script - before.script };
}

function frameStats(w: FrameWindow): { median: number; p95: number; max: number } {
  const sorted = [...w.intervals].sort((a, b) => a - b);
  return { median: percentile(sorted, 0.5), p95: percentile(sorted, 0.95), max: sorted.at(-1) ?? Number.NaN };
}

function describeWindow(name: string, w: FrameWindow): string {
  const f = frameStats(w);
  const parts = [
    `${name}: ${w.intervals.length} frames in ${Math.round(w.wallMs)} ms, median ${round(f.median)} / p95 ${round(f.p95)} / max ${round(f.max)} ms`,
    `main thread busy ${Math.round(w.taskMs)} ms (script ${Math.round(w.scriptMs)} ms)`,
  ];
  for (const layer of ['objects', 'image', 'masks', 'overlay'] as const) {
    const ms = w.draws.filter((d) => d.layer === layer).map((d) => d.ms).sort((a, b) => a - b);
    if (ms.length > 0) parts.push(`${layer} layer ${ms.length} draws, median ${round(percentile(ms, 0.5))} ms, total ${Math.round(ms.reduce((a, b) => a + b, 0))} ms`);
  }
  return parts.join('; ');
}

/**
 * Sends an input event every `intervalMs` for `durationMs`, on a fixed schedule, and waits for them
 * all at the end. Why not wait for each: Playwright's input calls resolve once the page has handled
 * the event, so awaiting each one would leave an idle frame while the next event is on its way,
 * alternating busy and idle frames and flattering the median. A real mouse or wheel does not wait
 * either: Chromium queues what the page has not taken yet and coalesces it, one per frame.
 */
async function steadyInput(durationMs: number, intervalMs: number, send: (elapsedMs: number) => Promise<void>): Promise<number> {
  const start = performance.now();
  const sent: Promise<void>[] = [];
  for (let n = 0; n * intervalMs < durationMs; n++) {
    const wait = start + n * intervalMs - performance.now();
    if (wait > 0) await sleep(wait);
    sent.push(send(performance.now() - start));
  }
  await Promise.all(sent);
  return sent.length;
}

// ---------------------------------------------------------------------------------------------
// The image server and the app API (the server itself: ./server).
// ---------------------------------------------------------------------------------------------

async function signIn(baseUrl: string, email: string, password: string): Promise<{ cookie: string }> {
  const { setCookie } = await call(baseUrl, 'POST', '/api/auth/login', null, { email, password });
  const cookie = setCookie.map((c) => c.split(';')[0]!).find((c) => c.startsWith('lb_session='));
  if (!cookie) throw new Error(`sign-in of ${email} set no lb_session cookie`);
  return { cookie };
}

type Demo = { password: string; accounts: { key: string; email: string }[] };
const account = (demo: Demo, key: string) => {
  const a = demo.accounts.find((x) => x.key === key);
  if (!a) throw new Error(`demo.json has no ${key} account`);
  return a.email;
};

/**
 * One project per scene, so the labeling page claims exactly that scene's task: private URLs
 * allowed (the attachment is on loopback), the labeler a member, and the task created through the
 * customer API with the scene's objects as its hypothesis.
 */
async function createScenes(baseUrl: string, demo: Demo, attachment: string): Promise<Record<SceneKind, string>> {
  const owner = await signIn(baseUrl, account(demo, 'owner'), demo.password);
  const projects = {} as Record<SceneKind, string>;
  for (const kind of ['polygons', 'boxes'] as const) {
    const { body } = await call<{ project: { id: string } }>(baseUrl, 'POST', '/api/projects', owner, {
      name: `Canvas bench: ${kind}`,
      kind: 'image',
      ontology: { classes: CLASSES },
      settings: { allowPrivateUrls: true },
    });
    projects[kind] = body.project.id;
    await call(baseUrl, 'POST', `/api/projects/${body.project.id}/members`, owner, { email: account(demo, LABELER), role: 'labeler' });
  }
  const { body: created } = await call<{ key: { key: string } }>(baseUrl, 'POST', '/api/api-keys', owner, { name: 'Canvas bench', defaultProjectId: projects.polygons });
  const customer = { apiKey: created.key.key };
  for (const kind of ['polygons', 'boxes'] as const) {
    const t = performance.now();
    const geometry = kind === 'polygons' ? 'polygon' : 'box';
    const { body: task } = await call<{ task_id: string; status: string; error?: string }>(baseUrl, 'POST', '/v1/task/imageannotation', customer, {
      project: projects[kind],
      attachment,
      instruction: `Check the pre-annotated ${kind}`,
      geometries: { [geometry]: { objects_to_annotate: CLASSES.map((c) => c.name) } },
      hypothesis: { annotations: sceneObjects(kind, kind === 'polygons' ? 1 : 2) },
      unique_id: `canvas-bench-${kind}`,
      priority: 1000,
    });
    if (task.status !== 'pending') throw new Error(`the ${kind} task is ${task.status}: ${task.error ?? ''}`);
    log(`${kind}: task ${task.task_id} created with ${OBJECTS} pre-annotations (${Math.round(performance.now() - t)} ms)`);
  }
  return projects;
}

// ---------------------------------------------------------------------------------------------
// One scene in the browser.
// ---------------------------------------------------------------------------------------------

const hooks = (page: Page) => ({
  exportDocument: () => page.evaluate(() => (window as unknown as BenchWindow).__labelbench.exportDocument()),
  toPage: (p: { x: number; y: number }) => page.evaluate(([x, y]) => (window as unknown as BenchWindow).__labelbench.imageToPage(x, y), [p.x, p.y] as const),
  view: () => page.evaluate(() => (window as unknown as BenchWindow).__labelbench.view()),
});

/** Waits for `n` animation frames in the page: lets a keypress or click reach the screen. */
const frames = (page: Page, n: number) =>
  page.evaluate((count) => new Promise<void>((resolve) => {
    const tick = (left: number) => (left === 0 ? resolve() : requestAnimationFrame(() => tick(left - 1)));
    tick(count);
  }), n);

/** Signs the labeler in, opens a throwaway page on the demo project: warms the server's routes and Chromium's code caches. */
async function warmUp(browser: Browser, baseUrl: string, demo: Demo, projectId: string): Promise<void> {
  const context = await browser.newContext({ baseURL: baseUrl, viewport: VIEWPORT });
  try {
    await context.addInitScript({ content: NAME_SHIM });
    await context.request.post('/api/auth/login', { data: { email: account(demo, 'labeler2'), password: demo.password } });
    const page = await context.newPage();
    await page.goto(`/projects/${projectId}/label`);
    await page.waitForFunction(() => (window as unknown as Partial<BenchWindow>).__labelbench?.ready() === true, null, { timeout: SCENE_LOAD_MS });
  } finally {
    await context.close();
  }
}

type Point = { x: number; y: number };
type Load = { firstRender: number; objectsDrawn: number; imageDrawn: number; claimRequested: number; claimed: number; imageRequested: number; imageLoaded: number };

/** Opens the labeling page (which claims the scene's task) and waits for the probe's first complete render. */
async function openScene(page: Page, cdp: CDPSession, kind: SceneKind, projectId: string): Promise<{ load: Load; doc: AnnotationDocument }> {
  log(`${kind}: opening the labeling page`);
  // CANVAS_BENCH_PROFILE=<folder>: a CPU profile of the page from the navigation to the first render.
  const profiling = process.env.CANVAS_BENCH_PROFILE;
  if (profiling) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await cdp.send('Profiler.start');
  }
  await page.goto(`/projects/${projectId}/label`);
  await page.waitForFunction(() => (window as unknown as BenchWindow).__bench.firstRenderMs !== null, null, { timeout: SCENE_LOAD_MS, polling: 100 }).catch(async (e: unknown) => {
    const probe = await page.evaluate(() => ({ ...(window as unknown as BenchWindow).__bench, frames: undefined, draws: undefined }));
    throw new Error(`${kind}: no complete render in ${SCENE_LOAD_MS / 1000} s (probe: ${JSON.stringify(probe)}): ${e instanceof Error ? e.message : String(e)}`);
  });
  if (profiling) {
    const { profile } = await cdp.send('Profiler.stop');
    logProfile(kind, profile);
    await writeFile(path.join(profiling, `${kind}.cpuprofile`), JSON.stringify(profile));
  }
  // Every request the page made until then, in order: where the time before the claim went.
  const requests = await page.evaluate(() =>
    (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).map((r) => ({ name: new URL(r.name).pathname, start: r.startTime, end: r.responseEnd, kb: r.encodedBodySize / 1024 })),
  );
  const nav = await page.evaluate(() => {
    const n = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
    return n ? { html: n.responseEnd, dcl: n.domContentLoadedEventEnd } : null;
  });
  const short = (p: string) => p.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, ':id');
  log(`${kind}: page ${nav ? `html ${Math.round(nav.html)}, DOMContentLoaded ${Math.round(nav.dcl)}` : ''}; requests: ${requests.map((r) => `${short(r.name)} ${Math.round(r.start)}→${Math.round(r.end)}${r.kb >= 10 ? ` (${Math.round(r.kb)} KiB)` : ''}`).join(', ')}`);
  const load = await page.evaluate((): Load => {
    const probe = (window as unknown as BenchWindow).__bench;
    const resources = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
    const claim = resources.find((r) => r.name.includes('/queue/next'));
    const image = resources.find((r) => r.name.includes('/api/media/'));
    return {
      firstRender: probe.firstRenderMs!,
      objectsDrawn: probe.objectsDrawnMs!,
      imageDrawn: probe.imageDrawnMs!,
      claimRequested: claim?.startTime ?? Number.NaN,
      claimed: claim?.responseEnd ?? Number.NaN,
      imageRequested: image?.startTime ?? Number.NaN,
      imageLoaded: image?.responseEnd ?? Number.NaN,
    };
  });
  // The test hooks agree that the scene is complete before anything is measured on it.
  const doc = await hooks(page).exportDocument();
  const ready = await page.evaluate(() => (window as unknown as BenchWindow).__labelbench.ready());
  if (!ready || doc.objects.length !== OBJECTS) throw new Error(`${kind}: the canvas shows ${doc.objects.length} objects (ready: ${ready}), expected ${OBJECTS}`);
  const ms = (v: number) => Math.round(v);
  log(`${kind}: first render ${ms(load.firstRender)} ms (claim requested ${ms(load.claimRequested)}, answered ${ms(load.claimed)}, objects drawn ${ms(load.objectsDrawn)}, image requested ${ms(load.imageRequested)}, loaded ${ms(load.imageLoaded)}, drawn ${ms(load.imageDrawn)})`);
  return { load, doc };
}

type CpuProfile = { nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number }; children?: number[] }[]; samples?: number[]; timeDeltas?: number[] };

/** Logs the functions with the most self time in a CPU profile (ms), and the total by script. */
function logProfile(kind: SceneKind, profile: CpuProfile): void {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  const byScript = new Map<string, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i++) {
    const node = byId.get(samples[i]!);
    const ms = (deltas[i + 1] ?? 0) / 1000;
    if (!node) continue;
    const { functionName, url, lineNumber, columnNumber } = node.callFrame;
    const file = url ? url.slice(url.lastIndexOf('/') + 1) : '';
    const key = `${functionName || '(anonymous)'} ${file}:${lineNumber + 1}:${columnNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + ms);
    byScript.set(file || functionName, (byScript.get(file || functionName) ?? 0) + ms);
  }
  const top = (m: Map<string, number>, n: number) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, v]) => `${Math.round(v)} ms ${k}`).join('; ');
  log(`${kind}: profile by script: ${top(byScript, 8)}`);
  log(`${kind}: profile, most self time: ${top(self, 25)}`);
}

/**
 * The page's V8 heap in use, in MiB. Why a forced GC first: otherwise the figure depends on when V8
 * last collected; after it, it is what the loaded scene keeps alive. Why CDP rather than
 * performance.memory: the latter is coarsened for privacy unless Chromium is started with a flag.
 */
async function heapMiB(cdp: CDPSession): Promise<number> {
  await cdp.send('HeapProfiler.collectGarbage');
  const heap = await cdp.send('Runtime.getHeapUsage');
  return heap.usedSize / 2 ** 20;
}

/** 1.5 s of wheel zoom to the cursor (in, then out again), then 1.5 s of panning in a circle with space held. */
async function measureZoomPan(page: Page, cdp: CDPSession, kind: SceneKind, centre: Point): Promise<FrameWindow> {
  const fitted = (await hooks(page).view()).scale;
  let notches = 0;
  let moves = 0;
  const recorded = await recordFrames(page, cdp, async () => {
    notches = await steadyInput(WHEEL_MS, WHEEL_INTERVAL_MS, (t) => page.mouse.wheel(0, t < WHEEL_MS / 2 ? -WHEEL_DELTA : WHEEL_DELTA));
    await page.keyboard.down('Space');
    await page.mouse.down();
    moves = await steadyInput(PAN_MS, MOVE_INTERVAL_MS, (t) => {
      const a = (2 * Math.PI * t) / PAN_MS;
      return page.mouse.move(centre.x + PAN_RADIUS_PX * (Math.cos(a) - 1), centre.y + PAN_RADIUS_PX * Math.sin(a));
    });
    await page.mouse.up();
    await page.keyboard.up('Space');
  });
  const end = (await hooks(page).view()).scale;
  const pct = (scale: number) => `${Math.round(scale * 100)} %`;
  log(`${kind}: ${notches} wheel notches (zoom ${pct(fitted)} → up to ${pct(recorded.maxScale)} → ${pct(end)}), ${moves} pan moves`);
  log(`${kind}: ${describeWindow('zoom + pan', recorded)}`);
  return recorded;
}

/**
 * At 100 % with the select tool, clicks the object nearest the middle of the canvas and drags one
 * of its handles outward for DRAG_MS: the polygon vertex furthest from the centroid (a spike, clear
 * of its neighbours' handles), or the box's bottom-right resize anchor.
 */
async function measureHandleDrag(page: Page, cdp: CDPSession, kind: SceneKind, doc: AnnotationDocument): Promise<FrameWindow> {
  const app = hooks(page);
  await page.keyboard.press('0');
  await page.keyboard.press('v');
  await frames(page, 3);
  const centroid = (o: AnnotationDocument['objects'][number]): Point => {
    const g = o.geometry;
    if (g.kind === 'box') return { x: g.x + g.w / 2, y: g.y + g.h / 2 };
    if (g.kind !== 'polygon') throw new Error('not an image shape');
    return { x: g.points.reduce((s, p) => s + p.x, 0) / g.points.length, y: g.points.reduce((s, p) => s + p.y, 0) / g.points.length };
  };
  const aim = await page.evaluate((centres) => {
    const hook = (window as unknown as BenchWindow).__labelbench;
    const f = document.querySelector('[data-testid="canvas-frame"]')!.getBoundingClientRect();
    const mid = { x: f.left + f.width / 2, y: f.top + f.height / 2 };
    const onPage = centres.map((c) => hook.imageToPage(c.x, c.y));
    return onPage.reduce((best, p) => (Math.hypot(p.x - mid.x, p.y - mid.y) < Math.hypot(best.x - mid.x, best.y - mid.y) ? p : best));
  }, doc.objects.map(centroid));

  const clicked = performance.now();
  await page.mouse.click(aim.x, aim.y);
  // The topmost object under the point is selected, which may be another one overlapping it: read which.
  const row = await page.getByTestId('object-list').locator('li.selected').getAttribute('data-testid');
  await frames(page, 2);
  log(`${kind}: click → selection on screen ${Math.round(performance.now() - clicked)} ms (${row})`);
  const selected = doc.objects[Number(row?.replace('object-row-', '')) - 1];
  if (!selected) throw new Error(`${kind}: nothing was selected (row ${row})`);

  const g = selected.geometry;
  let handle: Point;
  let outward: Point;
  if (g.kind === 'box') {
    handle = { x: g.x + g.w, y: g.y + g.h };
    outward = { x: Math.SQRT1_2, y: Math.SQRT1_2 };
  } else if (g.kind === 'polygon') {
    const c = centroid(selected);
    handle = g.points.reduce((a, p) => (Math.hypot(p.x - c.x, p.y - c.y) > Math.hypot(a.x - c.x, a.y - c.y) ? p : a));
    const len = Math.hypot(handle.x - c.x, handle.y - c.y);
    outward = { x: (handle.x - c.x) / len, y: (handle.y - c.y) / len };
  } else {
    throw new Error(`${kind}: not an image shape`);
  }
  const from = await app.toPage(handle);
  await page.mouse.move(from.x, from.y);
  await frames(page, 2);
  let moves = 0;
  const recorded = await recordFrames(page, cdp, async () => {
    await page.mouse.down();
    // Outward by DRAG_DISTANCE_PX with a sideways wobble, so every move changes the shape.
    moves = await steadyInput(DRAG_MS, MOVE_INTERVAL_MS, (t) => {
      const along = (DRAG_DISTANCE_PX * t) / DRAG_MS;
      const side = 12 * Math.sin((6 * Math.PI * t) / DRAG_MS);
      return page.mouse.move(from.x + outward.x * along - outward.y * side, from.y + outward.y * along + outward.x * side);
    });
  });

  // The release commits the edit to the document; check it did, so the frames above were a real handle drag.
  const released = performance.now();
  await page.mouse.up();
  const changed = await page
    .waitForFunction(
      ([id, before]) => {
        const o = (window as unknown as BenchWindow).__labelbench.exportDocument().objects.find((x) => x.id === id);
        return o !== undefined && JSON.stringify(o.geometry) !== before;
      },
      [selected.id, JSON.stringify(g)] as const,
      { timeout: 10_000, polling: 50 },
    )
    .then(() => true, () => false);
  if (!changed) throw new Error(`${kind}: dragging the handle did not change the object`);
  await frames(page, 1);
  log(`${kind}: ${moves} drag moves; release → edit committed and drawn ${Math.round(performance.now() - released)} ms`);
  log(`${kind}: ${describeWindow('handle drag', recorded)}`);
  return recorded;
}

async function runScene(browser: Browser, baseUrl: string, demo: Demo, kind: SceneKind, projectId: string): Promise<SceneResult> {
  // A fresh context per scene: its own cookies, HTTP cache and local drafts, as on a labeler's first visit.
  const context = await browser.newContext({ baseURL: baseUrl, viewport: VIEWPORT });
  try {
    context.setDefaultTimeout(ACTION_TIMEOUT_MS);
    await context.addInitScript({ content: NAME_SHIM });
    await context.addInitScript(installProbe, OBJECTS);
    const login = await context.request.post('/api/auth/login', { data: { email: account(demo, LABELER), password: demo.password } });
    if (!login.ok()) throw new Error(`sign-in of the labeler answered ${login.status()}`);
    const page = await context.newPage();
    page.on('pageerror', (e) => log(`${kind}: page error: ${e.message}`));
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');

    const { load, doc } = await openScene(page, cdp, kind, projectId);
    // CANVAS_BENCH_SHOTS=<folder>: screenshots of each scene as first rendered and after the handle drag, to look at.
    const shots = process.env.CANVAS_BENCH_SHOTS;
    if (shots) await page.screenshot({ path: path.join(shots, `${kind}-first.png`) });
    // Let the page settle (late effects, the first autosave check) before the heap and the baseline.
    await sleep(500);
    const heap = await heapMiB(cdp);
    log(`${kind}: JS heap ${round(heap)} MiB after GC`);

    const frame = await page.getByTestId('canvas-frame').boundingBox();
    if (!frame) throw new Error('no canvas frame on the page');
    const centre = { x: frame.x + frame.width / 2, y: frame.y + frame.height / 2 };
    await page.mouse.move(centre.x, centre.y);
    log(`${kind}: ${describeWindow('idle baseline', await recordFrames(page, cdp, () => sleep(IDLE_MS)))}`);

    const navigation = frameStats(await measureZoomPan(page, cdp, kind, centre));
    const drag = frameStats(await measureHandleDrag(page, cdp, kind, doc));
    if (shots) {
      await frames(page, 2);
      await page.screenshot({ path: path.join(shots, `${kind}-after-drag.png`) });
    }
    return {
      first_render_ms: round(load.firstRender),
      frame_median_ms: round(navigation.median),
      frame_p95_ms: round(navigation.p95),
      drag_median_ms: round(drag.median),
      heap_mb: round(heap),
    };
  } finally {
    // A failure to close (the browser gone after Ctrl-C) must not hide the error that got here.
    await context.close().catch(() => undefined);
  }
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const started = performance.now();
  if (!existsSync(CHROMIUM)) throw new Error(`No Chromium at ${CHROMIUM}; install it (apt-get install chromium) or set CHROMIUM_PATH`);
  ensureE2eBuild(log);

  // Why not Playwright's signal handlers: on Ctrl-C they close the browser and exit at once, before
  // the server is stopped and its data folder removed; the cleanups above close the browser too.
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true, handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false });
  cleanups.push(() => browser.close());
  let t = performance.now();
  const jpeg = await makeJpeg(browser);
  log(`image: ${IMAGE.width}×${IMAGE.height} JPEG, ${round(jpeg.length / 2 ** 20)} MiB (${Math.round(performance.now() - t)} ms)`);
  const attachment = await serveImage(jpeg);

  t = performance.now();
  const { baseUrl, dataDir } = await startBenchServer({ tmpPrefix: 'labelbench-canvas-' });
  const demo = JSON.parse(await readFile(path.join(dataDir, 'demo.json'), 'utf8')) as Demo & { projects: { image: string } };
  log(`server: ${baseUrl} (${Math.round(performance.now() - t)} ms)`);
  const projects = await createScenes(baseUrl, demo, attachment);
  t = performance.now();
  await warmUp(browser, baseUrl, demo, demo.projects.image);
  log(`warm-up on the demo project: ${Math.round(performance.now() - t)} ms`);

  const result = {} as Record<SceneKind, SceneResult>;
  for (const kind of ['polygons', 'boxes'] as const) result[kind] = await runScene(browser, baseUrl, demo, kind, projects[kind]);
  log(`done in ${Math.round((performance.now() - started) / 1000)} s`);
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main()
  .catch((err: unknown) => {
    // After Ctrl-C or the time limit, the error is only the browser closing under the scene.
    if (!isStopping()) log(err instanceof Error ? (err.stack ?? err.message) : String(err));
    process.exitCode = 1;
  })
  .finally(() => runCleanups(log));
