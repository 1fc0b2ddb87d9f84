import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { lockDataDir } from './data-dir-lock';

describe('the data folder lock', () => {
  const dirs: string[] = [];
  const folder = () => {
    const d = mkdtempSync(path.join(tmpdir(), 'lb-lock-'));
    dirs.push(d);
    return d;
  };
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('refuses a second holder while the first runs, and lets it in once released', () => {
    const dir = folder();
    const release = lockDataDir(dir);
    // Another live process: this test's parent (its pid is not ours, and it runs).
    expect(() => lockDataDir(dir, process.ppid)).toThrow(`Another Labelbench process (pid ${process.pid}) is using the data folder ${dir}`);
    release();
    expect(existsSync(path.join(dir, 'server.lock'))).toBe(false);
    const again = lockDataDir(dir, process.ppid);
    expect(readFileSync(path.join(dir, 'server.lock'), 'utf8')).toBe(String(process.ppid));
    again();
  });

  it('takes over a lock whose process is gone, and an unreadable one', async () => {
    const dir = folder();
    const child = spawn(process.execPath, ['-e', '0']);
    const gone = await new Promise<number>((r) => child.on('exit', () => r(child.pid!)));
    writeFileSync(path.join(dir, 'server.lock'), String(gone));
    const release = lockDataDir(dir);
    expect(readFileSync(path.join(dir, 'server.lock'), 'utf8')).toBe(String(process.pid));
    release();
    writeFileSync(path.join(dir, 'server.lock'), 'garbage');
    lockDataDir(dir)();
  });

  it('does not remove a lock that another process has taken over since', () => {
    const dir = folder();
    const release = lockDataDir(dir);
    writeFileSync(path.join(dir, 'server.lock'), String(process.ppid));
    release();
    expect(readFileSync(path.join(dir, 'server.lock'), 'utf8')).toBe(String(process.ppid));
  });
});
