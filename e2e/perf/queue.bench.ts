/**
 * Queue benchmark: simulated labelers drive the real HTTP server (claim the next task, then submit
 * it) at 1, 16 and 200 concurrent labelers, on embedded PGlite and, when DATABASE_URL is set, on
 * PostgreSQL, with pg-boss 10 on the same PostgreSQL as a yardstick for the bare database queue, and a
 * bare SKIP LOCKED loop (no HTTP) for what the database alone does on this machine in this run (see benchBare).
 *
 *   npx tsx e2e/perf/queue.bench.ts
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npx tsx e2e/perf/queue.bench.ts
 *
 * Progress goes to stderr; the last stdout line is one JSON object:
 *   {"pglite": {c1, c16, c200, duplicates}, "postgres": … | null, "pgboss": … | null, "bare": … | null}
 * where each level is { cycles_per_s, claim_p50_ms, claim_p99_ms, errors }.
 *
 * On PostgreSQL it creates scratch databases named labelbench_bench_<random>_<use> and drops them
 * at the end. Everything it talks to is on the loopback interface.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import PgBoss from 'pg-boss';
import type { ClaimResponse, SubmitResponse } from '../../src/shared/task.schema';
import { cleanups, runCleanups, stopOnce } from './cleanup';
import { HOST, startBenchServer } from './server';


/** Concurrent labelers (or pg-boss workers) per measured level. */
const ALL_LEVELS = [1, 16, 200] as const;
/**
 * For profiling one level or backend: QUEUE_BENCH_LEVELS=16 and QUEUE_BENCH_BACKENDS=postgres,pgboss
 * (defaults: all). The JSON then holds null for what was skipped; the README's figures come from full runs.
 */
const LEVELS = ALL_LEVELS.filter((n) => listEnv('QUEUE_BENCH_LEVELS')?.includes(String(n)) ?? true);
const BACKENDS = listEnv('QUEUE_BENCH_BACKENDS') ?? ['pglite', 'postgres', 'pgboss', 'bare'];

function listEnv(name: string): string[] | null {
  const v = process.env[name]?.trim();
  return v ? v.split(',').map((x) => x.trim()) : null;
}
/** Cycles in the warm-up are checked for duplicates but not measured (JIT, pools, plan caches). */
const WARMUP_MS = 500;
const WINDOW_MS = 3_000;
/**
 * How long to keep creating tasks before a level (at SETUP_CONCURRENCY in flight). Why by time, not
 * by a count: the rate of both creating and cycling differs by machine and backend, and a count would
 * have to guess both. Why 6 s for a 3.5 s level: since a submit takes the next task along, a cycle costs the
 * server less than creating a task (measured in one run, PostgreSQL c16: 1,120 creations/s against 1,480
 * cycles/s), so 4 s ran that level dry 0.3 s before its end. A level that runs dry anyway says so on stderr
 * and is measured up to that moment.
 */
const TASK_FILL_MS = 6_000;
const MAX_TASKS_PER_LEVEL = 20_000;
/** Hard bounds so a broken server cannot keep a level spinning. */
const MAX_ERRORS_PER_LEVEL = 500;
const SETUP_CONCURRENCY = 16;
/**
 * Why 4 account creations and sign-ins in flight: each costs the server a scrypt hash (32 MiB,
 * 50 to 200 ms of CPU) on libuv's pool of 4 threads; more in flight would only wait there. These
 * hashes (two per labeler, 400 per server) are most of the benchmark's setup time.
 */
const PASSWORD_HASH_CONCURRENCY = 4;
const LABELER_PASSWORD = 'bench-labeler-password';
const TASK_DATA = { kind: 'image', imageUrl: '/demo/images/street-01.jpg', width: 800, height: 600 } as const;
const BOSS_INSERT_CHUNK = 2_000;
/** How often the pg-boss queue is topped up to its starting depth while a level runs. */
const BOSS_TOP_UP_MS = 50;

type LevelStats = {
  cycles_per_s: number; claim_p50_ms: number; claim_p99_ms: number; errors: number;
  /** CPU time per finished cycle over the level (warm-up included), by process; shows where a cycle's cost goes. */
  cpu_ms_per_cycle?: { server: number; postgres?: number; client: number };
};
type BackendResult = { c1: LevelStats; c16: LevelStats; c200: LevelStats; duplicates: number };
type LevelKey = `c${(typeof ALL_LEVELS)[number]}`;

const log = (msg: string) => process.stderr.write(`[queue.bench] ${msg}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------------------------------------
// Cleanup: spawned servers and scratch databases go away on success, on errors and on Ctrl-C.
// ---------------------------------------------------------------------------------------------

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => stopOnce(log, `${signal}: stopping servers and dropping scratch databases`, 130));
}

// ---------------------------------------------------------------------------------------------
// HTTP: one keep-alive agent for every simulated labeler.
// ---------------------------------------------------------------------------------------------

/**
 * Why node:http rather than fetch: the keep-alive pool is explicit (one socket per labeler at most,
 * reused across cycles), and the client's own overhead stays small next to the server's on a
 * machine where both share the same cores.
 */
const agent = new http.Agent({ keepAlive: true, maxSockets: 512, maxFreeSockets: 512 });

type Reply = { status: number; body: unknown; setCookie: string[] };

class Api {
  constructor(readonly port: number) {}

  request(method: 'GET' | 'POST', urlPath: string, opts: { cookie?: string; json?: unknown } = {}): Promise<Reply> {
    const payload = opts.json === undefined ? undefined : Buffer.from(JSON.stringify(opts.json));
    // A POST without a body must not claim to be JSON: Fastify refuses an empty JSON body.
    const headers: http.OutgoingHttpHeaders = { 'content-length': payload?.length ?? 0 };
    if (payload) headers['content-type'] = 'application/json';
    if (opts.cookie) headers.cookie = opts.cookie;
    return new Promise((resolve, reject) => {
      const req = http.request({ host: HOST, port: this.port, method, path: urlPath, headers, agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown = text;
          if (String(res.headers['content-type'] ?? '').includes('application/json')) {
            try {
              body = JSON.parse(text);
            } catch {
              /* keep the raw text for the error message */
            }
          }
          resolve({ status: res.statusCode ?? 0, body, setCookie: res.headers['set-cookie'] ?? [] });
        });
      });
      req.setTimeout(30_000, () => req.destroy(new Error(`${method} ${urlPath}: no answer in 30 s`)));
      req.on('error', reject);
      req.end(payload);
    });
  }

  /** For setup steps: any non-2xx answer stops the benchmark with the server's message. */
  async expect2xx(method: 'GET' | 'POST', urlPath: string, opts: { cookie?: string; json?: unknown } = {}): Promise<Reply> {
    const reply = await this.request(method, urlPath, opts);
    if (reply.status < 200 || reply.status > 299) {
      throw new Error(`${method} ${urlPath} answered ${reply.status}: ${JSON.stringify(reply.body)}`);
    }
    return reply;
  }

  async signIn(email: string, password: string): Promise<string> {
    const reply = await this.expect2xx('POST', '/api/auth/login', { json: { email, password } });
    const cookie = reply.setCookie.map((c) => c.split(';')[0]!).find((c) => c.startsWith('lb_session='));
    if (!cookie) throw new Error(`sign-in of ${email} set no lb_session cookie`);
    return cookie;
  }
}

/** Runs `fn` over `items` with at most `limit` calls in flight; the first failure rejects. */
async function forEachLimited<T>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}

// ---------------------------------------------------------------------------------------------
// The measured loop, shared by the HTTP labelers and the pg-boss workers.
// ---------------------------------------------------------------------------------------------

/** What one claim gave: a unit of work with the call that finishes it, an empty queue, or a failure. */
/** `waitedMs`: the claim's latency when it came along with an earlier request (else the claim() call's time). */
type ClaimOutcome = { kind: 'claimed'; unitId: string; finish: () => Promise<boolean>; waitedMs?: number } | { kind: 'empty' } | { kind: 'error' };

/** A simulated labeler (or queue worker). `finish` resolves false on a refused completion. */
type Worker = { name: string; claim: () => Promise<ClaimOutcome> };

/**
 * Who holds which unit, and which units are done, as the clients saw it. A duplicate is a unit
 * handed to a second worker while another holds it, handed out again after it was finished, or
 * finished successfully twice. Client-side bookkeeping is exact here: JavaScript runs one callback
 * at a time, so each claim and finish is recorded in the order the answers arrived.
 */
class DuplicateLedger {
  private readonly holders = new Map<string, string>();
  private readonly done = new Set<string>();
  duplicates = 0;

  get finishedCount(): number {
    return this.done.size;
  }

  claimed(unitId: string, worker: string): void {
    const holder = this.holders.get(unitId);
    // The same worker getting its own unit back is the lease being returned again, not a duplicate.
    if ((holder !== undefined && holder !== worker) || this.done.has(unitId)) {
      this.duplicates++;
      log(`DUPLICATE: ${unitId} handed to ${worker} (held by ${holder ?? 'nobody'}, done: ${this.done.has(unitId)})`);
    }
    this.holders.set(unitId, worker);
  }

  finished(unitId: string, worker: string): void {
    if (this.done.has(unitId)) {
      this.duplicates++;
      log(`DUPLICATE: ${unitId} finished twice (last by ${worker})`);
    }
    this.done.add(unitId);
    this.holders.delete(unitId);
  }
}

/** Nearest-rank percentile of ascending `sorted`, in the same unit. */
function percentile(sorted: number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

/**
 * Runs every worker in a claim → finish loop: a warm-up, then a fixed window. A cycle counts when
 * its finish succeeds inside the window; a claim's latency counts when the claim started inside it.
 * Workers stop starting cycles when the window ends, and every worker stops at the first empty
 * claim (the window is then cut there, with a warning, since an empty queue measures nothing).
 */
async function runLevel(label: string, workers: Worker[], ledger: DuplicateLedger): Promise<LevelStats> {
  const start = performance.now();
  const windowStart = start + WARMUP_MS;
  const windowEnd = windowStart + WINDOW_MS;
  const claimMs: number[] = [];
  let cycles = 0;
  let errors = 0;
  let dryAt: number | null = null;
  const stopped = () => dryAt !== null || errors > MAX_ERRORS_PER_LEVEL;

  const loop = async (worker: Worker) => {
    while (performance.now() < windowEnd && !stopped()) {
      const t0 = performance.now();
      const outcome = await worker.claim().catch((): ClaimOutcome => ({ kind: 'error' }));
      const t1 = performance.now();
      if (outcome.kind === 'error') {
        errors++;
        continue;
      }
      if (outcome.kind === 'empty') {
        dryAt ??= t1;
        return;
      }
      if (t0 >= windowStart && t0 < windowEnd) claimMs.push(outcome.waitedMs ?? t1 - t0);
      ledger.claimed(outcome.unitId, worker.name);
      const ok = await outcome.finish().catch(() => false);
      if (!ok) {
        errors++;
        continue;
      }
      ledger.finished(outcome.unitId, worker.name);
      const t2 = performance.now();
      if (t2 >= windowStart && t2 < windowEnd) cycles++;
    }
  };
  await Promise.all(workers.map(loop));

  if (errors > MAX_ERRORS_PER_LEVEL) log(`${label}: stopped after ${errors} errors`);
  let measuredEnd = windowEnd;
  if (dryAt !== null && dryAt < windowEnd) {
    if (dryAt <= windowStart) throw new Error(`${label}: the queue ran dry during the warm-up; raise the task count`);
    measuredEnd = dryAt;
    log(`${label}: WARNING the queue ran dry ${Math.round(windowEnd - dryAt)} ms before the window ended; rate measured over ${Math.round(dryAt - windowStart)} ms`);
  }
  claimMs.sort((a, b) => a - b);
  const stats: LevelStats = {
    cycles_per_s: round(cycles / ((measuredEnd - windowStart) / 1000), 1),
    claim_p50_ms: round(percentile(claimMs, 0.5), 2),
    claim_p99_ms: round(percentile(claimMs, 0.99), 2),
    errors,
  };
  log(`${label}: ${JSON.stringify(stats)} (${claimMs.length} claims timed)`);
  return stats;
}

// ---------------------------------------------------------------------------------------------
// CPU accounting: on a 2-core machine shared with other work, rates swing with the load; the CPU a
// cycle costs in each process is the steadier figure to compare changes by.
// ---------------------------------------------------------------------------------------------

/** User + system CPU time of each process that still exists, in ms (Linux /proc; empty elsewhere). */
async function processCpuMs(pids: readonly number[]): Promise<Map<number, number>> {
  const msPerTick = 10; // USER_HZ is 100 on Linux
  const out = new Map<number, number>();
  for (const pid of pids) {
    try {
      const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
      // Fields after the command name (which may hold spaces) start at state; utime and stime are 14 and 15.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(pid, (Number(fields[11]) + Number(fields[12])) * msPerTick);
    } catch {
      /* gone, or not Linux */
    }
  }
  return out;
}

/** Sums how much CPU `pids()` used between two readings (processes born in between count whole). */
async function cpuMeter(pids: () => Promise<number[]>) {
  const before = await processCpuMs(await pids());
  return async () => {
    const after = await processCpuMs(await pids());
    let ms = 0;
    for (const [pid, t] of after) ms += t - (before.get(pid) ?? 0);
    return ms;
  };
}

// ---------------------------------------------------------------------------------------------
// Setup on a Labelbench server (the process itself: ./server).
// ---------------------------------------------------------------------------------------------

/** The owner's sign-in from the `<DATA_DIR>/demo.json` the server writes when it seeds the demo. */
async function demoOwner(dataDir: string): Promise<{ email: string; password: string }> {
  const demo = JSON.parse(await readFile(path.join(dataDir, 'demo.json'), 'utf8')) as {
    password: string;
    accounts: { key: string; email: string }[];
  };
  const owner = demo.accounts.find((a) => a.key === 'owner');
  if (!owner) throw new Error('demo.json has no owner account');
  return { email: owner.email, password: demo.password };
}

/** Creates `count` labeler accounts through the API and signs each in; returns their cookies. */
async function createLabelers(api: Api, ownerCookie: string, count: number): Promise<{ email: string; cookie: string }[]> {
  const emails = Array.from({ length: count }, (_, i) => `bench-labeler-${i + 1}@bench.test`);
  const labelers: { email: string; cookie: string }[] = new Array(count);
  // Both creating an account and signing in hash a password with scrypt on the server.
  await forEachLimited(emails, PASSWORD_HASH_CONCURRENCY, async (email, i) => {
    await api.expect2xx('POST', '/api/accounts', { cookie: ownerCookie, json: { email, name: `Bench labeler ${i + 1}`, password: LABELER_PASSWORD } });
    labelers[i] = { email, cookie: await api.signIn(email, LABELER_PASSWORD) };
  });
  return labelers;
}

/** A fresh image project with `labelers` as members; tasks are added by `fillQueue`. */
async function createBenchProject(api: Api, ownerCookie: string, name: string, labelers: { email: string }[]): Promise<string> {
  const created = await api.expect2xx('POST', '/api/projects', {
    cookie: ownerCookie,
    json: { name, kind: 'image', ontology: { classes: [{ id: 'car', name: 'Car', color: '#ff0000' }] } },
  });
  const projectId = (created.body as { project: { id: string } }).project.id;
  await forEachLimited(labelers, SETUP_CONCURRENCY, async ({ email }) => {
    await api.expect2xx('POST', `/api/projects/${projectId}/members`, { cookie: ownerCookie, json: { email, role: 'labeler' } });
  });
  return projectId;
}

/** Creates tasks for TASK_FILL_MS (at least `minTasks`, at most MAX_TASKS_PER_LEVEL); returns how many. */
async function fillQueue(api: Api, ownerCookie: string, projectId: string, minTasks: number): Promise<number> {
  const until = performance.now() + TASK_FILL_MS;
  let created = 0;
  let started = 0;
  const lane = async () => {
    while (started < MAX_TASKS_PER_LEVEL && (started < minTasks || performance.now() < until)) {
      started++;
      await api.expect2xx('POST', `/api/projects/${projectId}/tasks`, { cookie: ownerCookie, json: { data: TASK_DATA, priority: 0 } });
      created++;
    }
  };
  await Promise.all(Array.from({ length: SETUP_CONCURRENCY }, lane));
  return created;
}

/**
 * A labeler's cycle over HTTP, as the labeling page runs it: submit the task in hand and take the next one
 * in the same request (`next: true`, see the submit route); only a labeler's first task comes from the claim
 * route. The claim latency counted for a task taken along is that whole request's time, submit included:
 * what the labeler waits between pressing submit and having the next task.
 *
 * QUEUE_BENCH_SEPARATE=1 runs the two-request cycle instead (claim route, then a submit without `next`),
 * for comparison with figures from before submits took the next task along.
 */
function httpLabeler(api: Api, projectId: string, labeler: { email: string; cookie: string }): Worker {
  const separate = process.env.QUEUE_BENCH_SEPARATE === '1';
  /** The next claim, as the last submit brought it along, and how long that request took. */
  let along: { claim: ClaimResponse; waitedMs: number } | null = null;
  const outcomeOf = (claim: ClaimResponse, waitedMs?: number): ClaimOutcome => {
    const { task, lease } = claim;
    if (!task || !lease) return { kind: 'empty' };
    return {
      kind: 'claimed',
      unitId: task.id,
      waitedMs,
      async finish() {
        const t0 = performance.now();
        const submitted = await api.request('POST', `/api/tasks/${task.id}/submit`, {
          cookie: labeler.cookie,
          json: { leaseToken: lease.token, submissionId: randomUUID(), document: { objects: [] }, ...(separate ? {} : { next: true }) },
        });
        if (submitted.status !== 200) return false;
        const next = (submitted.body as SubmitResponse).next;
        if (!separate && !next) return false;
        along = next ? { claim: next, waitedMs: performance.now() - t0 } : null;
        return true;
      },
    };
  };
  return {
    name: labeler.email,
    async claim() {
      if (along) {
        const { claim, waitedMs } = along;
        along = null;
        return outcomeOf(claim, waitedMs);
      }
      const reply = await api.request('POST', `/api/projects/${projectId}/queue/next`, { cookie: labeler.cookie });
      if (reply.status !== 200) return { kind: 'error' };
      return outcomeOf(reply.body as ClaimResponse);
    },
  };
}

/**
 * Benchmarks one server process (PGlite when `databaseUrl` is empty, else PostgreSQL). Also returns
 * how many tasks each level started with, so the pg-boss yardstick can hold its queues as deep.
 */
async function benchServer(backend: string, databaseUrl: string): Promise<{ result: BackendResult; depths: Record<LevelKey, number> }> {
  // The API only (no SPA build needed), on PGlite in its data folder or on `databaseUrl`.
  const server = await startBenchServer({ tmpPrefix: 'labelbench-bench-', spa: false, env: { DATABASE_URL: databaseUrl } });
  // The PostgreSQL backends serving this database (the server's pools), for their CPU time.
  const monitor = databaseUrl ? new pg.Client({ connectionString: databaseUrl }) : null;
  await monitor?.connect();
  const pgBackends = monitor
    ? async () => (await monitor.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()')).rows.map((r) => r.pid)
    : null;
  try {
    const api = new Api(server.port);
    const owner = await demoOwner(server.dataDir);
    const ownerCookie = await api.signIn(owner.email, owner.password);
    const maxLevel = Math.max(...LEVELS);
    let t = performance.now();
    const labelers = await createLabelers(api, ownerCookie, maxLevel);
    log(`${backend}: ${maxLevel} labeler accounts created and signed in (${Math.round(performance.now() - t)} ms)`);

    const ledger = new DuplicateLedger();
    const levels: Partial<Record<LevelKey, LevelStats>> = {};
    const depths: Partial<Record<LevelKey, number>> = {};
    for (const n of LEVELS) {
      t = performance.now();
      const members = labelers.slice(0, n);
      const projectId = await createBenchProject(api, ownerCookie, `Queue bench c${n}`, members);
      // Every labeler needs a task in the warm-up already, with some to spare.
      const tasks = await fillQueue(api, ownerCookie, projectId, 2 * n + 50);
      depths[`c${n}`] = tasks;
      log(`${backend} c${n}: project with ${tasks} tasks ready (${Math.round(performance.now() - t)} ms)`);
      const finishedBefore = ledger.finishedCount;
      const serverCpu = await cpuMeter(async () => [server.pid]);
      const pgCpu = pgBackends ? await cpuMeter(pgBackends) : null;
      const clientBefore = process.cpuUsage();
      const stats = await runLevel(`${backend} c${n}`, members.map((l) => httpLabeler(api, projectId, l)), ledger);
      const clientUs = process.cpuUsage(clientBefore);
      const finished = ledger.finishedCount - finishedBefore;
      const perCycle = (ms: number) => round(ms / Math.max(1, finished), 3);
      stats.cpu_ms_per_cycle = {
        server: perCycle(await serverCpu()),
        ...(pgCpu ? { postgres: perCycle(await pgCpu()) } : {}),
        client: perCycle((clientUs.user + clientUs.system) / 1000),
      };
      levels[`c${n}`] = stats;
      log(`${backend} c${n}: ${finished} of ${tasks} tasks used; CPU ms per cycle ${JSON.stringify(stats.cpu_ms_per_cycle)}`);
    }
    const anyErrors = Object.values(levels).some((s) => s.errors > 0);
    if (anyErrors) log(`${backend}: the server's last output:\n${server.output().slice(-4_000)}`);
    return {
      result: { ...(levels as Record<LevelKey, LevelStats>), duplicates: ledger.duplicates },
      depths: depths as Record<LevelKey, number>,
    };
  } finally {
    await monitor?.end();
    await server.stop();
  }
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL scratch databases and the pg-boss yardstick.
// ---------------------------------------------------------------------------------------------

/**
 * Why loopback only: the benchmark creates and drops databases and floods the server with load;
 * pointing it at a shared server by a stray DATABASE_URL should fail, not degrade that server.
 */
function assertLoopback(url: URL): void {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!['127.0.0.1', 'localhost', '::1'].includes(host)) {
    throw new Error(`DATABASE_URL must point at this machine (127.0.0.1), not ${host}`);
  }
}

/** Creates an empty database next to `adminUrl`'s and returns its URL; it is dropped at cleanup. */
async function createScratchDatabase(adminUrl: URL, use: string): Promise<string> {
  const name = `labelbench_bench_${randomBytes(4).toString('hex')}_${use}`;
  const admin = new pg.Client({ connectionString: adminUrl.href });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  cleanups.push(async () => {
    const c = new pg.Client({ connectionString: adminUrl.href });
    await c.connect();
    try {
      // FORCE ends connections a killed server may have left behind (PostgreSQL 13+).
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      log(`dropped database ${name}`);
    } finally {
      await c.end();
    }
  });
  const url = new URL(adminUrl.href);
  url.pathname = `/${name}`;
  log(`created database ${name}`);
  return url.href;
}

async function sendJobs(boss: PgBoss, queue: string, count: number): Promise<void> {
  for (let sent = 0; sent < count; sent += BOSS_INSERT_CHUNK) {
    const size = Math.min(BOSS_INSERT_CHUNK, count - sent);
    await boss.insert(Array.from({ length: size }, () => ({ name: queue, data: {} })));
  }
}

/**
 * The same workload shape through pg-boss 10 in this process: a queue per level filled beforehand,
 * then workers looping fetch (timed as the claim) → complete. No HTTP, sessions or role checks, so it
 * shows what the bare SKIP LOCKED queue costs on this PostgreSQL.
 *
 * Why each queue is held at the depth of the matching Labelbench level (`depths`), topped up while
 * the level runs: pg-boss 10's fetch orders by priority and creation time but its index (job_i5)
 * covers only (name, start_after), so every fetch sorts all waiting jobs of the queue and its cost
 * grows with the depth (on this machine about 150 cycles/s at 1,500 waiting jobs, 30 at 15,000),
 * whereas Labelbench's claim follows an index in claim order. pg-boss also drains a queue several
 * times faster, so a fixed pre-sent batch either runs dry or, sized to last, starts deeper than
 * Labelbench's and measures depth instead of the queue. The top-up is one batched INSERT every
 * BOSS_TOP_UP_MS.
 */
async function benchPgBoss(databaseUrl: string, depths: Record<LevelKey, number>): Promise<BackendResult> {
  // Why max 10: the same pool size as one Labelbench server process (src/server/db/client.ts).
  // Why no supervise/schedule: their background maintenance would run inside the measured windows.
  const boss = new PgBoss({ connectionString: databaseUrl, max: 10, supervise: false, schedule: false });
  // After stop(), backends of the ended pool may still be closing when the scratch database is
  // dropped WITH (FORCE); that termination is expected and not worth a line.
  let stopped = false;
  boss.on('error', (e) => {
    if (!stopped) log(`pg-boss error: ${e.message}`);
  });
  await boss.start();
  try {
    const ledger = new DuplicateLedger();
    const levels: Partial<Record<LevelKey, LevelStats>> = {};
    for (const n of LEVELS) {
      const queue = `bench-c${n}`;
      const depth = depths[`c${n}`];
      await boss.createQueue(queue);
      await sendJobs(boss, queue, depth);
      log(`pgboss c${n}: queue with ${depth} jobs ready`);

      let sent = depth;
      let fetched = 0;
      let running = true;
      let topUpError: unknown = null;
      const topUp = (async () => {
        while (running) {
          await sleep(BOSS_TOP_UP_MS);
          const missing = depth - (sent - fetched);
          if (missing > 0) {
            await sendJobs(boss, queue, missing);
            sent += missing;
          }
        }
      })().catch((e: unknown) => {
        topUpError = e;
      });

      const workers = Array.from({ length: n }, (_, i): Worker => ({
        name: `worker-${i + 1}`,
        async claim() {
          // pg-boss's fetch swallows query errors and answers [], so a failure would show as an empty queue.
          const [job] = await boss.fetch(queue);
          if (!job) return { kind: 'empty' };
          fetched++;
          return {
            kind: 'claimed',
            unitId: job.id,
            async finish() {
              // The v10 types declare void, but complete() answers { jobs, requested, affected }:
              // affected 0 means the job was no longer active (finished twice, or expired).
              const result = (await boss.complete(queue, job.id)) as unknown as { affected?: number } | undefined;
              return result?.affected === 1;
            },
          };
        },
      }));
      const finishedBefore = ledger.finishedCount;
      try {
        levels[`c${n}`] = await runLevel(`pgboss c${n}`, workers, ledger);
      } finally {
        running = false;
        await topUp;
      }
      if (topUpError) throw topUpError;
      log(`pgboss c${n}: ${ledger.finishedCount - finishedBefore} jobs done, ${sent} sent`);
    }
    return { ...(levels as Record<LevelKey, LevelStats>), duplicates: ledger.duplicates };
  } finally {
    await boss.stop({ graceful: false, wait: true });
    stopped = true;
  }
}

/**
 * The bare SKIP LOCKED loop, the reference figure for this machine ("about 1,800/s"): a table of
 * work items with the claim's partial index, and workers looping claim (the claim's statement shape: a
 * MATERIALIZED CTE with FOR UPDATE SKIP LOCKED, then the UPDATE that leases with a fresh token) → finish
 * (an UPDATE that checks the token), each a durable commit, over a pool of 10 as one server process has.
 * No HTTP, sessions, history or tasks. Measured in the same run as Labelbench, it shows what the database
 * alone does on this machine right now. It is context, not a divisor: on one slow day here it swung 2× between
 * runs minutes apart while Labelbench's own rate moved less, so a ratio of the two would mostly measure noise.
 */
async function benchBare(databaseUrl: string, depths: Record<LevelKey, number>): Promise<BackendResult> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
  try {
    await pool.query(`
      CREATE TABLE bare_items (
        id bigserial PRIMARY KEY, queue text NOT NULL, status text NOT NULL DEFAULT 'available',
        priority int NOT NULL DEFAULT 0, queued_at timestamptz NOT NULL DEFAULT now(),
        leased_by text, lease_token uuid, leased_at timestamptz
      );
      CREATE INDEX bare_items_claim ON bare_items (queue, priority DESC, queued_at, id) WHERE status = 'available'`);
    const claimSql = {
      name: 'bare_claim',
      text: `WITH candidate AS MATERIALIZED (
               SELECT id FROM bare_items WHERE queue = $1 AND status = 'available'
               ORDER BY priority DESC, queued_at, id LIMIT 1 FOR UPDATE SKIP LOCKED
             )
             UPDATE bare_items b SET status = 'leased', leased_by = $2, lease_token = $3, leased_at = now()
             FROM candidate WHERE b.id = candidate.id RETURNING b.id`,
    };
    const finishSql = { name: 'bare_finish', text: `UPDATE bare_items SET status = 'done', lease_token = NULL WHERE id = $1 AND lease_token = $2 AND status = 'leased'` };
    const ledger = new DuplicateLedger();
    const levels: Partial<Record<LevelKey, LevelStats>> = {};
    for (const n of LEVELS) {
      const queue = `bench-c${n}`;
      const depth = depths[`c${n}`];
      await pool.query(`INSERT INTO bare_items (queue, queued_at) SELECT $1, now() + make_interval(secs => i / 1000.0) FROM generate_series(1, $2) i`, [queue, depth]);
      await pool.query('ANALYZE bare_items');
      const workers = Array.from({ length: n }, (_, i): Worker => ({
        name: `worker-${i + 1}`,
        async claim() {
          const token = randomUUID();
          const { rows } = await pool.query<{ id: string }>({ ...claimSql, values: [queue, `worker-${i + 1}`, token] });
          const id = rows[0]?.id;
          if (!id) return { kind: 'empty' };
          return {
            kind: 'claimed',
            unitId: id,
            async finish() {
              const done = await pool.query({ ...finishSql, values: [id, token] });
              return done.rowCount === 1;
            },
          };
        },
      }));
      levels[`c${n}`] = await runLevel(`bare c${n}`, workers, ledger);
    }
    return { ...(levels as Record<LevelKey, LevelStats>), duplicates: ledger.duplicates };
  } finally {
    await pool.end();
  }
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const started = performance.now();
  const rawUrl = process.env.DATABASE_URL || '';
  const adminUrl = rawUrl ? new URL(rawUrl) : null;
  if (adminUrl) assertLoopback(adminUrl);

  const result: { pglite: BackendResult | null; postgres: BackendResult | null; pgboss: BackendResult | null; bare: BackendResult | null } = {
    pglite: BACKENDS.includes('pglite') ? (await benchServer('pglite', '')).result : null,
    postgres: null,
    pgboss: null,
    bare: null,
  };
  if (adminUrl) {
    const postgres = BACKENDS.includes('postgres') ? await benchServer('postgres', await createScratchDatabase(adminUrl, 'app')) : null;
    result.postgres = postgres?.result ?? null;
    // Without a Labelbench run to copy depths from, pg-boss queues start 5,000 deep.
    const depths = postgres?.depths ?? { c1: 5_000, c16: 5_000, c200: 5_000 };
    if (BACKENDS.includes('pgboss')) result.pgboss = await benchPgBoss(await createScratchDatabase(adminUrl, 'pgboss'), depths);
    if (BACKENDS.includes('bare')) result.bare = await benchBare(await createScratchDatabase(adminUrl, 'bare'), depths);
  } else {
    log('DATABASE_URL is not set: postgres and pgboss skipped');
  }
  log(`done in ${Math.round((performance.now() - started) / 1000)} s`);
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main()
  .catch((err: unknown) => {
    log(err instanceof Error ? (err.stack ?? err.message) : String(err));
    process.exitCode = 1;
  })
  .finally(async () => {
    await runCleanups(log);
    agent.destroy();
  });
