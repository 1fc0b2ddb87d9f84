import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { compressRle, decompressRle, encodeBitmap } from '../../core/masks/rle';
import { rleArea } from '../../core/masks/rle-ops';
import { makeWorld, type World } from '../test/builders';
import { backends } from '../test/test-db';

/** A mask object on the builders' 800×600 image: the union of rectangles [x0, x1) × [y0, y1). */
function mask(id: string, classId: string, ...rects: [number, number, number, number][]) {
  const data = new Uint8Array(800 * 600);
  for (const [x0, y0, x1, y1] of rects) for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) data[y * 800 + x] = 1;
  return { id, classId, geometry: { kind: 'mask', rle: compressRle(encodeBitmap({ width: 800, height: 600, data })) }, attributes: {}, source: 'human', version: 1 };
}
const CAR: [number, number, number, number] = [100, 100, 300, 200];
const PED: [number, number, number, number] = [500, 150, 540, 260];
const goldDoc = { objects: [mask('g-car', 'car', CAR), mask('g-ped', 'pedestrian', PED)] };
/** The car bleeds 40 × 60 px over its right side. */
const spilled = { objects: [mask('a-car', 'car', CAR, [300, 120, 340, 180]), mask('a-ped', 'pedestrian', PED)] };

describe.each(backends)('segmentation gold and review on %s', (backend) => {
  let w: World;
  afterEach(() => w?.dispose());

  async function call(who: keyof World['users'], method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) {
    return w.app.inject({ method, url, payload, headers: { cookie: await w.cookie(who) } });
  }
  async function allGold(doc: object = goldDoc) {
    expect((await call('owner', 'PUT', `/api/projects/${w.projectId}`, { settings: { goldRateStart: 1, goldRateFloor: 1 } })).statusCode).toBe(200);
    const tasks = await w.db.db.selectFrom('tasks').select('id').orderBy('created_at').execute();
    for (const t of tasks) expect((await call('owner', 'POST', `/api/tasks/${t.id}/gold`, { document: doc })).statusCode).toBe(200);
  }
  async function submitGold(who: keyof World['users'], doc: object) {
    const c = (await call(who, 'POST', `/api/projects/${w.projectId}/queue/next`)).json();
    w.clock.advance(60_000);
    const submissionId = randomUUID();
    const res = await call(who, 'POST', `/api/tasks/${c.task.id}/submit`, { leaseToken: c.lease.token, submissionId, document: doc });
    expect(res.statusCode).toBe(200);
    return { res, taskId: c.task.id as string, token: c.lease.token as string, submissionId };
  }

  it('judges a painted mask against the gold masks: the spill comes back pinned with its region, is stored, and counts against the car', async () => {
    w = await makeWorld(backend, { tasks: 2 });
    await allGold();
    const { res, taskId, token, submissionId } = await submitGold('labeler', spilled);
    const body = res.json();
    expect(body.feedback).toMatchObject({ objectsTotal: 2, objectsCorrect: 1, reference: goldDoc });
    expect(body.feedback.findings).toHaveLength(1);
    const f = body.feedback.findings[0];
    // Tolerance max(2, 0.2% × 1000) = 2 px: the 38 columns beyond it, 60 rows each.
    expect(f).toMatchObject({
      type: 'spill', objectId: 'a-car', referenceId: 'g-car', magnitude: 2280, source: 'gold',
      explanation: 'car spills 2,280 px onto the background at the top',
      detail: { classId: 'car', bounds: { x: 302, y: 120, w: 38, h: 60 }, tolerancePx: 2 },
    });
    expect(rleArea(decompressRle(f.detail.region))).toBe(2280);
    expect(f.detail.point.x).toBeGreaterThan(302);
    expect(f.detail.iou).toBeCloseTo(20000 / 22400, 3);

    const stored = await w.db.db.selectFrom('findings').selectAll().execute();
    expect(stored.map((s) => [s.type, s.object_id, s.reference_id, s.task_id, s.source])).toEqual([['spill', 'a-car', 'g-car', taskId, 'gold']]);
    const repeat = await call('labeler', 'POST', `/api/tasks/${taskId}/submit`, { leaseToken: token, submissionId, document: spilled });
    expect(repeat.json()).toEqual(body);

    // The same gold painted right: no finding, both masks correct.
    const right = (await submitGold('labeler2', { objects: [mask('b-car', 'car', [101, 100, 300, 201]), mask('b-ped', 'pedestrian', PED)] })).res.json();
    expect(right.feedback).toMatchObject({ findings: [], objectsTotal: 2, objectsCorrect: 2 });
    const q = (await call('labeler2', 'GET', `/api/projects/${w.projectId}/quality/me`)).json().quality;
    expect(q.accuracy).toMatchObject({ successes: 2, trials: 2 });
  });

  it('names both classes of a wrong-class region and the missed one; a class only the answer has is an extra object', async () => {
    w = await makeWorld(backend, { tasks: 1 });
    await allGold();
    // The pedestrian is painted as a car; half the car is left unpainted.
    const doc = { objects: [mask('a-car', 'car', [100, 100, 200, 200], PED)] };
    const found = (await submitGold('labeler', doc)).res.json().feedback;
    expect(found.findings.map((f: { type: string }) => f.type)).toEqual(['missed_region', 'wrong_class']);
    expect(found.findings[0]).toMatchObject({ referenceId: 'g-car', explanation: '9,800 px of car left unlabeled at the top left', detail: { classId: 'car' } });
    expect(found.findings[1]).toMatchObject({
      objectId: 'a-car', referenceId: 'g-ped', explanation: '4,400 px of pedestrian labeled as car in the middle',
      detail: { answerClassId: 'car', referenceClassId: 'pedestrian' },
    });
    expect(found).toMatchObject({ objectsTotal: 2, objectsCorrect: 0 });
    const keys = await w.db.db.selectFrom('findings').select(['type', 'detail']).orderBy('type').execute();
    expect(keys.map((k) => [k.type, (k.detail as { referenceClassId?: string }).referenceClassId ?? null])).toEqual([['missed_region', null], ['wrong_class', 'pedestrian']]);

    const w2 = w;
    w = await makeWorld(backend, { tasks: 1 });
    await w2.dispose();
    await allGold({ objects: [mask('g-car', 'car', CAR)] });
    const extra = (await submitGold('labeler', { objects: [mask('a-car', 'car', CAR), mask('a-ped', 'pedestrian', PED)] })).res.json().feedback;
    expect(extra.findings.map((f: { type: string; explanation: string }) => [f.type, f.explanation])).toEqual([['spill', 'a stray 4,400 px of pedestrian in the middle, where the reference has no pedestrian']]);
    expect(extra).toMatchObject({ objectsTotal: 2, objectsCorrect: 1 });
  });

  it('repeated spills make a pattern with the spill course, whose built-in lesson is about edges', async () => {
    w = await makeWorld(backend, { tasks: 4 });
    await allGold();
    for (let i = 0; i < 4; i++) await submitGold('labeler', spilled);
    const patterns = (await call('labeler', 'GET', `/api/projects/${w.projectId}/patterns/me`)).json().patterns;
    expect(patterns).toMatchObject([{ key: 'spill', findingType: 'spill', observations: 8, hits: 4 }]);
    expect(patterns[0].summary).toBe('4 of your last 8 masks spilled over their boundary');
    const course = (await call('labeler', 'GET', `/api/projects/${w.projectId}/courses/spill`)).json().course;
    expect(course).toMatchObject({ findingType: 'spill', title: 'Staying inside the boundary', custom: false });
    expect(course.lessonMd).toMatch(/Do not paint over the edge/);
    expect(course.examples).toHaveLength(2);
    for (const type of ['missed_region', 'boundary_error']) {
      expect((await call('owner', 'GET', `/api/projects/${w.projectId}/courses/${type}`)).json().course.lessonMd.length).toBeGreaterThan(100);
    }
  });

  it('a reviewer’s fix of a spilled mask becomes the same spill finding, in the labeler’s inbox', async () => {
    w = await makeWorld(backend, { tasks: 1, reviewPasses: 1 });
    const { taskId } = await submitGold('labeler', spilled);
    const claim = (await call('reviewer', 'POST', `/api/projects/${w.projectId}/review/next`)).json();
    expect(claim.task.id).toBe(taskId);
    const fixed = { objects: [mask('a-car', 'car', CAR), mask('a-ped', 'pedestrian', PED)] };
    const res = await call('reviewer', 'POST', `/api/tasks/${taskId}/review`, { decision: 'accept', leaseToken: claim.lease.token, submissionId: randomUUID(), document: fixed });
    expect(res.statusCode).toBe(200);
    expect(res.json().findings).toEqual([{ type: 'spill', objectId: 'a-car', referenceId: 'a-car', magnitude: 2280, message: 'Car spills 2,280 px onto the background at the top' }]);
    const inbox = (await call('labeler', 'GET', `/api/projects/${w.projectId}/feedback`)).json().inbox;
    expect(inbox.tasks[0].findings).toMatchObject([{ type: 'spill', source: 'review', detail: { classId: 'car', bounds: { x: 302, y: 120, w: 38, h: 60 } } }]);
  });
});
