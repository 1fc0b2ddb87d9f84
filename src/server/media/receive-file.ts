import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { Readable } from 'node:stream';

/** A file received to disk: its size, SHA-256 and first bytes (enough to tell its type and size). */
export type ReceivedFile = { file: string; sizeBytes: number; sha256: string; head: Buffer };

/** The body went past the size limit; nothing is kept. */
export class MediaTooLarge extends Error {
  constructor(readonly maxBytes: number) {
    super(`the file is larger than the limit of ${formatBytes(maxBytes)}`);
  }
}

/** The body stopped before its end (the sender went away or the connection broke); nothing is kept. */
export class MediaCutOff extends Error {}

/** Bytes kept in memory from the start of a file, for type sniffing and image dimensions. */
export const HEAD_BYTES = 512 * 1024;

/**
 * Writes `source` to `file` as it arrives, so memory stays bounded whatever the file's size, hashing on
 * the way. Stops with {@link MediaTooLarge} as soon as more than `maxBytes` have come (at once when
 * `expectedBytes`, from a Content-Length, says so), and with {@link MediaCutOff} if the source ends short of
 * `expectedBytes`, breaks, or sends nothing for `idleMs` (a stalled sender). On any failure the partial file
 * is removed. The source is never destroyed here: after a refusal it is left flowing (its rest is read and
 * dropped) and the caller closes it if it should stop.
 */
export async function receiveToFile(source: Readable, file: string, opts: { maxBytes: number; expectedBytes?: number | null; idleMs?: number }): Promise<ReceivedFile> {
  if (opts.expectedBytes != null && opts.expectedBytes > opts.maxBytes) {
    source.resume();
    throw new MediaTooLarge(opts.maxBytes);
  }
  const hash = createHash('sha256');
  const head: Buffer[] = [];
  let headSize = 0;
  let size = 0;
  const out = createWriteStream(file, { flags: 'wx' });
  // Only a file this call created is removed on failure (never one that was there before: 'wx' refuses it).
  let created = false;
  out.once('open', () => (created = true));
  try {
    await new Promise<void>((resolve, reject) => {
      let settled = false;
      let idle: NodeJS.Timeout | null = null;
      const wake = () => {
        if (!opts.idleMs) return;
        if (idle) clearTimeout(idle);
        idle = setTimeout(() => finish(new MediaCutOff(`the file stopped after ${size} bytes: nothing arrived for ${opts.idleMs! / 1000} s`)), opts.idleMs);
      };
      const finish = (e?: Error) => {
        if (settled) return;
        settled = true;
        if (idle) clearTimeout(idle);
        source.off('data', onData);
        source.resume();
        if (e) {
          out.destroy();
          reject(e);
        } else out.end((err?: Error | null) => (err ? reject(err) : resolve()));
      };
      const onData = (chunk: Buffer) => {
        wake();
        size += chunk.length;
        if (size > opts.maxBytes) return finish(new MediaTooLarge(opts.maxBytes));
        hash.update(chunk);
        if (headSize < HEAD_BYTES) {
          const part = chunk.subarray(0, HEAD_BYTES - headSize);
          head.push(Buffer.from(part));
          headSize += part.length;
        }
        if (!out.write(chunk)) {
          source.pause();
          out.once('drain', () => settled || source.resume());
        }
      };
      source.on('data', onData);
      wake();
      source.once('end', () => {
        if (opts.expectedBytes != null && size < opts.expectedBytes) finish(new MediaCutOff(`the file stopped after ${size} of ${opts.expectedBytes} bytes`));
        else finish();
      });
      source.once('error', (e) => finish(isAbort(e) ? cutOff(size) : e));
      // A request whose sender went away closes without 'end' (and, on some Node versions, without 'error').
      source.once('close', () => finish(cutOff(size)));
      out.once('error', (e) => finish(e));
    });
  } catch (e) {
    // The file may open after the failure: wait for the stream to finish closing before deciding.
    if (!out.closed) await new Promise<void>((r) => out.once('close', () => r()));
    if (created) await rm(file, { force: true });
    throw e;
  }
  return { file, sizeBytes: size, sha256: hash.digest('hex'), head: Buffer.concat(head) };
}

function cutOff(size: number) {
  return new MediaCutOff(`the file stopped after ${size} bytes: the connection was closed before its end`);
}

function isAbort(e: unknown): boolean {
  const code = (e as NodeJS.ErrnoException | null)?.code;
  return code === 'ECONNRESET' || code === 'ERR_STREAM_PREMATURE_CLOSE' || code === 'ECONNABORTED' || (e as Error | null)?.message === 'aborted';
}

function formatBytes(n: number): string {
  if (n >= 1024 * 1024 && n % (1024 * 1024) === 0) return `${n / (1024 * 1024)} MiB`;
  if (n >= 1024 && n % 1024 === 0) return `${n / 1024} KiB`;
  return `${n} bytes`;
}
