/**
 * Audio benchmark: an hour of audio through ingestion and onto the transcription page in headless Chromium.
 *
 *   npm run bench:audio
 *
 * Generates a one-hour 16 kHz mono 16-bit WAV (115 MB of seeded, speech-like noise bursts), starts its own
 * server (free port, fresh data folder, the e2e bundle with test hooks), and measures:
 *  - ingest_s: the owner's upload of the file (`POST /api/projects/:id/uploads`) until the answer, which
 *    comes after the server has stored it and read it once for its duration and peaks at three resolutions;
 *  - waveform_ms: from navigating to the project's labeling page (which claims the task) to wavesurfer's
 *    `redrawcomplete` from the server's peaks, as the page reports it (`data-ready` on the waveform);
 *  - seek_ms: median of 5 jumps of the <audio> element to far positions (45–58 min), from setting the time
 *    to the element's `seeked` event (the browser fetching that part with a range request);
 *  - heap_mb: the page's V8 heap in use (MiB) with the hour loaded, after a forced GC.
 * A warm-up opens a demo clip first, so the bundle is in the browser's cache as for a working transcriber.
 * Progress goes to stderr; the last stdout line is the JSON object.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { pcm16WavHeader } from '../../src/core/audio/wav';
import { seededRandom } from '../../src/core/random';
import { cleanups, isStopping, runCleanups, stopOnce } from './cleanup';
import { ensureE2eBuild, startBenchServer } from './server';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--autoplay-policy=no-user-gesture-required'];
const VIEWPORT = { width: 1280, height: 800 };
const SAMPLE_RATE = 16_000;
const SECONDS = 3600;
const PASSWORD = 'labelbench';
const TOTAL_TIMEOUT_MS = 10 * 60_000;

const log = (msg: string) => process.stderr.write(`[audio.bench] ${msg}\n`);
const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;

for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => stopOnce(log, `${signal}: stopping`, 130));
setTimeout(() => stopOnce(log, 'gave up after 10 minutes', 1), TOTAL_TIMEOUT_MS).unref();

/**
 * An hour of "speech": bursts of 0.3–3 s of noise under a syllable-rate envelope, with pauses between, from
 * a seeded generator so every run ingests the same bytes. Written straight into the file's buffer.
 */
function makeHour(): Buffer {
  const n = SAMPLE_RATE * SECONDS;
  const buf = Buffer.alloc(44 + n * 2);
  Buffer.from(pcm16WavHeader(SAMPLE_RATE, 1, n * 2)).copy(buf, 0);
  const samples = new Int16Array(buf.buffer, buf.byteOffset + 44, n);
  const rand = seededRandom(6);
  let i = 0;
  while (i < n) {
    const burst = Math.floor((0.3 + rand() * 2.7) * SAMPLE_RATE);
    const gain = 4000 + rand() * 16000;
    for (let k = 0; k < burst && i < n; k++, i++) {
      const env = Math.abs(Math.sin((Math.PI * k * 4) / SAMPLE_RATE)); // ~4 syllables a second
      samples[i] = Math.round((rand() * 2 - 1) * gain * env);
    }
    i += Math.floor((0.1 + rand() * 0.8) * SAMPLE_RATE); // a pause: zeros
  }
  return buf;
}

async function login(baseUrl: string, email: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: PASSWORD }) });
  if (!res.ok) throw new Error(`sign-in as ${email}: HTTP ${res.status}`);
  return res.headers.get('set-cookie')!.split(';')[0]!;
}

async function call<T>(baseUrl: string, cookie: string, method: string, url: string, body?: unknown): Promise<T> {
  const res = await fetch(`${baseUrl}${url}`, { method, headers: { cookie, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
  if (!res.ok) throw new Error(`${method} ${url}: HTTP ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

async function main(): Promise<void> {
  if (!existsSync(CHROMIUM)) throw new Error(`No Chromium at ${CHROMIUM}; install it (apt-get install chromium) or set CHROMIUM_PATH`);
  ensureE2eBuild(log);

  let t = performance.now();
  const wav = makeHour();
  log(`generated ${SECONDS / 60} min at ${SAMPLE_RATE} Hz: ${round(wav.length / 2 ** 20)} MiB in ${Math.round(performance.now() - t)} ms`);

  const { baseUrl, dataDir } = await startBenchServer({ tmpPrefix: 'labelbench-audio-' });
  const demo = JSON.parse(await readFile(path.join(dataDir, 'demo.json'), 'utf8')) as { projects: { audio: string } };
  const owner = await login(baseUrl, 'owner@demo.test');
  const { project } = await call<{ project: { id: string } }>(baseUrl, owner, 'POST', '/api/projects', {
    name: 'One hour', kind: 'audio', ontology: { classes: [{ id: 'speech', name: 'Speech', color: '#911eb4' }] }, settings: { speakers: ['A', 'B'], tags: ['inaudible'] },
  });
  await call(baseUrl, owner, 'POST', `/api/projects/${project.id}/members`, { email: 'labeler1@demo.test', role: 'labeler' });

  t = performance.now();
  const up = await fetch(`${baseUrl}/api/projects/${project.id}/uploads?filename=hour.wav`, { method: 'POST', headers: { cookie: owner, 'content-type': 'audio/wav' }, body: new Blob([new Uint8Array(wav.buffer, wav.byteOffset, wav.length) as Uint8Array<ArrayBuffer>]) });
  const ingestS = (performance.now() - t) / 1000;
  if (up.status !== 201) throw new Error(`upload: HTTP ${up.status} ${await up.text()}`);
  const { task } = (await up.json()) as { task: { data: { durationSec: number; audioUrl: string } } };
  log(`ingest: ${round(ingestS, 2)} s for ${task.data.durationSec} s of audio`);

  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true, handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false });
  cleanups.push(() => browser.close());
  const context = await browser.newContext({ baseURL: baseUrl, viewport: VIEWPORT });
  const page = await context.newPage();
  const signIn = await page.request.post('/api/auth/login', { data: { email: 'labeler1@demo.test', password: PASSWORD } });
  if (!signIn.ok()) throw new Error('labeler sign-in failed');
  const ready = page.locator('[data-testid="waveform"][data-ready="true"]');

  t = performance.now();
  await page.goto(`/projects/${demo.projects.audio}/label`);
  await ready.waitFor({ timeout: 60_000 });
  log(`warm-up (a demo clip): ${Math.round(performance.now() - t)} ms`);

  t = performance.now();
  await page.goto(`/projects/${project.id}/label`);
  await ready.waitFor({ timeout: 60_000 });
  const waveformMs = performance.now() - t;
  log(`waveform of the hour drawn ${Math.round(waveformMs)} ms after navigating`);

  const seeks: number[] = [];
  for (const target of [2700, 3480, 2950, 3300, 3120]) {
    seeks.push(await page.evaluate(async (sec) => {
      const audio = document.querySelector<HTMLAudioElement>('[data-testid="audio-player"]')!;
      const seeked = new Promise<number>((resolve) => audio.addEventListener('seeked', () => resolve(performance.now()), { once: true }));
      const start = performance.now();
      (window as unknown as { __labelbench: { audio: { seek(s: number): void } } }).__labelbench.audio.seek(sec);
      return (await seeked) - start;
    }, target));
  }
  seeks.sort((a, b) => a - b);
  log(`seeks: ${seeks.map((s) => Math.round(s)).join(', ')} ms`);

  const cdp = await context.newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  const heap = await cdp.send('Runtime.getHeapUsage');
  const result = { ingest_s: round(ingestS, 2), waveform_ms: Math.round(waveformMs), seek_ms: round(seeks[2]!, 1), heap_mb: round(heap.usedSize / 2 ** 20) };
  await runCleanups(log);
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main()
  .catch((err: unknown) => {
    if (!isStopping()) log(err instanceof Error ? (err.stack ?? err.message) : String(err));
    process.exitCode = 1;
  })
  .finally(() => runCleanups(log));
