/**
 * Which submitted tasks a reviewer sees. Reviewing everything is slow and expensive, reviewing a
 * uniform sample misses what matters, so the chance of review follows the labeler's record and the
 * task's content (sampling by slice, not only uniformly):
 *
 * - every task of a labeler with an active error pattern, and every task holding a rare class, is reviewed;
 * - otherwise the rate starts at 1 for a new labeler and falls toward the project's floor as their
 *   reviewed tasks come back clean:
 *
 *     clean = (cleanTasks + 1) / (reviewedTasks + 2)          (Laplace: no record ≈ 50 % clean)
 *     rate  = max(floor, 1 − clean · n / (n + halfLife))      (n = reviewedTasks)
 *
 *   With no record the rate is 1; after `halfLife` clean tasks it is about ½; with a long clean record it
 *   approaches the floor; a labeler whose tasks come back with findings 20 % of the time keeps ≥ 20 % review.
 */

/** A labeler's review record in one project. */
export interface ReviewRecord {
  /** Tasks of theirs that a reviewer (or gold) has checked. */
  readonly reviewedTasks: number;
  /** Of those, the tasks that came back with no finding. */
  readonly cleanTasks: number;
  /** True while the labeler has an active error pattern in this project. */
  readonly activePattern: boolean;
}

/** A project's sampling settings. */
export interface SamplingPolicy {
  /** The lowest review rate for a proven labeler, in [0, 1] (e.g. 0.1). */
  readonly floorRate: number;
  /** Reviewed tasks after which a spotless labeler's rate has fallen about halfway; > 0. Default 20. */
  readonly halfLifeTasks: number;
  /** Classes whose presence always sends a task to review. */
  readonly rareClassIds: readonly string[];
}

/** The default halfway point of {@link SamplingPolicy.halfLifeTasks}. */
export const DEFAULT_REVIEW_HALF_LIFE_TASKS = 20;

/** Why a task was (or was not) sent to review; kept with the decision for the owner's view. */
export type SamplingReason = 'active_pattern' | 'rare_class' | 'trust_rate' | 'not_sampled';

/** The chance, in [floor, 1], that a task of a labeler with this record is reviewed (before slices). */
export function trustReviewRate(record: Pick<ReviewRecord, 'reviewedTasks' | 'cleanTasks'>, policy: Pick<SamplingPolicy, 'floorRate' | 'halfLifeTasks'>): number {
  const n = Math.max(0, record.reviewedTasks);
  const clean = (Math.min(Math.max(0, record.cleanTasks), n) + 1) / (n + 2);
  const rate = 1 - clean * (n / (n + policy.halfLifeTasks));
  return Math.min(1, Math.max(policy.floorRate, rate));
}

/**
 * Decides whether one submitted task goes to review. `random` is a draw in [0, 1) (injected, so tests
 * and the server's seeded clock decide the same way). Returns the decision and its reason.
 */
export function sampleForReview(
  record: ReviewRecord,
  taskClassIds: readonly string[],
  policy: SamplingPolicy,
  random: number,
): { readonly review: boolean; readonly reason: SamplingReason; readonly rate: number } {
  if (record.activePattern) return { review: true, reason: 'active_pattern', rate: 1 };
  const rare = new Set(policy.rareClassIds);
  if (taskClassIds.some((c) => rare.has(c))) return { review: true, reason: 'rare_class', rate: 1 };
  const rate = trustReviewRate(record, policy);
  return random < rate ? { review: true, reason: 'trust_rate', rate } : { review: false, reason: 'not_sampled', rate };
}
