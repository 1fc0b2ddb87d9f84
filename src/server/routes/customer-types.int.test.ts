import { randomUUID } from 'node:crypto';
import { unzlibSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compressRle, encodeBitmap } from '../../core/masks/rle';
import { polygonToBitmap } from '../../core/masks/raster';
import { makeWorld, ownerApiAuth, type World } from '../test/builders';
import { startMediaServer } from '../test/media-server';
import { backends } from '../test/test-db';

/** A mask of the media server's 640×480 street.jpg: the rectangle [x0, x1) × [y0, y1). */
const rectMask = (x0: number, y0: number, x1: number, y1: number) =>
  ({ kind: 'mask', rle: compressRle(encodeBitmap(polygonToBitmap([{ x: x0, y: y0 }, { x: x1, y: y0 }, { x: x1, y: y1 }, { x: x0, y: y1 }], 640, 480))) });

describe.each(backends)('customer API task types segmentannotation and categorization, and imageannotation\'s shapes, on %s', (backend) => {
  let w: World;
  let media: Awaited<ReturnType<typeof startMediaServer>>;
  let auth: { authorization: string };

  beforeAll(async () => {
    w = await makeWorld(backend, { tasks: 0, allowPrivateUrls: true });
    media = await startMediaServer();
    auth = await ownerApiAuth(w);
  });
  afterAll(async () => {
    await media.close();
    await w.dispose();
  });

  const create = (type: string, body: object) => w.app.inject({ method: 'POST', url: `/v1/task/${type}`, headers: auth, payload: { attachment: media.url('/street.jpg'), ...body } });
  const claim = async () => (await w.app.inject({ method: 'POST', url: `/api/projects/${w.projectId}/queue/next`, headers: { cookie: await w.cookie('labeler') } })).json();
  const submit = async (taskId: string, token: string, document: object) =>
    w.app.inject({ method: 'POST', url: `/api/tasks/${taskId}/submit`, headers: { cookie: await w.cookie('labeler') }, payload: { leaseToken: token, submissionId: randomUUID(), document } });
  const scaleTask = async (id: string) => (await w.app.inject({ method: 'GET', url: `/v1/task/${id}`, headers: auth })).json();

  it('imageannotation: the labeler gets the task\'s shapes, and a submit outside them is refused naming the object and field', async () => {
    const geometries = { box: { objects_to_annotate: ['Car'], min_width: 30, min_height: 12 }, polygon: { objects_to_annotate: [{ choice: 'pedestrian' }], min_vertices: 4, max_vertices: 5 } };
    const bad = await create('imageannotation', { geometries: { polygon: { objects_to_annotate: ['car'], min_vertices: 6, max_vertices: 5 } } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toContain('geometries.polygon.max_vertices');
    // Created a second apart, so that the queue hands them out in this order (same priority, then age).
    const ids: string[] = [];
    for (let i = 0; i < 2; i++) {
      ids.push((await create('imageannotation', { geometries })).json().task_id);
      w.clock.advance(1000);
    }
    const quad = [{ x: 10, y: 10 }, { x: 40, y: 10 }, { x: 40, y: 40 }, { x: 10, y: 40 }];
    // Twice: the first submit of the project reads everything, the second goes the remembered way (submit-memo).
    for (const id of ids) {
      const { task, lease } = await claim();
      expect(task.id).toBe(id);
      expect(task.data.shapes).toEqual({ box: { classIds: ['car'], minWidth: 30, minHeight: 12 }, polygon: { classIds: ['pedestrian'], minVertices: 4, maxVertices: 5 } });
      const refused = await submit(task.id, lease.token, { objects: [
        { id: 'b1', classId: 'car', geometry: { kind: 'box', x: 5, y: 5, w: 29.5, h: 20 }, attributes: {} },
        { id: 'p1', classId: 'car', geometry: { kind: 'polygon', points: quad }, attributes: {} },
        { id: 'p2', classId: 'pedestrian', geometry: { kind: 'polygon', points: [...quad, { x: 5, y: 25 }, { x: 8, y: 30 }] }, attributes: {} },
      ] });
      expect(refused.statusCode).toBe(400);
      expect(refused.json().fields).toEqual({
        'document.objects.0.geometry.w': "29.5 px wide; this task's boxes are at least 30 px wide",
        'document.objects.1.classId': "this task's polygons are for Pedestrian, not Car",
        'document.objects.2.geometry.points': "6 vertices; this task's polygons have at most 5",
      });
      expect((await scaleTask(id)).status).toBe('pending');
      const ok = await submit(task.id, lease.token, { objects: [
        { id: 'b1', classId: 'car', geometry: { kind: 'box', x: 5, y: 5, w: 30, h: 12 }, attributes: {} },
        { id: 'p1', classId: 'pedestrian', geometry: { kind: 'polygon', points: quad }, attributes: {} },
      ] });
      expect(ok.statusCode).toBe(200);
      const done = await scaleTask(id);
      expect(done.status).toBe('completed');
      expect(done.response.annotations.map((a: { type: string; label: string }) => `${a.type} ${a.label}`)).toEqual(['box Car', 'polygon pedestrian']);
    }
  });

  it('segmentannotation: labels name the classes, the labeler paints masks, the response maps the customer\'s labels', async () => {
    const res = await create('segmentannotation', { labels: ['CAR', 'pedestrian'], instance_labels: ['car'], allow_unlabeled: true });
    expect(res.statusCode).toBe(200);
    const created = res.json();
    expect(created).toMatchObject({ type: 'segmentannotation', status: 'pending', params: { labels: ['CAR', 'pedestrian'], instance_labels: ['car'] } });
    const { task, lease } = await claim();
    expect(task.id).toBe(created.task_id);
    expect(task.data).toMatchObject({ kind: 'image', width: 640, height: 480 });
    const doc = { objects: [{ id: 'm1', classId: 'car', geometry: rectMask(0, 0, 10, 4), attributes: {} }] };
    expect((await submit(task.id, lease.token, doc)).statusCode).toBe(200);
    const done = await scaleTask(task.id);
    expect(done.status).toBe('completed');
    // Every class of the project, indexed as in the ontology (stable across its tasks), spelled as this task's labels.
    expect(done.response.labelMapping).toEqual({ CAR: { index: 1, color: '#e6194b' }, pedestrian: { index: 2, color: '#3cb44b' } });
    expect(done.response.annotations).toEqual([expect.objectContaining({ uuid: 'm1', type: 'mask', label: 'CAR' })]);
    const png = await w.app.inject({ method: 'GET', url: done.response.combined.indexedImage, headers: auth });
    expect(png.statusCode).toBe(200);
    // Row 0 of the grayscale label map: a filter byte, then 10 pixels of label 1, then unlabeled.
    const raw = unzlibSync(png.rawPayload.subarray(41, 41 + png.rawPayload.readUInt32BE(33)));
    expect([...raw.subarray(0, 12)]).toEqual([0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0]);
  });

  it('segmentannotation with nothing painted still answers a label map, all unlabeled', async () => {
    const created = (await create('segmentannotation', { labels: ['car'] })).json();
    const { task, lease } = await claim();
    expect(task.id).toBe(created.task_id);
    expect((await submit(task.id, lease.token, { objects: [] })).statusCode).toBe(200);
    const done = await scaleTask(task.id);
    expect(done.response.labelMapping).toEqual({ car: { index: 1, color: '#e6194b' }, Pedestrian: { index: 2, color: '#3cb44b' } });
    const png = await w.app.inject({ method: 'GET', url: done.response.combined.indexedImage, headers: auth });
    expect(png.statusCode).toBe(200);
    expect(unzlibSync(png.rawPayload.subarray(41, 41 + png.rawPayload.readUInt32BE(33))).every((v) => v === 0)).toBe(true);
  });

  it('segmentannotation names unknown labels, instance labels outside the labels, and a missing label list', async () => {
    const bad = await create('segmentannotation', { labels: ['car', 'tractor'], instance_labels: ['bus'] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().status_code).toBe(400);
    expect(Object.keys(bad.json().fields).sort()).toEqual(['instance_labels.0', 'labels.1']);
    const none = await create('segmentannotation', {});
    expect(none.statusCode).toBe(400);
    expect(Object.keys(none.json().fields)).toEqual(['labels']);
  });

  it('segmentannotation takes mask pre-annotations and checks their size against the image', async () => {
    const wrongSize = compressRle(encodeBitmap(polygonToBitmap([{ x: 0, y: 0 }, { x: 4, y: 0 }, { x: 4, y: 4 }], 800, 600)));
    const bad = await create('segmentannotation', { labels: ['car'], hypothesis: { annotations: [{ type: 'mask', label: 'car', rle: wrongSize }] } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().fields).toEqual({ 'hypothesis.annotations.0.geometry.rle.size': 'mask is 800×600 (size [600, 800]) but the image is 640×480' });
    const good = await create('segmentannotation', { labels: ['car'], hypothesis: { annotations: [{ type: 'mask', label: 'car', rle: rectMask(0, 0, 8, 8).rle, uuid: 'h1' }] } });
    expect(good.statusCode).toBe(200);
    const { task, draft, lease } = await claim();
    expect(task.id).toBe(good.json().task_id);
    expect(draft.objects).toEqual([expect.objectContaining({ id: 'h1', classId: 'car', source: 'hypothesis', geometry: rectMask(0, 0, 8, 8) })]);
    expect((await submit(task.id, lease.token, draft)).statusCode).toBe(200);
  });

  it('categorization: the labeler gets the taxonomies, must answer each, and the customer reads the choices', async () => {
    const res = await create('categorization', {
      instruction: 'What is the weather, and what can you see?',
      taxonomies: { weather: { type: 'category', choices: ['sunny', 'rain', { value: 'snow', label: 'Snow' }] }, seen: { choices: ['car', 'bus', 'bike'], allow_multiple: true } },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().type).toBe('categorization');
    const { task, lease } = await claim();
    expect(task.data.categorize).toEqual({ taxonomies: [{ name: 'weather', choices: ['sunny', 'rain', 'snow'], allowMultiple: false }, { name: 'seen', choices: ['car', 'bus', 'bike'], allowMultiple: true }] });
    const unanswered = await submit(task.id, lease.token, { objects: [], categories: { weather: ['rain'] } });
    expect(unanswered.statusCode).toBe(400);
    expect(unanswered.json().fields).toEqual({ 'document.categories.seen': 'choose at least one of car, bus, bike' });
    const wrong = await submit(task.id, lease.token, { objects: [], categories: { weather: ['rain', 'snow'], seen: ['tram'] } });
    expect(wrong.json().fields).toEqual({ 'document.categories.weather': 'takes one choice', 'document.categories.seen': 'must be among car, bus, bike' });
    // A draft may be unfinished, but not wrong.
    const draft = await w.app.inject({ method: 'PUT', url: `/api/tasks/${task.id}/draft`, headers: { cookie: await w.cookie('labeler') }, payload: { leaseToken: lease.token, document: { objects: [], categories: { weather: ['snow'] } } } });
    expect(draft.statusCode).toBe(200);
    expect((await claim()).draft.categories).toEqual({ weather: ['snow'] });
    expect((await submit(task.id, lease.token, { objects: [], categories: { weather: ['snow'], seen: ['car', 'bike'] } })).statusCode).toBe(200);
    expect((await scaleTask(task.id)).response).toEqual({ taxonomies: { weather: ['snow'], seen: ['car', 'bike'] } });
  });

  it('categorization in the older form: categories and allow_multiple, answered as category too; a pre-answer is the starting point', async () => {
    const created = (await create('categorization', { categories: ['indoor', 'outdoor'], hypothesis: { taxonomies: { category: 'outdoor' } } })).json();
    const { task, lease, draft } = await claim();
    expect(task.id).toBe(created.task_id);
    expect(draft.categories).toEqual({ category: ['outdoor'] });
    expect((await submit(task.id, lease.token, draft)).statusCode).toBe(200);
    expect((await scaleTask(task.id)).response).toEqual({ taxonomies: { category: ['outdoor'] }, category: 'outdoor', categories: ['outdoor'] });
  });

  it('categorization names what is wrong: no question, an unknown taxonomy type, a text attachment, a pre-answer outside the choices', async () => {
    const none = await create('categorization', {});
    expect(none.statusCode).toBe(400);
    expect(Object.keys(none.json().fields)).toEqual(['taxonomies']);
    const ranged = await create('categorization', { taxonomies: { speed: { type: 'ranged_number', choices: ['1'] } } });
    expect(Object.keys(ranged.json().fields)).toEqual(['taxonomies.speed.type']);
    const text = await create('categorization', { attachment_type: 'text', categories: ['a'] });
    expect(text.json().fields).toEqual({ attachment_type: "must be 'image'" });
    const hyp = await create('categorization', { categories: ['a', 'b'], hypothesis: { taxonomies: { category: 'c' } } });
    expect(hyp.statusCode).toBe(400);
    expect(hyp.json().fields).toEqual({ 'hypothesis.categories.category': 'must be among a, b' });
    const type = await create('videoannotation', { categories: ['a'] });
    expect(type.statusCode).toBe(400);
    expect(type.json().fields).toEqual({ type: 'unsupported task type' });
  });

  it('categories on a task that asks for none are refused', async () => {
    await create('imageannotation', { geometries: { box: { objects_to_annotate: ['car'] } } });
    const { task, lease } = await claim();
    const res = await submit(task.id, lease.token, { objects: [], categories: { weather: ['rain'] } });
    expect(res.statusCode).toBe(400);
    expect(res.json().fields).toEqual({ 'document.categories.weather': 'this task asks for no categories' });
  });
});
