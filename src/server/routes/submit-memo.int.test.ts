import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeWorld, ontology, type World } from '../test/builders';
import { startMediaServer } from '../test/media-server';
import { backends } from '../test/test-db';

/**
 * A submit on the process that handed out the lease uses the task and project it remembered (see
 * services/submit-memo.ts). These tests change what it remembered between the claim and the submit,
 * and check that the submit answers as if it had read everything afresh.
 */
const box = (classId: string) => ({
  objects: [{ id: 'o1', classId, geometry: { kind: 'box', x: 10, y: 20, w: 100, h: 50 }, attributes: {}, source: 'human', version: 1 }],
});

describe.each(backends)('submit under a remembered lease on %s', (backend) => {
  let w: World;
  beforeEach(async () => {
    w = await makeWorld(backend, { tasks: 4, allowPrivateUrls: true });
  });
  afterEach(() => w.dispose());

  async function call(method: 'GET' | 'POST' | 'PUT', who: keyof World['users'], url: string, payload?: object) {
    return w.app.inject({ method, url, payload, headers: { cookie: await w.cookie(who) } });
  }
  const claim = async () => (await call('POST', 'labeler', `/api/projects/${w.projectId}/queue/next`)).json();
  const submit = (taskId: string, token: string, document: object) =>
    call('POST', 'labeler', `/api/tasks/${taskId}/submit`, { leaseToken: token, submissionId: randomUUID(), document });
  /** One claim and submit, so this process has seen (and remembers) the project's configuration. */
  async function warm() {
    const { task, lease } = await claim();
    expect((await submit(task.id, lease.token, box('car'))).statusCode).toBe(200);
  }
  const setOntology = async (classes: object[]) =>
    expect((await call('PUT', 'owner', `/api/projects/${w.projectId}`, { ontology: { classes } })).statusCode).toBe(200);

  it('refuses a class the owner removed after the claim, naming the field, and writes nothing', async () => {
    await warm();
    const { task, lease } = await claim();
    await setOntology(ontology.classes.filter((c) => c.id !== 'pedestrian'));
    const res = await submit(task.id, lease.token, box('pedestrian'));
    expect(res.statusCode).toBe(400);
    expect(Object.keys(res.json().fields)).toContain('document.objects.0.classId');
    expect(await w.db.db.selectFrom('annotations').select('id').where('task_id', '=', task.id).execute()).toHaveLength(0);
    // The lease is still good: the labeler fixes the class and submits.
    expect((await submit(task.id, lease.token, box('car'))).statusCode).toBe(200);
  });

  it('accepts a class the owner added after the claim', async () => {
    await warm();
    const { task, lease } = await claim();
    await setOntology([...ontology.classes, { id: 'bus', name: 'Bus', color: '#4363d8', hotkey: '3', attributes: [] }]);
    const res = await submit(task.id, lease.token, box('bus'));
    expect(res.statusCode).toBe(200);
    const ann = await call('GET', 'owner', `/api/tasks/${task.id}/annotation`);
    expect(ann.json().annotation.document.objects[0].classId).toBe('bus');
  });

  it('sends the task to review when the owner turned review on after the claim', async () => {
    await warm();
    const { task, lease } = await claim();
    expect((await call('PUT', 'owner', `/api/projects/${w.projectId}`, { settings: { reviewPasses: 1, reviewFloorRate: 1 } })).statusCode).toBe(200);
    const res = await submit(task.id, lease.token, box('car'));
    expect(res.statusCode).toBe(200);
    expect(res.json().status).toBe('submitted');
    const review = await w.db.db.selectFrom('work_items').select('status').where('task_id', '=', task.id).where('stage', '=', 'review').execute();
    expect(review).toEqual([{ status: 'available' }]);
  });

  it('answers 404 and writes nothing once the labeler is no longer a member', async () => {
    await warm();
    const { task, lease } = await claim();
    await w.db.db.deleteFrom('project_members').where('project_id', '=', w.projectId).where('user_id', '=', w.users.labeler.id).execute();
    const res = await submit(task.id, lease.token, box('car'));
    expect(res.statusCode).toBe(404);
    const item = await w.db.db.selectFrom('work_items').select('status').where('task_id', '=', task.id).where('stage', '=', 'label').executeTakeFirstOrThrow();
    expect(item.status).toBe('leased');
  });

  it('completes with the response built from the task and a repeat answers the first result', async () => {
    await warm();
    const { task, lease } = await claim();
    const body = { leaseToken: lease.token, submissionId: randomUUID(), document: box('car') };
    const first = await call('POST', 'labeler', `/api/tasks/${task.id}/submit`, body);
    const again = await call('POST', 'labeler', `/api/tasks/${task.id}/submit`, body);
    expect(first.statusCode).toBe(200);
    expect(again.json()).toEqual(first.json());
    const row = await w.db.db.selectFrom('tasks').select(['status', 'response']).where('id', '=', task.id).executeTakeFirstOrThrow();
    expect(row.status).toBe('completed');
    expect(row.response).toMatchObject({ annotations: [{ uuid: 'o1', type: 'box', label: 'Car', left: 10, top: 20, width: 100, height: 50 }] });
    const events = await w.db.db.selectFrom('task_events').select(['from_status', 'to_status']).where('task_id', '=', task.id).orderBy('id').execute();
    expect(events.map((e) => `${e.from_status}>${e.to_status}`)).toEqual(['pending>leased', 'leased>submitted', 'submitted>completed']);
  });

  it("answers a customer's task in their own label spelling, from the params the claim brought along", async () => {
    const media = await startMediaServer();
    try {
      const keyRes = await call('POST', 'owner', '/api/api-keys', { name: 'pipeline', defaultProjectId: w.projectId });
      const authorization = `Basic ${Buffer.from(`${keyRes.json().key.key}:`).toString('base64')}`;
      // Customer tasks go to the back of the line: label the app's four first.
      for (let i = 0; i < 4; i++) await warm();
      const created = await w.app.inject({
        method: 'POST', url: '/v1/task/imageannotation', headers: { authorization },
        payload: {
          attachment: media.url('/street.jpg'), geometries: { box: { objects_to_annotate: ['CAR'] } },
          hypothesis: { annotations: [{ type: 'box', label: 'CAR', left: 1, top: 2, width: 30, height: 40 }] },
        },
      });
      expect(created.statusCode).toBe(200);
      const { task, lease, draft } = await claim();
      expect(task.id).toBe(created.json().task_id);
      expect(draft.objects).toHaveLength(1);
      expect((await submit(task.id, lease.token, box('car'))).statusCode).toBe(200);
      const done = await w.app.inject({ method: 'GET', url: `/v1/task/${task.id}`, headers: { authorization } });
      expect(done.json().status).toBe('completed');
      expect(done.json().response.annotations).toEqual([expect.objectContaining({ uuid: 'o1', label: 'CAR', left: 10 })]);
    } finally {
      await media.close();
    }
  });

  it('raises the project configuration version on every change of name, ontology or settings, and only then', async () => {
    const version = async () => (await w.db.db.selectFrom('projects').select('config_version').where('id', '=', w.projectId).executeTakeFirstOrThrow()).config_version;
    const v0 = await version();
    await call('PUT', 'owner', `/api/projects/${w.projectId}`, { name: 'Streets 2' });
    const v1 = await version();
    expect(v1).toBe(v0 + 1);
    await w.db.db.updateTable('projects').set({ instructions_version: 7 }).where('id', '=', w.projectId).execute();
    expect(await version()).toBe(v1);
    await w.db.db.updateTable('projects').set({ settings: JSON.stringify({ leaseTtlMs: 1000 }) }).where('id', '=', w.projectId).execute();
    expect(await version()).toBe(v1 + 1);
  });
});
