import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeWorld, ownerApiAuth, type World } from '../test/builders';
import { startMediaServer } from '../test/media-server';
import { backends } from '../test/test-db';

/** The next-task peek (prefetching the next image while labeling) and the media rule that goes with it. */
describe.each(backends)('queue peek on %s', (backend) => {
  let w: World;
  let media: Awaited<ReturnType<typeof startMediaServer>>;

  beforeAll(async () => {
    w = await makeWorld(backend, { tasks: 0, allowPrivateUrls: true });
    media = await startMediaServer();
    const auth = await ownerApiAuth(w);
    for (let i = 0; i < 3; i++) {
      const created = await w.app.inject({
        method: 'POST',
        url: '/v1/task/imageannotation',
        headers: auth,
        payload: { attachment: media.url('/street.jpg'), instruction: 'Box the cars', geometries: { box: { objects_to_annotate: ['Car'] } }, unique_id: `peek-${i}` },
      });
      expect(created.statusCode).toBe(200);
      w.clock.advance(1000);
    }
  });
  afterAll(async () => {
    await media.close();
    await w.dispose();
  });

  const as = async (who: keyof World['users']) => ({ cookie: await w.cookie(who) });
  const peek = async (who: keyof World['users'] = 'labeler') => w.app.inject({ method: 'GET', url: `/api/projects/${w.projectId}/queue/peek`, headers: await as(who) });
  const claim = async (who: keyof World['users']) => (await w.app.inject({ method: 'POST', url: `/api/projects/${w.projectId}/queue/next`, headers: await as(who) })).json();
  const mediaStatus = async (who: keyof World['users'], url: string) => (await w.app.inject({ method: 'GET', url, headers: await as(who) })).statusCode;

  it('names the task the next claim gets, leases nothing, and lets only that labeler fetch its image ahead', async () => {
    const first = await claim('labeler');
    const ahead = (await peek()).json().next;
    expect(ahead.taskId).not.toBe(first.task.id);
    expect(ahead.data).toMatchObject({ kind: 'image', imageUrl: expect.stringMatching(/^\/api\/media\//) });
    // Not a lease: the task is still available, and another labeler's claim can take it.
    expect(await mediaStatus('labeler', ahead.data.imageUrl)).toBe(200);
    expect(await mediaStatus('reviewer', ahead.data.imageUrl)).toBe(200);
    expect(await mediaStatus('outsider', ahead.data.imageUrl)).toBe(404);

    // The labeler submits and claims: the peeked task is what they get.
    const submit = await w.app.inject({
      method: 'POST',
      url: `/api/tasks/${first.task.id}/submit`,
      headers: await as('labeler'),
      payload: { leaseToken: first.lease.token, submissionId: randomUUID(), document: { objects: [] } },
    });
    expect(submit.statusCode).toBe(200);
    const second = await claim('labeler');
    expect(second.task.id).toBe(ahead.taskId);

    // Someone else claims what this labeler would get next; the peek moves on, and the image the
    // labeler no longer could claim is out of reach once it is leased to the other labeler.
    const nextAhead = (await peek()).json().next;
    const taken = await claim('labeler2');
    expect(taken.task.id).toBe(nextAhead.taskId);
    expect((await peek()).json().next).toBeNull();
    expect(await mediaStatus('labeler', nextAhead.data.imageUrl)).toBe(404);
  });

  it('answers 404 outside the project and 403 without the labeler role', async () => {
    expect((await peek('outsider')).statusCode).toBe(404);
    expect((await peek('reviewer')).statusCode).toBe(403);
  });
});
