import { readFile } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeWorld, type World } from '../test/builders';
import { backends } from '../test/test-db';

/** A gold answer whose content is easy to spot in any response: odd coordinates and a marker attribute. */
const SECRET = 'gold-secret-7f3a';
const goldDoc = {
  objects: [{ id: SECRET, classId: 'car', geometry: { kind: 'box', x: 101.25, y: 203.75, w: 317.5, h: 149.25 }, attributes: { occluded: true }, source: 'human', version: 1 }],
};
/** The labeler's loose box: left edge 14 px and bottom edge 12 px outside the car. */
const looseAnswer = {
  objects: [{ id: 'mine', classId: 'car', geometry: { kind: 'box', x: 87.25, y: 203.75, w: 331.5, h: 161.25 }, attributes: { occluded: true }, source: 'human', version: 1 }],
};
const leaks = (body: string) => [SECRET, '101.25', '317.5', '149.25'].filter((s) => body.includes(s));

describe.each(backends)('gold tasks on %s', (backend) => {
  let w: World;
  beforeEach(async () => {
    w = await makeWorld(backend, { tasks: 2 });
  });
  afterEach(() => w.dispose());

  const as = async (who: keyof World['users']) => ({ cookie: await w.cookie(who) });
  async function call(who: keyof World['users'], method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: object) {
    return w.app.inject({ method, url, payload, headers: await as(who) });
  }
  async function setSettings(settings: object) {
    const r = await call('owner', 'PUT', `/api/projects/${w.projectId}`, { settings });
    expect(r.statusCode).toBe(200);
  }
  /** Adds a task from an uploaded photo (served through /api/media) and makes it gold with `goldDoc`. */
  async function goldTask(): Promise<string> {
    const jpeg = await readFile('public/demo/images/street-03.jpg');
    const up = await w.app.inject({ method: 'POST', url: `/api/projects/${w.projectId}/uploads?filename=g.jpg`, headers: { ...(await as('owner')), 'content-type': 'image/jpeg' }, payload: jpeg });
    expect(up.statusCode).toBe(201);
    const id = up.json().task.id as string;
    const g = await call('owner', 'POST', `/api/tasks/${id}/gold`, { document: goldDoc });
    expect(g.statusCode).toBe(200);
    return id;
  }

  it('never sends the gold answer to the labeler before submit, in any response', async () => {
    await setSettings({ goldRateStart: 1, goldRateFloor: 1 });
    const goldId = await goldTask();
    const bodies: [string, string][] = [];
    const claim = await call('labeler', 'POST', `/api/projects/${w.projectId}/queue/next`);
    bodies.push(['claim', claim.body]);
    const c = claim.json();
    expect(c.task.id).toBe(goldId);
    expect(c.task.status).toBe('leased');
    expect(Object.keys(c).sort()).toEqual(['draft', 'lease', 'task']);
    expect(Object.keys(c.task).sort()).toEqual(['createdAt', 'data', 'id', 'priority', 'projectId', 'status']);
    const again = await call('labeler', 'POST', `/api/projects/${w.projectId}/queue/next`);
    bodies.push(['claim again', again.body]);
    expect(again.json().task.id).toBe(goldId);
    const task = await call('labeler', 'GET', `/api/tasks/${goldId}`);
    bodies.push(['task', task.body]);
    expect(task.json().task.status).toBe('leased');
    const draft = await call('labeler', 'PUT', `/api/tasks/${goldId}/draft`, { leaseToken: c.lease.token, document: looseAnswer });
    bodies.push(['draft', draft.body]);
    expect(draft.statusCode).toBe(200);
    const afterDraft = await call('labeler', 'POST', `/api/projects/${w.projectId}/queue/next`);
    bodies.push(['claim with draft', afterDraft.body]);
    const hb = await call('labeler', 'POST', `/api/tasks/${goldId}/heartbeat`, { leaseToken: c.lease.token });
    bodies.push(['heartbeat', hb.body]);
    expect(hb.statusCode).toBe(200);
    const media = await call('labeler', 'GET', c.task.data.imageUrl);
    expect(media.statusCode).toBe(200);
    bodies.push(['media', media.rawPayload.toString('latin1')]);
    bodies.push(['media headers', JSON.stringify(media.headers)]);
    const project = await call('labeler', 'GET', `/api/projects/${w.projectId}`);
    bodies.push(['project', project.body]);
    const projects = await call('labeler', 'GET', '/api/projects');
    bodies.push(['projects', projects.body]);
    const me = await call('labeler', 'GET', '/api/auth/me');
    bodies.push(['me', me.body]);
    const patterns = await call('labeler', 'GET', `/api/projects/${w.projectId}/patterns/me`);
    bodies.push(['patterns', patterns.body]);
    const quality = await call('labeler', 'GET', `/api/projects/${w.projectId}/quality/me`);
    bodies.push(['quality', quality.body]);
    const course = await call('labeler', 'GET', `/api/projects/${w.projectId}/courses/loose_box`);
    bodies.push(['course', course.body]);
    const inbox = await call('labeler', 'GET', `/api/projects/${w.projectId}/feedback`);
    bodies.push(['feedback inbox', inbox.body]);
    // Practice never includes the gold task held now (its answer comes with each practice answer).
    const practice = await call('labeler', 'POST', `/api/projects/${w.projectId}/courses/loose_box/attempts`);
    expect(practice.statusCode).toBe(409);
    bodies.push(['practice attempt', practice.body]);
    // Owner-only views answer the labeler with an error that carries nothing.
    for (const url of [`/api/projects/${w.projectId}/gold`, `/api/tasks/${goldId}/annotation`, `/api/projects/${w.projectId}/quality`, `/api/projects/${w.projectId}/tasks`]) {
      const r = await call('labeler', 'GET', url);
      expect(r.statusCode, url).toBeGreaterThanOrEqual(400);
      bodies.push([url, r.body]);
    }
    for (const [what, body] of bodies) expect(leaks(body), what).toEqual([]);

    // After submit, the reference comes back with the findings.
    const submit = await call('labeler', 'POST', `/api/tasks/${goldId}/submit`, { leaseToken: c.lease.token, submissionId: randomUUID(), document: looseAnswer });
    expect(submit.statusCode).toBe(200);
    expect(leaks(submit.body)).toContain(SECRET);
  });

  it('returns typed findings on a gold submit, stores them, and leaves the customer task alone', async () => {
    await setSettings({ goldRateStart: 1, goldRateFloor: 1 });
    const goldId = await goldTask();
    const c = (await call('labeler', 'POST', `/api/projects/${w.projectId}/queue/next`)).json();
    const submissionId = randomUUID();
    const res = await call('labeler', 'POST', `/api/tasks/${goldId}/submit`, { leaseToken: c.lease.token, submissionId, document: looseAnswer });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.status).toBe('completed');
    expect(body.feedback.reference).toEqual(goldDoc);
    expect(body.feedback.findings).toHaveLength(1);
    expect(body.feedback.findings[0]).toMatchObject({
      type: 'loose_box', objectId: 'mine', referenceId: SECRET, magnitude: 14, source: 'gold',
      explanation: 'left edge 14 px and bottom edge 12 px outside the car',
      detail: { edges: [{ edge: 'left', offsetPx: 14 }, { edge: 'bottom', offsetPx: 12 }] },
    });
    expect(body.feedback).toMatchObject({ objectsTotal: 1, objectsCorrect: 0 });
    // A repeat answers the same.
    const repeat = await call('labeler', 'POST', `/api/tasks/${goldId}/submit`, { leaseToken: c.lease.token, submissionId, document: looseAnswer });
    expect(repeat.json()).toEqual(body);
    const stored = await w.db.db.selectFrom('findings').selectAll().execute();
    expect(stored.map((f) => [f.type, f.user_id, f.task_id, f.project_id, f.object_id, f.source])).toEqual([['loose_box', w.users.labeler.id, goldId, w.projectId, 'mine', 'gold']]);
    // The customer's task: still pending, no annotation, no webhook, nothing in the export.
    const t = await w.db.db.selectFrom('tasks').select(['status']).where('id', '=', goldId).executeTakeFirstOrThrow();
    expect(t.status).toBe('pending');
    expect(await w.db.db.selectFrom('annotations').selectAll().where('task_id', '=', goldId).execute()).toEqual([]);
    expect(await w.db.db.selectFrom('webhook_deliveries').selectAll().execute()).toEqual([]);
    const exp = await call('owner', 'GET', `/api/projects/${w.projectId}/export?format=labelbench`);
    expect(exp.body).not.toContain('mine');
    // Each labeler gets each gold task once; the next claim is an ordinary task.
    const next = (await call('labeler', 'POST', `/api/projects/${w.projectId}/queue/next`)).json();
    expect(next.task.id).not.toBe(goldId);
    // Another labeler gets the same gold task.
    const other = (await call('labeler2', 'POST', `/api/projects/${w.projectId}/queue/next`)).json();
    expect(other.task.id).toBe(goldId);
  });

  it('a right answer has no findings and counts as accurate', async () => {
    await setSettings({ goldRateStart: 1, goldRateFloor: 1 });
    const goldId = await goldTask();
    const c = (await call('labeler', 'POST', `/api/projects/${w.projectId}/queue/next`)).json();
    const res = await call('labeler', 'POST', `/api/tasks/${goldId}/submit`, { leaseToken: c.lease.token, submissionId: randomUUID(), document: goldDoc });
    expect(res.json().feedback).toMatchObject({ findings: [], objectsTotal: 1, objectsCorrect: 1 });
    const q = (await call('labeler', 'GET', `/api/projects/${w.projectId}/quality/me`)).json().quality;
    expect(q.accuracy).toMatchObject({ successes: 1, trials: 1, rate: 1 });
    expect(q.patterns).toEqual([]);
  });

  it('promotes a completed task’s annotation to gold, and refuses bad requests with 400s naming the field', async () => {
    const c = (await call('labeler', 'POST', `/api/projects/${w.projectId}/queue/next`)).json();
    const pendingId = (await w.db.db.selectFrom('tasks').select('id').where('id', '!=', c.task.id).executeTakeFirstOrThrow()).id;
    const leased = await call('owner', 'POST', `/api/tasks/${c.task.id}/gold`, { document: goldDoc });
    expect(leased.statusCode).toBe(409);
    const noAnn = await call('owner', 'POST', `/api/tasks/${pendingId}/gold`, {});
    expect(noAnn.statusCode).toBe(400);
    expect(noAnn.json().fields).toHaveProperty('document');
    const badClass = await call('owner', 'POST', `/api/tasks/${pendingId}/gold`, { document: { objects: [{ ...goldDoc.objects[0], classId: 'spaceship' }] } });
    expect(badClass.statusCode).toBe(400);
    expect(Object.keys(badClass.json().fields).join()).toMatch(/document\.objects\.0/);
    const asLabeler = await call('labeler', 'POST', `/api/tasks/${pendingId}/gold`, { document: goldDoc });
    expect(asLabeler.statusCode).toBe(403);

    await call('labeler', 'POST', `/api/tasks/${c.task.id}/submit`, { leaseToken: c.lease.token, submissionId: randomUUID(), document: goldDoc });
    const promoted = await call('owner', 'POST', `/api/tasks/${c.task.id}/gold`, {});
    expect(promoted.statusCode).toBe(200);
    expect(promoted.json().gold.sourceAnnotationId).toEqual(expect.any(String));
    const list = (await call('owner', 'GET', `/api/projects/${w.projectId}/gold`)).json().gold;
    expect(list.map((g: { taskId: string }) => g.taskId)).toEqual([c.task.id]);
    // The labeler who made the answer never gets it as gold; another one does, looking like any task.
    await setSettings({ goldRateStart: 1, goldRateFloor: 1 });
    const mine = (await call('labeler', 'POST', `/api/projects/${w.projectId}/queue/next`)).json();
    expect(mine.task.id).toBe(pendingId);
    const theirs = (await call('labeler2', 'POST', `/api/projects/${w.projectId}/queue/next`)).json();
    expect(theirs.task).toMatchObject({ id: c.task.id, status: 'leased' });
    const removed = await call('owner', 'DELETE', `/api/tasks/${c.task.id}/gold`);
    expect(removed.statusCode).toBe(200);
  });

  it('gives a pending task taken out of the gold pool its labeling slot back, so it gets labeled', async () => {
    // Both ordinary tasks taken, so the queue holds only the gold one.
    for (const who of ['labeler2', 'labeler3'] as const) expect((await call(who, 'POST', `/api/projects/${w.projectId}/queue/next`)).json().task).not.toBeNull();
    const goldId = await goldTask();
    await setSettings({ goldRateStart: 0, goldRateFloor: 0 });
    expect((await call('labeler', 'POST', `/api/projects/${w.projectId}/queue/next`)).json().task).toBeNull();
    expect((await call('owner', 'DELETE', `/api/tasks/${goldId}/gold`)).statusCode).toBe(200);
    const c = (await call('labeler', 'POST', `/api/projects/${w.projectId}/queue/next`)).json();
    expect(c.task).toMatchObject({ id: goldId, status: 'leased' });
    expect(c.draft).toBeNull();
    const sub = await call('labeler', 'POST', `/api/tasks/${goldId}/submit`, { leaseToken: c.lease.token, submissionId: randomUUID(), document: { objects: [] } });
    expect(sub.json()).toMatchObject({ status: 'completed' });
    // Removing it again is a 404; a finished task gets no new slot.
    expect((await call('owner', 'DELETE', `/api/tasks/${goldId}/gold`)).statusCode).toBe(404);
  });

  it('mixes gold in at the labeler’s rate, drawn from the injected generator', async () => {
    await goldTask();
    // Default 20% for a new labeler: a draw of 0.5 is no gold, 0.1 is gold.
    w.ctx.random = undefined;
    const app2 = await (await import('../app')).buildApp({ db: w.db, clock: w.ctx.clock, config: w.ctx.config, blobs: w.ctx.blobs, random: () => 0.5 });
    const cookie = await w.cookie('labeler');
    const ordinary = (await app2.inject({ method: 'POST', url: `/api/projects/${w.projectId}/queue/next`, headers: { cookie } })).json();
    const goldIds = (await w.db.db.selectFrom('gold_answers').select('task_id').execute()).map((g) => g.task_id);
    expect(goldIds).not.toContain(ordinary.task.id);
    await app2.close();
    const app3 = await (await import('../app')).buildApp({ db: w.db, clock: w.ctx.clock, config: w.ctx.config, blobs: w.ctx.blobs, random: () => 0.1 });
    const cookie2 = await w.cookie('labeler2');
    const gold = (await app3.inject({ method: 'POST', url: `/api/projects/${w.projectId}/queue/next`, headers: { cookie: cookie2 } })).json();
    expect(goldIds).toContain(gold.task.id);
    await app3.close();
  });

  it('ends an expired or skipped gold copy instead of putting it in the ordinary pool', async () => {
    await setSettings({ goldRateStart: 1, goldRateFloor: 1, leaseTtlMs: 60_000 });
    const goldId = await goldTask();
    const c = (await call('labeler', 'POST', `/api/projects/${w.projectId}/queue/next`)).json();
    expect(c.task.id).toBe(goldId);
    const skipped = await call('labeler', 'POST', `/api/tasks/${goldId}/skip`, { leaseToken: c.lease.token, reason: 'blurry' });
    expect(skipped.statusCode).toBe(200);
    const c2 = (await call('labeler2', 'POST', `/api/projects/${w.projectId}/queue/next`)).json();
    expect(c2.task.id).toBe(goldId);
    w.clock.advance(61_000);
    await setSettings({ goldRateStart: 0, goldRateFloor: 0 });
    // Ordinary claims after the sweep never get the gold task.
    const seen = new Set<string>();
    for (const who of ['labeler', 'labeler2', 'labeler3'] as const) {
      const r = (await call(who, 'POST', `/api/projects/${w.projectId}/queue/next`)).json();
      if (r.task) seen.add(r.task.id);
    }
    expect(seen.has(goldId)).toBe(false);
    const items = await w.db.db.selectFrom('work_items').select(['status']).where('task_id', '=', goldId).where('gold', '=', true).execute();
    expect(items.map((i) => i.status).sort()).toEqual(['canceled', 'canceled']);
  });
  it('keeps review findings in the labeler’s feedback inbox until acknowledged; gold findings are seen at submit', async () => {
    await setSettings({ goldRateStart: 1, goldRateFloor: 1 });
    const goldId = await goldTask();
    const c = (await call('labeler', 'POST', `/api/projects/${w.projectId}/queue/next`)).json();
    await call('labeler', 'POST', `/api/tasks/${goldId}/submit`, { leaseToken: c.lease.token, submissionId: randomUUID(), document: looseAnswer });
    expect((await call('labeler', 'GET', `/api/projects/${w.projectId}/feedback`)).json().inbox).toEqual({ count: 0, tasks: [] });
    // A reviewer's finding (the review issue writes these through the same table).
    const id = randomUUID();
    await w.db.db.insertInto('findings').values({
      id, project_id: w.projectId, task_id: goldId, user_id: w.users.labeler.id, gold_submission_id: null, type: 'wrong_class', object_id: 'mine',
      reference_id: 'fixed', magnitude: 1, explanation: 'this is a cyclist, not a pedestrian', detail: '{}', source: 'review', created_at: w.clock.now, acknowledged_at: null,
    }).execute();
    const inbox = (await call('labeler', 'GET', `/api/projects/${w.projectId}/feedback`)).json().inbox;
    expect(inbox.count).toBe(1);
    expect(inbox.tasks[0]).toMatchObject({ taskId: goldId, data: { kind: 'image' }, findings: [{ id, type: 'wrong_class', source: 'review', explanation: 'this is a cyclist, not a pedestrian' }] });
    expect((await call('labeler2', 'POST', '/api/findings/acknowledge', { ids: [id] })).json()).toEqual({ acknowledged: 0 });
    expect((await call('labeler', 'POST', '/api/findings/acknowledge', { ids: [id] })).json()).toEqual({ acknowledged: 1 });
    expect((await call('labeler', 'GET', `/api/projects/${w.projectId}/feedback`)).json().inbox.count).toBe(0);
    const bad = await call('labeler', 'POST', '/api/findings/acknowledge', { ids: ['nope'] });
    expect(bad.statusCode).toBe(400);
    expect(Object.keys(bad.json().fields).join()).toMatch(/ids/);
  });
});
