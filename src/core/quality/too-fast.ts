/**
 * `too_fast`: time on task below half the project's median for tasks of that size — the rule
 * crowdsourcing platforms use against random clicking. Works for any kind of task.
 */

/** A `too_fast` finding: magnitude is the project's median divided by the time taken (≥ 2 when it fires). */
export interface TooFastFinding {
  readonly type: 'too_fast';
  readonly magnitude: number;
  readonly message: string;
  readonly durationMs: number;
  readonly medianMs: number;
}

/** Settings of {@link tooFast}. */
export interface TooFastOptions {
  /** Below this fraction of the median is too fast (default 0.5). */
  readonly fraction: number;
  /** The median needs at least this many earlier times of the same size, else no finding (default 5). */
  readonly minSamples: number;
}

/** The defaults of {@link TooFastOptions}. */
export const DEFAULT_TOO_FAST: TooFastOptions = { fraction: 0.5, minSamples: 5 };

/** The median of a list of numbers (mean of the middle two for an even count); null for an empty list. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/**
 * The size bucket a task's duration is compared within: its reference object count rounded to a power
 * of two (0, 1, 2, 3–4, 5–8, …), so a task with 7 objects is compared with 5–8-object tasks.
 */
export function sizeBucket(objects: number): number {
  if (objects <= 2) return Math.max(0, objects);
  return 2 ** Math.ceil(Math.log2(objects));
}

/**
 * A `too_fast` finding when `durationMs` is below `fraction` × the median of `sameSizeDurationsMs`
 * (earlier times on tasks of the same size bucket), or null: also null with too few samples.
 */
export function tooFast(durationMs: number, sameSizeDurationsMs: readonly number[], options: Partial<TooFastOptions> = {}): TooFastFinding | null {
  const o = { ...DEFAULT_TOO_FAST, ...options };
  if (sameSizeDurationsMs.length < o.minSamples) return null;
  const m = median(sameSizeDurationsMs)!;
  if (!(durationMs < o.fraction * m)) return null;
  const secs = (ms: number) => `${Math.round(ms / 100) / 10} s`;
  return {
    type: 'too_fast',
    magnitude: durationMs > 0 ? Math.round((m / durationMs) * 100) / 100 : Number.MAX_SAFE_INTEGER,
    message: `done in ${secs(durationMs)}; tasks like this take ${secs(m)} (median) — take the time to check each object`,
    durationMs,
    medianMs: m,
  };
}
