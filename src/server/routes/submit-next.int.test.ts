import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TASK_IMAGE_HEADER } from '../../shared/http-headers';
import { createTask } from '../services/tasks.service';
import { makeImageTask, makeWorld, type World } from '../test/builders';
import { backends } from '../test/test-db';

/**
 * "Submit, then the next task" in one request (`next: true` in the submit body): the answer carries the
 * next claim, made in the submit's own statement when nothing calls for a decision (submitUnderLease's
 * `guard.next`), else the usual way. These tests check that the claim that comes along is the claim the queue
 * route would have made, and that a submit that writes nothing claims nothing.
 */
const box = (x: number) => ({ objects: [{ id: 'o1', classId: 'car', geometry: { kind: 'box', x, y: 20, w: 100, h: 50 }, attributes: {}, source: 'human', version: 1 }] });

describe.each(backends)('submit with the next claim on %s', (backend) => {
  let w: World;
  /** The statements the server ran, by text (counted on the real database). */
  let statements: string[];
  beforeEach(async () => {
    w = await makeWorld(backend, { tasks: 4 });
    statements = [];
    const prepared = w.db.prepared.bind(w.db);
    w.db.prepared = (query, opts) => {
      statements.push(query.sql);
      return prepared(query, opts);
    };
  });
  afterEach(() => w.dispose());

  async function call(who: keyof World['users'], method: 'POST' | 'PUT', url: string, payload?: object) {
    return w.app.inject({ method, url, payload, headers: { cookie: await w.cookie(who) } });
  }
  const claim = async (who: keyof World['users'] = 'labeler') => (await call(who, 'POST', `/api/projects/${w.projectId}/queue/next`)).json();
  const submitNext = (taskId: string, token: string, extra: object = {}) =>
    call('labeler', 'POST', `/api/tasks/${taskId}/submit`, { leaseToken: token, submissionId: randomUUID(), document: box(10), next: true, ...extra });
  const labelItems = () => w.db.db.selectFrom('work_items').select(['task_id', 'status', 'leased_by', 'lease_token']).where('stage', '=', 'label').execute();
  const statusOf = async (taskId: string) => (await w.db.db.selectFrom('tasks').select('status').where('id', '=', taskId).executeTakeFirstOrThrow()).status;

  it('submits and leases the next task in one statement, and that lease is the one the queue then returns', async () => {
    const first = await claim();
    // The first submit teaches this process the project's configuration (the full way, then a claim).
    const warm = await submitNext(first.task.id, first.lease.token);
    expect(warm.statusCode).toBe(200);
    const second = warm.json().next;
    expect(second.task.id).not.toBe(first.task.id);
    statements = [];
    const res = await submitNext(second.task.id, second.lease.token);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ taskId: second.task.id, status: 'completed' });
    // Submit and claim ran as one statement on the database.
    expect(statements.filter((s) => s.includes('UPDATE work_items'))).toHaveLength(1);
    expect(statements[statements.length - 1]).toContain('FOR UPDATE SKIP LOCKED');
    const third = body.next;
    expect(third.task).toMatchObject({ status: 'leased', projectId: w.projectId });
    expect([first.task.id, second.task.id]).not.toContain(third.task.id);
    expect(third.draft).toBeNull();
    expect(res.headers[TASK_IMAGE_HEADER]).toBe(encodeURIComponent(third.task.data.imageUrl));
    expect(await statusOf(second.task.id)).toBe('completed');
    expect(await statusOf(third.task.id)).toBe('leased');
    const items = await labelItems();
    expect(items.filter((i) => i.status === 'leased')).toEqual([{ task_id: third.task.id, status: 'leased', leased_by: w.users.labeler.id, lease_token: third.lease.token }]);
    // Asking for the next task now returns the same lease, and the lease works for the next submit.
    expect((await claim()).lease).toEqual(third.lease);
    expect((await submitNext(third.task.id, third.lease.token)).statusCode).toBe(200);
    const events = await w.db.db.selectFrom('task_events').select(['from_status', 'to_status']).where('task_id', '=', third.task.id).orderBy('id').execute();
    expect(events.map((e) => `${e.from_status}→${e.to_status}`)).toEqual(['pending→leased', 'leased→submitted', 'submitted→completed']);
  });

  it('answers an empty queue as the claim does, after the last task', async () => {
    let c = await claim();
    for (let i = 0; i < 3; i++) {
      const r = await submitNext(c.task.id, c.lease.token);
      expect(r.statusCode).toBe(200);
      c = r.json().next;
    }
    const last = await submitNext(c.task.id, c.lease.token);
    expect(last.statusCode).toBe(200);
    expect(last.json().next).toEqual({ task: null, lease: null, draft: null });
    expect((await labelItems()).every((i) => i.status === 'done')).toBe(true);
  });

  it('claims nothing when the lease was lost, and keeps the lost lease’s task for the next holder', async () => {
    const first = await claim();
    const ok = await submitNext(first.task.id, first.lease.token);
    const c = ok.json().next;
    // The lease expires and another labeler takes the task.
    w.clock.advance(11 * 60_000);
    const other = await claim('labeler2');
    expect(other.task.id).toBe(c.task.id);
    const res = await submitNext(c.task.id, c.lease.token);
    expect(res.statusCode).toBe(409);
    expect(res.json().next).toBeUndefined();
    expect((await labelItems()).filter((i) => i.leased_by === w.users.labeler.id && i.status === 'leased')).toEqual([]);
  });

  it('gives the next claim through the gate a mandatory course opened after the claim', async () => {
    const first = await claim();
    const c = (await submitNext(first.task.id, first.lease.token)).json().next;
    // Courses do not change the project's configuration version: the statement's own context sees the course.
    expect((await call('owner', 'PUT', `/api/projects/${w.projectId}/courses/loose_box`, { mandatory: true, lessonMd: '## Boxes' })).statusCode).toBe(200);
    statements = [];
    const res = await submitNext(c.task.id, c.lease.token);
    expect(res.statusCode).toBe(200);
    expect(await statusOf(c.task.id)).toBe('completed');
    // The submit's statement claimed nothing; a claim the usual way followed it.
    expect(statements.filter((s) => s.includes('FOR UPDATE SKIP LOCKED')).length).toBeGreaterThanOrEqual(2);
    // No pattern is active for this labeler, so the course holds nothing back: the usual claim leases a task.
    const next = res.json().next;
    expect((await claim()).lease).toEqual(next.lease);
    expect(next.task).not.toBeNull();
  });

  it('gives the next claim through the gate gold added after the claim, which the usual claim then serves', async () => {
    expect((await call('owner', 'PUT', `/api/projects/${w.projectId}`, { settings: { goldRateStart: 1, goldRateFloor: 1 } })).statusCode).toBe(200);
    const first = await claim();
    const c = (await submitNext(first.task.id, first.lease.token)).json().next;
    expect(c.task).not.toBeNull();
    // Gold does not change the project's configuration version: the statement itself must see it.
    const goldTask = (await createTask(w.ctx, w.projectId, w.users.owner.id, makeImageTask())).id;
    expect((await call('owner', 'POST', `/api/tasks/${goldTask}/gold`, { document: box(40) })).statusCode).toBe(200);
    statements = [];
    const res = await submitNext(c.task.id, c.lease.token);
    expect(res.statusCode).toBe(200);
    expect(statements.filter((s) => s.includes('FOR UPDATE SKIP LOCKED')).length).toBeGreaterThanOrEqual(2);
    expect(res.json().next.task.id).toBe(goldTask);
  });

  it('follows a rule changed after the claim: qualification required answers the course, not a task', async () => {
    const first = await claim();
    const c = (await submitNext(first.task.id, first.lease.token)).json().next;
    expect((await call('owner', 'PUT', `/api/projects/${w.projectId}`, { settings: { qualificationRequired: true } })).statusCode).toBe(200);
    const res = await submitNext(c.task.id, c.lease.token);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'completed', next: { task: null, lease: null, draft: null, courseRequired: 'onboarding' } });
    expect((await labelItems()).filter((i) => i.status === 'leased')).toEqual([]);
  });

  it('answers a repeated submit with the first result and the lease that submit took', async () => {
    const first = await claim();
    const c = (await submitNext(first.task.id, first.lease.token)).json().next;
    const submissionId = randomUUID();
    const a = await submitNext(c.task.id, c.lease.token, { submissionId });
    const b = await submitNext(c.task.id, c.lease.token, { submissionId });
    expect(b.statusCode).toBe(200);
    const { next: nextA, ...resultA } = a.json();
    const { next: nextB, ...resultB } = b.json();
    expect(resultB).toEqual(resultA);
    expect(nextB.lease).toEqual(nextA.lease);
    expect(nextB.task.id).toBe(nextA.task.id);
    expect((await labelItems()).filter((i) => i.status === 'leased')).toHaveLength(1);
  });

  it('leaves the next claim out without `next`, and after a gold task (its feedback comes first)', async () => {
    const first = await claim();
    const plain = await call('labeler', 'POST', `/api/tasks/${first.task.id}/submit`, { leaseToken: first.lease.token, submissionId: randomUUID(), document: box(10) });
    expect(plain.statusCode).toBe(200);
    expect(plain.json().next).toBeUndefined();
    expect((await labelItems()).filter((i) => i.status === 'leased')).toEqual([]);
    // A gold task served to the labeler: the submit answers feedback, and no lease is taken.
    expect((await call('owner', 'PUT', `/api/projects/${w.projectId}`, { settings: { goldRateStart: 1, goldRateFloor: 1 } })).statusCode).toBe(200);
    const goldTask = (await createTask(w.ctx, w.projectId, w.users.owner.id, makeImageTask())).id;
    expect((await call('owner', 'POST', `/api/tasks/${goldTask}/gold`, { document: box(40) })).statusCode).toBe(200);
    const gold = await claim();
    expect(gold.task.id).toBe(goldTask);
    const res = await submitNext(gold.task.id, gold.lease.token);
    expect(res.statusCode).toBe(200);
    expect(res.json().feedback).toBeTruthy();
    expect(res.json().next).toBeUndefined();
    expect((await labelItems()).filter((i) => i.status === 'leased')).toEqual([]);
  });

  it('refuses a `next` that is not a boolean, naming the field', async () => {
    const first = await claim();
    const res = await submitNext(first.task.id, first.lease.token, { next: 'yes' });
    expect(res.statusCode).toBe(400);
    expect(JSON.stringify(res.json())).toContain('next');
  });
});
