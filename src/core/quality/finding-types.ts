import type { MaskFindingDetail } from './mask-findings';

/** The kinds of image finding and the shape of one finding, shared by object and mask comparison (`findings.ts`, `mask-findings.ts`). */

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
