import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeWorld, type World } from '../test/builders';
import { startMediaServer } from '../test/media-server';
import { backends } from '../test/test-db';

/**
 * Scale's own Node SDK (scaleapi 2.3.2, unmodified) against our /v1 API. Its endpoint is fixed in code
 * (https://api.scaleapi.com/v1/), so while these tests run, requests for that host are sent to our
 * server on loopback instead, by wrapping `https.request` — the package itself is untouched.
 */
type Cb<T> = (err: unknown, value: T) => void;
type ScaleClient = {
  createTask(type: string, params: object, cb: Cb<{ id: string; status: string; task_id: string }>): void;
  fetchTask(id: string, cb: Cb<{ id: string; status: string; response?: { annotations: { label: string }[] } }>): void;
  cancelTask(id: string, cb: Cb<{ id: string; status: string }>): void;
  tasks(params: object, cb: Cb<{ docs: { id: string }[]; total: number; has_more: boolean }>): void;
};
const scaleapi = createRequire(import.meta.url)('scaleapi') as { ScaleClient: new (key: string) => ScaleClient };

function call<T>(fn: (cb: Cb<T>) => void): Promise<T> {
  return new Promise((resolve, reject) => fn((err, value) => (err ? reject(err) : resolve(value))));
}

describe.each(backends)('the scaleapi SDK against Labelbench on %s', (backend) => {
  let w: World;
  let media: Awaited<ReturnType<typeof startMediaServer>>;
  let client: ScaleClient;
  const realHttpsRequest = https.request;

  beforeAll(async () => {
    w = await makeWorld(backend, { tasks: 0, allowPrivateUrls: true });
    media = await startMediaServer();
    await w.app.listen({ port: 0, host: '127.0.0.1' });
    const port = (w.app.server.address() as AddressInfo).port;
    const key = (await w.app.inject({ method: 'POST', url: '/api/api-keys', headers: { cookie: await w.cookie('owner') }, payload: { name: 'sdk' } })).json().key.key;
    (https as { request: unknown }).request = (options: http.RequestOptions & { agent?: unknown }, cb?: (res: http.IncomingMessage) => void) => {
      if (options.hostname !== 'api.scaleapi.com' && options.host !== 'api.scaleapi.com') return realHttpsRequest(options, cb);
      return http.request({ ...options, protocol: 'http:', host: '127.0.0.1', hostname: '127.0.0.1', port, agent: undefined }, cb);
    };
    client = new scaleapi.ScaleClient(key);
  });
  afterAll(async () => {
    (https as { request: unknown }).request = realHttpsRequest;
    await media.close();
    await w.dispose();
  });

  it('creates, reads, lists and cancels tasks', async () => {
    const params = { project: 'Streets', attachment: media.url('/street.jpg'), instruction: 'Box cars', geometries: { box: { objects_to_annotate: ['car'] } } };
    const created = await call<{ id: string; status: string; task_id: string }>((cb) => client.createTask('imageannotation', params, cb));
    expect(created.status).toBe('pending');
    expect(created.id).toBe(created.task_id);

    // A labeler does the work; the SDK then reads the completed task with its response.
    const cookie = await w.cookie('labeler');
    const claim = (await w.app.inject({ method: 'POST', url: `/api/projects/${w.projectId}/queue/next`, headers: { cookie } })).json();
    await w.app.inject({
      method: 'POST', url: `/api/tasks/${claim.task.id}/submit`, headers: { cookie },
      payload: { leaseToken: claim.lease.token, submissionId: randomUUID(), document: { objects: [{ id: 'x', classId: 'car', geometry: { kind: 'box', x: 1, y: 1, w: 9, h: 9 } }] } },
    });
    const fetched = await call<{ id: string; status: string; response?: { annotations: { label: string }[] } }>((cb) => client.fetchTask(created.id, cb));
    expect(fetched.status).toBe('completed');
    expect(fetched.response!.annotations[0]!.label).toBe('car');

    w.clock.advance(1000);
    const second = await call<{ id: string; status: string; task_id: string }>((cb) => client.createTask('imageannotation', params, cb));
    const canceled = await call<{ id: string; status: string }>((cb) => client.cancelTask(second.id, cb));
    expect(canceled.status).toBe('canceled');

    const list = await call<{ docs: { id: string }[]; total: number; has_more: boolean }>((cb) => client.tasks({ limit: 1 }, cb));
    expect(list.total).toBe(2);
    expect(list.has_more).toBe(true);
    expect(list.docs[0]!.id).toBe(second.id);
    const completed = await call<{ docs: { id: string }[]; total: number }>((cb) => client.tasks({ status: 'completed' }, cb));
    expect(completed.docs.map((d) => d.id)).toEqual([created.id]);
  });

  it('creates segmentannotation and categorization tasks too', async () => {
    type Created = { id: string; status: string; task_id: string };
    const seg = await call<Created>((cb) => client.createTask('segmentannotation', { project: 'Streets', attachment: media.url('/street.jpg'), labels: ['car', 'pedestrian'] }, cb));
    expect(seg).toMatchObject({ type: 'segmentannotation', status: 'pending' });
    const cat = await call<Created>((cb) =>
      client.createTask('categorization', { project: 'Streets', attachment: media.url('/street.jpg'), taxonomies: { weather: { type: 'category', choices: ['sunny', 'rain'] } } }, cb));
    expect(cat).toMatchObject({ type: 'categorization' });
    const fetched = await call<{ id: string; status: string }>((cb) => client.fetchTask(cat.id, cb));
    expect(fetched.status).toBe('pending');
  });

  it('surfaces our errors as the SDK\'s exceptions with Scale\'s codes', async () => {
    const bad = await call<unknown>((cb) => client.createTask('imageannotation', { project: 'Streets' }, cb)).catch((e: unknown) => e);
    expect(bad).toMatchObject({ errcode: 400, message: expect.stringContaining('attachment') });
    const missing = await call<unknown>((cb) => client.fetchTask(randomUUID(), cb)).catch((e: unknown) => e);
    expect(missing).toMatchObject({ errcode: 404 });
  });
});
