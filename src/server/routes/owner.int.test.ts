import { readFile } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeWorld, type World } from '../test/builders';
import { startMediaServer } from '../test/media-server';
import { backends } from '../test/test-db';

describe.each(backends)('owner data and queue API on %s', (backend) => {
  let w: World;
  let media: Awaited<ReturnType<typeof startMediaServer>>;
  let owner: { cookie: string };
  beforeAll(async () => {
    w = await makeWorld(backend, { tasks: 0, allowPrivateUrls: true });
    media = await startMediaServer();
    owner = { cookie: await w.cookie('owner') };
  });
  afterAll(async () => {
    await media.close();
    await w.dispose();
  });

  it('creates a task from an uploaded image, with its real size', async () => {
    const jpeg = await readFile('public/demo/images/street-03.jpg');
    const res = await w.app.inject({ method: 'POST', url: `/api/projects/${w.projectId}/uploads?filename=street-03.jpg`, headers: { ...owner, 'content-type': 'image/jpeg' }, payload: jpeg });
    expect(res.statusCode).toBe(201);
    expect(res.json().task.data).toMatchObject({ kind: 'image', width: 1024, height: 768 });
    const served = await w.app.inject({ method: 'GET', url: res.json().task.data.imageUrl, headers: owner });
    expect(served.rawPayload.equals(jpeg)).toBe(true);
  });

  it('refuses an unreadable upload with 400 and a wrong content type with 415', async () => {
    const bad = await w.app.inject({ method: 'POST', url: `/api/projects/${w.projectId}/uploads?filename=x.png`, headers: { ...owner, 'content-type': 'image/png' }, payload: Buffer.from('not a png') });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatch(/x.png: the file is not an image/);
    const text = await w.app.inject({ method: 'POST', url: `/api/projects/${w.projectId}/uploads`, headers: { ...owner, 'content-type': 'text/plain' }, payload: 'hello' });
    expect(text.statusCode).toBe(415);
    const asLabeler = await w.app.inject({ method: 'POST', url: `/api/projects/${w.projectId}/uploads`, headers: { cookie: await w.cookie('labeler'), 'content-type': 'image/jpeg' }, payload: Buffer.from('x') });
    expect(asLabeler.statusCode).toBe(403);
  });

  it('creates tasks from pasted URLs and reports each', async () => {
    const res = await w.app.inject({ method: 'POST', url: `/api/projects/${w.projectId}/tasks/from-urls`, headers: owner, payload: { urls: [media.url('/street.jpg'), media.url('/missing.jpg')] } });
    expect(res.statusCode).toBe(200);
    const [ok, failed] = res.json().results;
    expect(ok.task.data).toMatchObject({ width: 640, height: 480 });
    expect(failed).toEqual({ url: media.url('/missing.jpg'), error: expect.stringContaining('HTTP 404') });
  });

  it('shows counts, who holds what since when, and throughput', async () => {
    const cookie = await w.cookie('labeler');
    const first = (await w.app.inject({ method: 'POST', url: `/api/projects/${w.projectId}/queue/next`, headers: { cookie } })).json();
    await w.app.inject({ method: 'POST', url: `/api/tasks/${first.task.id}/submit`, headers: { cookie }, payload: { leaseToken: first.lease.token, submissionId: randomUUID(), document: { objects: [] } } });
    w.clock.advance(5000);
    await w.app.inject({ method: 'POST', url: `/api/projects/${w.projectId}/queue/next`, headers: { cookie } });
    const stats = (await w.app.inject({ method: 'GET', url: `/api/projects/${w.projectId}/queue`, headers: owner })).json();
    expect(stats.counts).toMatchObject({ pending: 0, leased: 1, completed: 1 });
    expect(stats.leases).toEqual([{ taskId: expect.any(String), email: 'labeler@test.example', name: 'labeler', leasedAt: w.clock.now.toISOString(), expiresAt: expect.any(String) }]);
    expect(stats.throughput.lastHour).toBe(1);
    expect(stats.throughput.perMinute).toHaveLength(60);
    expect(stats.throughput.perMinute.reduce((s: number, m: { completed: number }) => s + m.completed, 0)).toBe(1);
    expect((await w.app.inject({ method: 'GET', url: `/api/projects/${w.projectId}/queue`, headers: { cookie } })).statusCode).toBe(403);
  });

  it('updates the ontology and merges settings', async () => {
    const ontology = { classes: [{ id: 'bus', name: 'Bus', color: '#123456', hotkey: '1' }] };
    const res = await w.app.inject({ method: 'PUT', url: `/api/projects/${w.projectId}`, headers: owner, payload: { ontology, settings: { maxAttempts: 7 } } });
    expect(res.statusCode).toBe(200);
    expect(res.json().project.ontology).toEqual(ontology);
    expect(res.json().project.settings).toMatchObject({ maxAttempts: 7, leaseTtlMs: 600_000, allowPrivateUrls: true });
    const bad = await w.app.inject({ method: 'PUT', url: `/api/projects/${w.projectId}`, headers: owner, payload: { ontology: { classes: [{ id: 'Bad Id', name: '', color: 'red' }] } } });
    expect(bad.statusCode).toBe(400);
    expect(Object.keys(bad.json().fields).sort()).toEqual(['ontology.classes.0.color', 'ontology.classes.0.id', 'ontology.classes.0.name']);
    expect((await w.app.inject({ method: 'PUT', url: `/api/projects/${w.projectId}`, headers: { cookie: await w.cookie('labeler') }, payload: { name: 'x' } })).statusCode).toBe(403);
  });
});
