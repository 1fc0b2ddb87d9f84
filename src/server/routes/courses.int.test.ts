import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeImageTask, makeWorld, type World } from '../test/builders';
import { createTask } from '../services/tasks.service';
import { backends } from '../test/test-db';

const ref = (x: number) => ({ objects: [{ id: 'r', classId: 'car', geometry: { kind: 'box', x, y: 100, w: 200, h: 100 }, attributes: {}, source: 'human', version: 1 }] });
/** Bottom edge 20 px below the car. */
const loose = (x: number) => ({ objects: [{ id: 'a', classId: 'car', geometry: { kind: 'box', x, y: 100, w: 200, h: 120 }, attributes: {}, source: 'human', version: 1 }] });

describe.each(backends)('patterns and courses on %s', (backend) => {
  let w: World;
  let gold: { id: string; x: number }[];
  beforeEach(async () => {
    w = await makeWorld(backend, { tasks: 2 });
    const owner = { cookie: await w.cookie('owner') };
    await w.app.inject({ method: 'PUT', url: `/api/projects/${w.projectId}`, headers: owner, payload: { settings: { goldRateStart: 1, goldRateFloor: 1 } } });
    gold = [];
    for (let i = 0; i < 5; i++) {
      const t = await createTask(w.ctx, w.projectId, w.users.owner.id, makeImageTask());
      const x = 50 + i * 37;
      const r = await w.app.inject({ method: 'POST', url: `/api/tasks/${t.id}/gold`, headers: owner, payload: { document: ref(x) } });
      expect(r.statusCode).toBe(200);
      gold.push({ id: t.id, x });
      w.clock.advance(1000);
    }
  });
  afterEach(() => w.dispose());

  async function call(who: keyof World['users'], method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) {
    return w.app.inject({ method, url, payload, headers: { cookie: await w.cookie(who) } });
  }
  /** The labeler takes the next task (gold, at rate 1) and submits a loose box on it. */
  async function submitLoose() {
    const c = (await call('labeler', 'POST', `/api/projects/${w.projectId}/queue/next`)).json();
    const g = gold.find((x) => x.id === c.task.id)!;
    w.clock.advance(30_000);
    const r = await call('labeler', 'POST', `/api/tasks/${c.task.id}/submit`, { leaseToken: c.lease.token, submissionId: randomUUID(), document: loose(g.x) });
    expect(r.json().feedback.findings.map((f: { type: string }) => f.type)).toEqual(['loose_box']);
  }
  const patterns = async () => (await call('labeler', 'GET', `/api/projects/${w.projectId}/patterns/me`)).json().patterns;

  it('detects a loose-box habit after five gold boxes, offers the course, and clears it when the practice is passed', async () => {
    for (let i = 0; i < 4; i++) await submitLoose();
    expect(await patterns()).toEqual([]);
    await submitLoose();
    const [p] = await patterns();
    expect(p).toMatchObject({ key: 'loose_box', findingType: 'loose_box', observations: 5, hits: 5, mandatory: false, postponed: false });
    expect(p.summary).toBe('Your last 5 boxes were loose on the bottom edge');

    // Postpone once; the second time is refused.
    expect((await call('labeler', 'POST', `/api/projects/${w.projectId}/courses/loose_box/postpone`)).statusCode).toBe(200);
    expect((await patterns())[0].postponed).toBe(true);
    expect((await call('labeler', 'POST', `/api/projects/${w.projectId}/courses/loose_box/postpone`)).statusCode).toBe(409);

    const course = (await call('labeler', 'GET', `/api/projects/${w.projectId}/courses/loose_box`)).json().course;
    expect(course.lessonMd).toMatch(/bottom edge/);
    expect(course.examples.length).toBeGreaterThan(0);
    expect(course.examples[0].answer).not.toBeNull();

    const start = await call('labeler', 'POST', `/api/projects/${w.projectId}/courses/loose_box/attempts`);
    expect(start.statusCode).toBe(201);
    const attempt = start.json().attempt;
    expect(attempt.items).toHaveLength(5);
    expect(JSON.stringify(attempt)).not.toMatch(/"objects"/);
    let last;
    for (const item of attempt.items) {
      const g = gold.find((x) => x.id === item.taskId)!;
      last = (await call('labeler', 'POST', `/api/course-attempts/${attempt.attemptId}/answers`, { taskId: item.taskId, document: ref(g.x) })).json().result;
      expect(last.feedback.findings).toEqual([]);
      expect(last.feedback.reference).toEqual(ref(g.x));
    }
    expect(last).toMatchObject({ done: true, score: 1, passed: true, answered: 5, correct: 5 });
    expect(await patterns()).toEqual([]);
    const q = (await call('labeler', 'GET', `/api/projects/${w.projectId}/quality/me`)).json().quality;
    expect(q.coursesPassed).toEqual([expect.objectContaining({ findingType: 'loose_box', score: 1 })]);
    expect(q.findingCounts).toEqual({ loose_box: 5 });
    const dup = await call('labeler', 'POST', `/api/course-attempts/${attempt.attemptId}/answers`, { taskId: attempt.items[0].taskId, document: ref(0) });
    expect(dup.statusCode).toBe(409);
  });

  it('fails the practice below the pass score, and the pattern stays', async () => {
    for (let i = 0; i < 5; i++) await submitLoose();
    const attempt = (await call('labeler', 'POST', `/api/projects/${w.projectId}/courses/loose_box/attempts`)).json().attempt;
    let last;
    for (const [i, item] of attempt.items.entries()) {
      const g = gold.find((x) => x.id === item.taskId)!;
      last = (await call('labeler', 'POST', `/api/course-attempts/${attempt.attemptId}/answers`, { taskId: item.taskId, document: i < 2 ? loose(g.x) : ref(g.x) })).json().result;
    }
    expect(last).toMatchObject({ done: true, score: 0.6, passed: false });
    expect((await patterns()).map((p: { key: string }) => p.key)).toEqual(['loose_box']);
  });

  it('holds ordinary tasks while a mandatory course of an active pattern is not passed', async () => {
    for (let i = 0; i < 5; i++) await submitLoose();
    const put = await call('owner', 'PUT', `/api/projects/${w.projectId}/courses/loose_box`, { mandatory: true, lessonMd: '## Our own lesson' });
    expect(put.json().course).toMatchObject({ mandatory: true, custom: true, lessonMd: '## Our own lesson' });
    const held = (await call('labeler', 'POST', `/api/projects/${w.projectId}/queue/next`)).json();
    expect(held).toEqual({ task: null, lease: null, draft: null, courseRequired: 'loose_box' });
    expect((await call('labeler', 'POST', `/api/projects/${w.projectId}/courses/loose_box/postpone`)).statusCode).toBe(409);
    // Another labeler without the pattern works on.
    expect((await call('labeler2', 'POST', `/api/projects/${w.projectId}/queue/next`)).json().task).not.toBeNull();
  });

  it('finds too_fast when a gold task is done in under half the median time of same-size tasks', async () => {
    for (let i = 0; i < 5; i++) await submitLoose();
    const c = (await call('labeler2', 'POST', `/api/projects/${w.projectId}/queue/next`)).json();
    const g = gold.find((x) => x.id === c.task.id)!;
    w.clock.advance(5_000);
    const r = await call('labeler2', 'POST', `/api/tasks/${c.task.id}/submit`, { leaseToken: c.lease.token, submissionId: randomUUID(), document: ref(g.x) });
    const findings = r.json().feedback.findings;
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ type: 'too_fast', objectId: null, magnitude: 6, detail: { durationMs: 5_000, medianMs: 30_000 } });
    expect(findings[0].explanation).toMatch(/done in 5 s; tasks like this take 30 s/);
  });

  it('shows owners every labeler and refuses bad course names with a 400 naming the field', async () => {
    await submitLoose();
    const q = await call('owner', 'GET', `/api/projects/${w.projectId}/quality`);
    expect(q.statusCode).toBe(200);
    const labeler = q.json().labelers.find((l: { userId: string }) => l.userId === w.users.labeler.id);
    expect(labeler).toMatchObject({ goldSubmissions: 1, findingCounts: { loose_box: 1 }, accuracy: { successes: 0, trials: 1 } });
    expect((await call('labeler', 'GET', `/api/projects/${w.projectId}/quality`)).statusCode).toBe(403);
    const bad = await call('labeler', 'GET', `/api/projects/${w.projectId}/courses/sloppy`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().fields).toHaveProperty('type');
  });
});

describe.each(backends)('qualification on %s', (backend) => {
  let w: World;
  beforeEach(async () => {
    w = await makeWorld(backend, { tasks: 2 });
  });
  afterEach(() => w.dispose());

  it('holds a new labeler’s first task until they pass the onboarding course', async () => {
    const owner = { cookie: await w.cookie('owner') };
    const t = await createTask(w.ctx, w.projectId, w.users.owner.id, makeImageTask());
    expect((await w.app.inject({ method: 'POST', url: `/api/tasks/${t.id}/gold`, headers: owner, payload: { document: ref(100) } })).statusCode).toBe(200);
    await w.app.inject({ method: 'PUT', url: `/api/projects/${w.projectId}`, headers: owner, payload: { settings: { qualificationRequired: true } } });
    const labeler = { cookie: await w.cookie('labeler') };
    const held = (await w.app.inject({ method: 'POST', url: `/api/projects/${w.projectId}/queue/next`, headers: labeler })).json();
    expect(held).toEqual({ task: null, lease: null, draft: null, courseRequired: 'onboarding' });
    const course = (await w.app.inject({ method: 'GET', url: `/api/projects/${w.projectId}/courses/onboarding`, headers: labeler })).json().course;
    expect(course.title).toBe('Onboarding');
    const attempt = (await w.app.inject({ method: 'POST', url: `/api/projects/${w.projectId}/courses/onboarding/attempts`, headers: labeler })).json().attempt;
    expect(attempt.items.map((i: { taskId: string }) => i.taskId)).toEqual([t.id]);
    // A wrong class fails onboarding (any finding counts), a right answer passes.
    const wrong = { objects: [{ ...ref(100).objects[0]!, classId: 'pedestrian' }] };
    const failed = (await w.app.inject({ method: 'POST', url: `/api/course-attempts/${attempt.attemptId}/answers`, headers: labeler, payload: { taskId: t.id, document: wrong } })).json().result;
    expect(failed).toMatchObject({ done: true, passed: false });
    const again = (await w.app.inject({ method: 'POST', url: `/api/projects/${w.projectId}/courses/onboarding/attempts`, headers: labeler })).json().attempt;
    const passed = (await w.app.inject({ method: 'POST', url: `/api/course-attempts/${again.attemptId}/answers`, headers: labeler, payload: { taskId: t.id, document: ref(100) } })).json().result;
    expect(passed).toMatchObject({ done: true, passed: true });
    const first = (await w.app.inject({ method: 'POST', url: `/api/projects/${w.projectId}/queue/next`, headers: labeler })).json();
    expect(first.task).not.toBeNull();
    // The practised gold is never served to them as stream gold.
    expect(first.task.id).not.toBe(t.id);
  });
});
