import { randomUUID } from 'node:crypto';
import { strFromU8, unzipSync } from 'fflate';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createProject, addProjectMember } from '../services/projects.service';
import { createTask } from '../services/tasks.service';
import { makeWorld, type World } from '../test/builders';
import { backends } from '../test/test-db';

const seg = (id: string, startSec: number, endSec: number, transcript?: object) => ({
  id, classId: 'speech', geometry: { kind: 'segment', startSec, endSec }, attributes: {}, source: 'human', version: 1, ...(transcript ? { transcript } : {}),
});

describe.each(backends)('audio segments on %s', (backend) => {
  let w: World;
  let audioProjectId: string;
  let taskId: string;
  let token: string;

  async function call(method: 'POST' | 'PUT', url: string, payload: object, who: keyof World['users'] = 'labeler') {
    return w.app.inject({ method, url, payload, headers: { cookie: await w.cookie(who) } });
  }
  const saveDraft = (objects: object[]) => call('PUT', `/api/tasks/${taskId}/draft`, { leaseToken: token, document: { objects } });
  const submit = (objects: object[]) => call('POST', `/api/tasks/${taskId}/submit`, { leaseToken: token, submissionId: randomUUID(), document: { objects } });

  beforeEach(async () => {
    w = await makeWorld(backend, { tasks: 0 });
    const project = await createProject(w.ctx, w.users.owner.id, {
      name: 'Calls', kind: 'audio', instructions: '', ontology: { classes: [{ id: 'speech', name: 'Speech', color: '#911eb4' }] },
      settings: { speakers: ['Alice', 'Bob'], tags: ['inaudible', 'crosstalk'], glossary: ['Kubernetes'] },
    });
    audioProjectId = project.id;
    await addProjectMember(w.ctx, project.id, w.users.owner.id, w.users.labeler.email, 'labeler');
    await createTask(w.ctx, project.id, w.users.owner.id, { data: { kind: 'audio', audioUrl: '/demo/audio/a.wav', durationSec: 10 }, priority: 0 });
    const claim = (await call('POST', `/api/projects/${project.id}/queue/next`, {})).json();
    taskId = claim.task.id;
    token = claim.lease.token;
  });
  afterEach(() => w.dispose());

  it('saves and submits segments with speakers, text and tags, and answers the Scale-shaped transcript', async () => {
    const objects = [
      seg('b', 4, 7.5, { speaker: 'Bob', text: 'we run it on Kubernetes', tags: [] }),
      seg('a', 0.5, 3.25, { speaker: 'Alice', text: 'hello there', tags: [{ tag: 'inaudible', offset: 6 }] }),
    ];
    expect((await saveDraft(objects)).statusCode).toBe(200);
    const res = await submit(objects);
    expect(res.statusCode).toBe(200);
    expect(res.json().status).toBe('completed');
    const row = await w.db.db.selectFrom('tasks').select('response').where('id', '=', taskId).executeTakeFirstOrThrow();
    expect(row.response).toEqual({
      transcript: 'hello [inaudible] there we run it on Kubernetes',
      duration: 10,
      segments: [
        { uuid: 'a', start: 0.5, end: 3.25, speaker: 'Alice', text: 'hello [inaudible] there', raw_text: 'hello there', tags: [{ tag: 'inaudible', offset: 6 }] },
        { uuid: 'b', start: 4, end: 7.5, speaker: 'Bob', text: 'we run it on Kubernetes', raw_text: 'we run it on Kubernetes', tags: [] },
      ],
      speakers: ['Alice', 'Bob'],
    });
  });

  it('exports submitted transcripts as WebVTT, SRT and our JSON, and refuses image formats', async () => {
    const objects = [seg('a', 0.5, 3.25, { speaker: 'Alice', text: 'hello there', tags: [{ tag: 'inaudible', offset: 6 }] })];
    expect((await submit(objects)).statusCode).toBe(200);
    const get = async (format: string) => w.app.inject({ method: 'GET', url: `/api/projects/${audioProjectId}/export?format=${format}`, headers: { cookie: await w.cookie('owner') } });
    const vtt = await get('vtt');
    expect(vtt.statusCode).toBe(200);
    expect(vtt.headers['content-disposition']).toBe('attachment; filename="calls-vtt-2026-01-05.zip"');
    const files = unzipSync(new Uint8Array(vtt.rawPayload));
    expect(Object.keys(files)).toEqual(['a.vtt']);
    expect(strFromU8(files['a.vtt']!)).toBe('WEBVTT\n\na\n00:00:00.500 --> 00:00:03.250\n<v Alice>hello [inaudible] there\n');
    const srt = unzipSync(new Uint8Array((await get('srt')).rawPayload));
    expect(strFromU8(srt['a.srt']!)).toBe('1\r\n00:00:00,500 --> 00:00:03,250\r\nAlice: hello [inaudible] there\r\n');
    const ours = (await get('labelbench')).json();
    expect(ours.tasks[0].segments).toEqual([{ id: 'a', startSec: 0.5, endSec: 3.25, speaker: 'Alice', text: 'hello there', tags: [{ tag: 'inaudible', offset: 6 }], inlineText: 'hello [inaudible] there', source: 'human', version: 1 }]);
    expect(ours.tasks[0].annotation.userId).toBe(w.users.labeler.id);
    const coco = await get('coco');
    expect(coco.statusCode).toBe(400);
    expect(coco.json().fields).toEqual({ format: 'an audio project exports vtt, srt or labelbench' });
  });

  it('refuses a segment that ends before it starts, naming it', async () => {
    const res = await saveDraft([seg('a', 1, 2), seg('b', 5, 5)]);
    expect(res.statusCode).toBe(400);
    expect(res.json().fields).toEqual({ 'document.objects.1.geometry.endSec': 'must be after startSec (5 s)' });
  });

  it('refuses a segment past the end of the audio, on submit as on save', async () => {
    const res = await submit([seg('a', 8, 12)]);
    expect(res.statusCode).toBe(400);
    expect(res.json().fields).toEqual({ 'document.objects.0.geometry.endSec': 'past the end of the audio (10 s)' });
    expect((await saveDraft([seg('a', 10.5, 11)])).json().fields).toMatchObject({ 'document.objects.0.geometry.startSec': 'past the end of the audio (10 s)' });
  });

  it('refuses overlapping segments unless the project allows overlap', async () => {
    const objects = [seg('a', 0, 4), seg('b', 6, 8), seg('c', 3, 5)];
    const res = await saveDraft(objects);
    expect(res.statusCode).toBe(400);
    expect(Object.keys(res.json().fields)).toEqual(['document.objects.2.geometry.startSec']);
    expect(res.json().fields['document.objects.2.geometry.startSec']).toMatch(/overlaps segment 0 \(0–4 s\)/);
    // Touching segments (one ends where the next starts) do not overlap.
    expect((await saveDraft([seg('a', 0, 4), seg('b', 4, 8)])).statusCode).toBe(200);

    const put = await call('PUT', `/api/projects/${audioProjectId}`, { settings: { allowOverlap: true } }, 'owner');
    expect(put.statusCode).toBe(200);
    expect(put.json().project.settings).toMatchObject({ allowOverlap: true, speakers: ['Alice', 'Bob'], tags: ['inaudible', 'crosstalk'] });
    expect((await saveDraft(objects)).statusCode).toBe(200);
  });

  it('refuses tags the project does not have, and tags placed past the text', async () => {
    const res = await saveDraft([seg('a', 0, 1, { speaker: null, text: 'hi', tags: [{ tag: 'laughter', offset: 0 }, { tag: 'inaudible', offset: 3 }] })]);
    expect(res.statusCode).toBe(400);
    expect(res.json().fields).toEqual({
      'document.objects.0.transcript.tags.0.tag': "no tag 'laughter' in the project",
      'document.objects.0.transcript.tags.1.offset': 'past the end of the text (2 characters)',
    });
  });

  it('refuses boxes in an audio task and segments in an image task', async () => {
    const box = { id: 'x', classId: 'speech', geometry: { kind: 'box', x: 1, y: 1, w: 5, h: 5 }, attributes: {}, source: 'human', version: 1 };
    expect((await saveDraft([box])).json().fields).toEqual({ 'document.objects.0.geometry.kind': 'an audio task takes segments, not a box' });

    await createTask(w.ctx, w.projectId, w.users.owner.id, { data: { kind: 'image', imageUrl: '/i.jpg', width: 100, height: 100 }, priority: 0 });
    const claim = (await call('POST', `/api/projects/${w.projectId}/queue/next`, {})).json();
    const res = await call('PUT', `/api/tasks/${claim.task.id}/draft`, { leaseToken: claim.lease.token, document: { objects: [{ ...seg('s', 0, 1), classId: 'car' }] } });
    expect(res.statusCode).toBe(400);
    expect(res.json().fields).toEqual({ 'document.objects.0.geometry.kind': 'an image task takes boxes and polygons, not audio segments' });
  });

  it('refuses malformed segment geometry through the schema, naming the field', async () => {
    const res = await saveDraft([{ ...seg('a', 0, 1), geometry: { kind: 'segment', startSec: -1, endSec: 'late' } }]);
    expect(res.statusCode).toBe(400);
    expect(Object.keys(res.json().fields).sort()).toEqual(['document.objects.0.geometry.endSec', 'document.objects.0.geometry.startSec']);
  });
});
