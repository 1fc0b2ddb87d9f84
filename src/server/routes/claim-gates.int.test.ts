import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createTask } from '../services/tasks.service';
import { makeImageTask, makeWorld, type World } from '../test/builders';
import { backends } from '../test/test-db';

const box = (x: number) => ({ objects: [{ id: 'o1', classId: 'car', geometry: { kind: 'box', x, y: 20, w: 100, h: 50 }, attributes: {}, source: 'human', version: 1 }] });

/**
 * A claim in a project with no gate open runs as one statement that claims only while the project's
 * settings are the ones this process last read and no gold or lease is in the way (claimIfPlain). These
 * tests change what the gates depend on between two claims of one process and expect the change at once.
 */
describe.each(backends)('claims after the project changes, in one process, on %s', (backend) => {
  let w: World;
  afterEach(() => w?.dispose());

  async function call(who: keyof World['users'], method: 'POST' | 'PUT', url: string, payload?: object) {
    return w.app.inject({ method, url, payload, headers: { cookie: await w.cookie(who) } });
  }
  const claim = async () => (await call('labeler', 'POST', `/api/projects/${w.projectId}/queue/next`)).json();
  async function claimAndSubmit() {
    const c = await claim();
    expect(c.task).not.toBeNull();
    const r = await call('labeler', 'POST', `/api/tasks/${c.task.id}/submit`, { leaseToken: c.lease.token, submissionId: randomUUID(), document: box(10) });
    expect(r.statusCode).toBe(200);
    return c;
  }
  const settings = async (s: object) => expect((await call('owner', 'PUT', `/api/projects/${w.projectId}`, { settings: s })).statusCode).toBe(200);

  it('uses a new lease TTL and a new qualification rule on the very next claim', async () => {
    w = await makeWorld(backend, { tasks: 4, leaseTtlMs: 60_000 });
    const first = await claimAndSubmit();
    expect(new Date(first.lease.expiresAt).getTime() - w.clock.now.getTime()).toBe(60_000);
    await settings({ leaseTtlMs: 120_000 });
    const second = await claimAndSubmit();
    expect(new Date(second.lease.expiresAt).getTime() - w.clock.now.getTime()).toBe(120_000);
    await settings({ qualificationRequired: true });
    expect(await claim()).toEqual({ task: null, lease: null, draft: null, courseRequired: 'onboarding' });
    await settings({ qualificationRequired: false });
    expect((await claim()).task).not.toBeNull();
  });

  it('serves gold added after the labeler’s last claim, and a held lease again rather than a new one', async () => {
    w = await makeWorld(backend, { tasks: 3, random: () => 0 });
    await settings({ goldRateStart: 1, goldRateFloor: 1 });
    await claimAndSubmit();
    const t = await createTask(w.ctx, w.projectId, w.users.owner.id, makeImageTask());
    expect((await call('owner', 'POST', `/api/tasks/${t.id}/gold`, { document: box(40) })).statusCode).toBe(200);
    const gold = await claim();
    expect(gold.task.id).toBe(t.id);
    const again = await claim();
    expect(again.lease).toEqual(gold.lease);
  });

  it('answers 404 to a non-member and 403 to a reviewer, also once the project’s settings are known', async () => {
    w = await makeWorld(backend, { tasks: 2 });
    await claimAndSubmit();
    expect((await call('outsider', 'POST', `/api/projects/${w.projectId}/queue/next`)).statusCode).toBe(404);
    expect((await call('reviewer', 'POST', `/api/projects/${w.projectId}/queue/next`)).statusCode).toBe(403);
  });
});
