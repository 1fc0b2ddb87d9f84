import type { BoxGeometry, Geometry } from '../../shared/geometry.schema';
import { compareMasks, DEFAULT_MASK_OPTIONS, type MaskCompareOptions, type MaskFindingDetail } from './mask-findings';
import { matchImageObjects, type ComparedObjects } from './matching';
import { geometryArea, geometryOutline } from './overlap';

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
 * Every kind of image finding. `magnitude` is always ≥ 0 and larger is worse; its unit depends on
 * the type, as listed. Transcripts and timing add their own types next to these.
 */
export type FindingType =
  /** A reference object with no answer object matched to it. Magnitude: the reference object's area, px². */
  | 'missed_object'
  /** An answer object that matches no reference object and duplicates none. Magnitude: its area, px². */
  | 'extra_object'
  /**
   * Boxes, polygons: same object (matched by geometry ignoring class), different class. Magnitude: 1.
   * Masks: a separate region of the answer's class lying mostly over another reference class. Magnitude: its area, px.
   */
  | 'wrong_class'
  /** A matched box with one or more edges outside the reference box beyond tolerance. Magnitude: the largest such offset, px. */
  | 'loose_box'
  /** A matched box with one or more edges inside the reference box beyond tolerance (cuts the object off). Magnitude: the largest such offset, px. */
  | 'tight_box'
  /** A same-class match where one attribute's value differs from the reference's (one finding per attribute). Magnitude: 1. */
  | 'attribute_mismatch'
  /** A second answer object over an already matched reference object (IoU with it ≥ `matchIou`). Magnitude: 1. */
  | 'duplicate'
  /** A matched polygon whose IoU with the reference lies below `lowOverlapIou`. Magnitude: 1 − IoU. */
  | 'low_overlap'
  /** A matched polygon with far fewer vertices than the reference's and an outline that strays from its boundary. Magnitude: the largest distance from a reference vertex to the answer's outline, px. */
  | 'coarse_boundary'
  /** Masks: a region of a reference class the answer leaves unlabeled (no class), beyond the boundary tolerance. Magnitude: its area, px. */
  | 'missed_region'
  /** Masks: answer pixels of a class beyond the tolerance outside the reference's, bleeding over its boundary or a stray blob. Magnitude: the region's area, px. */
  | 'spill'
  /** Masks: a class's boundary F-score below the bar with no region finding to explain it. Magnitude: 1 − F. */
  | 'boundary_error';

/** Every {@link FindingType}, in the order findings about one object are listed. */
export const IMAGE_FINDING_TYPES: readonly FindingType[] = [
  'missed_object',
  'wrong_class',
  'loose_box',
  'tight_box',
  'low_overlap',
  'coarse_boundary',
  'attribute_mismatch',
  'duplicate',
  'extra_object',
  'missed_region',
  'spill',
  'boundary_error',
];

/** A box edge, named as on screen (y down: `top` is the smaller y). */
export type BoxEdge = 'left' | 'top' | 'right' | 'bottom';

/**
 * One edge of a matched box that lies beyond tolerance: `offsetPx` is how far it lies outside the
 * reference edge (positive, loose) or inside it (negative, tight), in image pixels, rounded to 0.01.
 */
export interface EdgeOffset {
  readonly edge: BoxEdge;
  readonly offsetPx: number;
}

/**
 * One thing wrong with an answer, pinned to the objects it concerns.
 * `objectId` is the answer object's id and `referenceId` the reference object's, each present when the
 * finding concerns such an object. `message` is a one-line explanation for the labeler, in terms of the
 * reference ("left edge 14 px outside the car"). The optional fields carry what the message says as
 * data, for drawing it on the canvas and for counting patterns per class pair.
 */
export interface Finding extends Partial<MaskFindingDetail> {
  readonly type: FindingType;
  readonly objectId?: string;
  readonly referenceId?: string;
  /** ≥ 0, larger is worse; unit per {@link FindingType}. */
  readonly magnitude: number;
  readonly message: string;
  /** IoU of the matched (or duplicate, or closest) pair, in [0, 1]; on mask findings, the IoU of the class concerned. */
  readonly iou?: number;
  /** `loose_box` / `tight_box`: the edges beyond tolerance, in left, top, right, bottom order. */
  readonly edges?: readonly EdgeOffset[];
  /** `wrong_class` and `duplicate`: the answer object's class. */
  readonly answerClassId?: string;
  /** `wrong_class` and `duplicate`: the reference object's class. */
  readonly referenceClassId?: string;
  /** `attribute_mismatch`: the attribute's key. */
  readonly attribute?: string;
}

/** Project settings for {@link compareImage}. Distances in image pixels. The mask settings are described in mask-findings.ts. */
export interface CompareOptions extends MaskCompareOptions {
  /** IoU at or above which an answer object can match a reference object, in (0, 1]. CVAT uses 0.4; we default to 0.5. */
  readonly matchIou: number;
  /** IoU below which a matched polygon is `low_overlap`, in (0, 1]; CVAT's low-overlap bar, 0.8. */
  readonly lowOverlapIou: number;
  /** How far a box edge may sit from the reference edge before it counts as loose or tight, px. Default 3. */
  readonly edgeTolerancePx: number;
  /**
   * The same tolerance as a fraction of the reference box's size along that edge's axis (width for
   * left/right, height for top/bottom); an edge's tolerance is the larger of the two. Default 0 (off).
   */
  readonly edgeToleranceFraction: number;
  /** A polygon is coarse only when it has fewer than this fraction of the reference's vertices, in (0, 1]. Default 0.5. */
  readonly coarseVertexRatio: number;
  /** …and a reference vertex lies farther than this from the answer's outline, px. Default 3. */
  readonly boundaryTolerancePx: number;
  /** Display names by class id, for messages ("car" for `cls_car`); the id itself when missing. */
  readonly classLabels?: Readonly<Record<string, string>>;
}

/** The defaults of {@link CompareOptions}. */
export const DEFAULT_COMPARE_OPTIONS: CompareOptions = {
  matchIou: 0.5,
  lowOverlapIou: 0.8,
  edgeTolerancePx: 3,
  edgeToleranceFraction: 0,
  coarseVertexRatio: 0.5,
  boundaryTolerancePx: 3,
  ...DEFAULT_MASK_OPTIONS,
};

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

/**
 * How far each edge of `answer` lies outside (positive) or inside (negative) the same edge of
 * `reference`, in image pixels, in left, top, right, bottom order.
 */
export function boxEdgeOffsets(answer: BoxGeometry, reference: BoxGeometry): EdgeOffset[] {
  return [
    { edge: 'left', offsetPx: round2(reference.x - answer.x) },
    { edge: 'top', offsetPx: round2(reference.y - answer.y) },
    { edge: 'right', offsetPx: round2(answer.x + answer.w - (reference.x + reference.w)) },
    { edge: 'bottom', offsetPx: round2(answer.y + answer.h - (reference.y + reference.h)) },
  ];
}

function boxEdgeFindings(
  a: BoxGeometry,
  r: BoxGeometry,
  name: string,
  opts: CompareOptions,
  ids: { objectId: string; referenceId: string; iou: number },
): Finding[] {
  const tolX = Math.max(opts.edgeTolerancePx, opts.edgeToleranceFraction * r.w);
  const tolY = Math.max(opts.edgeTolerancePx, opts.edgeToleranceFraction * r.h);
  // Most matched boxes are fine: decide on plain numbers before building any objects.
  const left = r.x - a.x;
  const top = r.y - a.y;
  const right = a.x + a.w - (r.x + r.w);
  const bottom = a.y + a.h - (r.y + r.h);
  if (Math.abs(left) <= tolX && Math.abs(right) <= tolX && Math.abs(top) <= tolY && Math.abs(bottom) <= tolY) return [];
  const offsets = boxEdgeOffsets(a, r);
  const tolerance = (edge: BoxEdge) => (edge === 'left' || edge === 'right' ? tolX : tolY);
  const loose = offsets.filter((o) => o.offsetPx > tolerance(o.edge));
  const tight = offsets.filter((o) => -o.offsetPx > tolerance(o.edge));
  const out: Finding[] = [];
  if (loose.length > 0) {
    out.push({
      type: 'loose_box',
      ...ids,
      magnitude: Math.max(...loose.map((o) => o.offsetPx)),
      edges: loose,
      message: `${listEdges(loose)} outside the ${name}`,
    });
  }
  if (tight.length > 0) {
    out.push({
      type: 'tight_box',
      ...ids,
      magnitude: Math.max(...tight.map((o) => -o.offsetPx)),
      edges: tight,
      message: `${listEdges(tight)} inside the ${name}, cutting it off`,
    });
  }
  return out;
}

/**
 * Whether `answer` is a coarse outline of the reference polygon: fewer than `coarseVertexRatio` of its
 * vertices and some reference vertex farther than `boundaryTolerancePx` from the answer's outline.
 * Why reference vertices to the answer's outline: a coarse polygon's own vertices usually sit on the
 * true boundary; what it loses are the reference's corners between them.
 */
function coarseBoundary(
  answer: Geometry,
  referencePoints: readonly { x: number; y: number }[],
  opts: CompareOptions,
): { answerVertices: number; referenceVertices: number; deviationPx: number } | null {
  const outline = distinctRing(geometryOutline(answer));
  const refRing = distinctRing(referencePoints);
  if (!(outline.length < opts.coarseVertexRatio * refRing.length)) return null;
  let deviation = 0;
  for (const p of refRing) deviation = Math.max(deviation, distanceToRing(p, outline));
  if (!(deviation > opts.boundaryTolerancePx)) return null;
  return { answerVertices: outline.length, referenceVertices: refRing.length, deviationPx: round2(deviation) };
}

function distinctRing<P extends { x: number; y: number }>(points: readonly P[]): P[] {
  const out: P[] = [];
  for (const p of points) {
    const last = out[out.length - 1];
    if (!last || last.x !== p.x || last.y !== p.y) out.push(p);
  }
  while (out.length > 1 && out[0]!.x === out[out.length - 1]!.x && out[0]!.y === out[out.length - 1]!.y) out.pop();
  return out;
}

/** Distance in image pixels from `p` to the closed outline through `ring`. */
function distanceToRing(p: { x: number; y: number }, ring: readonly { x: number; y: number }[]): number {
  let best = Infinity;
  for (let i = 0; i < ring.length; i++) {
    const a = ring[i]!;
    const b = ring[(i + 1) % ring.length]!;
    const dx = b.x - a.x;
    const dy = b.y - a.y;
    const len2 = dx * dx + dy * dy;
    const t = len2 === 0 ? 0 : Math.min(1, Math.max(0, ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2));
    const d = Math.hypot(p.x - (a.x + t * dx), p.y - (a.y + t * dy));
    if (d < best) best = d;
  }
  return best;
}

function listEdges(edges: readonly EdgeOffset[]): string {
  const parts = edges.map((e) => `${e.edge} edge ${fmtPx(Math.abs(e.offsetPx))} px`);
  return parts.length === 1 ? parts[0]! : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]!}`;
}

function article(name: string): string {
  return `${/^[aeiou]/i.test(name) ? 'an' : 'a'} ${name}`;
}

function fmtPx(px: number): string {
  return String(Math.round(px * 10) / 10);
}

function fmtIou(iou: number): string {
  return iou.toFixed(2);
}

/** An IoU known to be below `bar`, with a third decimal when two would print it equal to the bar (0.795 vs 0.80). */
function fmtBelow(iou: number, bar: number): string {
  const two = fmtIou(iou);
  return two === fmtIou(bar) ? iou.toFixed(3) : two;
}

function fmtValue(v: unknown): string {
  if (v === undefined) return 'not set';
  return typeof v === 'string' ? `"${v}"` : String(v);
}

function round2(v: number): number {
  return Math.round(v * 100) / 100;
}
