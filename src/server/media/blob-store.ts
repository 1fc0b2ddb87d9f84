import { randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Where media files live. The local folder is the default; an S3-compatible store can implement the
 * same interface later (the server then redirects or proxies instead of sending a file).
 */
export interface BlobStore {
  put(id: string, data: Buffer): Promise<void>;
  /**
   * A fresh path on local disk where a file being received can be written before it is checked; on the
   * store's own disk where it has one, so that {@link putFile} is a rename. Whoever asks removes it if the
   * file is not kept.
   */
  tempPath(): Promise<string>;
  /** Stores the finished file at `file` (from {@link tempPath}) as `id`; the file is moved, not copied. */
  putFile(id: string, file: string): Promise<void>;
  /** The folder and file name to send from, for stores on the local disk (HTTP range requests included). */
  localFile(id: string): { root: string; name: string };
  /** The stored file `name` (a blob or a file derived from it), or null when there is none. */
  get(name: string): Promise<Buffer | null>;
  /** Removes the stored file `name`; nothing when there is none. */
  remove(name: string): Promise<void>;
}

/** Temporary files live in a subfolder, so that they are never mistaken for (or served as) media. */
const TEMP_DIR = '.incoming';

export class LocalBlobStore implements BlobStore {
  constructor(readonly root: string) {}

  async put(id: string, data: Buffer): Promise<void> {
    await mkdir(this.root, { recursive: true });
    await writeFile(path.join(this.root, id), data);
  }

  async tempPath(): Promise<string> {
    const dir = path.join(this.root, TEMP_DIR);
    await mkdir(dir, { recursive: true });
    return path.join(dir, randomUUID());
  }

  async putFile(id: string, file: string): Promise<void> {
    await mkdir(this.root, { recursive: true });
    await rename(file, path.join(this.root, id));
  }

  localFile(id: string) {
    return { root: this.root, name: id };
  }

  async get(name: string): Promise<Buffer | null> {
    try {
      return await readFile(path.join(this.root, name));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw e;
    }
  }

  async remove(name: string): Promise<void> {
    await rm(path.join(this.root, name), { force: true });
  }

  /**
   * Removes files left in the temporary folder by a process that died while receiving them, when older
   * than `olderThanMs` (so a second process's upload in progress is left alone). Returns how many went.
   */
  async removeStaleTemp(now: Date, olderThanMs = 3600_000): Promise<number> {
    const dir = path.join(this.root, TEMP_DIR);
    let names: string[];
    try {
      names = await readdir(dir);
    } catch {
      return 0;
    }
    let removed = 0;
    for (const name of names) {
      const file = path.join(dir, name);
      try {
        if (now.getTime() - (await stat(file)).mtimeMs < olderThanMs) continue;
        await rm(file, { force: true });
        removed++;
      } catch {
        // Gone already (another process cleaned it): nothing to do.
      }
    }
    return removed;
  }
}
