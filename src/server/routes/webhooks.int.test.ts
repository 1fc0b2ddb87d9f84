import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweepExpiredLeases } from '../services/queue.service';
import { deliverDueWebhooks } from '../services/webhooks.service';
import { makeWorld, ownerApiAuth, type World } from '../test/builders';
import { startMediaServer } from '../test/media-server';
import { backends } from '../test/test-db';

type Received = { headers: http.IncomingHttpHeaders; body: string };

/** A customer's webhook receiver on loopback that fails its first `failures` calls. */
async function startReceiver(failures: number) {
  const calls: Received[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      calls.push({ headers: req.headers, body });
      res.writeHead(calls.length <= failures ? 500 : 200).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { calls, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, close: () => new Promise<void>((r) => server.close(() => r())) };
}

/** What a customer does with the documented header: recompute the HMAC over "<t>.<raw body>". */
function verify(secret: string, header: string, rawBody: string): boolean {
  const parts = Object.fromEntries(header.split(',').map((p) => p.split('=') as [string, string]));
  const expected = createHmac('sha256', secret).update(`${parts.t}.${rawBody}`).digest();
  const given = Buffer.from(parts.v1 ?? '', 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

describe.each(backends)('webhooks on %s', (backend) => {
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

  async function completeTaskWithCallback(callbackUrl: string): Promise<string> {
    const task = (await w.app.inject({
      method: 'POST', url: '/v1/task/imageannotation', headers: auth,
      payload: { attachment: media.url('/street.jpg'), callback_url: callbackUrl, geometries: { box: { objects_to_annotate: ['car'] } } },
    })).json();
    const cookie = await w.cookie('labeler');
    const claim = (await w.app.inject({ method: 'POST', url: `/api/projects/${w.projectId}/queue/next`, headers: { cookie } })).json();
    expect(claim.task.id).toBe(task.task_id);
    const doc = { objects: [{ id: 'c1', classId: 'car', geometry: { kind: 'box', x: 5, y: 5, w: 50, h: 40 } }] };
    await w.app.inject({ method: 'POST', url: `/api/tasks/${task.task_id}/submit`, headers: { cookie }, payload: { leaseToken: claim.lease.token, submissionId: randomUUID(), document: doc } });
    return task.task_id;
  }

  it('delivers a completion to a receiver that fails three times, with backoff and a valid signature', async () => {
    const receiver = await startReceiver(3);
    try {
      const taskId = await completeTaskWithCallback(receiver.url);
      const project = await w.db.db.selectFrom('projects').select('callback_key').where('id', '=', w.projectId).executeTakeFirstOrThrow();

      expect(await deliverDueWebhooks(w.ctx, 'worker-a')).toBe(1);
      expect(receiver.calls).toHaveLength(1);
      // Not due again until the backoff has passed.
      expect(await deliverDueWebhooks(w.ctx, 'worker-a')).toBe(0);
      for (const waitMs of [10_000, 20_000, 40_000]) {
        w.clock.advance(waitMs);
        expect(await deliverDueWebhooks(w.ctx, 'worker-a')).toBe(1);
      }
      expect(receiver.calls).toHaveLength(4);
      w.clock.advance(3600_000);
      expect(await deliverDueWebhooks(w.ctx, 'worker-a')).toBe(0);

      const last = receiver.calls[3]!;
      expect(last.headers['scale-callback-auth']).toBe(project.callback_key);
      expect(verify(project.callback_key, String(last.headers['labelbench-signature']), last.body)).toBe(true);
      expect(verify('wrong-key', String(last.headers['labelbench-signature']), last.body)).toBe(false);
      const payload = JSON.parse(last.body);
      expect(payload.task_id).toBe(taskId);
      expect(payload.task.status).toBe('completed');
      expect(payload.response.annotations[0]).toMatchObject({ label: 'car', left: 5, top: 5, width: 50, height: 40 });

      const log = (await w.app.inject({ method: 'GET', url: `/api/tasks/${taskId}/webhooks`, headers: { cookie: await w.cookie('owner') } })).json();
      expect(log.deliveries).toHaveLength(1);
      expect(log.deliveries[0].status).toBe('delivered');
      expect(log.deliveries[0].attempts.map((a: { statusCode: number }) => a.statusCode)).toEqual([500, 500, 500, 200]);
      expect((await w.app.inject({ method: 'GET', url: `/v1/task/${taskId}`, headers: auth })).json().callback_succeeded).toBe(true);

      // The owner's redeliver button sends it once more.
      const again = await w.app.inject({ method: 'POST', url: `/api/tasks/${taskId}/webhooks/redeliver`, headers: { cookie: await w.cookie('owner') } });
      expect(again.statusCode).toBe(202);
      expect(await deliverDueWebhooks(w.ctx, 'worker-a')).toBe(1);
      expect(receiver.calls).toHaveLength(5);
      const forLabeler = await w.app.inject({ method: 'GET', url: `/api/tasks/${taskId}/webhooks`, headers: { cookie: await w.cookie('labeler') } });
      expect(forLabeler.statusCode).toBe(403);
    } finally {
      await receiver.close();
    }
  });

  it('tells the customer of a task given up after its maximum of expired leases, and of one whose media failed', async () => {
    const receiver = await startReceiver(0);
    try {
      const task = (await w.app.inject({
        method: 'POST', url: '/v1/task/imageannotation', headers: auth,
        payload: { attachment: media.url('/street.jpg'), callback_url: receiver.url, geometries: { box: { objects_to_annotate: ['car'] } } },
      })).json();
      // maxAttempts 3 (makeWorld): three labelers let the lease expire, each sweep in its own turn.
      for (const who of ['labeler', 'labeler2', 'labeler3'] as const) {
        const claim = (await w.app.inject({ method: 'POST', url: `/api/projects/${w.projectId}/queue/next`, headers: { cookie: await w.cookie(who) } })).json();
        expect(claim.task.id).toBe(task.task_id);
        w.clock.advance(600_000 + 1000);
        expect(await deliverDueWebhooks(w.ctx, 'worker-a')).toBe(0);
        await sweepExpiredLeases(w.ctx, w.projectId);
      }
      expect((await w.app.inject({ method: 'GET', url: `/v1/task/${task.task_id}`, headers: auth })).json().status).toBe('error');
      expect(await deliverDueWebhooks(w.ctx, 'worker-a')).toBe(1);
      const given = JSON.parse(receiver.calls[0]!.body);
      expect(given).toMatchObject({ task_id: task.task_id, task: { task_id: task.task_id, status: 'error', error: 'lease expired 3 times' }, response: null });
      // A sweep that finds nothing more writes nothing more.
      await sweepExpiredLeases(w.ctx, w.projectId);
      expect(await deliverDueWebhooks(w.ctx, 'worker-a')).toBe(0);

      const broken = (await w.app.inject({
        method: 'POST', url: '/v1/task/imageannotation', headers: auth,
        payload: { attachment: media.url('/missing.jpg'), callback_url: receiver.url, geometries: { box: { objects_to_annotate: ['car'] } } },
      })).json();
      expect(broken.status).toBe('error');
      expect(await deliverDueWebhooks(w.ctx, 'worker-a')).toBe(1);
      expect(JSON.parse(receiver.calls[1]!.body)).toMatchObject({ task_id: broken.task_id, task: { status: 'error', error: expect.stringContaining('404') } });
      expect(receiver.calls).toHaveLength(2);
    } finally {
      await receiver.close();
    }
  });

  it('does not call a loopback receiver once the owner no longer allows private URLs, and logs why', async () => {
    const receiver = await startReceiver(0);
    const settingsOf = async () => (await w.db.db.selectFrom('projects').select('settings').where('id', '=', w.projectId).executeTakeFirstOrThrow()).settings as Record<string, unknown>;
    const before = await settingsOf();
    try {
      const taskId = await completeTaskWithCallback(receiver.url);
      await w.db.db.updateTable('projects').set({ settings: JSON.stringify({ ...before, allowPrivateUrls: false }) }).where('id', '=', w.projectId).execute();
      expect(await deliverDueWebhooks(w.ctx, 'worker-a')).toBe(1);
      expect(receiver.calls).toHaveLength(0);
      const log = (await w.app.inject({ method: 'GET', url: `/api/tasks/${taskId}/webhooks`, headers: { cookie: await w.cookie('owner') } })).json();
      expect(log.deliveries[0].attempts[0].error).toBe('127.0.0.1 is an internal address, which is not allowed');
    } finally {
      await w.db.db.updateTable('projects').set({ settings: JSON.stringify(before) }).where('id', '=', w.projectId).execute();
      // Its retries are not this file's business any more.
      await w.db.db.deleteFrom('webhook_deliveries').where('url', '=', receiver.url).execute();
      await receiver.close();
    }
  });

  it('shows the owner the project\'s webhook key and rotates it; later deliveries carry the new key', async () => {
    const owner = { cookie: await w.cookie('owner') };
    const shown = await w.app.inject({ method: 'GET', url: `/api/projects/${w.projectId}/callback-key`, headers: owner });
    expect(shown.statusCode).toBe(200);
    const before = shown.json().key as string;
    expect(before).toBe((await w.db.db.selectFrom('projects').select('callback_key').where('id', '=', w.projectId).executeTakeFirstOrThrow()).callback_key);
    for (const who of ['labeler', 'reviewer', 'outsider'] as const) {
      const res = await w.app.inject({ method: 'GET', url: `/api/projects/${w.projectId}/callback-key`, headers: { cookie: await w.cookie(who) } });
      expect([403, 404]).toContain(res.statusCode);
      expect(res.body).not.toContain(before);
    }
    expect((await w.app.inject({ method: 'POST', url: `/api/projects/${w.projectId}/callback-key/rotate`, headers: { cookie: await w.cookie('labeler') } })).statusCode).toBe(403);
    const rotated = await w.app.inject({ method: 'POST', url: `/api/projects/${w.projectId}/callback-key/rotate`, headers: owner });
    expect(rotated.statusCode).toBe(200);
    const after = rotated.json().key as string;
    expect(after).toMatch(/^whsec_[\w-]{32}$/);
    expect(after).not.toBe(before);
    const receiver = await startReceiver(0);
    try {
      await completeTaskWithCallback(receiver.url);
      expect(await deliverDueWebhooks(w.ctx, 'worker-a')).toBe(1);
      const call = receiver.calls[0]!;
      expect(call.headers['scale-callback-auth']).toBe(after);
      expect(verify(after, String(call.headers['labelbench-signature']), call.body)).toBe(true);
      expect(verify(before, String(call.headers['labelbench-signature']), call.body)).toBe(false);
    } finally {
      await receiver.close();
    }
  });

  it('sends each delivery once when two workers look at the same moment', async () => {
    const receiver = await startReceiver(0);
    try {
      await completeTaskWithCallback(receiver.url);
      const [a, b] = await Promise.all([deliverDueWebhooks(w.ctx, 'worker-a'), deliverDueWebhooks(w.ctx, 'worker-b')]);
      expect(a + b).toBe(1);
      expect(receiver.calls).toHaveLength(1);
    } finally {
      await receiver.close();
    }
  });

  it('gives up after 24 hours and records callback_succeeded false', async () => {
    const receiver = await startReceiver(1000);
    try {
      const taskId = await completeTaskWithCallback(receiver.url);
      for (let i = 0; i < 40; i++) {
        await deliverDueWebhooks(w.ctx, 'worker-a');
        w.clock.advance(3600_000);
      }
      const row = await w.db.db.selectFrom('webhook_deliveries').select(['status', 'attempts']).where('task_id', '=', taskId).executeTakeFirstOrThrow();
      expect(row.status).toBe('failed');
      expect(row.attempts).toBeLessThan(40);
      expect((await w.app.inject({ method: 'GET', url: `/v1/task/${taskId}`, headers: auth })).json().callback_succeeded).toBe(false);
    } finally {
      await receiver.close();
    }
  });
});
