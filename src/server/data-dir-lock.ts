import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * PGlite lets one process use a data folder. A lock file with our pid refuses a second server on
 * the same folder with a clear message; a lock left by a process that no longer runs is taken over.
 * Returns a function that releases the lock.
 *
 * Why created with `wx` (fails if the file exists) rather than read, then written: two servers starting
 * at the same moment both read "no lock" and both write one; with `wx` exactly one creation succeeds,
 * and the other reads the winner's pid. A stale lock is removed and the creation tried again, so of two
 * processes taking over the same stale lock one wins and the other is refused.
 */
export function lockDataDir(dataDir: string, pid = process.pid): () => void {
  mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, 'server.lock');
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      writeFileSync(file, String(pid), { flag: 'wx' });
      // Released only while it is still ours (a lock taken over as stale meanwhile belongs to another).
      return () => {
        if (holderOf(file) === pid) rmSync(file, { force: true });
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const holder = holderOf(file);
    if (holder === pid) return () => rmSync(file, { force: true });
    if (holder && isRunning(holder)) {
      throw new Error(
        `Another Labelbench process (pid ${holder}) is using the data folder ${dataDir}. ` +
          'Stop it first, or set DATA_DIR to another folder (or DATABASE_URL to share a PostgreSQL server).',
      );
    }
    // Stale (its process is gone) or unreadable: remove it and try to create ours again.
    rmSync(file, { force: true });
  }
  throw new Error(`Could not take the lock file ${file}: it keeps changing; is another server starting on ${dataDir}?`);
}

/** The pid in a lock file, or null when it is gone or holds no pid. */
function holderOf(file: string): number | null {
  try {
    const pid = Number(readFileSync(file, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
