import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sineWav } from '../../core/audio/wav';
import { createProject, addProjectMember } from '../services/projects.service';
import { makeWorld, type World } from '../test/builders';
import { backends } from '../test/test-db';

const FFMPEG = ['/usr/bin/ffmpeg', '/usr/local/bin/ffmpeg'].find((p) => existsSync(p)) ?? null;

describe.each(backends)('audio ingestion and peaks on %s', (backend) => {
  let w: World;
  afterEach(() => w.dispose());

  async function setup(config: object = {}) {
    w = await makeWorld(backend, { tasks: 0, config });
    const project = await createProject(w.ctx, w.users.owner.id, { name: 'Calls', kind: 'audio', instructions: '', ontology: { classes: [{ id: 'speech', name: 'Speech', color: '#911eb4' }] }, settings: {} });
    await addProjectMember(w.ctx, project.id, w.users.owner.id, w.users.labeler.email, 'labeler');
    return project.id;
  }
  async function upload(projectId: string, body: Buffer | Uint8Array, filename: string, type = 'audio/wav') {
    return w.app.inject({ method: 'POST', url: `/api/projects/${projectId}/uploads?filename=${filename}`, payload: Buffer.from(body), headers: { cookie: await w.cookie('owner'), 'content-type': type } });
  }
  async function get(who: keyof World['users'], url: string) {
    return w.app.inject({ method: 'GET', url, headers: { cookie: await w.cookie(who) } });
  }

  it('reads a WAV once: duration in the task, peaks at three resolutions served with the media rules', async () => {
    const projectId = await setup();
    const res = await upload(projectId, sineWav({ sampleRate: 16_000, seconds: 2, freqHz: 220, amplitude: 0.5 }), 'tone.wav');
    expect(res.statusCode).toBe(201);
    const task = res.json().task;
    expect(task.data).toMatchObject({ kind: 'audio', durationSec: 2 });
    const base = task.data.audioUrl as string;

    // The peaks follow the media's rules: a labeler whose next claim could get the task may prefetch them,
    // someone outside the project never; the owner may read them.
    expect((await get('labeler', `${base}/peaks`)).statusCode).toBe(200);
    expect((await get('outsider', `${base}/peaks`)).statusCode).toBe(404);
    const index = (await get('owner', `${base}/peaks`)).json();
    expect(index).toEqual({
      durationSec: 2, sampleRate: 16_000,
      levels: [{ samplesPerPeak: 40, peaksPerSec: 400, count: 800 }, { samplesPerPeak: 320, peaksPerSec: 50, count: 100 }, { samplesPerPeak: 2560, peaksPerSec: 6.25, count: 13 }],
    });

    await w.app.inject({ method: 'POST', url: `/api/projects/${projectId}/queue/next`, headers: { cookie: await w.cookie('labeler') } });
    const level = await get('labeler', `${base}/peaks?res=320`);
    expect(level.statusCode).toBe(200);
    expect(level.headers['content-type']).toBe('application/octet-stream');
    const pairs = new Int16Array(new Uint8Array(level.rawPayload).buffer);
    expect(pairs.length).toBe(200);
    // A 0.5 sine: every 20 ms bucket holds whole periods of 220 Hz, so about ±16,383.
    expect(Math.abs(pairs[1]! - 16_383)).toBeLessThan(50);
    expect(Math.abs(pairs[0]! + 16_383)).toBeLessThan(50);
    expect((await get('labeler', `${base}/peaks?res=7`)).statusCode).toBe(404);
    expect((await get('labeler', `${base}/peaks?res=abc`)).json().fields).toHaveProperty('res');
    // The media itself still streams with ranges.
    const range = await w.app.inject({ method: 'GET', url: base, headers: { cookie: await w.cookie('labeler'), range: 'bytes=44-143' } });
    expect(range.statusCode).toBe(206);
    expect(range.rawPayload.length).toBe(100);
  });

  it('refuses a damaged WAV and a file that is not audio, with the reason', async () => {
    const projectId = await setup();
    const wav = Buffer.from(sineWav({ sampleRate: 16_000, seconds: 0.1, freqHz: 220, amplitude: 0.5 }));
    wav.write('junk', 12, 'latin1'); // the fmt chunk's name
    const bad = await upload(projectId, wav, 'bad.wav');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().fields.body).toBe('the WAV file is damaged: no readable fmt and data chunks');
    const text = await upload(projectId, Buffer.from('hello, this is not audio at all'), 'notes.wav');
    expect(text.json().fields.body).toBe('the file is not audio we can read (WAV, MP3, OGG, FLAC or M4A)');
    const empty = await upload(projectId, sineWav({ sampleRate: 16_000, seconds: 0, freqHz: 1, amplitude: 0 }), 'empty.wav');
    expect(empty.json().fields.body).toBe('the audio is empty');
  });

  it.skipIf(!FFMPEG)('reads MP3 through ffmpeg, and says ffmpeg is missing when it is', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lb-mp3-'));
    try {
      const mp3 = path.join(dir, 'tone.mp3');
      execFileSync(FFMPEG!, ['-v', 'error', '-f', 'lavfi', '-i', 'sine=frequency=440:duration=1.5', '-ac', '1', '-ar', '22050', mp3]);
      const body = readFileSync(mp3);
      let projectId = await setup({ ffmpegPath: FFMPEG });
      const ok = await upload(projectId, body, 'tone.mp3', 'audio/mpeg');
      expect(ok.statusCode).toBe(201);
      expect(Math.abs(ok.json().task.data.durationSec - 1.5)).toBeLessThan(0.1);
      const index = (await get('owner', `${ok.json().task.data.audioUrl}/peaks`)).json();
      expect(index.sampleRate).toBe(16_000);
      await w.dispose();

      projectId = await setup({ ffmpegPath: null });
      const missing = await upload(projectId, body, 'tone.mp3', 'audio/mpeg');
      expect(missing.statusCode).toBe(400);
      expect(missing.json().fields.body).toBe('MP3 audio needs ffmpeg, which is not installed on this server (WAV is read without it)');
      await w.dispose();
      projectId = await setup({ ffmpegPath: path.join(dir, 'no-such-ffmpeg') });
      expect((await upload(projectId, body, 'tone.mp3', 'audio/mpeg')).json().fields.body).toMatch(/needs ffmpeg, which is not installed/);
      const corrupt = Buffer.concat([Buffer.from('ID3'), Buffer.alloc(2000, 7)]);
      await w.dispose();
      projectId = await setup({ ffmpegPath: FFMPEG });
      expect((await upload(projectId, corrupt, 'broken.mp3', 'audio/mpeg')).json().fields.body).toMatch(/^ffmpeg could not decode the MP3 file: /);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
