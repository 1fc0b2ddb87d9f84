/**
 * How often the queue serves a labeler a gold task, and how accurate a labeler is on gold.
 *
 * Accuracy is per gold object: of the objects judged (every reference object, plus every extra or
 * duplicate object the labeler drew), the share with no finding. Its uncertainty is the Wilson score
 * interval, which stays inside [0, 1] and behaves for small counts and for 0 or 100%.
 *
 * The gold rate falls linearly from `startRate` (a new labeler, nothing proven) to `floorRate` as the
 * Wilson lower bound of their accuracy rises from `provenFrom` to `provenAt`: a labeler earns the low
 * rate by being accurate on enough objects that even the pessimistic end of the interval is high.
 */

/** A proportion with its 95% Wilson score interval (all in [0, 1]); `rate` is null with no trials. */
export interface ProportionEstimate {
  readonly successes: number;
  readonly trials: number;
  readonly rate: number | null;
  readonly low: number;
  readonly high: number;
}

/** The 95% Wilson score interval of `successes` in `trials` (z = 1.96). With no trials: [0, 1]. */
export function wilsonInterval(successes: number, trials: number, z = 1.96): ProportionEstimate {
  if (trials <= 0) return { successes: 0, trials: 0, rate: null, low: 0, high: 1 };
  const p = successes / trials;
  const z2 = z * z;
  const denom = 1 + z2 / trials;
  const centre = (p + z2 / (2 * trials)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials))) / denom;
  return { successes, trials, rate: p, low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

/** Gold-rate settings of a project; rates in [0, 1]. */
export interface GoldRateSettings {
  /** The rate for a labeler with nothing proven yet (default 0.2). */
  readonly startRate: number;
  /** The lowest rate, for a proven labeler (default 0.03). */
  readonly floorRate: number;
  /** Accuracy lower bound at or below which the start rate applies (default 0.5). */
  readonly provenFrom: number;
  /** Accuracy lower bound at or above which the floor applies (default 0.95). */
  readonly provenAt: number;
}

/** The defaults of {@link GoldRateSettings}. */
export const DEFAULT_GOLD_RATE: GoldRateSettings = { startRate: 0.2, floorRate: 0.03, provenFrom: 0.5, provenAt: 0.95 };

/**
 * The probability that a labeler's next task is gold, given their correct objects and objects judged
 * on gold so far. Never below the floor nor above the start rate (if an owner sets the floor above
 * the start, the floor wins).
 */
export function goldRate(correctObjects: number, judgedObjects: number, settings: Partial<GoldRateSettings> = {}): number {
  const s = { ...DEFAULT_GOLD_RATE, ...settings };
  const top = Math.max(s.startRate, s.floorRate);
  const lb = wilsonInterval(correctObjects, judgedObjects).low;
  const span = s.provenAt - s.provenFrom;
  const t = span <= 0 ? (lb >= s.provenAt ? 1 : 0) : Math.min(1, Math.max(0, (lb - s.provenFrom) / span));
  return top - (top - s.floorRate) * t;
}

/**
 * The decision for one claim: gold when `u` (a uniform draw in [0, 1) from the injected generator)
 * falls below the rate. Kept apart so the service stays a plain function of (counts, settings, draw).
 */
export function shouldServeGold(rate: number, u: number): boolean {
  return u < rate;
}
