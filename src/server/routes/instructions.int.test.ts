import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { makeWorld, type World } from '../test/builders';
import { backends } from '../test/test-db';

const oneBox = { objects: [{ id: 'o1', classId: 'car', geometry: { kind: 'box', x: 10, y: 20, w: 100, h: 50 }, attributes: {}, source: 'human', version: 1 }] };
const INSTRUCTIONS = '# Cars\nBox every car.\n\n## People\nBox pedestrians.\n';

describe.each(backends)('instructions feedback and calibration on %s', (backend) => {
  let w: World;
  afterEach(() => w?.dispose());

  async function call(who: keyof World['users'], method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) {
    return w.app.inject({ method, url, payload, headers: { cookie: await w.cookie(who) } });
  }
  const claim = async (who: keyof World['users'] = 'labeler') => (await call(who, 'POST', `/api/projects/${w.projectId}/queue/next`)).json();
  const submit = async (c: { task: { id: string }; lease: { token: string } }, who: keyof World['users'] = 'labeler') =>
    (await call(who, 'POST', `/api/tasks/${c.task.id}/submit`, { leaseToken: c.lease.token, submissionId: randomUUID(), document: oneBox })).json();

  it('collects unclear flags per section for the owner, who answers and publishes a new version that annotations record', async () => {
    w = await makeWorld(backend, { tasks: 3 });
    expect((await call('owner', 'PUT', `/api/projects/${w.projectId}`, { instructions: INSTRUCTIONS })).statusCode).toBe(200);
    expect((await call('labeler', 'GET', `/api/projects/${w.projectId}`)).json().project.instructionsVersion).toBe(2);

    const c = await claim();
    const flag = await call('labeler', 'POST', `/api/tasks/${c.task.id}/instruction-flags`, {
      note: 'Is a person on a billboard a pedestrian?', section: 'People', point: { x: 300, y: 120 },
    });
    expect(flag.statusCode).toBe(201);
    const general = await call('labeler', 'POST', `/api/tasks/${c.task.id}/instruction-flags`, { note: 'Boxes around reflections?' });
    expect(general.statusCode).toBe(201);

    const badSection = await call('labeler', 'POST', `/api/tasks/${c.task.id}/instruction-flags`, { note: 'x', section: 'Trucks' });
    expect(badSection.statusCode).toBe(400);
    expect(badSection.json().fields).toEqual({ section: 'must be a heading of the instructions, or empty' });
    const noNote = await call('labeler', 'POST', `/api/tasks/${c.task.id}/instruction-flags`, { note: '  ' });
    expect(noNote.statusCode).toBe(400);
    expect(Object.keys(noNote.json().fields)).toEqual(['note']);
    // Another labeler cannot flag a task they do not hold; a reviewer can.
    expect((await call('labeler2', 'POST', `/api/tasks/${c.task.id}/instruction-flags`, { note: 'x' })).statusCode).toBe(404);
    expect((await call('reviewer', 'POST', `/api/tasks/${c.task.id}/instruction-flags`, { note: 'Same question', section: 'People' })).statusCode).toBe(201);
    await submit(c);

    expect((await call('labeler', 'GET', `/api/projects/${w.projectId}/instruction-flags`)).statusCode).toBe(403);
    const digest = (await call('owner', 'GET', `/api/projects/${w.projectId}/instruction-flags`)).json();
    expect(digest.version).toBe(2);
    expect(digest.sections.map((s: { section: string; open: number }) => [s.section, s.open])).toEqual([['', 1], ['People', 2]]);
    const billboard = digest.sections[1].flags.find((f: { note: string }) => f.note.includes('billboard'));
    expect(billboard).toMatchObject({ author: 'labeler', taskId: c.task.id, point: { x: 300, y: 120 }, instructionsVersion: 2, answer: null });

    const answer = await call('owner', 'POST', `/api/projects/${w.projectId}/instruction-flags/${billboard.id}/answer`, { answer: 'No: only people in the street.' });
    expect(answer.statusCode).toBe(200);
    const published = await call('owner', 'POST', `/api/projects/${w.projectId}/instructions`, {
      text: `${INSTRUCTIONS}People on billboards, posters or screens are not pedestrians.\n`, note: 'Billboards',
    });
    expect(published.json()).toEqual({ version: 3 });
    const after = (await call('owner', 'GET', `/api/projects/${w.projectId}/instruction-flags`)).json();
    expect(after.sections[1].open).toBe(1);
    expect(after.sections[1].flags.find((f: { id: string }) => f.id === billboard.id).answer).toBe('No: only people in the street.');
    const versions = (await call('labeler', 'GET', `/api/projects/${w.projectId}/instructions/versions`)).json().versions;
    expect(versions.map((v: { version: number; note: string }) => [v.version, v.note])).toEqual([[3, 'Billboards'], [2, ''], [1, '']]);

    await submit(await claim());
    const rows = await w.db.db.selectFrom('annotations').select(['instructions_version']).orderBy('created_at').execute();
    expect(rows.map((r) => r.instructions_version)).toEqual([2, 3]);
  });

  it('reviews a calibration batch in full and hands out nothing more until the owner releases it', async () => {
    w = await makeWorld(backend, { tasks: 4, reviewPasses: 0 });
    await call('owner', 'PUT', `/api/projects/${w.projectId}`, { settings: { calibrationTasks: 2 } });
    const a = await claim();
    const b = await claim('labeler2');
    expect((await submit(a)).status).toBe('submitted');
    expect((await submit(b, 'labeler2')).status).toBe('submitted');
    const held = await claim();
    expect(held).toMatchObject({ task: null, waiting: 'calibration' });

    for (let i = 0; i < 2; i++) {
      w.clock.advance(1000);
      const r = (await call('reviewer', 'POST', `/api/projects/${w.projectId}/review/next`)).json();
      const fixed = i === 0 ? { objects: [{ ...oneBox.objects[0], geometry: { kind: 'box', x: 10, y: 20, w: 80, h: 50 } }] } : undefined;
      const res = await call('reviewer', 'POST', `/api/tasks/${r.task.id}/review`, { decision: 'accept', leaseToken: r.lease.token, submissionId: randomUUID(), document: fixed });
      expect(res.json().status).toBe('completed');
    }
    const report = (await call('owner', 'GET', `/api/projects/${w.projectId}/calibration`)).json();
    expect(report).toMatchObject({ tasks: 2, released: false, labeled: 2, reviewed: 2, accepted: 1, fixed: 1, rejected: 0, findingsByType: { loose_box: 1 } });

    await call('owner', 'PUT', `/api/projects/${w.projectId}`, { settings: { calibrationReleased: true } });
    const c = await claim();
    expect(c.task).not.toBeNull();
    expect((await submit(c)).status).toBe('completed');
  });
});
