import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Where media files live. The local folder is the default; an S3-compatible store can implement the
 * same interface later (the server then redirects or proxies instead of sending a file).
 */
export interface BlobStore {
  put(id: string, data: Buffer): Promise<void>;
  /** The folder and file name to send from, for stores on the local disk (HTTP range requests included). */
  localFile(id: string): { root: string; name: string };
}

export class LocalBlobStore implements BlobStore {
  constructor(readonly root: string) {}

  async put(id: string, data: Buffer): Promise<void> {
    await mkdir(this.root, { recursive: true });
    await writeFile(path.join(this.root, id), data);
  }

  localFile(id: string) {
    return { root: this.root, name: id };
  }
}
