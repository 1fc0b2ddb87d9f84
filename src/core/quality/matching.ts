import type { AnnotationObject } from '../../shared/annotation.schema';
import { boxIoU } from '../geometry/box';
import { assignMaxWeight, overlappingPairs, type WeightedPair } from './assignment';
import { geometryBounds, geometryIoU, geometryOverlap, type Rect } from './overlap';

/**
 * Pairs an answer's image objects one-to-one with a reference's, the way CVAT's quality comparison does:
 *  1. objects of the same class are matched by optimal assignment on IoU, pairs below the project's
 *     match IoU never matching;
 *  2. the objects still unmatched are matched again the same way ignoring class: those pairs are the
 *     same object drawn with the wrong class.
 * Why two passes and not one class-blind pass: a rider's box and their bicycle's overlap heavily;
 * class-blind matching may pair them crosswise and report two wrong classes where the labeler got both
 * right. Geometry in image pixels; boxes and polygons mix freely (a box counts as its four corners).
 */

/** An annotation document, or anything holding its objects; only `id`, `classId`, `geometry` and `attributes` are read. */
export type ComparedObjects = { readonly objects: readonly ComparedObject[] };

/** The fields of an annotation object that the comparison reads. */
export type ComparedObject = Pick<AnnotationObject, 'id' | 'classId' | 'geometry'> & {
  readonly attributes?: AnnotationObject['attributes'];
};

/** How one reference object was matched by {@link matchImageObjects}. */
export interface ObjectMatch {
  /** Index into the answer's objects. */
  readonly answer: number;
  /** Index into the reference's objects. */
  readonly reference: number;
  /** Their IoU, in [matchIou, 1]. */
  readonly iou: number;
  /** Whether the pair was matched ignoring class (second pass): the classes differ. */
  readonly classMismatch: boolean;
}

/** The pairing of an answer's objects with a reference's, before any finding is judged. */
export interface ImageMatching {
  /** Matched pairs, in reference order. */
  readonly matches: readonly ObjectMatch[];
  /** For each answer object, its matched reference index or -1. */
  readonly answerToReference: Int32Array;
  /** For each reference object, its matched answer index or -1. */
  readonly referenceToAnswer: Int32Array;
  /** For each answer object, the reference object it overlaps most (-1 if none) and that IoU. */
  readonly answerBest: ReadonlyArray<{ readonly index: number; readonly iou: number }>;
  /** For each reference object, the answer object it overlaps most (-1 if none) and that IoU. */
  readonly referenceBest: ReadonlyArray<{ readonly index: number; readonly iou: number }>;
}

/**
 * Pairs the answer's objects with the reference's (see the module comment). `matchIou` is the project's
 * match threshold in (0, 1] (default 0.5; CVAT uses 0.4): a pair matches only at IoU ≥ `matchIou`.
 * A bounding-box sweep finds the overlapping candidates, IoU is computed only for those that could reach
 * `matchIou`, and {@link assignMaxWeight} matches same-class pairs first, then the rest ignoring class.
 * The result is the same as measuring every pair; `answerBest` / `referenceBest` are exact for every object.
 */
export function matchImageObjects(answer: ComparedObjects, reference: ComparedObjects, matchIou = 0.5): ImageMatching {
  const ans = answer.objects;
  const ref = reference.objects;
  const ansBounds = ans.map((o) => geometryBounds(o.geometry));
  const refBounds = ref.map((o) => geometryBounds(o.geometry));
  const candidates = overlappingPairs(ansBounds, refBounds);
  const answerBest = ans.map(() => ({ index: -1, iou: 0 }));
  const referenceBest = ref.map(() => ({ index: -1, iou: 0 }));
  const note = (i: number, j: number, iou: number) => {
    const ab = answerBest[i]!;
    if (iou > ab.iou || (iou === ab.iou && j < ab.index)) answerBest[i] = { index: j, iou };
    const rb = referenceBest[j]!;
    if (iou > rb.iou || (iou === rb.iou && i < rb.index)) referenceBest[j] = { index: i, iou };
  };

  // Why a bound before the exact IoU: for polygons the exact overlap is the expensive step, and many
  // candidate pairs are neighbours whose bounding boxes merely touch. IoU ≤ min(area A, area B, box
  // overlap) / max(area A, area B), so once both objects' areas are known, a pair whose bound is below
  // `matchIou` cannot match; its exact IoU is computed later, only if one of its objects stays unmatched
  // (for the "closest" message). The areas come free with each exact overlap, so pairs are visited in
  // decreasing bounding-box IoU: an object's likely match is measured first, its neighbours after.
  const pairCount = candidates.length / 2;
  const visit = Array.from({ length: pairCount }, (_, c) => c);
  if (ans.some((o) => o.geometry.kind !== 'box') || ref.some((o) => o.geometry.kind !== 'box')) {
    const boxIou = new Float64Array(pairCount);
    for (let c = 0; c < pairCount; c++) boxIou[c] = rectIoU(ansBounds[candidates[2 * c]!]!, refBounds[candidates[2 * c + 1]!]!);
    visit.sort((x, y) => boxIou[y]! - boxIou[x]! || x - y);
  }
  const ansArea = new Float64Array(ans.length).fill(-1);
  const refArea = new Float64Array(ref.length).fill(-1);
  const sameClass: WeightedPair[] = [];
  const all: WeightedPair[] = [];
  const deferred: number[] = [];
  for (const c of visit) {
    const i = candidates[2 * c]!;
    const j = candidates[2 * c + 1]!;
    const ga = ans[i]!.geometry;
    const gr = ref[j]!.geometry;
    let iou: number;
    if (ga.kind === 'box' && gr.kind === 'box') {
      iou = boxIoU(ga, gr);
    } else {
      const areaA = ansArea[i]!;
      const areaR = refArea[j]!;
      if (areaA >= 0 && areaR >= 0) {
        const a = ansBounds[i]!;
        const r = refBounds[j]!;
        const boxOverlap =
          (Math.min(a.x + a.w, r.x + r.w) - Math.max(a.x, r.x)) * (Math.min(a.y + a.h, r.y + r.h) - Math.max(a.y, r.y));
        if (!(Math.min(areaA, areaR, boxOverlap) >= matchIou * Math.max(areaA, areaR))) {
          deferred.push(i, j);
          continue;
        }
      }
      const o = geometryOverlap(ga, gr);
      ansArea[i] = o.areaA;
      refArea[j] = o.areaB;
      iou = o.union > 0 ? Math.min(1, o.intersection / o.union) : 0;
    }
    if (iou <= 0) continue;
    note(i, j, iou);
    if (iou < matchIou) continue;
    const pair = { row: i, col: j, weight: iou };
    all.push(pair);
    if (ans[i]!.classId === ref[j]!.classId) sameClass.push(pair);
  }
  const first = assignMaxWeight(ans.length, ref.length, sameClass, matchIou);
  const leftover = all.filter((p) => first.rowToCol[p.row] === -1 && first.colToRow[p.col] === -1);
  const second = assignMaxWeight(ans.length, ref.length, leftover, matchIou);

  const answerToReference = new Int32Array(ans.length).fill(-1);
  const referenceToAnswer = new Int32Array(ref.length).fill(-1);
  const matchedIou = new Float64Array(ref.length);
  for (const p of all) {
    if (first.rowToCol[p.row] === p.col || second.rowToCol[p.row] === p.col) matchedIou[p.col] = p.weight;
  }
  const matches: ObjectMatch[] = [];
  for (let j = 0; j < ref.length; j++) {
    const i1 = first.colToRow[j]!;
    const i = i1 >= 0 ? i1 : second.colToRow[j]!;
    if (i < 0) continue;
    answerToReference[i] = j;
    referenceToAnswer[j] = i;
    matches.push({ answer: i, reference: j, iou: matchedIou[j]!, classMismatch: i1 < 0 });
  }
  // A matched object's best overlap is its match or better, which a deferred pair (IoU < matchIou) cannot
  // beat; only unmatched objects need the deferred pairs measured.
  for (let c = 0; c < deferred.length; c += 2) {
    const i = deferred[c]!;
    const j = deferred[c + 1]!;
    if (answerToReference[i] !== -1 && referenceToAnswer[j] !== -1) continue;
    const iou = geometryIoU(ans[i]!.geometry, ref[j]!.geometry);
    if (iou > 0) note(i, j, iou);
  }
  return { matches, answerToReference, referenceToAnswer, answerBest, referenceBest };
}

/** IoU of two axis-aligned rectangles in image pixels; 0 when the union is empty. */
function rectIoU(a: Rect, b: Rect): number {
  const ix = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x);
  const iy = Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y);
  if (ix <= 0 || iy <= 0) return 0;
  const inter = ix * iy;
  return inter / (a.w * a.h + b.w * b.h - inter);
}
