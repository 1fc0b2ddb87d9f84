import type { AnnotationDocument } from '../../shared/annotation.schema';
import type { CompareOptions } from '../quality/compare-options';
import type { Finding } from '../quality/finding-types';
import { compareImage } from '../quality/findings';

/**
 * Measuring reviewers with gold: a task whose right answer is known is served into review with errors
 * planted in it. What the reviewer does with it is compared with the gold answer:
 *
 * - `missed_error`: a planted error still there after the review (accepted as is, or a fix that left it);
 * - `false_fix`: an object that was right in the planted version and is wrong after the reviewer's fix
 *   (the reviewer "corrected" correct work).
 *
 * A rejection counts as catching every planted error when there were any, and as one `false_fix` when the
 * planted version was in fact right. The same comparison engine as everywhere (core/quality) decides what
 * is wrong, so a reviewer is held to the bar labelers are.
 */

/** One finding about a reviewer's pass over a planted task; `underlying` is the labeling finding involved. */
export interface ReviewerFinding {
  readonly type: 'missed_error' | 'false_fix';
  readonly objectId?: string;
  readonly underlying: Finding['type'] | 'rejected_correct_work';
  readonly magnitude: number;
  readonly message: string;
}

/** The outcome of a reviewer check: how many errors were planted, how many were caught, and the findings. */
export interface ReviewerCheck {
  readonly planted: number;
  readonly caught: number;
  readonly findings: ReviewerFinding[];
}

/** What a finding is about, for telling planted errors from new ones: the answer object, else the reference object. */
function subject(f: Finding): string {
  return `${f.type}:${f.objectId ?? ''}:${f.referenceId ?? ''}`;
}

/**
 * Judges a reviewer's pass. `planted` is the version shown to the reviewer, `gold` the right answer, and
 * `result` what the reviewer accepted (the planted version itself when accepted unchanged), or `'rejected'`.
 */
export function judgeReviewerPass(
  planted: AnnotationDocument,
  gold: AnnotationDocument,
  result: AnnotationDocument | 'rejected',
  options: Partial<CompareOptions> = {},
): ReviewerCheck {
  const plantedErrors = compareImage(planted, gold, options);
  if (result === 'rejected') {
    if (plantedErrors.length > 0) return { planted: plantedErrors.length, caught: plantedErrors.length, findings: [] };
    return { planted: 0, caught: 0, findings: [{ type: 'false_fix', underlying: 'rejected_correct_work', magnitude: 1, message: 'sent back work that was right' }] };
  }
  const remaining = compareImage(result, gold, options);
  const plantedSubjects = new Set(plantedErrors.map(subject));
  const wrongBefore = new Set(plantedErrors.flatMap((f) => [f.objectId, f.referenceId]).filter((x): x is string => !!x));
  const findings: ReviewerFinding[] = [];
  for (const f of remaining) {
    const involved = [f.objectId, f.referenceId].filter((x): x is string => !!x);
    const planted_ = plantedSubjects.has(subject(f)) || involved.some((id) => wrongBefore.has(id));
    findings.push(
      planted_
        ? { type: 'missed_error', objectId: f.objectId, underlying: f.type, magnitude: f.magnitude, message: `missed: ${f.message}` }
        : { type: 'false_fix', objectId: f.objectId, underlying: f.type, magnitude: f.magnitude, message: `changed correct work: ${f.message}` },
    );
  }
  const missed = findings.filter((f) => f.type === 'missed_error').length;
  return { planted: plantedErrors.length, caught: Math.max(0, plantedErrors.length - missed), findings };
}
