import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeWorld, type World } from '../test/builders';
import { sweepExpiredLeases } from '../services/queue.service';
import { backends } from '../test/test-db';

const oneBox = (classId = 'car') => ({
  objects: [{ id: 'o1', classId, geometry: { kind: 'box', x: 10, y: 20, w: 100, h: 50 }, attributes: {}, source: 'human', version: 1 }],
});

describe.each(backends)('labeling queue API on %s', (backend) => {
  let w: World;
  beforeEach(async () => {
    w = await makeWorld(backend, { tasks: 3, leaseTtlMs: 60_000 });
  });
  afterEach(() => w.dispose());

  async function post(who: keyof World['users'], url: string, payload?: object) {
    return w.app.inject({ method: 'POST', url, payload, headers: { cookie: await w.cookie(who) } });
  }
  const next = (who: keyof World['users'] = 'labeler') => post(who, `/api/projects/${w.projectId}/queue/next`);

  it('leases the oldest task, and the same one again while the lease lives', async () => {
    const first = (await next()).json();
    expect(first.task.status).toBe('leased');
    expect(first.lease.token).toEqual(expect.any(String));
    const again = (await next()).json();
    expect(again.task.id).toBe(first.task.id);
    expect(again.lease.token).toBe(first.lease.token);
    const other = (await next('labeler2')).json();
    expect(other.task.id).not.toBe(first.task.id);
  });

  it("names the claimed image in a header, so the page can fetch it before reading the body", async () => {
    const res = await next();
    expect(decodeURIComponent(String(res.headers['x-task-image']))).toBe(res.json().task.data.imageUrl);
    expect(res.json().task.data.imageUrl).toBe('/demo/images/street-01.jpg');
  });

  it('submits a box, lands on the next task, and shows the owner the annotation', async () => {
    const { task, lease } = (await next()).json();
    const res = await post('labeler', `/api/tasks/${task.id}/submit`, { leaseToken: lease.token, submissionId: randomUUID(), document: oneBox() });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ taskId: task.id, status: 'completed' });
    const following = (await next()).json();
    expect(following.task.id).not.toBe(task.id);

    const ann = await w.app.inject({ method: 'GET', url: `/api/tasks/${task.id}/annotation`, headers: { cookie: await w.cookie('owner') } });
    expect(ann.statusCode).toBe(200);
    expect(ann.json().annotation.document.objects[0].geometry).toEqual({ kind: 'box', x: 10, y: 20, w: 100, h: 50 });
    const list = await w.app.inject({ method: 'GET', url: `/api/projects/${w.projectId}/tasks`, headers: { cookie: await w.cookie('owner') } });
    const row = list.json().tasks.find((t: { id: string }) => t.id === task.id);
    expect(row.status).toBe('completed');
    expect(row.latestAnnotation.userId).toBe(w.users.labeler.id);
  });

  it('treats a repeated submit as the same submission', async () => {
    const { task, lease } = (await next()).json();
    const body = { leaseToken: lease.token, submissionId: randomUUID(), document: oneBox() };
    const [a, b] = await Promise.all([post('labeler', `/api/tasks/${task.id}/submit`, body), post('labeler', `/api/tasks/${task.id}/submit`, body)]);
    expect(a.statusCode).toBe(200);
    expect(b.statusCode).toBe(200);
    expect(a.json().annotationId).toBe(b.json().annotationId);
    const count = await w.db.db.selectFrom('annotations').select((eb) => eb.fn.countAll<string>().as('n')).where('task_id', '=', task.id).executeTakeFirst();
    expect(Number(count!.n)).toBe(1);
  });

  it('refuses a submit with a stale lease token with 409 and writes nothing', async () => {
    const { task, lease } = (await next()).json();
    w.clock.advance(61_000);
    const taken = (await next('labeler2')).json();
    expect(taken.task.id).toBe(task.id);
    const late = await post('labeler', `/api/tasks/${task.id}/submit`, { leaseToken: lease.token, submissionId: randomUUID(), document: oneBox() });
    expect(late.statusCode).toBe(409);
    expect(late.json().error).toMatch(/lease/);
    expect(await w.db.db.selectFrom('annotations').selectAll().execute()).toHaveLength(0);
  });

  it('refuses a heartbeat or a draft save with a stale token with 409, and gives every claim a fresh token', async () => {
    const { task, lease } = (await next()).json();
    w.clock.advance(61_000);
    const taken = (await next('labeler2')).json();
    expect(taken.task.id).toBe(task.id);
    expect(taken.lease.token).not.toBe(lease.token);
    const hb = await post('labeler', `/api/tasks/${task.id}/heartbeat`, { leaseToken: lease.token });
    expect(hb.statusCode).toBe(409);
    const save = await w.app.inject({ method: 'PUT', url: `/api/tasks/${task.id}/draft`, headers: { cookie: await w.cookie('labeler') }, payload: { leaseToken: lease.token, document: oneBox() } });
    expect(save.statusCode).toBe(409);
    expect(save.json().error).toMatch(/lease/);
    expect(await w.db.db.selectFrom('drafts').selectAll().execute()).toEqual([]);
    // The holder's own heartbeat still works.
    expect((await post('labeler2', `/api/tasks/${task.id}/heartbeat`, { leaseToken: taken.lease.token })).statusCode).toBe(200);
  });

  it('hands out work by customer priority first, then by age, each task once', async () => {
    const owner = { cookie: await w.cookie('owner') };
    const make = async (priority: number) =>
      (await w.app.inject({ method: 'POST', url: `/api/projects/${w.projectId}/tasks`, headers: owner, payload: { data: { kind: 'image', imageUrl: '/demo/images/street-01.jpg', width: 800, height: 600 }, priority } })).json().task.id as string;
    w.clock.advance(1000);
    const urgentOld = await make(5);
    w.clock.advance(1000);
    const urgentNew = await make(5);
    const low = await make(-1);
    const order: string[] = [];
    for (;;) {
      const claim = (await next()).json();
      if (!claim.task) break;
      order.push(claim.task.id);
      const done = await post('labeler', `/api/tasks/${claim.task.id}/submit`, { leaseToken: claim.lease.token, submissionId: randomUUID(), document: { objects: [] } });
      expect(done.statusCode).toBe(200);
    }
    // The world's three tasks have priority 0 and are older than these.
    expect(order.slice(0, 2)).toEqual([urgentOld, urgentNew]);
    expect(order.at(-1)).toBe(low);
    expect(order).toHaveLength(6);
    expect(new Set(order).size).toBe(6);
  });

  it('returns an expired lease to its place in line, not the back', async () => {
    const first = (await next()).json();
    w.clock.advance(61_000);
    const again = (await next('labeler2')).json();
    expect(again.task.id).toBe(first.task.id);
    const events = await w.db.db.selectFrom('task_events').select(['from_status', 'to_status', 'reason']).where('task_id', '=', first.task.id).orderBy('id').execute();
    expect(events.map((e) => `${e.from_status}->${e.to_status}`)).toEqual(['pending->leased', 'leased->pending', 'pending->leased']);
  });

  it('gives a task up as error after the project maximum of expired leases', async () => {
    const tid = (await next()).json().task.id;
    for (const who of ['labeler2', 'labeler3'] as const) {
      w.clock.advance(61_000);
      expect((await next(who)).json().task.id).toBe(tid);
    }
    w.clock.advance(61_000);
    expect((await next('labeler')).json().task.id).not.toBe(tid);
    const task = await w.db.db.selectFrom('tasks').select('status').where('id', '=', tid).executeTakeFirst();
    expect(task!.status).toBe('error');
  });

  it('extends a lease on heartbeat and saves a draft that comes back on the next claim', async () => {
    const { task, lease } = (await next()).json();
    w.clock.advance(50_000);
    const hb = await post('labeler', `/api/tasks/${task.id}/heartbeat`, { leaseToken: lease.token });
    expect(hb.statusCode).toBe(200);
    expect(new Date(hb.json().lease.expiresAt).getTime()).toBe(w.clock.now.getTime() + 60_000);
    const save = await w.app.inject({
      method: 'PUT', url: `/api/tasks/${task.id}/draft`, headers: { cookie: await w.cookie('labeler') },
      payload: { leaseToken: lease.token, document: oneBox() },
    });
    expect(save.statusCode).toBe(200);
    w.clock.advance(50_000);
    const back = (await next()).json();
    expect(back.task.id).toBe(task.id);
    expect(back.draft.objects).toHaveLength(1);
  });

  it('keeps each holder\'s draft their own when an expired lease goes to someone else', async () => {
    const put = async (who: 'labeler' | 'labeler2', taskId: string, leaseToken: string, document: object) =>
      w.app.inject({ method: 'PUT', url: `/api/tasks/${taskId}/draft`, headers: { cookie: await w.cookie(who) }, payload: { leaseToken, document } });
    const first = (await next()).json();
    expect((await put('labeler', first.task.id, first.lease.token, oneBox())).statusCode).toBe(200);
    w.clock.advance(61_000);
    const second = (await next('labeler2')).json();
    expect(second.task.id).toBe(first.task.id);
    expect(second.draft).toBeNull();
    // labeler2 reloads the page before saving anything: still not labeler's draft.
    const reloaded = (await next('labeler2')).json();
    expect(reloaded.lease.token).toBe(second.lease.token);
    expect(reloaded.draft).toBeNull();
    // labeler2's autosave is theirs; labeler's draft stays as it was on the server.
    expect((await put('labeler2', second.task.id, second.lease.token, oneBox('pedestrian'))).statusCode).toBe(200);
    expect((await next('labeler2')).json().draft.objects[0].classId).toBe('pedestrian');
    const drafts = await w.db.db.selectFrom('drafts').select(['user_id', 'document']).where('work_item_id', '=', first.lease.workItemId).orderBy('updated_at').execute();
    expect(drafts.map((d) => [d.user_id, (d.document as { objects: { classId: string }[] }).objects[0]!.classId])).toEqual([
      [w.users.labeler.id, 'car'],
      [w.users.labeler2.id, 'pedestrian'],
    ]);
  });

  it('answers an empty queue with a null task', async () => {
    for (let i = 0; i < 3; i++) {
      const { task, lease } = (await next()).json();
      await post('labeler', `/api/tasks/${task.id}/submit`, { leaseToken: lease.token, submissionId: randomUUID(), document: { objects: [] } });
    }
    expect((await next()).json()).toEqual({ task: null, lease: null, draft: null });
  });

  it('refuses an unknown class or a box outside the image, naming the field', async () => {
    const { task, lease } = (await next()).json();
    const doc = { objects: [...oneBox('tractor').objects, { ...oneBox().objects[0], id: 'o2', geometry: { kind: 'box', x: 790, y: 0, w: 50, h: 10 } }] };
    const res = await post('labeler', `/api/tasks/${task.id}/submit`, { leaseToken: lease.token, submissionId: randomUUID(), document: doc });
    expect(res.statusCode).toBe(400);
    expect(res.json().fields).toEqual({
      'document.objects.0.classId': "unknown class 'tractor'",
      'document.objects.1.geometry': 'outside the 800×600 image',
    });
  });

  it('never offers a labeler a task they skipped or let expire, and keeps its place for others', async () => {
    const first = (await next()).json();
    const skipped = await post('labeler', `/api/tasks/${first.task.id}/skip`, { leaseToken: first.lease.token, reason: 'image too dark' });
    expect(skipped.statusCode).toBe(200);
    const second = (await next()).json();
    expect(second.task.id).not.toBe(first.task.id);
    // labeler2 gets the skipped task: it kept its place at the head of the line.
    expect((await next('labeler2')).json().task.id).toBe(first.task.id);
    const events = await w.db.db.selectFrom('task_events').select('reason').where('task_id', '=', first.task.id).orderBy('id').execute();
    expect(events.map((e) => e.reason)).toEqual(['claimed', 'skipped: image too dark', 'claimed']);

    w.clock.advance(61_000);
    // labeler's lease on the second task expired: they get the third, and never the second again.
    const third = (await next()).json();
    expect(third.task.id).not.toBe(second.task.id);
    expect(third.task.id).not.toBe(first.task.id);
  });

  it('asks for a reason to skip', async () => {
    const { task, lease } = (await next()).json();
    const res = await post('labeler', `/api/tasks/${task.id}/skip`, { leaseToken: lease.token, reason: '  ' });
    expect(res.statusCode).toBe(400);
    expect(res.json().fields).toEqual({ reason: 'say why you skip' });
  });

  it('sweeps expired leases of every project from the background sweeper', async () => {
    const { task } = (await next()).json();
    w.clock.advance(61_000);
    expect(await sweepExpiredLeases(w.ctx, null)).toBe(1);
    const row = await w.db.db.selectFrom('tasks').select('status').where('id', '=', task.id).executeTakeFirst();
    expect(row!.status).toBe('pending');
    expect(await sweepExpiredLeases(w.ctx, null)).toBe(0);
  });

  it('checks attribute values on every save and required attributes at submit, naming the object', async () => {
    const ontology = {
      classes: [{ id: 'car', name: 'Car', color: '#ff0000', attributes: [
        { id: 'occluded', name: 'Occluded', type: 'checkbox' },
        { id: 'colour', name: 'Colour', type: 'select', options: ['red', 'blue'], required: true },
      ] }],
    };
    const put = await w.app.inject({ method: 'PUT', url: `/api/projects/${w.projectId}`, headers: { cookie: await w.cookie('owner') }, payload: { ontology } });
    expect(put.statusCode).toBe(200);
    const { task, lease } = (await next()).json();
    const doc = (attributes: object) => ({ objects: [{ ...oneBox().objects[0], attributes }] });
    const draft = await w.app.inject({ method: 'PUT', url: `/api/tasks/${task.id}/draft`, headers: { cookie: await w.cookie('labeler') }, payload: { leaseToken: lease.token, document: doc({ occluded: true }) } });
    expect(draft.statusCode).toBe(200);
    const wrong = await w.app.inject({ method: 'PUT', url: `/api/tasks/${task.id}/draft`, headers: { cookie: await w.cookie('labeler') }, payload: { leaseToken: lease.token, document: doc({ occluded: 'yes' }) } });
    expect(wrong.json().fields).toEqual({ 'document.objects.0.attributes.occluded': 'must be true or false' });
    const incomplete = await post('labeler', `/api/tasks/${task.id}/submit`, { leaseToken: lease.token, submissionId: randomUUID(), document: doc({ occluded: true }) });
    expect(incomplete.statusCode).toBe(400);
    expect(incomplete.json().fields).toEqual({ 'document.objects.0.attributes.colour': 'Colour is required' });
    const ok = await post('labeler', `/api/tasks/${task.id}/submit`, { leaseToken: lease.token, submissionId: randomUUID(), document: doc({ occluded: true, colour: 'blue' }) });
    expect(ok.statusCode).toBe(200);
  });

  describe('roles', () => {
    it('lets only labelers claim, and only owners create tasks', async () => {
      expect((await next('reviewer')).statusCode).toBe(403);
      expect((await next('outsider')).statusCode).toBe(404);
      const create = (who: keyof World['users']) =>
        post(who, `/api/projects/${w.projectId}/tasks`, { data: { kind: 'image', imageUrl: '/x.jpg', width: 10, height: 10 } });
      expect((await create('labeler')).statusCode).toBe(403);
      expect((await create('outsider')).statusCode).toBe(404);
      expect((await create('owner')).statusCode).toBe(201);
    });

    it('shows a labeler only the task leased to them', async () => {
      const mine = (await next()).json().task.id;
      const theirs = (await next('labeler2')).json().task.id;
      const get = async (id: string) => w.app.inject({ method: 'GET', url: `/api/tasks/${id}`, headers: { cookie: await w.cookie('labeler') } });
      expect((await get(mine)).statusCode).toBe(200);
      expect((await get(theirs)).statusCode).toBe(404);
      const list = await w.app.inject({ method: 'GET', url: `/api/projects/${w.projectId}/tasks`, headers: { cookie: await w.cookie('labeler') } });
      expect(list.statusCode).toBe(403);
      const ann = await w.app.inject({ method: 'GET', url: `/api/tasks/${mine}/annotation`, headers: { cookie: await w.cookie('labeler') } });
      expect(ann.statusCode).toBe(403);
      const owner = await w.app.inject({ method: 'GET', url: `/api/tasks/${theirs}`, headers: { cookie: await w.cookie('owner') } });
      expect(owner.statusCode).toBe(200);
    });

    it('refuses another labeler submitting with a stolen token', async () => {
      const { task, lease } = (await next()).json();
      const res = await post('labeler2', `/api/tasks/${task.id}/submit`, { leaseToken: lease.token, submissionId: randomUUID(), document: oneBox() });
      expect(res.statusCode).toBe(409);
    });
  });
});
