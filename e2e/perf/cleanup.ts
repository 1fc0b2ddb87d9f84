import type { ChildProcess } from 'node:child_process';

/**
 * What a benchmark must undo however it ends (success, error, Ctrl-C, time limit): spawned processes and
 * registered cleanups (servers, browsers, scratch databases, temp folders).
 */
export const children = new Set<ChildProcess>();
export const cleanups: (() => Promise<void>)[] = [];

let cleaning: Promise<void> | null = null;

/**
 * Runs the registered cleanups, newest first. Callers arriving while a run is under way (a signal handler and
 * main's `finally` after a Ctrl-C) share it, so nothing is cut short by the other's exit.
 */
export function runCleanups(log: (msg: string) => void): Promise<void> {
  cleaning ??= (async () => {
    while (cleanups.length > 0) {
      const fn = cleanups.pop()!;
      await fn().catch((e: unknown) => log(`cleanup failed: ${e instanceof Error ? e.message : String(e)}`));
    }
  })().finally(() => {
    cleaning = null;
  });
  return cleaning;
}

// Last resort when the process exits without running the async cleanups (e.g. an uncaught throw).
process.on('exit', () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

let stopping = false;

/** True once {@link stopOnce} has begun: errors after that are only things closing under the benchmark. */
export function isStopping(): boolean {
  return stopping;
}

/**
 * Cleans up and exits with `code`. Ctrl-C arrives more than once (from the terminal, and relayed by tsx and
 * npx): only the first call acts, so later ones cannot end the process before the cleanups finish.
 */
export function stopOnce(log: (msg: string) => void, reason: string, code: number): void {
  if (stopping) return;
  stopping = true;
  log(reason);
  void runCleanups(log).finally(() => process.exit(code));
}
