import { randomUUID } from 'node:crypto';
import { open, rm } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { imageSize } from 'image-size';
import type { Kysely } from 'kysely';
import type { TaskData } from '../../shared/task.schema';
import type { Database } from '../db/schema';
import { OutgoingHttpError, safeStream } from '../net/safe-http';
import type { BlobStore } from './blob-store';
import { analyzeAudio, AudioError, peaksNames, storePeaks, type AudioAnalysis } from './audio-ingest';
import { MediaCutOff, MediaTooLarge, receiveToFile, type ReceivedFile } from './receive-file';

/** Media that could not be used, with a reason a person can act on. */
export class MediaError extends Error {}

export type IngestOptions = { maxBytes: number; timeoutMs: number; allowPrivate: boolean; ffmpegPath?: string | null };

/** Stored media: its blob, the task data pointing at it, and what was recorded of it. */
export type Ingested = { blobId: string; data: TaskData; contentType: string; sizeBytes: number };

/**
 * Fetches a customer's attachment to a file as it arrives (never the whole body in memory), checks that
 * it is the kind of media the task needs, stores it and records its size and type. Returns the task
 * data pointing at the stored copy. Every failure is a {@link MediaError} with the reason.
 */
export async function ingestUrl(db: Kysely<Database>, store: BlobStore, url: string, kind: 'image' | 'audio', opts: IngestOptions, now: Date): Promise<Ingested> {
  let received: ReceivedFile;
  try {
    const res = await safeStream(url, { timeoutMs: opts.timeoutMs, maxBytes: opts.maxBytes, allowPrivate: opts.allowPrivate });
    try {
      if (res.status < 200 || res.status >= 300) throw new MediaError(`fetching ${url} answered HTTP ${res.status}`);
      const announced = Number(res.headers['content-length']);
      received = await receiveToFile(res.body, await store.tempPath(), { maxBytes: opts.maxBytes, expectedBytes: Number.isFinite(announced) ? announced : null });
    } catch (e) {
      // Why the stream broke (a timeout names itself) is better than "the connection closed".
      const failure = res.failure();
      res.close();
      if (e instanceof MediaCutOff && failure) throw failure;
      throw e;
    }
  } catch (e) {
    if (e instanceof MediaError) throw e;
    const why = e instanceof OutgoingHttpError || e instanceof MediaTooLarge || e instanceof MediaCutOff ? e.message : String(e);
    throw new MediaError(`could not fetch ${url}: ${why}`);
  }
  return ingestFile(db, store, received, kind, url, now, opts);
}

/**
 * Receives an uploaded body to a file (bounded memory; {@link MediaTooLarge} past `maxBytes`, which the
 * route answers with 413), then checks and stores it as {@link ingestFile} does.
 */
export async function ingestStream(
  db: Kysely<Database>, store: BlobStore, source: Readable, kind: 'image' | 'audio', sourceUrl: string | null, now: Date,
  opts: { maxBytes: number; expectedBytes?: number | null; idleMs?: number; ffmpegPath?: string | null; uploadedBy?: { userId: string; filename: string | null } },
): Promise<Ingested> {
  let received: ReceivedFile;
  try {
    received = await receiveToFile(source, await store.tempPath(), opts);
  } catch (e) {
    if (e instanceof MediaCutOff) throw new MediaError(e.message);
    throw e;
  }
  return ingestFile(db, store, received, kind, sourceUrl, now, opts);
}

/** Checks and stores media bytes already in memory (the demo's bundled files). */
export function ingestBytes(db: Kysely<Database>, store: BlobStore, body: Buffer, kind: 'image' | 'audio', sourceUrl: string | null, now: Date, opts: { ffmpegPath?: string | null } = {}): Promise<Ingested> {
  return ingestStream(db, store, Readable.from([body]), kind, sourceUrl, now, { maxBytes: body.length, ffmpegPath: opts.ffmpegPath });
}

/** How far into an image file its dimensions are looked for, when the first bytes were not enough (large EXIF blocks). */
const IMAGE_PROBE_BYTES = 8 * 1024 * 1024;

/**
 * Checks a received file and stores it. Audio is read once here (see `audio-ingest.ts`): its duration
 * goes into the task data and its peaks are stored next to it. `ffmpegPath` (default `ffmpeg` on the PATH;
 * null for none) decodes formats other than PCM WAV. The received file is moved into the store, or
 * removed if it is refused.
 */
async function ingestFile(
  db: Kysely<Database>, store: BlobStore, received: ReceivedFile, kind: 'image' | 'audio', sourceUrl: string | null, now: Date,
  opts: { ffmpegPath?: string | null; uploadedBy?: { userId: string; filename: string | null } },
): Promise<Ingested> {
  const id = randomUUID();
  const url = mediaUrl(id);
  let record: { contentType: string; width?: number; height?: number; durationSec?: number };
  let data: TaskData;
  let audio: AudioAnalysis | null = null;
  try {
    if (received.sizeBytes === 0) throw new MediaError('the file is empty');
    if (kind === 'image') {
      const size = await readImageSize(received);
      if (!size) throw new MediaError('the file is not an image we can read (JPEG, PNG, WebP, GIF, BMP or TIFF)');
      if (!size.width || !size.height) throw new MediaError('the image has no width or height');
      const type = size.type === 'jpg' ? 'jpeg' : (size.type ?? 'octet-stream');
      record = { contentType: `image/${type}`, width: size.width, height: size.height };
      data = { kind: 'image', imageUrl: url, width: size.width, height: size.height };
    } else {
      try {
        audio = await analyzeAudio(received.file, received.head, opts.ffmpegPath === undefined ? 'ffmpeg' : opts.ffmpegPath);
      } catch (e) {
        if (e instanceof AudioError) throw new MediaError(e.message);
        throw e;
      }
      record = { contentType: audio.contentType, durationSec: audio.durationSec };
      data = { kind: 'audio', audioUrl: url, durationSec: audio.durationSec };
    }
    await store.putFile(id, received.file);
  } catch (e) {
    await rm(received.file, { force: true });
    throw e;
  }
  if (audio) await storePeaks(store, id, audio);
  await db
    .insertInto('blobs')
    .values({
      id,
      sha256: received.sha256,
      content_type: record.contentType,
      size_bytes: received.sizeBytes,
      width: record.width ?? null,
      height: record.height ?? null,
      duration_sec: record.durationSec ?? null,
      source_url: sourceUrl,
      created_at: now,
      uploaded_by: opts.uploadedBy?.userId ?? null,
      filename: opts.uploadedBy?.filename ?? null,
    })
    .execute();
  return { blobId: id, data, contentType: record.contentType, sizeBytes: received.sizeBytes };
}

/**
 * Removes media stored by an ingest whose task was then refused (a bad hypothesis, a duplicate `unique_id`
 * that lost the race): its record, its file and an audio file's peaks. Not for media a task uses.
 */
export async function discardIngested(db: Kysely<Database>, store: BlobStore, blobId: string): Promise<void> {
  const index = await store.get(peaksNames.index(blobId));
  if (index) {
    const levels = (JSON.parse(index.toString('utf8')) as { levels: { samplesPerPeak: number }[] }).levels;
    for (const l of levels) await store.remove(peaksNames.level(blobId, l.samplesPerPeak));
    await store.remove(peaksNames.index(blobId));
  }
  await store.remove(blobId);
  await db.deleteFrom('blobs').where('id', '=', blobId).execute();
}

/** Where labelers' browsers fetch a stored blob (media.routes: range requests, access checked per task). */
export function mediaUrl(blobId: string): string {
  return `/api/media/${blobId}`;
}

/** The image's dimensions from its first bytes, or from the first 8 MiB when its header runs longer; null if unreadable. */
async function readImageSize(received: ReceivedFile): Promise<ReturnType<typeof imageSize> | null> {
  try {
    return imageSize(received.head);
  } catch {
    if (received.sizeBytes <= received.head.length) return null;
  }
  const fh = await open(received.file, 'r');
  try {
    const buffer = Buffer.alloc(Math.min(received.sizeBytes, IMAGE_PROBE_BYTES));
    const { bytesRead } = await fh.read(buffer, 0, buffer.length, 0);
    return imageSize(buffer.subarray(0, bytesRead));
  } catch {
    return null;
  } finally {
    await fh.close();
  }
}
