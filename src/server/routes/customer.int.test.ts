import { randomUUID } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalBlobStore } from '../media/blob-store';
import { makeWorld, type World } from '../test/builders';
import { startMediaServer } from '../test/media-server';
import { backends } from '../test/test-db';

describe.each(backends)('customer API (Scale-compatible) on %s', (backend) => {
  let w: World;
  let media: Awaited<ReturnType<typeof startMediaServer>>;
  let key: string;
  let auth: { authorization: string };

  beforeAll(async () => {
    w = await makeWorld(backend, { tasks: 0, allowPrivateUrls: true });
    media = await startMediaServer();
    const res = await w.app.inject({ method: 'POST', url: '/api/api-keys', headers: { cookie: await w.cookie('owner') }, payload: { name: 'pipeline', defaultProjectId: w.projectId } });
    expect(res.statusCode).toBe(201);
    key = res.json().key.key;
    auth = { authorization: `Basic ${Buffer.from(`${key}:`).toString('base64')}` };
  });
  afterAll(async () => {
    await media.close();
    await w.dispose();
  });

  const boxTask = (extra: object = {}) => ({
    attachment: media.url('/street.jpg'),
    attachment_type: 'image',
    instruction: 'Box the cars',
    geometries: { box: { objects_to_annotate: ['Car', { choice: 'pedestrian', subchoices: ['adult', 'child'] }], min_width: 5 } },
    metadata: { frame: 12 },
    ...extra,
  });
  const create = (body: object, headers: object = auth) => w.app.inject({ method: 'POST', url: '/v1/task/imageannotation', headers: { ...headers }, payload: body });

  it('creates a task, fetches its image, and completes it in Scale format after a labeler submits', async () => {
    const res = await create(boxTask({ callback_url: 'https://example.com/hook' }));
    expect(res.statusCode).toBe(200);
    const task = res.json();
    expect(task).toMatchObject({ type: 'imageannotation', status: 'pending', instruction: 'Box the cars', metadata: { frame: 12 }, project: 'Streets', callback_url: 'https://example.com/hook' });
    expect(task.params.geometries.box.objects_to_annotate[0]).toBe('Car');
    expect(media.hits).toContain('/street.jpg');

    const cookie = await w.cookie('labeler');
    const claim = (await w.app.inject({ method: 'POST', url: `/api/projects/${w.projectId}/queue/next`, headers: { cookie } })).json();
    expect(claim.task.id).toBe(task.task_id);
    expect(claim.task.data).toMatchObject({ kind: 'image', width: 640, height: 480, imageUrl: expect.stringMatching(/^\/api\/media\//), instruction: 'Box the cars' });
    // The stored image: to the lease holder (with ranges) and the owner, not to another labeler.
    const mediaUrl = claim.task.data.imageUrl;
    const full = await w.app.inject({ method: 'GET', url: mediaUrl, headers: { cookie } });
    expect(full.statusCode).toBe(200);
    expect(full.headers['content-type']).toBe('image/jpeg');
    const part = await w.app.inject({ method: 'GET', url: mediaUrl, headers: { cookie, range: 'bytes=0-99' } });
    expect(part.statusCode).toBe(206);
    expect(part.rawPayload.length).toBe(100);
    expect(part.rawPayload.equals(full.rawPayload.subarray(0, 100))).toBe(true);
    expect((await w.app.inject({ method: 'GET', url: mediaUrl, headers: { cookie: await w.cookie('labeler2') } })).statusCode).toBe(404);
    expect((await w.app.inject({ method: 'GET', url: mediaUrl, headers: { cookie: await w.cookie('owner') } })).statusCode).toBe(200);
    const doc = { objects: [{ id: 'obj-1', classId: 'car', geometry: { kind: 'box', x: 10, y: 20, w: 30, h: 40 }, attributes: { occluded: true } }] };
    const submit = await w.app.inject({ method: 'POST', url: `/api/tasks/${task.task_id}/submit`, headers: { cookie }, payload: { leaseToken: claim.lease.token, submissionId: randomUUID(), document: doc } });
    expect(submit.statusCode).toBe(200);

    const done = (await w.app.inject({ method: 'GET', url: `/v1/task/${task.task_id}`, headers: auth })).json();
    expect(done.status).toBe('completed');
    expect(done.completed_at).toEqual(expect.any(String));
    expect(done.response).toEqual({
      annotations: [{ uuid: 'obj-1', type: 'box', label: 'Car', attributes: { occluded: true }, left: 10, top: 20, width: 30, height: 40 }],
      global_attributes: {},
    });
    const outbox = await w.db.db.selectFrom('webhook_deliveries').selectAll().where('task_id', '=', task.task_id).execute();
    expect(outbox).toHaveLength(1);
    expect(outbox[0]!.body).toMatchObject({ task_id: task.task_id, task: { status: 'completed' }, response: done.response });
  });

  it('loads hypothesis pre-annotations as the labeler\'s starting objects, marked as machine-made', async () => {
    const hypothesis = {
      annotations: [
        { type: 'box', label: 'Car', left: 5, top: 6, width: 50, height: 40, uuid: 'h-box' },
        { type: 'polygon', label: 'pedestrian', vertices: [{ x: 100, y: 100 }, { x: 140, y: 100 }, { x: 120, y: 180 }] },
      ],
    };
    const t = (await create(boxTask({ hypothesis, priority: 900 }))).json();
    expect(t.status).toBe('pending');
    const claim = (await w.app.inject({ method: 'POST', url: `/api/projects/${w.projectId}/queue/next`, headers: { cookie: await w.cookie('labeler3') } })).json();
    expect(claim.task.id).toBe(t.task_id);
    expect(claim.draft.objects).toEqual([
      { id: 'h-box', classId: 'car', geometry: { kind: 'box', x: 5, y: 6, w: 50, h: 40 }, attributes: {}, source: 'hypothesis', version: 1 },
      expect.objectContaining({ classId: 'pedestrian', source: 'hypothesis', geometry: { kind: 'polygon', points: [{ x: 100, y: 100 }, { x: 140, y: 100 }, { x: 120, y: 180 }] } }),
    ]);
    const bad = await create(boxTask({ hypothesis: { annotations: [{ type: 'box', label: 'tractor', left: 1, top: 1, width: 2, height: 2 }, { type: 'box', label: 'car', left: 1, top: 1, width: -2, height: 2 }] } }));
    expect(bad.statusCode).toBe(400);
    expect(Object.keys(bad.json().fields).sort()).toEqual(['hypothesis.annotations.1.width']);
    const unknown = await create(boxTask({ hypothesis: { annotations: [{ type: 'box', label: 'tractor', left: 1, top: 1, width: 2, height: 2 }] } }));
    expect(unknown.json().fields).toEqual({ 'hypothesis.annotations.0.label': "no class 'tractor' in the project" });
  });

  it('answers a repeated unique_id with 409 and creates nothing', async () => {
    const first = await create(boxTask({ unique_id: 'frame-0001' }));
    expect(first.statusCode).toBe(200);
    const again = await create(boxTask({ unique_id: 'frame-0001' }));
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ status_code: 409, error: expect.stringContaining(first.json().task_id) });
    const count = await w.db.db.selectFrom('tasks').select((eb) => eb.fn.countAll<string>().as('n')).where('unique_id', '=', 'frame-0001').executeTakeFirst();
    expect(Number(count!.n)).toBe(1);
  });

  it('refuses a missing or wrong key with 401 in Scale shape', async () => {
    expect((await create(boxTask(), {})).json()).toMatchObject({ status_code: 401 });
    const wrong = await create(boxTask(), { authorization: `Basic ${Buffer.from('lb_live_nope:').toString('base64')}` });
    expect(wrong.statusCode).toBe(401);
  });

  it('names the bad fields with 400', async () => {
    const res = await create({ geometries: { box: { objects_to_annotate: [] } }, callback_url: 'ftp://x' });
    expect(res.statusCode).toBe(400);
    expect(res.json().status_code).toBe(400);
    expect(Object.keys(res.json().fields).sort()).toEqual(['attachment', 'callback_url', 'geometries.box.objects_to_annotate']);
    const unknown = await create(boxTask({ geometries: { polygon: { objects_to_annotate: ['tractor'] } } }));
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().fields['geometries.polygon.objects_to_annotate.0']).toMatch(/no class 'tractor'/);
    const type = await w.app.inject({ method: 'POST', url: '/v1/task/lidarannotation', headers: auth, payload: boxTask() });
    expect(type.statusCode).toBe(400);
    const malformed = await w.app.inject({ method: 'POST', url: '/v1/task/imageannotation', headers: { ...auth, 'content-type': 'application/json' }, payload: '{"attachment":' });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().status_code).toBe(400);
  });

  it('keeps nothing of a create refused after its media was fetched (a hypothesis outside the image)', async () => {
    const rows = async () => (await w.db.db.selectFrom('blobs').select('id').execute()).length;
    const files = async () => (await readdir((w.ctx.blobs as LocalBlobStore).root)).filter((n) => n !== '.incoming').length;
    const [rowsBefore, filesBefore] = [await rows(), await files()];
    const res = await create(boxTask({ hypothesis: { annotations: [{ type: 'box', label: 'car', left: 600, top: 10, width: 100, height: 20 }] } }));
    expect(res.statusCode).toBe(400);
    expect(Object.keys(res.json().fields)).toEqual(['hypothesis.annotations.0.geometry']);
    expect([await rows(), await files()]).toEqual([rowsBefore, filesBefore]);
    expect(media.hits.at(-1)).toBe('/street.jpg'); // it was fetched, then removed
  });

  it('puts a task with unusable media in error with a readable reason', async () => {
    const missing = (await create(boxTask({ attachment: media.url('/gone.jpg') }))).json();
    expect(missing).toMatchObject({ status: 'error', error: expect.stringContaining('HTTP 404') });
    const notImage = (await create(boxTask({ attachment: media.url('/not-an-image.jpg') }))).json();
    expect(notImage.error).toMatch(/not an image/);
    const redirected = (await create(boxTask({ attachment: media.url('/redirect') }))).json();
    expect(redirected.status).toBe('pending');
  });

  it('hides other owners\' tasks and answers 404', async () => {
    const mine = (await create(boxTask())).json();
    const cookie = await w.cookie('outsider');
    await w.app.inject({ method: 'POST', url: '/api/projects', headers: { cookie }, payload: { name: 'Theirs', kind: 'image', ontology: { classes: [{ id: 'car', name: 'Car', color: '#ff0000' }] } } });
    const theirKey = (await w.app.inject({ method: 'POST', url: '/api/api-keys', headers: { cookie }, payload: { name: 'k' } })).json().key.key;
    const res = await w.app.inject({ method: 'GET', url: `/v1/task/${mine.task_id}`, headers: { authorization: `Basic ${Buffer.from(`${theirKey}:`).toString('base64')}` } });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ status_code: 404, error: 'Task not found' });
  });

  it('lists with offset and next_token pagination', async () => {
    for (let i = 0; i < 4; i++) {
      await create(boxTask({ batch: 'b-list' }));
      w.clock.advance(1000);
    }
    const page1 = (await w.app.inject({ method: 'GET', url: '/v1/tasks?batch=b-list&limit=3', headers: auth })).json();
    expect(page1).toMatchObject({ total: 4, limit: 3, offset: 0, has_more: true });
    expect(page1.docs).toHaveLength(3);
    const page2 = (await w.app.inject({ method: 'GET', url: `/v1/tasks?batch=b-list&limit=3&next_token=${page1.next_token}`, headers: auth })).json();
    expect(page2.docs).toHaveLength(1);
    expect(page2.has_more).toBe(false);
    const ids = [...page1.docs, ...page2.docs].map((t: { task_id: string }) => t.task_id);
    expect(new Set(ids).size).toBe(4);
    const byOffset = (await w.app.inject({ method: 'GET', url: '/v1/tasks?batch=b-list&limit=3&offset=3', headers: auth })).json();
    expect(byOffset.docs.map((t: { task_id: string }) => t.task_id)).toEqual(page2.docs.map((t: { task_id: string }) => t.task_id));
    const bad = await w.app.inject({ method: 'GET', url: '/v1/tasks?limit=0&status=done', headers: auth });
    expect(bad.statusCode).toBe(400);
    expect(Object.keys(bad.json().fields).sort()).toEqual(['limit', 'status']);
  });

  it('filters the list by type, project and creation time', async () => {
    const box = (await create(boxTask({ batch: 'b-filter' }))).json();
    w.clock.advance(60_000);
    const t1 = w.clock.now.toISOString();
    const cat = (await w.app.inject({ method: 'POST', url: '/v1/task/categorization', headers: auth, payload: { attachment: media.url('/street.jpg'), batch: 'b-filter', categories: ['day', 'night'] } })).json();
    expect(cat.status).toBe('pending');
    w.clock.advance(60_000);
    const list = async (q: string) => (await w.app.inject({ method: 'GET', url: `/v1/tasks?batch=b-filter&${q}`, headers: auth })).json().docs.map((t: { task_id: string }) => t.task_id);
    expect(await list('type=categorization')).toEqual([cat.task_id]);
    expect(await list('type=imageannotation')).toEqual([box.task_id]);
    expect(await list(`start_time=${t1}`)).toEqual([cat.task_id]);
    expect(await list(`end_time=${t1}`)).toEqual([box.task_id]);
    expect(await list('project=Streets')).toEqual([cat.task_id, box.task_id]);
    expect(await list('project=Elsewhere')).toEqual([]);
  });

  it('answers 401 to a key once its owner revokes it', async () => {
    const cookie = await w.cookie('owner');
    const made = (await w.app.inject({ method: 'POST', url: '/api/api-keys', headers: { cookie }, payload: { name: 'to revoke', defaultProjectId: w.projectId } })).json().key;
    const headers = { authorization: `Basic ${Buffer.from(`${made.key}:`).toString('base64')}` };
    expect((await w.app.inject({ method: 'GET', url: '/v1/tasks', headers })).statusCode).toBe(200);
    expect((await w.app.inject({ method: 'POST', url: `/api/api-keys/${made.id}/revoke`, headers: { cookie } })).statusCode).toBe(200);
    const after = await w.app.inject({ method: 'GET', url: '/v1/tasks', headers });
    expect(after.statusCode).toBe(401);
    expect(after.json().status_code).toBe(401);
  });

  it('cancels a pending task, after which its lease holder cannot submit', async () => {
    const t = (await create(boxTask())).json();
    const cookie = await w.cookie('labeler2');
    let claim = (await w.app.inject({ method: 'POST', url: `/api/projects/${w.projectId}/queue/next`, headers: { cookie } })).json();
    while (claim.task && claim.task.id !== t.task_id) {
      await w.app.inject({ method: 'POST', url: `/api/tasks/${claim.task.id}/skip`, headers: { cookie }, payload: { leaseToken: claim.lease.token, reason: 'testing' } });
      claim = (await w.app.inject({ method: 'POST', url: `/api/projects/${w.projectId}/queue/next`, headers: { cookie } })).json();
    }
    const canceled = await w.app.inject({ method: 'POST', url: `/v1/task/${t.task_id}/cancel`, headers: auth });
    expect(canceled.json().status).toBe('canceled');
    expect((await w.app.inject({ method: 'POST', url: `/v1/task/${t.task_id}/cancel`, headers: auth })).json().status).toBe('canceled');
    const late = await w.app.inject({ method: 'POST', url: `/api/tasks/${t.task_id}/submit`, headers: { cookie }, payload: { leaseToken: claim.lease.token, submissionId: randomUUID(), document: { objects: [] } } });
    expect(late.statusCode).toBe(409);
  });
});

describe.each(backends)('customer media guard on %s', (backend) => {
  it('refuses attachments on loopback unless the owner allows private URLs', async () => {
    const w = await makeWorld(backend, { tasks: 0, allowPrivateUrls: false });
    const media = await startMediaServer();
    try {
      const key = (await w.app.inject({ method: 'POST', url: '/api/api-keys', headers: { cookie: await w.cookie('owner') }, payload: { name: 'k', defaultProjectId: w.projectId } })).json().key.key;
      const res = await w.app.inject({
        method: 'POST', url: '/v1/task/imageannotation', headers: { authorization: `Basic ${Buffer.from(`${key}:`).toString('base64')}` },
        payload: { attachment: media.url('/street.jpg'), geometries: { box: { objects_to_annotate: ['car'] } } },
      });
      expect(res.json()).toMatchObject({ status: 'error', error: expect.stringContaining('127.0.0.1 is an internal address') });
      expect(media.hits).toEqual([]);
    } finally {
      await media.close();
      await w.dispose();
    }
  });
});

describe.each(backends)('customer API rate limit on %s', (backend) => {
  it('answers 429 in Scale shape past the per-key limit', async () => {
    const w = await makeWorld(backend, { tasks: 0, config: { customerRequestsPerMinute: 3 } });
    try {
      const key = (await w.app.inject({ method: 'POST', url: '/api/api-keys', headers: { cookie: await w.cookie('owner') }, payload: { name: 'k' } })).json().key.key;
      const headers = { authorization: `Basic ${Buffer.from(`${key}:`).toString('base64')}` };
      const codes = [];
      for (let i = 0; i < 4; i++) codes.push((await w.app.inject({ method: 'GET', url: '/v1/tasks', headers })).statusCode);
      expect(codes).toEqual([200, 200, 200, 429]);
      const limited = await w.app.inject({ method: 'GET', url: '/v1/tasks', headers });
      expect(limited.json()).toEqual({ status_code: 429, error: expect.stringContaining('Rate limit of 3 requests per minute') });
    } finally {
      await w.dispose();
    }
  });
});
