import { randomUUID } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalBlobStore } from '../media/blob-store';
import { addProjectMember, createProject } from '../services/projects.service';
import { makeWorld, ownerApiAuth, type World } from '../test/builders';
import { startMediaServer } from '../test/media-server';
import { backends } from '../test/test-db';

describe.each(backends)('customer API audiotranscription on %s', (backend) => {
  let w: World;
  let media: Awaited<ReturnType<typeof startMediaServer>>;
  let auth: { authorization: string };
  let projectId: string;

  beforeAll(async () => {
    w = await makeWorld(backend, { tasks: 0 });
    media = await startMediaServer();
    const project = await createProject(w.ctx, w.users.owner.id, {
      name: 'Calls', kind: 'audio', instructions: '', ontology: { classes: [{ id: 'speech', name: 'Speech', color: '#911eb4' }] }, settings: { allowPrivateUrls: true, tags: ['inaudible'] },
    });
    projectId = project.id;
    await addProjectMember(w.ctx, project.id, w.users.owner.id, w.users.labeler.email, 'labeler');
    auth = await ownerApiAuth(w, project.id);
  });
  afterAll(async () => {
    await media.close();
    await w.dispose();
  });
  const create = (body: object) => w.app.inject({ method: 'POST', url: '/v1/task/audiotranscription', headers: auth, payload: body });

  it('loads a pre-transcript as editable segments with provenance, and answers the transcript when completed', async () => {
    const hypothesis = { segments: [{ start: 0.2, end: 2.5, speaker: 'A', text: 'please deploy the build', uuid: 'h1' }, { start: 2.6, end: 5.4, text: 'to the cubernetes cluster', uuid: 'h2' }] };
    const res = await create({ attachment: media.url('/clip.wav'), hypothesis });
    expect(res.statusCode).toBe(200);
    const task = res.json();
    const cookie = await w.cookie('labeler');
    const claim = (await w.app.inject({ method: 'POST', url: `/api/projects/${projectId}/queue/next`, headers: { cookie } })).json();
    expect(claim.task.id).toBe(task.task_id);
    expect(claim.task.data.durationSec).toBeCloseTo(5.53, 2);
    expect(claim.draft.objects).toEqual([
      { id: 'h1', classId: 'speech', geometry: { kind: 'segment', startSec: 0.2, endSec: 2.5 }, attributes: {}, source: 'hypothesis', version: 1, transcript: { speaker: 'A', text: 'please deploy the build', tags: [] } },
      { id: 'h2', classId: 'speech', geometry: { kind: 'segment', startSec: 2.6, endSec: 5.4 }, attributes: {}, source: 'hypothesis', version: 1, transcript: { speaker: null, text: 'to the cubernetes cluster', tags: [] } },
    ]);
    // The labeler fixes the second segment (its version grows; its source still says where it began).
    const fixed = { ...claim.draft.objects[1], version: 2, transcript: { speaker: 'B', text: 'to the Kubernetes cluster', tags: [] } };
    const submit = await w.app.inject({ method: 'POST', url: `/api/tasks/${task.task_id}/submit`, headers: { cookie }, payload: { leaseToken: claim.lease.token, submissionId: randomUUID(), document: { objects: [claim.draft.objects[0], fixed] } } });
    expect(submit.statusCode).toBe(200);
    const done = (await w.app.inject({ method: 'GET', url: `/v1/task/${task.task_id}`, headers: auth })).json();
    expect(done.status).toBe('completed');
    expect(done.response).toMatchObject({
      transcript: 'please deploy the build to the Kubernetes cluster',
      segments: [{ uuid: 'h1', start: 0.2, end: 2.5, speaker: 'A' }, { uuid: 'h2', start: 2.6, end: 5.4, speaker: 'B', text: 'to the Kubernetes cluster' }],
      speakers: ['A', 'B'],
    });
    expect(done.response.duration).toBeCloseTo(5.53, 2);
  });

  it('refuses a pre-transcript that runs past the clip or ends before it starts, naming the segment', async () => {
    const before = await storedMedia();
    const late = await create({ attachment: media.url('/clip.wav'), hypothesis: { segments: [{ start: 0, end: 1, text: '' }, { start: 5, end: 9, text: 'x' }] } });
    expect(late.statusCode).toBe(400);
    expect(late.json().fields).toEqual({ 'hypothesis.segments.1.end': 'past the end of the audio (5.526 s)' });
    const shape = await create({ attachment: media.url('/clip.wav'), hypothesis: { segments: [{ start: 'soon', end: 1 }] } });
    expect(shape.statusCode).toBe(400);
    expect(Object.keys(shape.json().fields)).toEqual(['hypothesis.segments.0.start']);
    // Nothing of the refused creates is kept: the clip fetched for the first, and its peaks, are gone.
    expect(await storedMedia()).toEqual(before);
  });

  /** The media records and files kept (the temporary folder aside). */
  async function storedMedia() {
    const rows = await w.db.db.selectFrom('blobs').select('id').orderBy('id').execute();
    const files = (await readdir((w.ctx.blobs as LocalBlobStore).root)).filter((n) => n !== '.incoming').sort();
    return { rows: rows.map((r) => r.id), files };
  }

  it('puts a task whose attachment is not audio in error, with the reason', async () => {
    const res = await create({ attachment: media.url('/not-an-image.jpg') });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'error', error: 'attachment: the file is not audio we can read (WAV, MP3, OGG, FLAC or M4A)' });
  });
});
