import { DEFAULT_COMPARE_OPTIONS, type CompareOptions } from './compare-options';
import { article, fmtBelow, fmtIou, fmtPx, fmtValue } from './finding-text';
import type { Finding } from './finding-types';
import { compareMasks } from './mask-findings';
import { matchImageObjects, type ComparedObjects } from './matching';
import { geometryArea } from './overlap';
import { boxEdgeFindings, coarseBoundary } from './shape-findings';

/**
 * Compares a labeler's answer for one image with a reference (a gold answer or a reviewer's fix) and
 * says what is wrong, object by object, as typed findings. The same engine serves gold tasks and
 * review, so a finding means the same thing wherever it comes from. Geometry is in image pixels.
 * Objects are paired by `matching.ts` (same class first, then ignoring class, as CVAT does); every
 * reference object then is matched or missed, and every answer object matched, a duplicate of a
 * matched reference object, or extra.
 *
 * Masks. When the reference has mask objects (a segmentation task), every mask object on both sides is
 * judged by `mask-findings.ts` instead, on pixels per class (per-class IoU, boundary F-score, missed and
 * spilled regions, wrong-class regions); boxes and polygons in the same documents are still matched as
 * objects. When the reference has no mask, an answer's masks are matched as objects like any shape (so a
 * stray mask on a box task is an `extra_object`).
 */

/**
 * Compares one image's answer with its reference and returns every finding, boxes and polygons alike
 * (see {@link FindingType} for what each means). Box-edge checks apply when both objects are boxes;
 * `low_overlap` and `coarse_boundary` when the reference is a polygon (a box answer counts as a
 * four-vertex polygon). Attributes are compared on same-class matches only, for the keys the reference
 * sets (values compared exactly). An empty list means nothing is wrong.
 *
 * Order: per reference object in reference order, its findings in {@link IMAGE_FINDING_TYPES} order;
 * then duplicates and extras in answer order; then, when the reference has masks, the mask findings class
 * by class (see the module comment and `compareMasks`). Pure: the inputs are not modified.
 */
export function compareImage(
  answer: ComparedObjects,
  reference: ComparedObjects,
  options: Partial<CompareOptions> = {},
): Finding[] {
  const opts: CompareOptions = { ...DEFAULT_COMPARE_OPTIONS, ...options };
  const segmentation = reference.objects.some((o) => o.geometry.kind === 'mask');
  const ans = segmentation ? answer.objects.filter((o) => o.geometry.kind !== 'mask') : answer.objects;
  const ref = segmentation ? reference.objects.filter((o) => o.geometry.kind !== 'mask') : reference.objects;
  const masks = segmentation
    ? compareMasks(answer.objects.filter((o) => o.geometry.kind === 'mask'), reference.objects.filter((o) => o.geometry.kind === 'mask'), opts).findings
    : [];
  if (segmentation && ans.length === 0 && ref.length === 0) return [...masks];
  const m = matchImageObjects({ objects: ans }, { objects: ref }, opts.matchIou);
  const label = (classId: string) => opts.classLabels?.[classId] ?? classId;
  const findings: Finding[] = [];
  const matchedIou = new Float64Array(ref.length);
  for (const x of m.matches) matchedIou[x.reference] = x.iou;

  for (let j = 0; j < ref.length; j++) {
    const r = ref[j]!;
    const i = m.referenceToAnswer[j]!;
    if (i < 0) {
      const best = m.referenceBest[j]!;
      findings.push({
        type: 'missed_object',
        referenceId: r.id,
        magnitude: geometryArea(r.geometry),
        message:
          `the ${label(r.classId)} is not labeled` +
          (best.index >= 0
            ? ` (the closest object overlaps it by IoU ${fmtBelow(best.iou, opts.matchIou)}, a match needs ${fmtIou(opts.matchIou)})`
            : ' (nothing drawn over it)'),
        ...(best.index >= 0 ? { iou: best.iou } : {}),
      });
      continue;
    }
    const a = ans[i]!;
    const iou = matchedIou[j]!;
    const ids = { objectId: a.id, referenceId: r.id, iou };
    if (a.classId !== r.classId) {
      findings.push({
        type: 'wrong_class',
        ...ids,
        magnitude: 1,
        message: `this is ${article(label(r.classId))}, not ${article(label(a.classId))}`,
        answerClassId: a.classId,
        referenceClassId: r.classId,
      });
    }
    if (a.geometry.kind === 'box' && r.geometry.kind === 'box') {
      findings.push(...boxEdgeFindings(a.geometry, r.geometry, label(r.classId), opts, ids));
    }
    if (r.geometry.kind === 'polygon') {
      if (iou < opts.lowOverlapIou) {
        findings.push({
          type: 'low_overlap',
          ...ids,
          magnitude: 1 - iou,
          message: `the outline overlaps the ${label(r.classId)} by IoU ${fmtBelow(iou, opts.lowOverlapIou)}, below the ${fmtIou(opts.lowOverlapIou)} bar`,
        });
      }
      const coarse = coarseBoundary(a.geometry, r.geometry.points, opts);
      if (coarse) {
        findings.push({
          type: 'coarse_boundary',
          ...ids,
          magnitude: coarse.deviationPx,
          message:
            `${coarse.answerVertices} vertices where the ${label(r.classId)} needs about ${coarse.referenceVertices}; ` +
            `the outline strays up to ${fmtPx(coarse.deviationPx)} px from its edge`,
        });
      }
    }
    if (a.classId === r.classId) {
      const got = a.attributes ?? {};
      for (const [key, want] of Object.entries(r.attributes ?? {})) {
        const have = got[key];
        if (have === want) continue;
        findings.push({
          type: 'attribute_mismatch',
          ...ids,
          magnitude: 1,
          attribute: key,
          message: `"${key}" is ${fmtValue(have)}; the ${label(r.classId)} has ${fmtValue(want)}`,
        });
      }
    }
  }

  for (let i = 0; i < ans.length; i++) {
    if (m.answerToReference[i]! >= 0) continue;
    const a = ans[i]!;
    const best = m.answerBest[i]!;
    if (best.index >= 0 && best.iou >= opts.matchIou) {
      // The reference object is matched already: an unmatched one at ≥ matchIou would have been taken.
      const r = ref[best.index]!;
      findings.push({
        type: 'duplicate',
        objectId: a.id,
        referenceId: r.id,
        iou: best.iou,
        magnitude: 1,
        message: `a second ${a.geometry.kind === 'box' ? 'box' : 'outline'} on the same ${label(r.classId)}; label each object once`,
        answerClassId: a.classId,
        referenceClassId: r.classId,
      });
      continue;
    }
    findings.push({
      type: 'extra_object',
      objectId: a.id,
      magnitude: geometryArea(a.geometry),
      message:
        `this ${label(a.classId)} is not in the reference` +
        (best.index >= 0
          ? ` (the closest ${label(ref[best.index]!.classId)} overlaps it by IoU ${fmtBelow(best.iou, opts.matchIou)}, a match needs ${fmtIou(opts.matchIou)})`
          : ''),
      ...(best.index >= 0 ? { iou: best.iou } : {}),
    });
  }
  return masks.length ? [...findings, ...masks] : findings;
}
