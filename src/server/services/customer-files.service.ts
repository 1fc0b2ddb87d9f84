import type { Readable } from 'node:stream';
import type { TaskData } from '../../shared/task.schema';
import { BadRequest, PayloadTooLarge } from '../errors';
import { ingestStream, mediaUrl, MediaError, type Ingested } from '../media/ingest';
import { MediaTooLarge } from '../media/receive-file';
import type { Customer } from './api-keys.service';
import type { ServiceContext } from './context';

/**
 * How a customer's uploaded file is named as a task's `attachment`, as Scale's `scaledata://` URLs are:
 * `labelbench://file/<id>`.
 */
export const FILE_URL_PREFIX = 'labelbench://file/';

/** A file a customer uploaded, as the API answers it (Scale's file object, with our attachment URL). */
export type CustomerFile = { id: string; filename: string | null; mimetype: string; size: number; attachment_url: string; created_at: string };

/**
 * Stores a file a customer uploads through the API (streamed to disk as it arrives, the same limits and
 * checks as an owner's upload), theirs to attach to tasks by its `attachment_url`. The declared type says
 * whether it is an image or audio; the bytes must then be one.
 */
export async function uploadCustomerFile(
  ctx: ServiceContext, customer: Customer, body: Readable, o: { filename: string | null; mimetype: string; expectedBytes: number | null },
): Promise<CustomerFile> {
  const kind = o.mimetype.startsWith('image/') ? 'image' : o.mimetype.startsWith('audio/') ? 'audio' : null;
  if (!kind) {
    body.resume();
    throw new BadRequest(`Send an image or an audio file (this one is declared ${o.mimetype || 'without a type'})`, { file: 'must be an image/* or audio/* file' });
  }
  const now = ctx.clock();
  let media: Ingested;
  try {
    media = await ingestStream(ctx.db.db, ctx.blobs, body, kind, o.filename ? `upload:${o.filename}` : null, now, {
      maxBytes: ctx.config.mediaMaxBytes,
      expectedBytes: o.expectedBytes,
      idleMs: ctx.config.uploadIdleTimeoutMs,
      ffmpegPath: ctx.config.ffmpegPath,
      uploadedBy: { userId: customer.userId, filename: o.filename },
    });
  } catch (e) {
    if (e instanceof MediaTooLarge) throw new PayloadTooLarge(`${o.filename ?? 'The file'}: ${e.message}`);
    if (e instanceof MediaError) throw new BadRequest(`${o.filename ?? 'The file'}: ${e.message}`, { file: e.message });
    throw e;
  }
  return { id: media.blobId, filename: o.filename, mimetype: media.contentType, size: media.sizeBytes, attachment_url: `${FILE_URL_PREFIX}${media.blobId}`, created_at: now.toISOString() };
}

/**
 * The stored media of an attachment that names one of the customer's uploaded files, as task data; a 400
 * naming `attachment` when it is not one of theirs or not the kind of media the project labels.
 */
export async function attachedFile(ctx: ServiceContext, customer: Customer, attachment: string, kind: 'image' | 'audio'): Promise<Ingested> {
  const id = attachment.slice(FILE_URL_PREFIX.length);
  const blob = /^[0-9a-f-]{36}$/i.test(id)
    ? await ctx.db.db.selectFrom('blobs').selectAll().where('id', '=', id).where('uploaded_by', '=', customer.userId).executeTakeFirst()
    : undefined;
  if (!blob) throw new BadRequest(`attachment: no file ${attachment} uploaded with your keys`, { attachment: 'no such uploaded file' });
  let data: TaskData | null = null;
  if (kind === 'image' && blob.content_type.startsWith('image/') && blob.width && blob.height) data = { kind: 'image', imageUrl: mediaUrl(blob.id), width: blob.width, height: blob.height };
  if (kind === 'audio' && blob.duration_sec) data = { kind: 'audio', audioUrl: mediaUrl(blob.id), durationSec: blob.duration_sec };
  if (!data) throw new BadRequest(`attachment: ${attachment} is ${blob.content_type}, and this project labels ${kind}`, { attachment: `must be an ${kind} file` });
  return { blobId: blob.id, data, contentType: blob.content_type, sizeBytes: Number(blob.size_bytes) };
}
