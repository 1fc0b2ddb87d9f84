/**
 * Routing a second review pass to the reviewer whose blind spots differ most from the people who
 * already touched the task. Passes in series only catch what the earlier person missed if their
 * errors are uncorrelated: two reviewers who both overlook tight boxes add little over one.
 *
 * A person's **profile** is their rate of each finding type (findings of that type per reviewed or
 * gold-checked object), as a sparse map type → rate ≥ 0. Profiles are compared by cosine similarity:
 * 1 means the same mix of mistakes, 0 none in common. Scale does not matter (a careful and a careless
 * person with the same habits are alike), only the mix.
 */

/** Finding-type rates of one person: finding type → findings per checked object (≥ 0). */
export type ErrorProfile = Readonly<Record<string, number>>;

/** A reviewer who could take the pass, with their profile and how many review leases they hold now. */
export interface ReviewerCandidate {
  readonly userId: string;
  readonly profile: ErrorProfile;
  /** Review passes this reviewer holds or has queued right now; the tie-breaker and the fallback. */
  readonly load: number;
}

/**
 * Cosine similarity of two profiles in [0, 1] (rates are never negative); `undefined` when either
 * profile has no findings at all, since then nothing is known about its blind spots.
 */
export function profileSimilarity(a: ErrorProfile, b: ErrorProfile): number | undefined {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (const [type, rate] of Object.entries(a)) {
    na += rate * rate;
    dot += rate * (b[type] ?? 0);
  }
  for (const rate of Object.values(b)) nb += rate * rate;
  if (na === 0 || nb === 0) return undefined;
  return Math.min(1, dot / Math.sqrt(na * nb));
}

/** Why {@link chooseReviewer} picked whom: by profile, or by load because no profile said anything. */
export interface ReviewerChoice {
  readonly userId: string;
  readonly reason: 'least_correlated' | 'least_loaded';
  /** The chosen reviewer's highest similarity to the people already on the task, when known. */
  readonly similarity?: number;
}

/**
 * Chooses who reviews next among `candidates`, never one of `earlier` (the labeler and any earlier
 * reviewers: nobody reviews their own work or a task twice). The score of a candidate is its highest
 * similarity to any earlier person with a known profile (the worst overlap matters, not the average);
 * the lowest score wins, ties go to the lighter load, then to the smaller user id so the choice is
 * stable. Candidates whose own profile is empty, or when no earlier profile is known, are scored by
 * load alone and only chosen when no candidate has a score. Returns `undefined` when nobody is left.
 */
export function chooseReviewer(
  candidates: readonly ReviewerCandidate[],
  earlier: readonly { readonly userId: string; readonly profile: ErrorProfile }[],
): ReviewerChoice | undefined {
  const excluded = new Set(earlier.map((p) => p.userId));
  const eligible = candidates.filter((c) => !excluded.has(c.userId));
  if (eligible.length === 0) return undefined;

  const byLoad = (a: ReviewerCandidate, b: ReviewerCandidate) => a.load - b.load || (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0);
  const scored: { candidate: ReviewerCandidate; score: number }[] = [];
  for (const candidate of eligible) {
    let score: number | undefined;
    for (const person of earlier) {
      const s = profileSimilarity(candidate.profile, person.profile);
      if (s !== undefined) score = Math.max(score ?? 0, s);
    }
    if (score !== undefined) scored.push({ candidate, score });
  }
  if (scored.length > 0) {
    scored.sort((a, b) => a.score - b.score || byLoad(a.candidate, b.candidate));
    const best = scored[0]!;
    return { userId: best.candidate.userId, reason: 'least_correlated', similarity: best.score };
  }
  const lightest = [...eligible].sort(byLoad)[0]!;
  return { userId: lightest.userId, reason: 'least_loaded' };
}
