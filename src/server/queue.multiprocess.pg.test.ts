import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminUrl } from './test/test-db';

/**
 * The lease queue with two real server processes on one PostgreSQL database, one of them killed
 * with SIGKILL while its labelers hold leases. Proves: no task is leased to two people at once,
 * no task is lost, each task gets exactly one annotation, the dead process's leases expire and are
 * handed out again by the surviving process, and a late submit with an expired token is refused.
 */
const url = process.env.TEST_DATABASE_URL;

const TASKS = 150;
const LABELERS = 12;
const LEASE_TTL_MS = 10_000;
/** Process A is stopped once this many tasks are submitted. */
const KILL_AFTER_SUBMITS = 60;
/** How often a labeler who found the queue empty asks again while leases are still out. */
const POLL_MS = 150;
const REQUEST_TIMEOUT_MS = 15_000;
/** How long after the last abandoned lease expired an empty queue with unsubmitted tasks counts as a loss. */
const GRACE_MS = 5_000;
const LABELER_PASSWORD = 'labeler-password-1';

type Server = {
  name: 'A' | 'B';
  base: string;
  dataDir: string;
  proc: ChildProcess;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  alive: () => boolean;
};

/** `along`: submits with `next: true` and takes its next task from the submit's answer (as the labeling page does). */
type Labeler = { email: string; id: string; server: Server; cookie: string; along: boolean };

type Claim = {
  taskId: string;
  labeler: Labeler;
  token: string;
  /** Local clock, ms; the servers run on this machine, so their clocks are this clock. */
  sentAt: number;
  receivedAt: number;
  expiresAt: number;
  submitSentAt?: number;
  submitDoneAt?: number;
  outcome: 'open' | 'submitted' | 'abandoned';
};

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

function withDatabase(serverUrl: string, name: string): string {
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

function tail(s: string, n = 3000): string {
  return s.length > n ? `…${s.slice(-n)}` : s;
}

function startServer(name: 'A' | 'B', port: number, dataDir: string, databaseUrl: string): Server {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      PORT: String(port),
      DATA_DIR: dataDir,
      STATIC_DIR: path.join(dataDir, 'no-spa'),
      DATABASE_URL: databaseUrl,
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let running = true;
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    proc.on('exit', (code, signal) => {
      running = false;
      resolve({ code, signal });
    }),
  );
  return { name, base: `http://127.0.0.1:${port}`, dataDir, proc, output: () => out, exited, alive: () => running };
}

async function waitUntilListening(s: Server, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (s.output().includes('is listening')) return;
    if (!s.alive()) throw new Error(`server ${s.name} exited before listening:\n${tail(s.output())}`);
    await sleep(100);
  }
  throw new Error(`server ${s.name} did not listen within ${timeoutMs} ms:\n${tail(s.output())}`);
}

async function api(
  s: Server,
  method: 'GET' | 'POST',
  urlPath: string,
  opts: { cookie?: string; body?: unknown } = {},
): Promise<{ status: number; body: Json; setCookie: string | null }> {
  const headers: Record<string, string> = {};
  if (opts.cookie) headers.cookie = opts.cookie;
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${s.base}${urlPath}`, {
    method,
    headers,
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  const text = await res.text();
  let body: Json;
  try {
    body = text ? (JSON.parse(text) as Json) : {};
  } catch {
    body = { raw: text };
  }
  return { status: res.status, body, setCookie: res.headers.get('set-cookie') };
}

/** `api` that insists on one status and says which call answered what otherwise. */
async function must(status: number, s: Server, method: 'GET' | 'POST', urlPath: string, opts: { cookie?: string; body?: unknown } = {}) {
  const res = await api(s, method, urlPath, opts);
  if (res.status !== status) {
    throw new Error(`${method} ${urlPath} on ${s.name} answered ${res.status} (expected ${status}): ${JSON.stringify(res.body)}`);
  }
  return res;
}

async function signIn(s: Server, email: string, password: string): Promise<{ cookie: string; id: string }> {
  const res = await must(200, s, 'POST', '/api/auth/login', { body: { email, password } });
  const cookie = res.setCookie?.split(';')[0];
  if (!cookie?.startsWith('lb_session=')) throw new Error(`sign-in of ${email} on ${s.name} set no lb_session cookie`);
  return { cookie, id: res.body.user.id as string };
}

/** Runs `fn` over `items`, at most `limit` at a time. */
async function pool<T, R>(items: T[], limit: number, fn: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await fn(items[i]!, i);
      }
    }),
  );
  return results;
}

function claimsByTask(claims: Claim[]): Map<string, Claim[]> {
  const byTask = new Map<string, Claim[]>();
  for (const c of claims) byTask.set(c.taskId, [...(byTask.get(c.taskId) ?? []), c]);
  for (const list of byTask.values()) list.sort((a, b) => a.receivedAt - b.receivedAt);
  return byTask;
}

/**
 * Claims of one task that overlapped. Only a sure overlap counts: the later claim was answered
 * before the earlier holder sent its successful submit or before the earlier lease expired, so the
 * server handed the task out while the first lease was live.
 */
function findOverlaps(claims: Claim[]): string[] {
  const overlaps: string[] = [];
  for (const [taskId, list] of claimsByTask(claims)) {
    for (let i = 1; i < list.length; i++) {
      const prev = list[i - 1]!;
      const next = list[i]!;
      // A lease ends when its holder's submit succeeds or when it expires, whichever comes first.
      const prevEnd = prev.outcome === 'submitted' ? Math.min(prev.submitSentAt!, prev.expiresAt) : prev.expiresAt;
      if (next.receivedAt < prevEnd) {
        overlaps.push(
          `${taskId}: ${prev.labeler.email} on ${prev.labeler.server.name} (${prev.outcome}, lease until ${new Date(prev.expiresAt).toISOString()}) and ` +
            `${next.labeler.email} on ${next.labeler.server.name}, answered ${prevEnd - next.receivedAt} ms before that lease ended`,
        );
      }
    }
  }
  return overlaps;
}

function withOverlaps(failure: Error, claims: Claim[]): Error {
  const overlaps = findOverlaps(claims);
  if (overlaps.length === 0) return failure;
  return new Error(`${failure.message}\n${overlaps.length} task(s) leased to two labelers at once, e.g.:\n${overlaps.slice(0, 5).join('\n')}`);
}

describe.runIf(url)('the lease queue with two server processes on one PostgreSQL, one killed mid-run', () => {
  const dbName = `labelbench_mp_${randomBytes(6).toString('hex')}`;
  let dbUrl: string;
  let admin: pg.Client | undefined;
  let sql: pg.Client | undefined;
  const servers: Server[] = [];
  const tempDirs: string[] = [];

  beforeAll(async () => {
    admin = new pg.Client({ connectionString: adminUrl(url!) });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${dbName}`);
    dbUrl = withDatabase(url!, dbName);
    // Both processes start together on the empty database: they migrate and seed under advisory locks.
    for (const name of ['A', 'B'] as const) {
      const dataDir = await mkdtemp(path.join(tmpdir(), `labelbench-mp-${name}-`));
      tempDirs.push(dataDir);
      servers.push(startServer(name, await freePort(), dataDir, dbUrl));
    }
    await Promise.all(servers.map((s) => waitUntilListening(s, 40_000)));
    sql = new pg.Client({ connectionString: dbUrl });
    await sql.connect();
  }, 60_000);

  afterAll(async () => {
    for (const s of servers) if (s.alive()) s.proc.kill('SIGTERM');
    await Promise.all(
      servers.map(async (s) => {
        if (!s.alive()) return;
        const done = await Promise.race([s.exited.then(() => true), sleep(5_000).then(() => false)]);
        if (!done && s.alive()) {
          s.proc.kill('SIGKILL');
          await s.exited;
        }
      }),
    );
    await sql?.end().catch(() => {});
    if (admin) {
      await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch(() => {});
      await admin.end().catch(() => {});
    }
    await Promise.all(tempDirs.map((d) => rm(d, { recursive: true, force: true })));
  }, 30_000);

  it('leases each task to one labeler at a time, loses none, and re-leases the dead process\'s tasks after expiry', async () => {
    const startedAt = Date.now();
    const [A, B] = servers as [Server, Server];

    // Start-up under the advisory locks: migrations applied and the demo seeded by exactly one process.
    expect(servers.filter((s) => s.output().includes('Applied migrations')).map((s) => s.name)).toHaveLength(1);
    expect(servers.filter((s) => s.output().includes('Created the demo workspace')).map((s) => s.name)).toHaveLength(1);
    expect(servers.filter((s) => existsSync(path.join(s.dataDir, 'demo.json')))).toHaveLength(1);
    const demoProjects = await sql!.query(`SELECT count(*)::int AS n FROM projects WHERE name = 'Street scenes'`);
    expect(demoProjects.rows[0].n).toBe(1);

    // Set-up through the API: a project with a short lease, labelers, tasks.
    const owner = await signIn(A, 'owner@demo.test', 'labelbench');
    const project = await must(201, A, 'POST', '/api/projects', {
      cookie: owner.cookie,
      body: {
        name: `Multiprocess ${dbName}`,
        kind: 'image',
        ontology: { classes: [{ id: 'car', name: 'Car', color: '#ff0000' }] },
        settings: { leaseTtlMs: LEASE_TTL_MS, maxAttempts: 5 },
      },
    });
    const projectId = project.body.project.id as string;
    expect(project.body.project.settings).toMatchObject({ leaseTtlMs: LEASE_TTL_MS, maxAttempts: 5 });

    const emails = Array.from({ length: LABELERS }, (_, i) => `mp-labeler-${i}@test.example`);
    await pool(emails, 4, async (email, i) => {
      await must(201, A, 'POST', '/api/accounts', { cookie: owner.cookie, body: { email, name: `Labeler ${i}`, password: LABELER_PASSWORD } });
      await must(200, A, 'POST', `/api/projects/${projectId}/members`, { cookie: owner.cookie, body: { email, role: 'labeler' } });
    });
    const taskIds = await pool(Array.from({ length: TASKS }, (_, i) => i), 8, async (i) => {
      // Half the tasks are created through each process.
      const via = i % 2 === 0 ? A : B;
      const res = await must(201, via, 'POST', `/api/projects/${projectId}/tasks`, {
        cookie: owner.cookie,
        body: { data: { kind: 'image', imageUrl: '/x.jpg', width: 100, height: 100 } },
      });
      return res.body.task.id as string;
    });
    expect(new Set(taskIds).size).toBe(TASKS);

    // Each labeler signs in on the process it is bound to: even ones on A, odd ones on B.
    const labelers: Labeler[] = await pool(emails, 4, async (email, i) => {
      const server = i % 2 === 0 ? A : B;
      const { cookie, id } = await signIn(server, email, LABELER_PASSWORD);
      return { email, id, server, cookie, along: i % 4 < 2 };
    });
    const setupMs = Date.now() - startedAt;

    // The run.
    const claims: Claim[] = [];
    const submitted = new Set<string>();
    let stopA = false;
    /** Set at the kill: when the queue may be empty only because all tasks are done (the abandoned leases expired a while ago). */
    let giveUpWaitingAt = Infinity;
    let failure: Error | null = null;
    const runDeadline = Date.now() + 45_000;
    const fail = (e: unknown) => {
      failure ??= e instanceof Error ? e : new Error(String(e));
    };

    /** Claims that came with a submit (`next: true`), counted so the test fails if none ever does. */
    let claimsAlong = 0;
    async function runLabeler(l: Labeler): Promise<void> {
      /** The next claim a submit brought along, timed as that submit (sent, answered). */
      let carried: { body: unknown; sentAt: number; receivedAt: number } | null = null;
      try {
        for (;;) {
          if (failure) return;
          if (Date.now() > runDeadline) {
            throw new Error(`${l.email}: the queue did not drain in time (${submitted.size}/${TASKS} submitted, ${claims.length} claims)`);
          }
          let answer = carried;
          carried = null;
          if (!answer) {
            const sentAt = Date.now();
            const res = await must(200, l.server, 'POST', `/api/projects/${projectId}/queue/next`, { cookie: l.cookie });
            answer = { body: res.body, sentAt, receivedAt: Date.now() };
          }
          const { sentAt, receivedAt } = answer;
          const { task, lease } = answer.body as { task: { id: string } | null; lease: { token: string; expiresAt: string } | null };
          if (!task || !lease) {
            if (l.server === A && stopA) return;
            if (submitted.size >= TASKS) return;
            if (Date.now() > giveUpWaitingAt) {
              const missing = taskIds.filter((id) => !submitted.has(id));
              throw new Error(
                `${l.email}: the queue on ${l.server.name} is empty though the abandoned leases expired ${Date.now() - giveUpWaitingAt + GRACE_MS} ms ago, ` +
                  `and ${missing.length} task(s) were never submitted: ${missing.slice(0, 10).join(', ')}`,
              );
            }
            // Nothing available right now, but leases are still out (possibly the dead process's): ask again soon.
            await sleep(POLL_MS);
            continue;
          }
          const claim: Claim = {
            taskId: task.id,
            labeler: l,
            token: lease.token,
            sentAt,
            receivedAt,
            expiresAt: Date.parse(lease.expiresAt),
            outcome: 'open',
          };
          claims.push(claim);
          if (l.server === A && stopA) {
            // Keep the lease and never submit it: process A is about to die.
            claim.outcome = 'abandoned';
            return;
          }
          claim.submitSentAt = Date.now();
          const sub = await api(l.server, 'POST', `/api/tasks/${task.id}/submit`, {
            cookie: l.cookie,
            body: { leaseToken: lease.token, submissionId: randomUUID(), document: { objects: [] }, ...(l.along ? { next: true } : {}) },
          });
          claim.submitDoneAt = Date.now();
          const next = (sub.body as { next?: { task: unknown } } | undefined)?.next;
          if (sub.status === 200 && next) {
            // A lease that came with the submit: held from when the submit was sent until its answer at the latest.
            carried = { body: next, sentAt: claim.submitSentAt, receivedAt: claim.submitDoneAt };
            if (next.task) claimsAlong++;
          }
          if (sub.status !== 200) {
            // A submit within a 10 s lease must succeed; a 409 means the task went to someone else meanwhile.
            throw new Error(`submit of ${task.id} by ${l.email} on ${l.server.name} ${claim.submitSentAt - receivedAt} ms after claiming answered ${sub.status}: ${JSON.stringify(sub.body)}`);
          }
          claim.outcome = 'submitted';
          submitted.add(task.id);
          if (submitted.size >= KILL_AFTER_SUBMITS) stopA = true;
        }
      } catch (e) {
        fail(e);
      }
    }

    const runStartedAt = Date.now();
    const onA = labelers.filter((l) => l.server === A);
    const onB = labelers.filter((l) => l.server === B);
    const bDone = Promise.all(onB.map(runLabeler));
    await Promise.all(onA.map(runLabeler));
    // Every labeler on A has parked (holding a lease) or stopped; nothing is in flight to A.
    if (failure) {
      await bDone;
      throw withOverlaps(failure, claims);
    }
    const killedAt = Date.now();
    giveUpWaitingAt = Math.max(killedAt, ...claims.filter((c) => c.outcome === 'abandoned').map((c) => c.expiresAt)) + GRACE_MS;
    const submittedAtKill = submitted.size;
    A.proc.kill('SIGKILL');
    try {
      expect(await A.exited).toEqual({ code: null, signal: 'SIGKILL' });
      await expect(fetch(`${A.base}/api/auth/me`, { signal: AbortSignal.timeout(2_000) })).rejects.toThrow();
    } catch (e) {
      fail(e); // stops the labelers on B too
      await bDone;
      throw e;
    }
    await bDone;
    const drainedAt = Date.now();
    if (failure) throw withOverlaps(failure, claims);

    const abandoned = claims.filter((c) => c.outcome === 'abandoned');
    expect(abandoned.length).toBeGreaterThan(0);
    expect(abandoned.every((c) => c.labeler.server === A)).toBe(true);
    // Both processes did real work before the kill.
    expect(claims.some((c) => c.labeler.server === A && c.outcome === 'submitted')).toBe(true);
    // Both ways of getting the next task ran on both processes: the submit bringing it along, and a claim of its own.
    expect(claimsAlong).toBeGreaterThan(0);
    for (const server of [A, B]) {
      for (const along of [true, false]) expect(claims.some((c) => c.labeler.server === server && c.labeler.along === along && c.outcome === 'submitted')).toBe(true);
    }
    expect(claims.some((c) => c.labeler.server === B && c.outcome === 'submitted' && c.receivedAt < killedAt)).toBe(true);

    // No task held by two labelers at once (see findOverlaps).
    const overlaps = findOverlaps(claims);
    expect(overlaps).toEqual([]);
    const byTask = claimsByTask(claims);
    // Only the abandoned tasks were ever leased twice, and each exactly twice.
    const reclaimed = [...byTask].filter(([, list]) => list.length > 1).map(([id]) => id).sort();
    expect(reclaimed).toEqual(abandoned.map((c) => c.taskId).sort());
    expect([...byTask.values()].every((list) => list.length <= 2)).toBe(true);
    expect(byTask.size).toBe(TASKS);

    // The dead process's tasks went to someone on B after their leases expired.
    for (const a of abandoned) {
      const again = byTask.get(a.taskId)!.find((c) => c !== a)!;
      expect(again.labeler.server).toBe(B);
      expect(again.labeler.email).not.toBe(a.labeler.email);
      expect(again.outcome).toBe('submitted');
      expect(again.receivedAt).toBeGreaterThanOrEqual(a.expiresAt);
    }

    // A late submit of an abandoned lease's old token, on B with the original labeler's session: refused.
    for (const a of abandoned) {
      expect((await api(B, 'GET', '/api/auth/me', { cookie: a.labeler.cookie })).status).toBe(200);
      const late = await api(B, 'POST', `/api/tasks/${a.taskId}/submit`, {
        cookie: a.labeler.cookie,
        body: { leaseToken: a.token, submissionId: randomUUID(), document: { objects: [] } },
      });
      expect({ task: a.taskId, status: late.status }).toEqual({ task: a.taskId, status: 409 });
    }

    // The owner's view: every task submitted (or completed) with its annotation, nobody holding it.
    const list = await must(200, B, 'GET', `/api/projects/${projectId}/tasks?limit=500`, { cookie: owner.cookie });
    const rows = list.body.tasks as { id: string; status: string; leasedBy: string | null; latestAnnotation: { userId: string } | null }[];
    expect(rows.map((t) => t.id).sort()).toEqual([...taskIds].sort());
    expect(rows.filter((t) => t.status !== 'submitted' && t.status !== 'completed').map((t) => `${t.id}: ${t.status}`)).toEqual([]);
    expect(rows.filter((t) => !t.latestAnnotation || t.leasedBy !== null).map((t) => t.id)).toEqual([]);

    // The database: exactly one annotation per task, by the labeler whose submit succeeded, and
    // one attempt per claim we saw (no claim happened that no labeler was told about).
    const perTask = await sql!.query<{ task_id: string; n: number; user_ids: string[]; first_at: Date }>(
      `SELECT t.id AS task_id, count(a.id)::int AS n, array_remove(array_agg(a.user_id::text), NULL) AS user_ids, min(a.created_at) AS first_at
         FROM tasks t LEFT JOIN annotations a ON a.task_id = t.id
        WHERE t.project_id = $1 GROUP BY t.id`,
      [projectId],
    );
    expect(perTask.rows).toHaveLength(TASKS);
    expect(perTask.rows.filter((r) => r.n !== 1).map((r) => `${r.task_id}: ${r.n} annotations`)).toEqual([]);
    const annotationBy = new Map(perTask.rows.map((r) => [r.task_id, r]));
    for (const [taskId, list] of byTask) {
      const winner = list.find((c) => c.outcome === 'submitted')!;
      expect(annotationBy.get(taskId)!.user_ids).toEqual([winner.labeler.id]);
    }
    for (const a of abandoned) expect(annotationBy.get(a.taskId)!.first_at.getTime()).toBeGreaterThanOrEqual(a.expiresAt);

    const items = await sql!.query<{ task_id: string; status: string; attempts: number; n: number }>(
      `SELECT task_id, status, attempts, count(*) OVER (PARTITION BY task_id)::int AS n FROM work_items WHERE project_id = $1 AND stage = 'label'`,
      [projectId],
    );
    expect(items.rows).toHaveLength(TASKS);
    expect(items.rows.filter((r) => r.n !== 1 || r.status !== 'done').map((r) => `${r.task_id}: ${r.status} x${r.n}`)).toEqual([]);
    expect(items.rows.filter((r) => r.attempts !== byTask.get(r.task_id)!.length).map((r) => `${r.task_id}: ${r.attempts} attempts`)).toEqual([]);
    const expiredEvents = await sql!.query<{ task_id: string }>(
      `SELECT task_id FROM task_events WHERE reason = 'lease expired' AND task_id = ANY($1::uuid[])`,
      [taskIds],
    );
    expect(expiredEvents.rows.map((r) => r.task_id).sort()).toEqual(abandoned.map((c) => c.taskId).sort());

    console.info(
      `[multiprocess] setup ${setupMs} ms; run ${drainedAt - runStartedAt} ms (${claims.length} claims by ${LABELERS} labelers); ` +
        `A killed after ${submittedAtKill} submits holding ${abandoned.length} leases; queue drained ${drainedAt - killedAt} ms after the kill`,
    );
  }, 90_000);
});
