import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sineWav } from '../../core/audio/wav';
import type { LocalBlobStore } from '../media/blob-store';
import { addProjectMember, createProject } from '../services/projects.service';
import { makeWorld, type World } from '../test/builders';
import { backends } from '../test/test-db';

const LIMIT = 256 * 1024;
const jpeg = readFileSync(path.resolve('public/demo/images/street-02.jpg'));

/** A JPEG whose dimensions come after `padding` bytes of APP15 segments (as a large EXIF or XMP block would put them). */
function jpegWithLongHeader(padding: number): Buffer {
  const parts: Buffer[] = [jpeg.subarray(0, 2)];
  for (let left = padding; left > 0; left -= 65_000) {
    const body = Math.min(65_000, left);
    const seg = Buffer.alloc(4 + body, 0x20);
    seg[0] = 0xff;
    seg[1] = 0xef;
    seg.writeUInt16BE(body + 2, 2);
    parts.push(seg);
  }
  parts.push(jpeg.subarray(2));
  return Buffer.concat(parts);
}

/** Every file under the blob folder, temporary ones included. */
function filesUnder(root: string): string[] {
  try {
    return readdirSync(root, { recursive: true, withFileTypes: true }).filter((d) => d.isFile()).map((d) => d.name);
  } catch {
    return [];
  }
}

async function until(check: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * A customer media host: `/big` is larger than the limit (announced), `/big-chunked` the same without a
 * Content-Length, `/stall` sends half its body and goes quiet, `/long.wav` a 30-second WAV in pieces.
 */
async function startHost(wav: Buffer) {
  const server = http.createServer((req, res) => {
    if (req.url === '/big') return res.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': LIMIT * 4 }).end(Buffer.alloc(LIMIT * 4));
    if (req.url === '/big-chunked') {
      res.writeHead(200, { 'content-type': 'image/jpeg' });
      let sent = 0;
      const more = () => {
        while (sent < LIMIT * 64) {
          sent += 16 * 1024;
          if (!res.write(Buffer.alloc(16 * 1024))) return res.once('drain', more);
        }
        res.end();
      };
      res.on('error', () => {});
      return more();
    }
    if (req.url === '/stall') {
      res.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': jpeg.length });
      return res.write(jpeg.subarray(0, jpeg.length >> 1));
    }
    if (req.url === '/long.wav') {
      res.writeHead(200, { 'content-type': 'audio/wav' });
      for (let at = 0; at < wav.length; at += 100_000) res.write(wav.subarray(at, at + 100_000));
      return res.end();
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: (p: string) => `http://127.0.0.1:${port}${p}`,
    close: () => new Promise<void>((r) => {
      server.closeAllConnections();
      server.close(() => r());
    }),
  };
}

describe.each(backends)('media streamed to disk on %s', (backend) => {
  let w: World;
  let closeHost: (() => Promise<void>) | null = null;
  afterEach(async () => {
    await closeHost?.();
    closeHost = null;
    await w.dispose();
  });

  async function setup(opts: { limit?: number; fetchTimeoutMs?: number; uploadIdleMs?: number } = {}) {
    w = await makeWorld(backend, { tasks: 0, allowPrivateUrls: true, config: { mediaMaxBytes: opts.limit ?? LIMIT, mediaFetchTimeoutMs: opts.fetchTimeoutMs ?? 5000, uploadIdleTimeoutMs: opts.uploadIdleMs ?? 5000, ffmpegPath: null } });
    const audio = await createProject(w.ctx, w.users.owner.id, { name: 'Calls', kind: 'audio', instructions: '', ontology: { classes: [{ id: 'speech', name: 'Speech', color: '#911eb4' }] }, settings: { allowPrivateUrls: true } });
    await addProjectMember(w.ctx, audio.id, w.users.owner.id, w.users.labeler.email, 'labeler');
    const root = (w.ctx.blobs as LocalBlobStore).root;
    await w.app.listen({ port: 0, host: '127.0.0.1' });
    const port = (w.app.server.address() as AddressInfo).port;
    return { imageProject: w.projectId, audioProject: audio.id, root, port };
  }

  /** Sends an upload over a real socket: `chunks` written one by one, with or without a Content-Length. */
  function rawUpload(port: number, projectId: string, cookie: string, chunks: Buffer[], opts: { type?: string; length?: number | null; cutAfter?: number; stallAfter?: number } = {}) {
    return new Promise<{ status: number; body: any; connection?: string } | 'cut'>((resolve, reject) => {
      const headers: Record<string, string | number> = { cookie, 'content-type': opts.type ?? 'image/jpeg' };
      const total = chunks.reduce((n, c) => n + c.length, 0);
      if (opts.length !== null) headers['content-length'] = opts.length ?? total;
      let answered = false;
      const req = http.request({ host: '127.0.0.1', port, method: 'POST', path: `/api/projects/${projectId}/uploads?filename=f`, headers }, (res) => {
        answered = true;
        let text = '';
        const done = () => resolve({ status: res.statusCode!, body: text ? JSON.parse(text) : null, connection: res.headers.connection });
        res.on('data', (d) => (text += d));
        res.on('end', done);
        res.on('error', done);
      });
      // Once the server has answered (a 413 mid-body), the rest of the writes may fail: that is expected.
      req.on('error', (e) => (answered ? undefined : opts.cutAfter !== undefined ? resolve('cut') : reject(e)));
      let i = 0;
      const next = () => {
        if (answered) return;
        if (opts.cutAfter !== undefined && i === opts.cutAfter) {
          req.destroy();
          return resolve('cut');
        }
        if (opts.stallAfter !== undefined && i === opts.stallAfter) return; // send nothing more, keep the connection open
        if (i === chunks.length) return req.end();
        const ok = req.write(chunks[i++]);
        if (ok) setImmediate(next);
        else req.once('drain', next);
      };
      next();
    });
  }

  const taskCount = async () => Number((await w.db.db.selectFrom('tasks').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);

  it('stores a long WAV sent in pieces: its duration, size and hash as sent, the stored file byte for byte', async () => {
    const { audioProject, root, port } = await setup({ limit: 8 * 1024 * 1024 });
    const wav = Buffer.from(sineWav({ sampleRate: 48_000, seconds: 40, freqHz: 440, amplitude: 0.4 }));
    const pieces = Array.from({ length: Math.ceil(wav.length / 65_536) }, (_, i) => wav.subarray(i * 65_536, (i + 1) * 65_536));
    const res = await rawUpload(port, audioProject, await w.cookie('owner'), pieces, { type: 'audio/wav', length: null });
    expect(res).toMatchObject({ status: 201 });
    const task = (res as { body: any }).body.task;
    expect(task.data.durationSec).toBeCloseTo(40, 3);
    const blob = await w.db.db.selectFrom('blobs').selectAll().executeTakeFirstOrThrow();
    expect(Number(blob.size_bytes)).toBe(wav.length);
    expect(blob.sha256).toBe(createHash('sha256').update(wav).digest('hex'));
    expect(readFileSync(path.join(root, blob.id)).equals(wav)).toBe(true);
    // Only the media and its peaks remain: no temporary file.
    expect(filesUnder(path.join(root, '.incoming'))).toEqual([]);
  });

  it('holds far less than the file in memory while receiving a 256 MiB upload', async () => {
    const { imageProject, root, port } = await setup({ limit: 512 * 1024 * 1024 });
    const zeros = Buffer.alloc(64 * 1024);
    const pieces = [jpeg, ...Array.from({ length: 4096 }, () => zeros)]; // one buffer sent 4,096 times: the sender holds 64 KiB
    let peak = 0;
    const base = process.memoryUsage().arrayBuffers;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().arrayBuffers - base)), 5);
    const res = await rawUpload(port, imageProject, await w.cookie('owner'), pieces, { length: null });
    clearInterval(sampler);
    expect(res).toMatchObject({ status: 201 });
    const blob = await w.db.db.selectFrom('blobs').selectAll().executeTakeFirstOrThrow();
    expect(Number(blob.size_bytes)).toBe(jpeg.length + 256 * 1024 * 1024);
    expect(readFileSync(path.join(root, blob.id)).length).toBe(jpeg.length + 256 * 1024 * 1024);
    // Read into one buffer, the body alone would be 256 MiB (twice that while being joined). Streamed, what
    // is counted is the network's 64 KiB chunks not yet collected as garbage: V8 collects when such memory
    // grows by about 64 MiB (about 32 MiB seen here).
    expect(peak).toBeLessThan(112 * 1024 * 1024);
  });

  it('refuses an upload whose Content-Length is over the limit with 413 naming the limit, before reading it', async () => {
    const { imageProject, root, port } = await setup();
    const res = await rawUpload(port, imageProject, await w.cookie('owner'), [Buffer.alloc(LIMIT + 1)]);
    expect(res).toMatchObject({ status: 413, connection: 'close' });
    expect((res as { body: any }).body).toEqual({ error: 'f: the file is larger than the limit of 256 KiB', fields: { body: 'f: the file is larger than the limit of 256 KiB' } });
    expect(await taskCount()).toBe(0);
    expect(filesUnder(root)).toEqual([]);
  });

  it('refuses a chunked upload with 413 as soon as it passes the limit, keeping nothing', async () => {
    const { imageProject, root, port } = await setup();
    const pieces = [jpeg, ...Array.from({ length: 40 }, () => Buffer.alloc(32 * 1024))];
    const res = await rawUpload(port, imageProject, await w.cookie('owner'), pieces, { length: null });
    expect(res).toMatchObject({ status: 413 });
    expect(await taskCount()).toBe(0);
    expect(filesUnder(root)).toEqual([]);
    // The server goes on answering.
    const ok = await rawUpload(port, imageProject, await w.cookie('owner'), [jpeg]);
    expect(ok).toMatchObject({ status: 201 });
  });

  it('keeps nothing of an upload whose sender goes away halfway, and goes on serving', async () => {
    const { imageProject, root, port } = await setup();
    const half = Math.ceil(jpeg.length / 2);
    const res = await rawUpload(port, imageProject, await w.cookie('owner'), [jpeg.subarray(0, half), jpeg.subarray(half)], { cutAfter: 1, length: jpeg.length });
    expect(res).toBe('cut');
    // The half-received file goes once the server notices the closed connection.
    const incoming = path.join(root, '.incoming');
    await until(() => existsSync(incoming) && filesUnder(incoming).length === 0);
    await new Promise((r) => setTimeout(r, 200));
    expect(filesUnder(root)).toEqual([]);
    expect(await taskCount()).toBe(0);
    const ok = await rawUpload(port, imageProject, await w.cookie('owner'), [jpeg]);
    expect(ok).toMatchObject({ status: 201 });
    expect(filesUnder(root)).toHaveLength(1);
  });

  it('drops an upload that goes quiet halfway with 400 saying so, keeping nothing', async () => {
    const { imageProject, root, port } = await setup({ uploadIdleMs: 300 });
    const half = Math.ceil(jpeg.length / 2);
    const started = Date.now();
    const res = await rawUpload(port, imageProject, await w.cookie('owner'), [jpeg.subarray(0, half)], { length: jpeg.length, stallAfter: 1 });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(res).toMatchObject({ status: 400, connection: 'close', body: { error: `f: the file stopped after ${half} bytes: nothing arrived for 0.3 s` } });
    expect(await taskCount()).toBe(0);
    expect(filesUnder(root)).toEqual([]);
  });

  it('reads image dimensions that come after more than the first half MiB of the file', async () => {
    const { imageProject, port } = await setup({ limit: 4 * 1024 * 1024 });
    const long = jpegWithLongHeader(700_000);
    const res = await rawUpload(port, imageProject, await w.cookie('owner'), [long]);
    expect(res).toMatchObject({ status: 201 });
    const original = await rawUpload(port, imageProject, await w.cookie('owner'), [jpeg]);
    const size = (r: typeof res) => (r as { body: any }).body.task.data;
    expect(size(res)).toMatchObject({ width: size(original).width, height: size(original).height });
  });

  describe('attachments fetched from a customer URL', () => {
    async function customer(opts: { limit?: number } = {}) {
      const env = await setup({ fetchTimeoutMs: 400, limit: opts.limit });
      const res = await w.app.inject({ method: 'POST', url: '/api/api-keys', headers: { cookie: await w.cookie('owner') }, payload: { name: 'k', defaultProjectId: env.imageProject } });
      const auth = { authorization: `Basic ${Buffer.from(`${res.json().key.key}:`).toString('base64')}` };
      const host = await startHost(Buffer.from(sineWav({ sampleRate: 44_100, seconds: 30, freqHz: 440, amplitude: 0.4 })));
      closeHost = host.close;
      const create = async (attachment: string, project?: string) => {
        const r = await w.app.inject({ method: 'POST', url: '/v1/task/imageannotation', headers: auth, payload: { attachment, project, geometries: { box: { objects_to_annotate: ['Car'] } } } });
        expect(r.statusCode).toBe(200);
        return r.json();
      };
      return { ...env, host, create };
    }

    it('puts a task in error when the attachment is over the limit, announced or not, and keeps no file', async () => {
      const { host, create, root } = await customer();
      expect(await create(host.url('/big'))).toMatchObject({ status: 'error', error: expect.stringMatching(/^attachment: could not fetch .*\/big: the file is larger than the limit of 256 KiB$/) });
      expect(await create(host.url('/big-chunked'))).toMatchObject({ status: 'error', error: expect.stringMatching(/^attachment: could not fetch .*\/big-chunked: the file is larger than the limit of 256 KiB$/) });
      expect(filesUnder(root)).toEqual([]);
    });

    it('fetches a long WAV sent in pieces to a file and reads its duration from there', async () => {
      const { host, audioProject, root } = await customer({ limit: 4 * 1024 * 1024 });
      const res = await w.app.inject({ method: 'POST', url: `/api/projects/${audioProject}/tasks/from-urls`, headers: { cookie: await w.cookie('owner') }, payload: { urls: [host.url('/long.wav')] } });
      expect(res.statusCode).toBe(200);
      expect(res.json().results[0].task.data.durationSec).toBeCloseTo(30, 3);
      const blob = await w.db.db.selectFrom('blobs').selectAll().executeTakeFirstOrThrow();
      expect(Number(blob.size_bytes)).toBe(44 + 44_100 * 30 * 2);
      expect(filesUnder(path.join(root, '.incoming'))).toEqual([]);
    });

    it('puts a task in error when the host goes quiet in the middle of the body, saying so', async () => {
      const { host, create, root } = await customer();
      expect(await create(host.url('/stall'))).toMatchObject({ status: 'error', error: expect.stringMatching(/^attachment: could not fetch .*\/stall: no answer within 400 ms$/) });
      expect(filesUnder(root)).toEqual([]);
    });
  });
});
