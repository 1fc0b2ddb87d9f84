/**
 * The real Labelbench server for the benchmarks: a free port, the e2e bundle, and `src/server/main.ts`
 * spawned on a fresh data folder, stopped and removed however the benchmark ends (through ./cleanup).
 */
import { spawn, spawnSync } from 'node:child_process';
import http from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { children, cleanups } from './cleanup';

/** The repository's root: the working directory of the spawned server and build. */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** Everything the benchmarks start or talk to listens on loopback only. */
export const HOST = '127.0.0.1';

/** How long the server may take to say it listens, and to stop after SIGTERM before it gets SIGKILL. */
const START_TIMEOUT_MS = 60_000;
const STOP_GRACE_MS = 10_000;
const BUILD_TIMEOUT_MS = 300_000;
/** How much of the server's output is kept, for error messages. */
const OUTPUT_TAIL_CHARS = 20_000;

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * A TCP port free on {@link HOST} right now, found by letting the system pick one for a probe that is
 * closed again at once. Another process could take it before the caller binds it; on a bench machine
 * that is unlikely enough not to retry.
 */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, HOST, () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/**
 * Builds `dist-e2e/` (the SPA with the test hooks the benchmarks read, `window.__labelbench`) when it is
 * missing or older than its sources, via `src/server/cli/ensure-build.ts`. Its output goes to stderr, so
 * stdout keeps only the benchmark's result. Throws when the build fails or takes over 5 minutes.
 */
export function ensureE2eBuild(log: (msg: string) => void): void {
  log('building the e2e bundle if needed (dist-e2e, with the test hooks)');
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/server/cli/ensure-build.ts', 'dist-e2e'], { cwd: ROOT, stdio: ['ignore', 2, 2], timeout: BUILD_TIMEOUT_MS });
  if (r.status !== 0) throw new Error(`building dist-e2e failed (${r.error?.message ?? `exit ${r.status}`})`);
}

/** What {@link startBenchServer} varies between benchmarks. */
export type BenchServerOptions = {
  /** Name prefix of the fresh data folder in the system's temp folder, e.g. `labelbench-canvas-`. */
  tmpPrefix: string;
  /**
   * Whether the server serves the SPA from `dist-e2e/` (default; build it first with {@link ensureE2eBuild}).
   * When false, STATIC_DIR is a folder that does not exist: the API only, no build needed.
   */
  spa?: boolean;
  /**
   * Extra environment for the server, applied last. By default it inherits this process's environment
   * with DATABASE_URL emptied (embedded PGlite in the data folder) and LOG_LEVEL=warn; pass e.g.
   * `{ DATABASE_URL: url }` to run it on PostgreSQL.
   */
  env?: NodeJS.ProcessEnv;
};

/** A running server from {@link startBenchServer}. */
export type BenchServer = {
  /** `http://127.0.0.1:<port>`, without a trailing slash. */
  baseUrl: string;
  port: number;
  /** The server process's id (for reading its CPU time). */
  pid: number;
  /** The server's DATA_DIR; it holds `demo.json` (the seeded demo accounts and projects). */
  dataDir: string;
  /** The tail of the server's stdout and stderr so far. */
  output: () => string;
  /**
   * Stops the server (SIGTERM, then SIGKILL after 10 s) and removes its data folder. Safe to call more
   * than once; it is also registered in ./cleanup, so a benchmark needs to call it only to stop early.
   */
  stop: () => Promise<void>;
};

/**
 * Spawns `node --import tsx src/server/main.ts` on a free port with a fresh data folder (the server seeds
 * the demo there) and waits until it says it is listening. Throws, with the server's output, when it exits
 * or does not listen within 60 s; the server is stopped and its folder removed first.
 */
export async function startBenchServer(opts: BenchServerOptions): Promise<BenchServer> {
  // The port first: if that fails, there is no folder to remove yet.
  const port = await freePort();
  const dataDir = await mkdtemp(path.join(tmpdir(), opts.tmpPrefix));
  // BENCH_SERVER_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof", to profile the server.
  const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const proc = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', 'src/server/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      HOST,
      PORT: String(port),
      DATA_DIR: dataDir,
      STATIC_DIR: opts.spa === false ? path.join(dataDir, 'no-spa') : path.join(ROOT, 'dist-e2e'),
      DATABASE_URL: '',
      LOG_LEVEL: 'warn',
      ...opts.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(proc);
  let output = '';
  const collect = (d: Buffer) => (output = (output + d.toString('utf8')).slice(-OUTPUT_TAIL_CHARS));
  proc.stdout!.on('data', collect);
  proc.stderr!.on('data', collect);
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));

  // Why shared: the benchmark's own stop, main's `finally` and a Ctrl-C may all call it, and none may
  // return before the server is gone and its folder removed.
  let stopping: Promise<void> | null = null;
  const stop = () =>
    (stopping ??= (async () => {
      if (proc.exitCode === null && proc.signalCode === null) {
        proc.kill('SIGTERM');
        if (!(await Promise.race([exited.then(() => true), sleep(STOP_GRACE_MS).then(() => false)]))) {
          proc.kill('SIGKILL');
          await exited;
        }
      }
      children.delete(proc);
      await rm(dataDir, { recursive: true, force: true });
    })());
  cleanups.push(stop);

  const deadline = Date.now() + START_TIMEOUT_MS;
  while (!output.includes('is listening')) {
    if (proc.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`the server did not start:\n${output}`);
    }
    await sleep(50);
  }
  return { baseUrl: `http://${HOST}:${port}`, port, pid: proc.pid!, dataDir, output: () => output, stop };
}

/** Serves the scene's JPEG on loopback for the server to fetch as the tasks' attachment. */
export async function serveImage(jpeg: Buffer): Promise<string> {
  const server = http.createServer((req, res) => {
    if (req.url !== '/scene.jpg') res.writeHead(404).end();
    else res.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': jpeg.length }).end(jpeg);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, HOST, resolve);
  });
  cleanups.push(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return `http://${HOST}:${(server.address() as net.AddressInfo).port}/scene.jpg`;
}

/** How a bench call signs in: a session cookie, or a customer API key. */
export type Auth = { cookie: string } | { apiKey: string };

/** One JSON call to the app's HTTP API; throws with the answer's text on a non-2xx status. */
export async function call<T>(baseUrl: string, method: 'GET' | 'POST', urlPath: string, auth: Auth | null, json?: unknown): Promise<{ body: T; setCookie: string[] }> {
  const headers: Record<string, string> = {};
  if (json !== undefined) headers['content-type'] = 'application/json';
  if (auth && 'cookie' in auth) headers.cookie = auth.cookie;
  if (auth && 'apiKey' in auth) headers.authorization = `Basic ${Buffer.from(`${auth.apiKey}:`).toString('base64')}`;
  const res = await fetch(baseUrl + urlPath, { method, headers, body: json === undefined ? undefined : JSON.stringify(json), signal: AbortSignal.timeout(60_000) });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${urlPath} answered ${res.status}: ${text.slice(0, 1_000)}`);
  return { body: (text ? JSON.parse(text) : null) as T, setCookie: res.headers.getSetCookie() };
}
