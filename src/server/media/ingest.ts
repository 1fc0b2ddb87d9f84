import { createHash, randomUUID } from 'node:crypto';
import { imageSize } from 'image-size';
import type { Kysely } from 'kysely';
import { parseWavHeader } from '../../core/audio/wav';
import type { TaskData } from '../../shared/task.schema';
import type { Database } from '../db/schema';
import { OutgoingHttpError, safeRequest } from '../net/safe-http';
import type { BlobStore } from './blob-store';

/** Media that could not be used, with a reason a person can act on. */
export class MediaError extends Error {}

export type IngestOptions = { maxBytes: number; timeoutMs: number; allowPrivate: boolean };

/**
 * Fetches a customer's attachment, checks that it is the kind of media the task needs, stores it and
 * records its size and type. Returns the task data pointing at the stored copy.
 */
export async function ingestUrl(db: Kysely<Database>, store: BlobStore, url: string, kind: 'image' | 'audio', opts: IngestOptions, now: Date): Promise<{ blobId: string; data: TaskData }> {
  let body: Buffer;
  try {
    const res = await safeRequest(url, { timeoutMs: opts.timeoutMs, maxBytes: opts.maxBytes, allowPrivate: opts.allowPrivate });
    if (res.status < 200 || res.status >= 300) throw new MediaError(`fetching ${url} answered HTTP ${res.status}`);
    body = res.body;
  } catch (e) {
    if (e instanceof MediaError) throw e;
    throw new MediaError(`could not fetch ${url}: ${e instanceof OutgoingHttpError ? e.message : String(e)}`);
  }
  return ingestBytes(db, store, body, kind, url, now);
}

/** Checks and stores media bytes (fetched, or uploaded). */
export async function ingestBytes(db: Kysely<Database>, store: BlobStore, body: Buffer, kind: 'image' | 'audio', sourceUrl: string | null, now: Date): Promise<{ blobId: string; data: TaskData }> {
  if (body.length === 0) throw new MediaError('the file is empty');
  const id = randomUUID();
  const url = `/api/media/${id}`;
  let record: { contentType: string; width?: number; height?: number; durationSec?: number };
  let data: TaskData;
  if (kind === 'image') {
    let size;
    try {
      size = imageSize(body);
    } catch {
      throw new MediaError('the file is not an image we can read (JPEG, PNG, WebP, GIF, BMP or TIFF)');
    }
    if (!size.width || !size.height) throw new MediaError('the image has no width or height');
    const type = size.type === 'jpg' ? 'jpeg' : (size.type ?? 'octet-stream');
    record = { contentType: `image/${type}`, width: size.width, height: size.height };
    data = { kind: 'image', imageUrl: url, width: size.width, height: size.height };
  } else {
    const wav = parseWavHeader(body.subarray(0, 65_536));
    if (!wav) throw new MediaError('the file is not a WAV file we can read (other audio formats need ffmpeg, which is not set up yet)');
    if (wav.durationSec <= 0) throw new MediaError('the audio is empty');
    record = { contentType: 'audio/wav', durationSec: wav.durationSec };
    data = { kind: 'audio', audioUrl: url, durationSec: wav.durationSec };
  }
  await store.put(id, body);
  await db
    .insertInto('blobs')
    .values({
      id,
      sha256: createHash('sha256').update(body).digest('hex'),
      content_type: record.contentType,
      size_bytes: body.length,
      width: record.width ?? null,
      height: record.height ?? null,
      duration_sec: record.durationSec ?? null,
      source_url: sourceUrl,
      created_at: now,
    })
    .execute();
  return { blobId: id, data };
}
