import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startBackgroundWork } from '../background';
import { archiveFinishedWork } from '../services/archive.service';
import { createTask } from '../services/tasks.service';
import { makeImageTask, makeWorld, type World } from '../test/builders';
import { startMediaServer } from '../test/media-server';
import { backends } from '../test/test-db';

const DAY_MS = 24 * 3600_000;
const box = (id: string, classId: string, x: number) => ({ id, classId, geometry: { kind: 'box', x, y: 20, w: 30, h: 40 }, attributes: {}, source: 'human', version: 1 });

describe.each(backends)('archiving finished work items on %s', (backend) => {
  let w: World;
  let closeMedia: (() => Promise<void>) | null = null;
  afterEach(async () => {
    await closeMedia?.();
    closeMedia = null;
    await w?.dispose();
  });

  async function call(who: keyof World['users'], method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) {
    return w.app.inject({ method, url, payload, headers: { cookie: await w.cookie(who) } });
  }
  async function claim(who: keyof World['users']) {
    w.clock.advance(1000);
    return (await call(who, 'POST', `/api/projects/${w.projectId}/queue/next`)).json();
  }
  async function submit(who: keyof World['users'], c: { task: { id: string }; lease: { token: string } }, objects: object[]) {
    const res = await call(who, 'POST', `/api/tasks/${c.task.id}/submit`, { leaseToken: c.lease.token, submissionId: randomUUID(), document: { objects } });
    expect(res.statusCode).toBe(200);
    return res.json();
  }
  const itemsOf = async (table: 'work_items' | 'work_items_archive', taskId: string) =>
    (await w.db.db.selectFrom(table).select(['id', 'stage', 'status', 'gold']).where('task_id', '=', taskId).orderBy('created_at').execute());

  it('moves a finished task’s items out of work_items after the retention, and the task reads the same everywhere', async () => {
    w = await makeWorld(backend, { tasks: 0, reviewPasses: 1, allowPrivateUrls: true, random: () => 0 });
    const media = await startMediaServer();
    closeMedia = media.close;
    const keyRes = await call('owner', 'POST', '/api/api-keys', { name: 'pipeline', defaultProjectId: w.projectId });
    const auth = { authorization: `Basic ${Buffer.from(`${keyRes.json().key.key}:`).toString('base64')}` };
    const created = await w.app.inject({
      method: 'POST', url: '/v1/task/imageannotation', headers: auth,
      payload: { attachment: media.url('/street.jpg'), instruction: 'Box the cars', geometries: { box: { objects_to_annotate: ['Car'] } } },
    });
    expect(created.statusCode).toBe(200);
    const taskId = created.json().task_id as string;
    w.clock.advance(1000);
    const waiting = await createTask(w.ctx, w.projectId, w.users.owner.id, makeImageTask());

    // Labeled, reviewed with a fix, completed.
    const c = await claim('labeler');
    expect(c.task.id).toBe(taskId);
    expect((await submit('labeler', c, [box('a', 'car', 10)])).status).toBe('submitted');
    const r = (await call('reviewer', 'POST', `/api/projects/${w.projectId}/review/next`)).json();
    expect(r.task.id).toBe(taskId);
    const decided = await call('reviewer', 'POST', `/api/tasks/${taskId}/review`, { decision: 'accept', leaseToken: r.lease.token, submissionId: randomUUID(), document: { objects: [box('a', 'car', 12)] } });
    expect(decided.json()).toMatchObject({ outcome: 'fixed', status: 'completed' });

    const readAll = async () => ({
      history: (await call('owner', 'GET', `/api/tasks/${taskId}/history`)).json(),
      v1: (await w.app.inject({ method: 'GET', url: `/v1/task/${taskId}`, headers: auth })).json(),
      annotation: (await call('owner', 'GET', `/api/tasks/${taskId}/annotation`)).json(),
      // The export's `date_created` is the time of the export; the rest must not change.
      export: { ...(await call('owner', 'GET', `/api/projects/${w.projectId}/export?format=coco`)).json(), info: null },
      calibration: (await call('owner', 'GET', `/api/projects/${w.projectId}/calibration`)).json(),
    });
    const before = await readAll();
    expect(before.history.annotations.map((a: { author: string; stage: string }) => [a.author, a.stage])).toEqual([['labeler', 'label'], ['reviewer', 'review']]);
    expect(before.v1.status).toBe('completed');
    expect(before.export.annotations).toHaveLength(1);

    // Within the retention nothing moves.
    w.clock.advance(7 * DAY_MS - 60_000);
    expect(await archiveFinishedWork(w.ctx)).toBe(0);
    expect(await itemsOf('work_items', taskId)).toHaveLength(2);

    w.clock.advance(2 * 60_000);
    expect(await archiveFinishedWork(w.ctx)).toBe(2);
    expect(await itemsOf('work_items', taskId)).toEqual([]);
    expect((await itemsOf('work_items_archive', taskId)).map((i) => [i.stage, i.status])).toEqual([['label', 'done'], ['review', 'done']]);
    // The waiting task's item is live work: it stays.
    expect(await itemsOf('work_items', waiting.id)).toHaveLength(1);
    expect(await archiveFinishedWork(w.ctx)).toBe(0);

    expect(await readAll()).toEqual(before);
    // Nobody who worked on it is offered it again (and it is done): the labelers get the waiting task, then nothing.
    expect((await claim('labeler')).task.id).toBe(waiting.id);
    expect((await claim('labeler2')).task).toBeNull();
  });

  it('never archives gold: the items and results of a gold task stay, and a labeler never gets that gold twice', async () => {
    w = await makeWorld(backend, { tasks: 2 });
    const first = await claim('labeler');
    await submit('labeler', first, [box('a', 'car', 10)]);
    const goldId = first.task.id as string;
    expect((await call('owner', 'POST', `/api/tasks/${goldId}/gold`, { document: { objects: [box('g', 'car', 10)] } })).statusCode).toBe(200);
    expect((await call('owner', 'PUT', `/api/projects/${w.projectId}`, { settings: { goldRateStart: 1, goldRateFloor: 1 } })).statusCode).toBe(200);
    const g = await claim('labeler2');
    expect(g.task.id).toBe(goldId);
    await submit('labeler2', g, [box('x', 'car', 11)]);

    w.clock.advance(8 * DAY_MS);
    expect(await archiveFinishedWork(w.ctx)).toBe(0);
    expect((await itemsOf('work_items', goldId)).map((i) => i.gold)).toEqual([false, true]);
    expect(await w.db.db.selectFrom('gold_submissions').select('id').where('task_id', '=', goldId).execute()).toHaveLength(1);
    const next = await claim('labeler2');
    expect(next.task.id).not.toBe(goldId);

    // Deleting the project (as the demo reset does) still removes gold results with their items.
    await w.db.db.deleteFrom('projects').where('id', '=', w.projectId).execute();
    expect(await w.db.db.selectFrom('gold_submissions').select('id').execute()).toEqual([]);
  });

  it('moves a batch whole or not at all', async () => {
    w = await makeWorld(backend, { tasks: 3 });
    const done: string[] = [];
    for (let i = 0; i < 3; i++) {
      const c = await claim('labeler');
      await submit('labeler', c, [box('a', 'car', 10)]);
      done.push(c.task.id);
    }
    w.clock.advance(8 * DAY_MS);
    // A copy of the last item already in the archive makes the batch's insert fail after the first rows.
    const [last] = await itemsOf('work_items', done[2]!);
    await w.db.db.insertInto('work_items_archive').expression((eb) => eb.selectFrom('work_items').selectAll().where('id', '=', last!.id)).execute();
    await expect(archiveFinishedWork(w.ctx)).rejects.toThrow();
    for (const id of done) expect(await itemsOf('work_items', id)).toHaveLength(1);
    expect(await w.db.db.selectFrom('work_items_archive').select('id').execute()).toEqual([{ id: last!.id }]);

    await w.db.db.deleteFrom('work_items_archive').execute();
    expect(await archiveFinishedWork(w.ctx, 2)).toBe(3);
    for (const id of done) expect(await itemsOf('work_items', id)).toEqual([]);
  });

  it('runs from the background timers of a server process', async () => {
    w = await makeWorld(backend, { tasks: 1 });
    const c = await claim('labeler');
    await submit('labeler', c, [box('a', 'car', 10)]);
    w.clock.advance(8 * DAY_MS);
    const stop = startBackgroundWork(w.ctx, w.app.log, { archiveEveryMs: 20, sweepEveryMs: 60_000, webhooksEveryMs: 60_000 });
    try {
      await vi.waitFor(async () => expect(await itemsOf('work_items_archive', c.task.id)).toHaveLength(1), { timeout: 5000, interval: 20 });
    } finally {
      await stop();
    }
    expect(await itemsOf('work_items', c.task.id)).toEqual([]);
  });

  it('keeps work_items_archive in step with work_items, and the claim and lease indexes partial on their states', async () => {
    w = await makeWorld(backend, { tasks: 0 });
    const cols = async (table: string) =>
      (await w.db.db.selectFrom('information_schema.columns' as never).select(['column_name', 'data_type'] as never).where('table_name' as never, '=', table as never).orderBy('ordinal_position' as never).execute());
    expect(await cols('work_items_archive')).toEqual(await cols('work_items'));
    const idx = await w.db.db.selectFrom('pg_indexes' as never).select(['indexname', 'indexdef'] as never).where('tablename' as never, '=', 'work_items' as never).execute() as { indexname: string; indexdef: string }[];
    const def = (name: string) => idx.find((i) => i.indexname === name)?.indexdef;
    expect(def('work_items_claim_idx')).toMatch(/WHERE \(status = 'available'::text\)$/);
    expect(def('work_items_leased_idx')).toMatch(/WHERE \(status = 'leased'::text\)$/);
    expect(def('work_items_holder_idx')).toMatch(/WHERE \(status = 'leased'::text\)$/);
  });
});
