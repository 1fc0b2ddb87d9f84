import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalBlobStore } from './blob-store';
import { HEAD_BYTES, MediaCutOff, MediaTooLarge, receiveToFile } from './receive-file';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'labelbench-receive-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const bytes = (n: number, seed = 7) => Buffer.from(Array.from({ length: n }, (_, i) => (i * seed + (i >> 8)) & 0xff));
const pieces = (b: Buffer, size: number) => Readable.from(Array.from({ length: Math.ceil(b.length / size) }, (_, i) => b.subarray(i * size, (i + 1) * size)));

describe('receiveToFile', () => {
  it('writes the stream to the file and reports its size, SHA-256 and first half MiB', async () => {
    const body = bytes(HEAD_BYTES + 300_000);
    const file = path.join(dir, 'a');
    const got = await receiveToFile(pieces(body, 70_001), file, { maxBytes: body.length });
    expect(got.sizeBytes).toBe(body.length);
    expect(got.sha256).toBe(createHash('sha256').update(body).digest('hex'));
    expect(got.head.equals(body.subarray(0, HEAD_BYTES))).toBe(true);
    expect(readFileSync(file).equals(body)).toBe(true);
  });

  it('stops one byte past the limit with MediaTooLarge and removes what it wrote', async () => {
    const file = path.join(dir, 'b');
    await expect(receiveToFile(pieces(bytes(10_001), 1000), file, { maxBytes: 10_000 })).rejects.toBeInstanceOf(MediaTooLarge);
    expect(existsSync(file)).toBe(false);
    // Exactly at the limit is fine.
    await expect(receiveToFile(pieces(bytes(10_000), 1000), file, { maxBytes: 10_000 })).resolves.toMatchObject({ sizeBytes: 10_000 });
  });

  it('refuses an announced size over the limit without writing anything', async () => {
    const file = path.join(dir, 'c');
    await expect(receiveToFile(pieces(bytes(10), 5), file, { maxBytes: 100, expectedBytes: 101 })).rejects.toThrow('the file is larger than the limit of 100 bytes');
    expect(existsSync(file)).toBe(false);
  });

  it('calls a body shorter than announced, or one that breaks, cut off, and removes the partial file', async () => {
    const file = path.join(dir, 'd');
    await expect(receiveToFile(pieces(bytes(500), 100), file, { maxBytes: 10_000, expectedBytes: 800 })).rejects.toThrow(new MediaCutOff('the file stopped after 500 of 800 bytes'));
    expect(existsSync(file)).toBe(false);
    const broken = new PassThrough();
    const pending = receiveToFile(broken, file, { maxBytes: 10_000 });
    broken.write(bytes(300));
    setTimeout(() => broken.destroy(Object.assign(new Error('aborted'), { code: 'ECONNRESET' })), 20);
    await expect(pending).rejects.toThrow(/stopped after 300 bytes: the connection was closed/);
    expect(existsSync(file)).toBe(false);
  });

  it('never overwrites an existing file', async () => {
    const file = path.join(dir, 'e');
    writeFileSync(file, 'keep me');
    await expect(receiveToFile(pieces(bytes(10), 5), file, { maxBytes: 100 })).rejects.toMatchObject({ code: 'EEXIST' });
    expect(readFileSync(file, 'utf8')).toBe('keep me');
  });
});

describe('LocalBlobStore temporary files', () => {
  it('moves a received file into the store, and clears only stale leftovers', async () => {
    const store = new LocalBlobStore(dir);
    const temp = await store.tempPath();
    await receiveToFile(pieces(bytes(1000), 100), temp, { maxBytes: 1000 });
    await store.putFile('blob-1', temp);
    expect(existsSync(temp)).toBe(false);
    expect(readFileSync(path.join(dir, 'blob-1')).equals(bytes(1000))).toBe(true);

    const stale = await store.tempPath();
    const fresh = await store.tempPath();
    writeFileSync(stale, 'left by a killed process');
    writeFileSync(fresh, 'an upload in progress');
    const now = new Date();
    const twoHoursAgo = new Date(now.getTime() - 2 * 3600_000);
    utimesSync(stale, twoHoursAgo, twoHoursAgo);
    expect(await store.removeStaleTemp(now)).toBe(1);
    expect(existsSync(stale)).toBe(false);
    expect(existsSync(fresh)).toBe(true);
    expect(readdirSync(dir)).toContain('blob-1');
  });

  it('finds nothing to clear in a store that never received a file', async () => {
    expect(await new LocalBlobStore(path.join(dir, 'new')).removeStaleTemp(new Date())).toBe(0);
  });
});
