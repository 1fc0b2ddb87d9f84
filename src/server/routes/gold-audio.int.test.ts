import { readFile } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addProjectMember, createProject } from '../services/projects.service';
import { createTask } from '../services/tasks.service';
import { makeWorld, type World } from '../test/builders';
import { backends } from '../test/test-db';

/** Gold transcripts whose content is easy to spot in any response: a marker word, id and speaker. */
const SECRET = 'zanzibarquux';
const seg = (id: string, startSec: number, endSec: number, speaker: string | null, text: string, tags: { tag: string; offset: number }[] = []) => ({
  id, classId: 'speech', geometry: { kind: 'segment', startSec, endSec }, attributes: {}, source: 'human', version: 1, transcript: { speaker, text, tags },
});
const goldDoc = {
  objects: [
    seg(`gold-${SECRET}-1`, 0.5, 2.75, 'Alice', `please deploy the ${SECRET} build`, [{ tag: 'inaudible', offset: 13 }]),
    seg(`gold-${SECRET}-2`, 3.25, 5, 'Bob', 'to the Kubernetes cluster'),
  ],
};
/** Everything right but the glossary term ("Cubernetes"). */
const glossaryMiss = {
  objects: [
    seg('a1', 0.5, 2.75, 'Alice', `please deploy the ${SECRET} build`, [{ tag: 'inaudible', offset: 13 }]),
    seg('a2', 3.25, 5, 'Bob', 'to the Cubernetes cluster'),
  ],
};
const leaks = (body: string) => [SECRET, '2.75', '3.25'].filter((s) => body.includes(s));

describe.each(backends)('audio gold on %s', (backend) => {
  let w: World;
  let projectId: string;
  beforeEach(async () => {
    w = await makeWorld(backend, { tasks: 0 });
    const p = await createProject(w.ctx, w.users.owner.id, {
      name: 'Calls', kind: 'audio', instructions: '', ontology: { classes: [{ id: 'speech', name: 'Speech', color: '#911eb4' }] },
      settings: { speakers: ['Alice', 'Bob'], tags: ['inaudible', 'noise'], glossary: ['Kubernetes'], goldRateStart: 1, goldRateFloor: 1 },
    });
    projectId = p.id;
    await addProjectMember(w.ctx, p.id, w.users.owner.id, w.users.labeler.email, 'labeler');
    await createTask(w.ctx, p.id, w.users.owner.id, { data: { kind: 'audio', audioUrl: '/demo/audio/clip-02.wav', durationSec: 5.53 }, priority: 0 });
  });
  afterEach(() => w.dispose());

  async function call(who: keyof World['users'], method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) {
    return w.app.inject({ method, url, payload, headers: { cookie: await w.cookie(who) } });
  }
  /** Uploads the demo clip as a task (served through /api/media) and makes it gold with `doc`. */
  async function goldTask(doc: object = goldDoc): Promise<string> {
    const wav = await readFile('public/demo/audio/clip-01.wav');
    const up = await w.app.inject({ method: 'POST', url: `/api/projects/${projectId}/uploads?filename=g.wav`, headers: { cookie: await w.cookie('owner'), 'content-type': 'audio/wav' }, payload: wav });
    expect(up.statusCode).toBe(201);
    const id = up.json().task.id as string;
    const g = await call('owner', 'POST', `/api/tasks/${id}/gold`, { document: doc });
    expect(g.statusCode, g.body).toBe(200);
    return id;
  }
  async function claim() {
    const c = (await call('labeler', 'POST', `/api/projects/${projectId}/queue/next`)).json();
    return { id: c.task.id as string, token: c.lease.token as string, body: c };
  }
  const submit = (id: string, token: string, document: object) => call('labeler', 'POST', `/api/tasks/${id}/submit`, { leaseToken: token, submissionId: randomUUID(), document });

  it('never sends the gold transcript to the labeler before submit, in any response', async () => {
    const goldId = await goldTask();
    const bodies: [string, string][] = [];
    const first = await call('labeler', 'POST', `/api/projects/${projectId}/queue/next`);
    bodies.push(['claim', first.body]);
    const c = first.json();
    expect(c.task.id).toBe(goldId);
    expect(c.draft).toBeNull();
    expect(Object.keys(c).sort()).toEqual(['draft', 'lease', 'task']);
    bodies.push(['claim again', (await call('labeler', 'POST', `/api/projects/${projectId}/queue/next`)).body]);
    bodies.push(['task', (await call('labeler', 'GET', `/api/tasks/${goldId}`)).body]);
    const draft = await call('labeler', 'PUT', `/api/tasks/${goldId}/draft`, { leaseToken: c.lease.token, document: { objects: [seg('d1', 0.4, 2.6, null, 'please')] } });
    expect(draft.statusCode).toBe(200);
    bodies.push(['draft', draft.body]);
    bodies.push(['claim with draft', (await call('labeler', 'POST', `/api/projects/${projectId}/queue/next`)).body]);
    bodies.push(['heartbeat', (await call('labeler', 'POST', `/api/tasks/${goldId}/heartbeat`, { leaseToken: c.lease.token })).body]);
    const media = await call('labeler', 'GET', c.task.data.audioUrl);
    expect(media.statusCode).toBe(200);
    bodies.push(['media', media.rawPayload.toString('latin1')]);
    bodies.push(['media headers', JSON.stringify(media.headers)]);
    for (const url of [`/api/projects/${projectId}`, '/api/projects', '/api/auth/me', `/api/projects/${projectId}/patterns/me`, `/api/projects/${projectId}/quality/me`,
      `/api/projects/${projectId}/courses/glossary_term`, `/api/projects/${projectId}/feedback`, `/api/projects/${projectId}/queue/peek`]) {
      const r = await call('labeler', 'GET', url);
      bodies.push([url, r.body]);
    }
    const practice = await call('labeler', 'POST', `/api/projects/${projectId}/courses/glossary_term/attempts`);
    expect(practice.statusCode).toBe(409);
    bodies.push(['practice attempt', practice.body]);
    for (const url of [`/api/projects/${projectId}/gold`, `/api/tasks/${goldId}/annotation`, `/api/projects/${projectId}/quality`, `/api/projects/${projectId}/tasks`]) {
      const r = await call('labeler', 'GET', url);
      expect(r.statusCode, url).toBeGreaterThanOrEqual(400);
      bodies.push([url, r.body]);
    }
    for (const [what, body] of bodies) expect(leaks(body), what).toEqual([]);
    const res = await submit(goldId, c.lease.token, glossaryMiss);
    expect(res.statusCode).toBe(200);
    expect(leaks(res.body)).toContain(SECRET);
  });

  it('judges a gold transcript: every finding type, placed in segments and audio, stored, counted in words', async () => {
    await w.ctx.db.db.updateTable('projects').set({ settings: JSON.stringify({ speakers: ['Alice', 'Bob'], tags: ['inaudible', 'noise'], glossary: ['Kubernetes'], goldRateStart: 1, goldRateFloor: 1, segmentTimingToleranceSec: 0.3 }) }).where('id', '=', projectId).execute();
    const goldId = await goldTask();
    const c = await claim();
    // Row 1: a word missing, one wrong, one added, the tag left out, start 0.4 s late; row 2: Bob's words given to Alice, the term misspelt.
    const answer = { objects: [seg('a1', 0.9, 2.75, 'Alice', `deploy a ${SECRET} build now`), seg('a2', 3.25, 5, 'Alice', 'to the cubernetes cluster')] };
    const res = await submit(c.id, c.token, answer);
    expect(res.statusCode).toBe(200);
    const fb = res.json().feedback;
    expect(fb.reference).toEqual(goldDoc);
    expect(fb.findings.map((f: { type: string }) => f.type)).toEqual(['deletion', 'substitution', 'insertion', 'glossary_term', 'segment_timing', 'missing_tag', 'speaker_error']);
    const by = (t: string) => fb.findings.find((f: { type: string }) => f.type === t);
    expect(by('substitution')).toMatchObject({ objectId: 'a1', referenceId: `gold-${SECRET}-1`, explanation: '"the" is written "a"', detail: { ref: 'the', hyp: 'a' } });
    expect(by('glossary_term')).toMatchObject({ objectId: 'a2', referenceId: `gold-${SECRET}-2`, magnitude: 1, explanation: 'the glossary term "Kubernetes" is written "cubernetes"', detail: { term: 'Kubernetes' } });
    expect(by('glossary_term').detail.startSec).toBeGreaterThanOrEqual(3.25);
    expect(by('glossary_term').detail.endSec).toBeLessThanOrEqual(5);
    expect(by('segment_timing')).toMatchObject({ magnitude: 0.4, explanation: 'segment 1 (0.5–2.75 s) starts 0.4 s late', detail: { boundaries: [{ boundary: 'start', offsetSec: 0.4 }] } });
    expect(by('missing_tag')).toMatchObject({ explanation: 'segment 1 (0.5–2.75 s) needs the tag [inaudible]', detail: { tag: 'inaudible' } });
    expect(by('speaker_error')).toMatchObject({ objectId: 'a2', magnitude: 4, explanation: 'segment 2 (3.25–5.0 s) is said by Bob, not Alice' });
    // Words: 9 in the reference + 1 inserted = 10 judged; right: deploy <secret> build (3) — row 2 is Bob's, not Alice's.
    expect(fb).toMatchObject({ objectsTotal: 10, objectsCorrect: 3 });
    const stored = await w.db.db.selectFrom('findings').select(['type', 'task_id', 'source']).where('task_id', '=', goldId).execute();
    expect(stored).toHaveLength(fb.findings.length);
    const q = (await call('labeler', 'GET', `/api/projects/${projectId}/quality/me`)).json().quality;
    expect(q.accuracy).toMatchObject({ successes: 3, trials: 10 });
    expect(q.findingCounts).toMatchObject({ glossary_term: 1, speaker_error: 1, segment_timing: 1, missing_tag: 1 });
  });

  it('a right transcript has no findings; case and punctuation alone make one punctuation_casing finding', async () => {
    await goldTask();
    await goldTask();
    const first = await claim();
    const right = await submit(first.id, first.token, goldDoc);
    expect(right.json().feedback).toMatchObject({ findings: [], objectsTotal: 9, objectsCorrect: 9 });
    const second = await claim();
    const cased = structuredClone(goldDoc);
    cased.objects[1]!.transcript.text = 'To the Kubernetes cluster.';
    const r = (await submit(second.id, second.token, cased)).json().feedback;
    expect(r.findings.map((f: { type: string }) => f.type)).toEqual(['punctuation_casing']);
    expect(r).toMatchObject({ objectsTotal: 9, objectsCorrect: 9 });
  });

  it('turns a repeated glossary mistake into a pattern with its course; audio practice with feedback clears it', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push(await goldTask());
    // Three gold clips of two segments each, the term wrong in one of them: 3 of 6 segments.
    for (let i = 0; i < 3; i++) {
      const c = await claim();
      expect(ids).toContain(c.id);
      const res = (await submit(c.id, c.token, glossaryMiss)).json();
      expect(res.feedback.findings.map((f: { type: string }) => f.type)).toEqual(['glossary_term']);
      w.clock.advance(60_000);
    }
    const patterns = (await call('labeler', 'GET', `/api/projects/${projectId}/patterns/me`)).json().patterns;
    expect(patterns).toEqual([expect.objectContaining({ key: 'glossary_term', findingType: 'glossary_term', observations: 6, hits: 3, summary: '3 of your last 6 segments had a glossary term wrong' })]);
    const course = (await call('labeler', 'GET', `/api/projects/${projectId}/courses/glossary_term`)).json().course;
    expect(course).toMatchObject({ title: 'Glossary terms', passScore: 0.8 });
    expect(course.lessonMd).toContain('Tab');
    // Illustrated with the labeler's own gold items: the reference beside their typical mistake.
    expect(course.examples).toHaveLength(2);
    expect(course.examples[0].reference).toEqual(goldDoc);
    expect(course.examples[0].answer.objects[1].transcript.text).toBe('to the Cubernetes cluster');

    const attempt = (await call('labeler', 'POST', `/api/projects/${projectId}/courses/glossary_term/attempts`)).json().attempt;
    expect(attempt.items).toHaveLength(3);
    expect(JSON.stringify(attempt)).not.toContain(SECRET);
    for (const [k, item] of (attempt.items as { taskId: string }[]).entries()) {
      const r = (await call('labeler', 'POST', `/api/course-attempts/${attempt.attemptId}/answers`, { taskId: item.taskId, document: goldDoc })).json().result;
      expect(r.feedback.findings).toEqual([]);
      expect(r.feedback.reference).toEqual(goldDoc);
      expect(r).toMatchObject({ answered: k + 1, correct: k + 1, done: k === 2 });
    }
    const after = (await call('labeler', 'GET', `/api/projects/${projectId}/patterns/me`)).json().patterns;
    expect(after).toEqual([]);
  });

  it('refuses a gold transcript that is not valid for the clip with a 400 naming the field', async () => {
    const wav = await readFile('public/demo/audio/clip-01.wav');
    const up = await w.app.inject({ method: 'POST', url: `/api/projects/${projectId}/uploads?filename=g.wav`, headers: { cookie: await w.cookie('owner'), 'content-type': 'audio/wav' }, payload: wav });
    const id = up.json().task.id as string;
    const past = await call('owner', 'POST', `/api/tasks/${id}/gold`, { document: { objects: [seg('x', 1, 9, null, 'hi')] } });
    expect(past.statusCode).toBe(400);
    expect(JSON.stringify(past.json())).toContain('objects.0.geometry.endSec');
    const tag = await call('owner', 'POST', `/api/tasks/${id}/gold`, { document: { objects: [seg('x', 1, 2, null, 'hi', [{ tag: 'laughter', offset: 0 }])] } });
    expect(tag.statusCode).toBe(400);
    expect(JSON.stringify(tag.json())).toContain('objects.0.transcript.tags.0.tag');
    const box = await call('owner', 'POST', `/api/tasks/${id}/gold`, { document: { objects: [{ id: 'b', classId: 'speech', geometry: { kind: 'box', x: 0, y: 0, w: 1, h: 1 } }] } });
    expect(box.statusCode).toBe(400);
  });
});
