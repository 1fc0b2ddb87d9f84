import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { addProjectMember } from '../services/projects.service';
import { makeWorld, type World } from '../test/builders';
import { backends } from '../test/test-db';

const box = (id: string, classId: string, x: number, y: number, w: number, h: number) => ({
  id, classId, geometry: { kind: 'box', x, y, w, h }, attributes: {}, source: 'human', version: 1,
});
const labelerDoc = { objects: [box('a', 'car', 100, 100, 120, 80), box('b', 'car', 400, 300, 50, 100)] };

describe.each(backends)('review passes API on %s', (backend) => {
  let w: World;
  afterEach(() => w?.dispose());

  async function call(who: keyof World['users'], method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) {
    return w.app.inject({ method, url, payload, headers: { cookie: await w.cookie(who) } });
  }
  async function labelAndSubmit(who: keyof World['users'] = 'labeler', doc: object = labelerDoc) {
    const claim = (await call(who, 'POST', `/api/projects/${w.projectId}/queue/next`)).json();
    w.clock.advance(1000);
    const res = await call(who, 'POST', `/api/tasks/${claim.task.id}/submit`, { leaseToken: claim.lease.token, submissionId: randomUUID(), document: doc });
    expect(res.statusCode).toBe(200);
    return { taskId: claim.task.id as string, status: res.json().status as string };
  }
  const nextReview = (who: keyof World['users'] = 'reviewer') => {
    w.clock.advance(1000);
    return call(who, 'POST', `/api/projects/${w.projectId}/review/next`);
  };

  it('queues a new labeler’s work for review; a fix is saved, diffed and turned into findings, and completes the task', async () => {
    w = await makeWorld(backend, { tasks: 2, reviewPasses: 1 });
    const { taskId, status } = await labelAndSubmit();
    expect(status).toBe('submitted');
    expect((await nextReview('labeler')).statusCode).toBe(403);

    const claim = (await nextReview()).json();
    expect(claim).toMatchObject({ task: { id: taskId }, pass: 1, passes: 1, labeler: { id: w.users.labeler.id } });
    expect(claim.base.objects.map((o: { id: string }) => o.id)).toEqual(['a', 'b']);
    // The same pass again while the lease lives.
    expect((await nextReview()).json().lease.token).toBe(claim.lease.token);

    // The reviewer tightens the first box's right edge by 20 px and relabels the second a pedestrian.
    const fixed = { objects: [box('a', 'car', 100, 100, 100, 80), box('b', 'pedestrian', 400, 300, 50, 100)] };
    const draft = await call('reviewer', 'PUT', `/api/tasks/${taskId}/review/draft`, { leaseToken: claim.lease.token, document: fixed });
    expect(draft.statusCode).toBe(200);
    expect((await nextReview()).json().draft).toMatchObject({ objects: [{ id: 'a' }, { id: 'b', classId: 'pedestrian' }] });

    const res = await call('reviewer', 'POST', `/api/tasks/${taskId}/review`, { decision: 'accept', leaseToken: claim.lease.token, submissionId: randomUUID(), document: fixed });
    expect(res.statusCode).toBe(200);
    const result = res.json();
    expect(result).toMatchObject({ outcome: 'fixed', status: 'completed' });
    expect(result.diff.map((d: { message: string }) => d.message)).toEqual(['box resized 120×80 → 100×80 px (right −20)', 'class Car → Pedestrian']);
    expect(result.findings.map((f: { type: string }) => f.type).sort()).toEqual(['loose_box', 'wrong_class']);
    expect(result.findings.find((f: { type: string }) => f.type === 'loose_box').message).toMatch(/right edge 20 px/);

    const latest = (await call('owner', 'GET', `/api/tasks/${taskId}/annotation`)).json().annotation;
    expect(latest.userId).toBe(w.users.reviewer.id);
    expect(latest.document.objects[1].classId).toBe('pedestrian');

    const history = (await call('owner', 'GET', `/api/tasks/${taskId}/history`)).json();
    expect(history.events.map((e: { to: string }) => e.to)).toEqual(['leased', 'submitted', 'submitted', 'completed']);
    expect(history.events[2].reason).toBe('claimed for review');
    expect(history.annotations.map((a: { author: string; stage: string }) => [a.author, a.stage])).toEqual([['labeler', 'label'], ['reviewer', 'review']]);
    expect(history.reviews).toMatchObject([{ pass: 1, reviewer: 'reviewer', outcome: 'fixed' }]);
    expect((await call('labeler', 'GET', `/api/tasks/${taskId}/history`)).statusCode).toBe(404);

    // The labeler finds the two findings in their inbox with their version and the fix, until acknowledged.
    const inbox = (await call('labeler', 'GET', `/api/projects/${w.projectId}/feedback`)).json().inbox;
    expect(inbox.count).toBe(2);
    expect(inbox.tasks[0]).toMatchObject({ taskId, review: { reviewer: 'reviewer', work: { objects: [{ id: 'a' }, { id: 'b', classId: 'car' }] }, fixed: { objects: [{ id: 'a' }, { id: 'b', classId: 'pedestrian' }] } } });
    const ids = inbox.tasks[0].findings.map((f: { id: string; source: string }) => (expect(f.source).toBe('review'), f.id));
    expect((await call('labeler', 'POST', '/api/findings/acknowledge', { ids })).json()).toEqual({ acknowledged: 2 });
    expect((await call('labeler', 'GET', `/api/projects/${w.projectId}/feedback`)).json().inbox.count).toBe(0);

    // Nothing left to review; the next submission of this new labeler is reviewed too.
    expect((await nextReview()).json().task).toBeNull();
  });

  it('accepts unchanged work as accepted, and a repeated decision is the same decision', async () => {
    w = await makeWorld(backend, { tasks: 1, reviewPasses: 1 });
    const { taskId } = await labelAndSubmit();
    const claim = (await nextReview()).json();
    const body = { decision: 'accept', leaseToken: claim.lease.token, submissionId: randomUUID(), document: labelerDoc };
    const first = await call('reviewer', 'POST', `/api/tasks/${taskId}/review`, body);
    const again = await call('reviewer', 'POST', `/api/tasks/${taskId}/review`, body);
    expect(first.json()).toMatchObject({ outcome: 'accepted', status: 'completed', diff: [], findings: [] });
    expect(again.json().reviewId).toBe(first.json().reviewId);
    // A new decision with the spent lease is refused.
    const stale = await call('reviewer', 'POST', `/api/tasks/${taskId}/review`, { ...body, submissionId: randomUUID() });
    expect(stale.statusCode).toBe(409);
  });

  it('sends a rejected task back to its labeler with pinned comments, and the resubmission back to the same reviewer', async () => {
    w = await makeWorld(backend, { tasks: 2, reviewPasses: 1 });
    const { taskId } = await labelAndSubmit();
    const claim = (await nextReview()).json();

    const noComment = await call('reviewer', 'POST', `/api/tasks/${taskId}/review`, { decision: 'reject', leaseToken: claim.lease.token, submissionId: randomUUID(), comments: [] });
    expect(noComment.statusCode).toBe(400);
    expect(Object.keys(noComment.json().fields)).toEqual(['comments']);
    const badPin = await call('reviewer', 'POST', `/api/tasks/${taskId}/review`, {
      decision: 'reject', leaseToken: claim.lease.token, submissionId: randomUUID(), comments: [{ text: 'x', objectId: 'nope' }],
    });
    expect(badPin.statusCode).toBe(400);
    expect(badPin.json().fields).toEqual({ 'comments.0.objectId': 'no such object in the work under review' });

    const comments = [{ text: 'The right box is a pedestrian', objectId: 'b' }, { text: 'A car is missing here', point: { x: 600, y: 420 } }];
    const rejected = await call('reviewer', 'POST', `/api/tasks/${taskId}/review`, { decision: 'reject', leaseToken: claim.lease.token, submissionId: randomUUID(), comments });
    expect(rejected.statusCode).toBe(200);
    expect(rejected.json()).toMatchObject({ outcome: 'rejected', status: 'pending' });

    // Another labeler is never offered the rework, not even as a peek; the labeler's peek names it.
    const peekOf = async (who: 'labeler' | 'labeler2') => (await w.app.inject({ method: 'GET', url: `/api/projects/${w.projectId}/queue/peek`, headers: { cookie: await w.cookie(who) } })).json().next;
    expect((await peekOf('labeler2'))?.taskId).not.toBe(taskId);
    expect((await peekOf('labeler')).taskId).toBe(taskId);
    // Another labeler never gets the rework; the labeler gets it first, with their work and the comments.
    const other = (await call('labeler2', 'POST', `/api/projects/${w.projectId}/queue/next`)).json();
    expect(other.task.id).not.toBe(taskId);
    const rework = (await call('labeler', 'POST', `/api/projects/${w.projectId}/queue/next`)).json();
    expect(rework.task.id).toBe(taskId);
    expect(rework.draft.objects.map((o: { id: string }) => o.id)).toEqual(['a', 'b']);
    expect(rework.rework).toMatchObject({ reviewerName: 'reviewer', comments });

    const redone = { objects: [labelerDoc.objects[0], { ...labelerDoc.objects[1], classId: 'pedestrian' }, box('c', 'car', 560, 380, 90, 70)] };
    const resubmit = await call('labeler', 'POST', `/api/tasks/${taskId}/submit`, { leaseToken: rework.lease.token, submissionId: randomUUID(), document: redone });
    expect(resubmit.json().status).toBe('submitted');

    // The resubmission waits for the reviewer who rejected it.
    expect((await nextReview('reviewer2')).json().task).toBeNull();
    const second = (await nextReview()).json();
    expect(second.task.id).toBe(taskId);
    expect(second.base.objects).toHaveLength(3);
    const done = await call('reviewer', 'POST', `/api/tasks/${taskId}/review`, { decision: 'accept', leaseToken: second.lease.token, submissionId: randomUUID() });
    expect(done.json()).toMatchObject({ outcome: 'accepted', status: 'completed' });

    const history = (await call('owner', 'GET', `/api/tasks/${taskId}/history`)).json();
    expect(history.events.map((e: { from: string; to: string }) => `${e.from}→${e.to}`)).toEqual([
      'pending→leased', 'leased→submitted', 'submitted→submitted', 'submitted→pending', 'pending→leased', 'leased→submitted', 'submitted→submitted', 'submitted→completed',
    ]);
    expect(history.events[3].reason).toBe('rejected in review pass 1: The right box is a pedestrian');
    expect(history.reviews.map((r: { outcome: string }) => r.outcome)).toEqual(['rejected', 'accepted']);
    expect(history.reviews[0].comments).toEqual(comments);
  });

  it('never offers a reviewer their own labeling', async () => {
    w = await makeWorld(backend, { tasks: 1, reviewPasses: 1 });
    await addProjectMember(w.ctx, w.projectId, w.users.owner.id, w.users.reviewer.email, 'labeler');
    await labelAndSubmit('reviewer');
    expect((await nextReview()).json().task).toBeNull();
    expect((await nextReview('reviewer2')).json().task).not.toBeNull();
  });

  it('routes a second pass to another reviewer, and never back to the first', async () => {
    w = await makeWorld(backend, { tasks: 1, reviewPasses: 2 });
    const { taskId } = await labelAndSubmit();
    const first = (await nextReview()).json();
    const pass1 = await call('reviewer', 'POST', `/api/tasks/${taskId}/review`, { decision: 'accept', leaseToken: first.lease.token, submissionId: randomUUID() });
    expect(pass1.json()).toMatchObject({ outcome: 'accepted', status: 'submitted' });
    expect((await nextReview()).json().task).toBeNull();
    const second = (await nextReview('reviewer2')).json();
    expect(second).toMatchObject({ task: { id: taskId }, pass: 2, passes: 2 });
    const pass2 = await call('reviewer2', 'POST', `/api/tasks/${taskId}/review`, { decision: 'accept', leaseToken: second.lease.token, submissionId: randomUUID() });
    expect(pass2.json()).toMatchObject({ status: 'completed' });
    const history = (await call('reviewer', 'GET', `/api/tasks/${taskId}/history`)).json();
    expect(history.events.find((e: { reason: string }) => e.reason.startsWith('accepted in review pass 1')).reason).toMatch(/pass 2 routed \(least loaded\)/);
  });

  it('completes tasks that are not sampled, and says why', async () => {
    // A draw above any rate: only the trust rate of a brand-new labeler (1) still reviews.
    w = await makeWorld(backend, { tasks: 1, reviewPasses: 1, random: () => 0.999 });
    const { taskId, status } = await labelAndSubmit();
    expect(status).toBe('submitted');
    await w.db.db.updateTable('projects').set({ settings: JSON.stringify({ leaseTtlMs: 600_000, maxAttempts: 3, reviewPasses: 1, reviewFloorRate: 0 }) }).where('id', '=', w.projectId).execute();
    const claim = (await nextReview()).json();
    await call('reviewer', 'POST', `/api/tasks/${taskId}/review`, { decision: 'accept', leaseToken: claim.lease.token, submissionId: randomUUID() });
    // One clean review lowers this labeler's rate below 1, and a draw of 0.999 now passes on review.
    const res = await call('owner', 'POST', `/api/projects/${w.projectId}/tasks`, { data: { kind: 'image', imageUrl: '/demo/images/street-01.jpg', width: 800, height: 600 } });
    expect(res.statusCode).toBe(201);
    const next = await labelAndSubmit();
    expect(next.status).toBe('completed');
    const history = (await call('owner', 'GET', `/api/tasks/${next.taskId}/history`)).json();
    expect(history.events.at(-1).reason).toMatch(/^not sampled for review \(rate \d+ %\)$/);
  });
});

describe.each(backends)('review findings feed error patterns on %s', (backend) => {
  let w: World;
  afterEach(() => w?.dispose());

  it('flags a labeler whose boxes reviewers keep tightening, and then reviews all their work', async () => {
    // A draw of 0.5 reviews while the record is short; at the end 0.999, which only an active pattern overrides.
    let draw = 0.5;
    w = await makeWorld(backend, { tasks: 7, reviewPasses: 1, random: () => draw });
    const call = async (who: keyof World['users'], url: string, payload?: object) =>
      w.app.inject({ method: 'POST', url, payload, headers: { cookie: await w.cookie(who) } });
    const loose = { objects: [box('a', 'car', 100, 100, 140, 80)] };
    const tight = { objects: [box('a', 'car', 100, 100, 110, 80)] };
    for (let i = 0; i < 6; i++) {
      w.clock.advance(60_000);
      const c = (await call('labeler', `/api/projects/${w.projectId}/queue/next`)).json();
      const sub = (await call('labeler', `/api/tasks/${c.task.id}/submit`, { leaseToken: c.lease.token, submissionId: randomUUID(), document: loose })).json();
      expect(sub.status).toBe('submitted');
      w.clock.advance(60_000);
      const r = (await call('reviewer', `/api/projects/${w.projectId}/review/next`)).json();
      expect(r.task.id).toBe(c.task.id);
      const res = await call('reviewer', `/api/tasks/${r.task.id}/review`, { decision: 'accept', leaseToken: r.lease.token, submissionId: randomUUID(), document: tight });
      expect(res.json().findings.map((f: { type: string }) => f.type)).toEqual(['loose_box']);
    }
    const patterns = (await w.app.inject({ method: 'GET', url: `/api/projects/${w.projectId}/patterns/me`, headers: { cookie: await w.cookie('labeler') } })).json();
    expect(patterns.patterns.map((p: { findingType: string }) => p.findingType)).toContain('loose_box');
    const quality = (await w.app.inject({ method: 'GET', url: `/api/projects/${w.projectId}/quality/me`, headers: { cookie: await w.cookie('labeler') } })).json();
    expect(quality.quality.findingCounts.loose_box).toBeGreaterThanOrEqual(5);

    // With a pattern active every submission is reviewed, whatever the draw.
    draw = 0.999;
    w.clock.advance(60_000);
    const c = (await call('labeler', `/api/projects/${w.projectId}/queue/next`)).json();
    const sub = (await call('labeler', `/api/tasks/${c.task.id}/submit`, { leaseToken: c.lease.token, submissionId: randomUUID(), document: loose })).json();
    expect(sub.status).toBe('submitted');
  });
});

describe.each(backends)('gold for reviewers on %s', (backend) => {
  let w: World;
  afterEach(() => w?.dispose());

  it('serves a planted task to every reviewer like any review, and measures missed errors and false fixes', async () => {
    w = await makeWorld(backend, { tasks: 1, reviewPasses: 1 });
    const call = async (who: keyof World['users'], method: 'GET' | 'POST', url: string, payload?: object) =>
      w.app.inject({ method, url, payload, headers: { cookie: await w.cookie(who) } });
    const taskId = (await w.db.db.selectFrom('tasks').select('id').executeTakeFirstOrThrow()).id;
    const gold = { objects: [box('a', 'car', 100, 100, 100, 80), box('b', 'pedestrian', 400, 300, 50, 100)] };
    const planted = { objects: [box('a', 'car', 100, 100, 130, 80), box('b', 'pedestrian', 400, 300, 50, 100)] };

    expect((await call('owner', 'POST', `/api/tasks/${taskId}/review-gold`, { planted })).json().fields).toEqual({ taskId: 'not a gold task' });
    expect((await call('owner', 'POST', `/api/tasks/${taskId}/gold`, { document: gold })).statusCode).toBe(200);
    expect((await call('labeler', 'POST', `/api/tasks/${taskId}/review-gold`, { planted })).statusCode).toBe(403);
    const plant = await call('owner', 'POST', `/api/tasks/${taskId}/review-gold`, { planted });
    expect(plant.json()).toEqual({ taskId, reviewers: 2, plantedErrors: 1 });

    // Reviewer 1 sees the planted work under a labeler's name, nothing of the gold answer, and accepts it as is.
    w.clock.advance(1000);
    const claim = await call('reviewer', 'POST', `/api/projects/${w.projectId}/review/next`);
    expect(claim.json()).toMatchObject({ task: { id: taskId }, pass: 1, labeler: { name: expect.stringMatching(/^labeler/) }, base: planted });
    expect(claim.body).not.toContain('"w":100');
    const decision = { decision: 'accept', leaseToken: claim.json().lease.token, submissionId: randomUUID() };
    const accepted = await call('reviewer', 'POST', `/api/tasks/${taskId}/review`, decision);
    expect(accepted.json().findings.map((f: { type: string }) => f.type)).toEqual(['missed_error']);
    // A repeat answers the same, as for any pass.
    expect((await call('reviewer', 'POST', `/api/tasks/${taskId}/review`, decision)).json()).toEqual(accepted.json());

    // Reviewer 2 repairs the car's edge and also "fixes" the right pedestrian box, 30 px wider.
    w.clock.advance(1000);
    const claim2 = (await call('reviewer2', 'POST', `/api/projects/${w.projectId}/review/next`)).json();
    expect(claim2.task.id).toBe(taskId);
    const fix = { objects: [box('a', 'car', 100, 100, 100, 80), box('b', 'pedestrian', 400, 300, 80, 100)] };
    const fixed = await call('reviewer2', 'POST', `/api/tasks/${taskId}/review`, { decision: 'accept', leaseToken: claim2.lease.token, submissionId: randomUUID(), document: fix });
    expect(fixed.json()).toMatchObject({ outcome: 'fixed' });
    expect(fixed.json().findings.map((f: { type: string }) => f.type)).toEqual(['false_fix']);

    const quality = (await call('owner', 'GET', `/api/projects/${w.projectId}/reviewer-quality`)).json().reviewers;
    expect(quality).toEqual([
      expect.objectContaining({ name: 'reviewer', checks: 1, planted: 1, caught: 0, missed: 1, checksWithFalseFix: 0, catchRate: 0 }),
      expect.objectContaining({ name: 'reviewer2', checks: 1, planted: 1, caught: 1, missed: 0, checksWithFalseFix: 1, catchRate: 1 }),
    ]);
    // The customer's task is untouched: no annotation from the checks, and nothing more to review.
    expect(await w.db.db.selectFrom('annotations').selectAll().where('task_id', '=', taskId).execute()).toEqual([]);
    expect((await call('reviewer', 'POST', `/api/projects/${w.projectId}/review/next`)).json().task).toBeNull();
  });
});
