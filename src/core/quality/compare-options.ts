/**
 * The settings of image comparison (`findings.ts`) and its mask half (`mask-findings.ts`), with their
 * defaults in one place: {@link DEFAULT_COMPARE_OPTIONS} is the only list of default values, and both
 * comparisons fill what a caller leaves out from it. Distances in image pixels.
 */

/** Settings of `compareMasks`; what each one does is described in mask-findings.ts's module comment. */
export interface MaskCompareOptions {
  /** Boundary tolerance floor, px. */
  readonly maskBoundaryTolerancePx: number;
  /** Boundary tolerance as a fraction of the image diagonal. */
  readonly maskBoundaryToleranceFraction: number;
  /** Boundary F below this is a `boundary_error`, in (0, 1]. */
  readonly minBoundaryF: number;
  /** Smallest region reported, px. */
  readonly minRegionPx: number;
  /** …or this fraction of the image's pixels, whichever is larger. */
  readonly minRegionFraction: number;
  /** Regions reported per type and class, largest first. */
  readonly maxRegionsPerClass: number;
  /** Display names by class id, for messages ("car" for `cls_car`); the id itself when missing. */
  readonly classLabels?: Readonly<Record<string, string>>;
}

/** Project settings for `compareImage`: the object-matching settings, plus the mask ones. */
export interface CompareOptions extends MaskCompareOptions {
  /** IoU at or above which an answer object can match a reference object, in (0, 1]. CVAT uses 0.4; we default to 0.5. */
  readonly matchIou: number;
  /** IoU below which a matched polygon is `low_overlap`, in (0, 1]; CVAT's low-overlap bar, 0.8. */
  readonly lowOverlapIou: number;
  /** How far a box edge may sit from the reference edge before it counts as loose or tight, px. */
  readonly edgeTolerancePx: number;
  /**
   * The same tolerance as a fraction of the reference box's size along that edge's axis (width for
   * left/right, height for top/bottom); an edge's tolerance is the larger of the two (0: off).
   */
  readonly edgeToleranceFraction: number;
  /** A polygon is coarse only when it has fewer than this fraction of the reference's vertices, in (0, 1]. */
  readonly coarseVertexRatio: number;
  /** …and a reference vertex lies farther than this from the answer's outline, px. */
  readonly boundaryTolerancePx: number;
}

/**
 * The defaults of {@link CompareOptions} and so of {@link MaskCompareOptions}. Why these mask values: a 2 px
 * floor or 0.2% of the diagonal (2.6 px on 1024×768) covers the anti-aliased edge a painter cannot see, and a
 * region must be 64 px or 0.02% of the image (157 px on 1024×768) to count (see mask-findings.ts).
 */
export const DEFAULT_COMPARE_OPTIONS: CompareOptions = {
  matchIou: 0.5,
  lowOverlapIou: 0.8,
  edgeTolerancePx: 3,
  edgeToleranceFraction: 0,
  coarseVertexRatio: 0.5,
  boundaryTolerancePx: 3,
  maskBoundaryTolerancePx: 2,
  maskBoundaryToleranceFraction: 0.002,
  minBoundaryF: 0.8,
  minRegionPx: 64,
  minRegionFraction: 0.0002,
  maxRegionsPerClass: 5,
};
