import { createHash, randomUUID } from 'node:crypto';
import { imageSize } from 'image-size';
import type { Kysely } from 'kysely';
import type { TaskData } from '../../shared/task.schema';
import type { Database } from '../db/schema';
import { OutgoingHttpError, safeRequest } from '../net/safe-http';
import type { BlobStore } from './blob-store';
import { analyzeAudio, AudioError, storePeaks, type AudioAnalysis } from './audio-ingest';

/** Media that could not be used, with a reason a person can act on. */
export class MediaError extends Error {}

export type IngestOptions = { maxBytes: number; timeoutMs: number; allowPrivate: boolean; ffmpegPath?: string | null };

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
  return ingestBytes(db, store, body, kind, url, now, { ffmpegPath: opts.ffmpegPath });
}

/**
 * Checks and stores media bytes (fetched, or uploaded). Audio is read once here (see `audio-ingest.ts`):
 * its duration goes into the task data and its peaks are stored next to it. `ffmpegPath` (default `ffmpeg`
 * on the PATH; null for none) decodes formats other than PCM WAV.
 */
export async function ingestBytes(db: Kysely<Database>, store: BlobStore, body: Buffer, kind: 'image' | 'audio', sourceUrl: string | null, now: Date, opts: { ffmpegPath?: string | null } = {}): Promise<{ blobId: string; data: TaskData }> {
  if (body.length === 0) throw new MediaError('the file is empty');
  const id = randomUUID();
  const url = `/api/media/${id}`;
  let record: { contentType: string; width?: number; height?: number; durationSec?: number };
  let data: TaskData;
  let audio: AudioAnalysis | null = null;
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
    try {
      audio = await analyzeAudio(body, opts.ffmpegPath === undefined ? 'ffmpeg' : opts.ffmpegPath);
    } catch (e) {
      if (e instanceof AudioError) throw new MediaError(e.message);
      throw e;
    }
    record = { contentType: audio.contentType, durationSec: audio.durationSec };
    data = { kind: 'audio', audioUrl: url, durationSec: audio.durationSec };
  }
  await store.put(id, body);
  if (audio) await storePeaks(store, id, audio);
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
