import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The real server process as `npm start` runs it: embedded PGlite in a data folder, the demo
 * workspace on first start, rows kept across a restart, a second process on the folder refused.
 */
const PORT = 18_300 + Math.floor(Math.random() * 500);
const base = `http://127.0.0.1:${PORT}`;
let dataDir: string;

function startServer(extraEnv: Record<string, string> = {}): { proc: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
    env: { ...process.env, PORT: String(PORT), DATA_DIR: dataDir, STATIC_DIR: path.join(dataDir, 'no-spa'), DATABASE_URL: '', ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  return { proc, output: () => out, exited };
}

async function waitUntilListening(output: () => string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (output().includes('is listening')) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`server did not start:\n${output()}`);
}

async function signIn(email: string): Promise<string> {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: 'labelbench' }),
  });
  expect(res.status).toBe(200);
  return res.headers.get('set-cookie')!.split(';')[0]!;
}

describe('the server process on an embedded database', () => {
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'labelbench-main-'));
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('seeds the demo, keeps every row across a restart, and refuses a second process on the folder', async () => {
    const first = startServer();
    await waitUntilListening(first.output);
    expect(first.output()).toContain('labeler1@demo.test');
    const demo = JSON.parse(await readFile(path.join(dataDir, 'demo.json'), 'utf8'));
    expect(demo.accounts.map((a: { email: string }) => a.email)).toEqual(['owner@demo.test', 'labeler1@demo.test', 'labeler2@demo.test', 'reviewer@demo.test']);

    // A second server on the same folder is refused with a clear message while the first runs.
    const second = startServer({ PORT: String(PORT + 1) });
    expect(await second.exited).toBe(1);
    expect(second.output()).toMatch(/Another Labelbench process \(pid \d+\) is using the data folder/);

    // Work done before the restart: a labeler submits one box.
    const cookie = await signIn('labeler1@demo.test');
    const claim = await (await fetch(`${base}/api/projects/${demo.projects.image}/queue/next`, { method: 'POST', headers: { cookie } })).json();
    const submit = await fetch(`${base}/api/tasks/${claim.task.id}/submit`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify({
        leaseToken: claim.lease.token,
        submissionId: crypto.randomUUID(),
        document: { objects: [{ id: 'b1', classId: 'car', geometry: { kind: 'box', x: 1, y: 2, w: 30, h: 40 } }] },
      }),
    });
    expect(submit.status).toBe(200);

    first.proc.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    expect(existsSync(path.join(dataDir, 'server.lock'))).toBe(false);

    const again = startServer();
    await waitUntilListening(again.output);
    expect(again.output()).not.toContain('Created the demo workspace');
    const owner = await signIn('owner@demo.test');
    const ann = await (await fetch(`${base}/api/tasks/${claim.task.id}/annotation`, { headers: { cookie: owner } })).json();
    expect(ann.annotation.document.objects[0].geometry).toEqual({ kind: 'box', x: 1, y: 2, w: 30, h: 40 });
    // The labeler's session survived the restart too.
    expect((await fetch(`${base}/api/auth/me`, { headers: { cookie } })).status).toBe(200);
    again.proc.kill('SIGTERM');
    await again.exited;

    // `npm run demo:reset` recreates the demo workspace: new accounts and projects, the old work gone.
    const resetRun = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts', 'demo:reset'], {
      env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '' },
      stdio: 'ignore',
    });
    expect(await new Promise((r) => resetRun.on('exit', r))).toBe(0);
    const fresh = JSON.parse(await readFile(path.join(dataDir, 'demo.json'), 'utf8'));
    expect(fresh.projects.image).not.toBe(demo.projects.image);
    const last = startServer();
    await waitUntilListening(last.output);
    const ownerAgain = await signIn('owner@demo.test');
    const tasks = await (await fetch(`${base}/api/projects/${fresh.projects.image}/tasks`, { headers: { cookie: ownerAgain } })).json();
    expect(tasks.tasks.length).toBeGreaterThan(5);
    expect(tasks.tasks.every((t: { status: string }) => t.status === 'pending')).toBe(true);
    last.proc.kill('SIGTERM');
    await last.exited;
  }, 180_000);
});
