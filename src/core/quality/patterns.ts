import { betaTailAbove } from './beta';

/**
 * Error patterns: deciding from a labeler's recent gold results that a kind of mistake is a habit,
 * not a slip.
 *
 * The rule. For one labeler, one project and one pattern key (a finding type, or `wrong_class` with a
 * class pair), take the most recent `window` observations (gold objects judged). With k of those n
 * showing the finding, the rate θ has the posterior Beta(priorHits + k, priorMisses + n − k). A pattern
 * is active when n ≥ `minObservations` and P(θ > `rateThreshold`) > `confidence`. It clears as soon as
 * that no longer holds (the habit's share of the window falls back), or when the labeler passes the
 * course: observations before the pass are not counted.
 *
 * Why these defaults (threshold 0.15, window 30, prior Beta(1, 3), confidence 0.9, at least 5): a
 * prior leaning towards low rates stops two slips among the first five objects from raising an alarm,
 * and a 30-object window forgets old habits. On simulated labelers (see patterns.test.ts) one who is
 * loose 40% of the time is flagged within 15 gold objects for most seeds (the rest got ≤ 3 loose boxes
 * in 15 by chance), and one who is loose 3% of the time is flagged in none of 100 runs of 500 objects.
 */

/** The thresholds of the pattern rule; see the module comment. */
export interface PatternRule {
  /** A rate above this is a habit, in (0, 1). */
  readonly rateThreshold: number;
  /** How many recent observations count. */
  readonly window: number;
  /** Fewer observations than this never make a pattern. */
  readonly minObservations: number;
  /** Posterior probability of a rate above the threshold needed, in (0, 1). */
  readonly confidence: number;
  /** Prior pseudo-counts (positive integers): Beta(priorHits, priorMisses). */
  readonly priorHits: number;
  readonly priorMisses: number;
}

/** The defaults of {@link PatternRule}. */
export const DEFAULT_PATTERN_RULE: PatternRule = {
  rateThreshold: 0.15,
  window: 30,
  minObservations: 5,
  confidence: 0.9,
  priorHits: 1,
  priorMisses: 3,
};

/** What the rule says about one key over its window. */
export interface PatternVerdict {
  readonly active: boolean;
  /** Observations in the window. */
  readonly observations: number;
  /** Of those, how many showed the finding. */
  readonly hits: number;
  /** Posterior P(rate > threshold). */
  readonly probability: number;
}

/**
 * Applies the rule to a sequence of observations for one key, oldest first (`true`: the finding
 * occurred on that object). Only the last `window` count.
 */
export function judgePattern(events: readonly boolean[], rule: PatternRule = DEFAULT_PATTERN_RULE): PatternVerdict {
  const recent = events.slice(-rule.window);
  let hits = 0;
  for (const e of recent) if (e) hits++;
  return verdict(hits, recent.length, rule);
}

function verdict(hits: number, n: number, rule: PatternRule): PatternVerdict {
  const probability = betaTailAbove(rule.rateThreshold, rule.priorHits + hits, rule.priorMisses + n - hits);
  return { active: n >= rule.minObservations && probability > rule.confidence, observations: n, hits, probability };
}

/**
 * One judged gold answer: how many objects it had (`objects`, each one observation) and how many of
 * them showed each pattern key (`hits`, capped at `objects`).
 */
export interface JudgedBatch {
  readonly objects: number;
  readonly hits: Readonly<Record<string, number>>;
  /** When it was judged, ms since the epoch; batches at or before a key's `clearedAt` do not count for it. */
  readonly atMs: number;
}

/** An active pattern of one labeler. */
export interface ActivePattern extends PatternVerdict {
  readonly key: string;
}

/**
 * Every active pattern over a labeler's judged batches (oldest first). Per key, the window is filled
 * from the newest batches back (a batch counts whole). `clearedAtMs` per key drops batches up to that
 * time (the labeler passed the course then).
 */
export function activePatterns(
  batches: readonly JudgedBatch[],
  rule: PatternRule = DEFAULT_PATTERN_RULE,
  clearedAtMs: Readonly<Record<string, number>> = {},
): ActivePattern[] {
  const keys = new Set<string>();
  for (const b of batches) for (const k of Object.keys(b.hits)) if ((b.hits[k] ?? 0) > 0) keys.add(k);
  const out: ActivePattern[] = [];
  for (const key of [...keys].sort()) {
    const since = clearedAtMs[key] ?? -Infinity;
    let n = 0;
    let hits = 0;
    for (let i = batches.length - 1; i >= 0 && n < rule.window; i--) {
      const b = batches[i]!;
      if (b.atMs <= since) break;
      n += b.objects;
      hits += Math.min(b.objects, b.hits[key] ?? 0);
    }
    const v = verdict(hits, n, rule);
    if (v.active) out.push({ key, ...v });
  }
  return out;
}

/** The key a finding counts under: its type, or for `wrong_class` the type with the class pair (reference→answer). */
export function patternKey(f: { readonly type: string; readonly referenceClassId?: string; readonly answerClassId?: string }): string {
  return f.type === 'wrong_class' && f.referenceClassId && f.answerClassId ? `wrong_class:${f.referenceClassId}->${f.answerClassId}` : f.type;
}

/** The finding type of a pattern key (`wrong_class:car->pedestrian` → `wrong_class`). */
export function patternType(key: string): string {
  return key.split(':')[0]!;
}
