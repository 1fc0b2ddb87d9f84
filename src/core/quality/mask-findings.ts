import { maskRle } from '../masks/mask-geometry';
import { compressRle, type CompressedRle } from '../masks/rle';
import { columnRunsArea, emptyColumnRuns, fromColumnRuns, pickRuns, toColumnRuns, type ColumnRuns } from '../masks/column-runs';
import { intersectionAreaRuns, subtractRuns, unionRuns } from '../masks/column-set-ops';
import { boundaryRuns, componentsOfRuns, dilateRuns, type RunComponent } from '../masks/rle-regions';
import { DEFAULT_COMPARE_OPTIONS, type MaskCompareOptions } from './compare-options';
import { fmtAreaPx, fmtPx, placeWords, round2, round3 } from './finding-text';
import type { ComparedObject } from './matching';

/**
 * Compares the masks of a segmentation answer with a reference's, class by class, and says what is wrong
 * as typed findings (the mask half of the finding taxonomy in `finding-types.ts`). Everything is in image
 * pixels and computed on the RLE runs (column intervals, see `masks/column-runs.ts`), never on bitmaps.
 *
 * The unit is the CLASS, not the object: each side's masks of one class are merged, so semantic masks
 * (one per class) and instance masks (one per object) are judged alike, on the pixels. Which instance is
 * which is not judged (two touching cars painted as one instance are right pixel by pixel).
 *
 * Per class c, with A the answer's union and R the reference's:
 *  - IoU: |A ∩ R| / |A ∪ R|.
 *  - Boundary F-score (DAVIS's F measure, Perazzi et al. 2016): the boundary of a mask is its set pixels
 *    with an unset 4-neighbour (the image's edge is no boundary); precision is the share of A's boundary
 *    pixels within `tolerance` px (Euclidean) of R's boundary, recall the share of R's within `tolerance`
 *    of A's, F = 2PR / (P + R). The tolerance is max(`maskBoundaryTolerancePx`, `maskBoundaryToleranceFraction`
 *    × the image diagonal): 2 px or 0.2% of the diagonal (2.6 px on 1024×768, 10 px on 4096×3072). Why not
 *    DAVIS's 0.8%: DAVIS grades video segmentation at 480p, where 0.8% is 7 px; we grade people painting
 *    zoomed in, for whom 7 px is a visible slip, while 2 px covers the anti-aliased edge they cannot see.
 *  - Regions: only pixels farther than the tolerance from the right place count, so a boundary off by a
 *    pixel or two is never a region. A region is a 4-connected component of such pixels, at least
 *    `minRegionPx` (or `minRegionFraction` of the image) in area and at least twice the tolerance wide on
 *    average (2 × area / boundary length): a thin band along an edge is a boundary error, not a region.
 *    - `missed_region`: pixels of R that the answer leaves unlabeled (no class at all) and farther than the
 *      tolerance from A.
 *    - `spill`: pixels of A farther than the tolerance from R, in a region joined to the rest of the answer's
 *      class c (bleeding over the boundary); or in a separate region over no reference class (a stray blob).
 *    - `wrong_class`: such a separate region lying mostly over another reference class: that class's pixels
 *      labeled c. Named with both classes.
 *  - `boundary_error`: boundary F below `minBoundaryF` (default 0.8) for a class both sides have, reported
 *    only when no region finding concerns the class (a large spill lowers F too; one finding says it).
 * At most `maxRegionsPerClass` regions of each type per class are reported, largest first.
 */

/** The finding types of mask comparison (`wrong_class` is shared with boxes and polygons). */
export type MaskFindingType = 'missed_region' | 'spill' | 'wrong_class' | 'boundary_error';

/** Image-pixel bounds: top-left pixel (`x`, `y`) and size in pixels. */
export interface PixelBounds {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

/**
 * What a mask finding carries besides the common finding fields, all in image pixels: where to pin it
 * (`point`, inside the region when there is one), its `bounds`, the region's pixels as compressed COCO RLE
 * of the image's size (to outline or tint it; absent for `boundary_error`), the class concerned and its scores.
 */
export interface MaskFindingDetail {
  /** The class the finding is about: the answer's class for `spill` and `wrong_class`, the reference's for `missed_region`, the class for `boundary_error`. */
  readonly classId: string;
  readonly point: { readonly x: number; readonly y: number };
  readonly bounds: PixelBounds;
  readonly region?: CompressedRle;
  /** `spill`: the reference class under most of the region, when the region lies mostly on one. */
  readonly ontoClassId?: string;
  /** The class's boundary F-score in [0, 1], when both sides have the class. */
  readonly boundaryF?: number;
  /** The boundary tolerance used, px. */
  readonly tolerancePx: number;
}

/** One mask finding; the same shape as `Finding` in findings.ts, which it is assignable to. */
export interface MaskFinding extends MaskFindingDetail {
  readonly type: MaskFindingType;
  /** The answer's mask object concerned (the one covering most of the region). */
  readonly objectId?: string;
  /** The reference's mask object concerned (the one covering most of the region, or the class's largest). */
  readonly referenceId?: string;
  /** Region types: the region's area in px. `boundary_error`: 1 − boundary F. */
  readonly magnitude: number;
  readonly message: string;
  /** The IoU of the class concerned (answer vs reference), in [0, 1]. */
  readonly iou: number;
  /** `wrong_class`: the answer's class and the reference's. */
  readonly answerClassId?: string;
  readonly referenceClassId?: string;
}

/** How one class compares. Areas in px. */
export interface MaskClassScore {
  readonly classId: string;
  readonly iou: number;
  /** Null when either side has no pixel of the class. */
  readonly boundaryF: number | null;
  readonly answerPx: number;
  readonly referencePx: number;
}

/** The result of {@link compareMasks}: every class's scores (reference classes first) and the findings. */
export interface MaskComparison {
  readonly classes: readonly MaskClassScore[];
  readonly findings: readonly MaskFinding[];
  readonly tolerancePx: number;
}

type Masked = { readonly obj: ComparedObject; readonly runs: ColumnRuns; readonly area: number };

/**
 * Compares the mask objects of an answer with those of a reference (other geometry kinds are ignored;
 * `compareImage` hands them to object matching). All masks must be of the reference's size (the first
 * reference mask's, or the first answer mask's when the reference has none); masks of another size are
 * skipped, as the document rules reject them. Findings are listed class by class in class order (reference
 * classes first, then classes only the answer has): missed regions, wrong-class regions, spills, boundary error.
 * Pure; no two masks are decoded to bitmaps.
 */
export function compareMasks(
  answer: readonly ComparedObject[],
  reference: readonly ComparedObject[],
  options: Partial<MaskCompareOptions> = {},
): MaskComparison {
  const opts: MaskCompareOptions = { ...DEFAULT_COMPARE_OPTIONS, ...options };
  const first = [...reference, ...answer].find((o) => o.geometry.kind === 'mask');
  if (!first || first.geometry.kind !== 'mask') return { classes: [], findings: [], tolerancePx: opts.maskBoundaryTolerancePx };
  const [h, w] = first.geometry.rle.size;
  const tol = Math.max(opts.maskBoundaryTolerancePx, opts.maskBoundaryToleranceFraction * Math.hypot(w, h));
  const minArea = Math.max(opts.minRegionPx, opts.minRegionFraction * w * h);
  const label = (c: string) => opts.classLabels?.[c] ?? c;
  const masked = (objects: readonly ComparedObject[]): Masked[] =>
    objects.flatMap((obj) => {
      const g = obj.geometry;
      if (g.kind !== 'mask' || g.rle.size[0] !== h || g.rle.size[1] !== w) return [];
      const runs = toColumnRuns(maskRle(g));
      const area = columnRunsArea(runs);
      return area > 0 ? [{ obj, runs, area }] : [];
    });
  const ans = masked(answer);
  const ref = masked(reference);
  const classes = [...new Set([...ref.map((m) => m.obj.classId), ...ans.map((m) => m.obj.classId)])];
  const empty = emptyColumnRuns(w, h);
  const unionOf = (list: Masked[]) => list.reduce<ColumnRuns>((acc, m) => (acc === empty ? m.runs : unionRuns(acc, m.runs)), empty);
  const A = new Map(classes.map((c) => [c, unionOf(ans.filter((m) => m.obj.classId === c))]));
  const R = new Map(classes.map((c) => [c, unionOf(ref.filter((m) => m.obj.classId === c))]));
  const anyAnswer = unionOf(ans);

  const scores: MaskClassScore[] = [];
  const iouOf = new Map<string, number>();
  const fOf = new Map<string, number | null>();
  const grownA = new Map<string, ColumnRuns>();
  const grownR = new Map<string, ColumnRuns>();
  for (const c of classes) {
    const a = A.get(c)!;
    const r = R.get(c)!;
    const aPx = columnRunsArea(a);
    const rPx = columnRunsArea(r);
    const inter = aPx && rPx ? intersectionAreaRuns(a, r) : 0;
    const iou = aPx + rPx - inter > 0 ? inter / (aPx + rPx - inter) : 0;
    grownA.set(c, aPx ? dilateRuns(a, tol) : empty);
    grownR.set(c, rPx ? dilateRuns(r, tol) : empty);
    const f = aPx && rPx ? boundaryF(a, r, tol) : null;
    iouOf.set(c, iou);
    fOf.set(c, f);
    scores.push({ classId: c, iou, boundaryF: f, answerPx: aPx, referencePx: rPx });
  }

  const findings: MaskFinding[] = [];
  const where = (p: { x: number; y: number }) => placeWords(p, w, h);
  const region = (runs: ColumnRuns, comp: RunComponent) => {
    const own = pickRuns(runs, comp.runs);
    return { own, detail: { point: comp.point, bounds: comp.bounds, region: compressRle(fromColumnRuns(own)), tolerancePx: round2(tol) } };
  };
  const wide = (own: ColumnRuns, area: number) => (2 * area) / Math.max(1, columnRunsArea(boundaryRuns(own))) >= 2 * tol;
  const ofClass = (list: Masked[], c: string) => list.filter((m) => m.obj.classId === c);
  const concerned = new Set<string>();

  // Regions, computed per class first, then listed per class (a wrong-class region is listed under its reference class).
  const missedBy = new Map<string, MaskFinding[]>();
  const wrongBy = new Map<string, MaskFinding[]>();
  const spillBy = new Map<string, MaskFinding[]>();
  const push = (m: Map<string, MaskFinding[]>, c: string, f: MaskFinding) => m.set(c, [...(m.get(c) ?? []), f]);

  for (const c of classes) {
    const r = R.get(c)!;
    if (r.y0.length === 0) continue;
    const unlabeled = subtractRuns(subtractRuns(r, anyAnswer), grownA.get(c)!);
    let n = 0;
    for (const comp of componentsOfRuns(unlabeled)) {
      if (comp.area < minArea || n >= opts.maxRegionsPerClass) break;
      const { own, detail } = region(unlabeled, comp);
      if (!wide(own, comp.area)) continue;
      n++;
      concerned.add(c);
      const refObj = coveringMost(ofClass(ref, c), own);
      push(missedBy, c, {
        type: 'missed_region', classId: c, ...detail, magnitude: comp.area, iou: iouOf.get(c)!,
        ...(refObj ? { referenceId: refObj } : {}),
        message: `${fmtAreaPx(comp.area)} px of ${label(c)} left unlabeled ${where(comp.point)}`,
      });
    }
  }

  for (const c of classes) {
    const a = A.get(c)!;
    if (a.y0.length === 0) continue;
    const outside = subtractRuns(a, grownR.get(c)!);
    if (outside.y0.length === 0) continue;
    // Which component of the answer's class each of its intervals is in: a region whose component is larger
    // than itself is joined to more of the class (a bleed); one that is its whole component is separate.
    const whole = componentsOfRuns(a);
    const compOf = new Int32Array(a.y0.length);
    whole.forEach((comp, k) => comp.runs.forEach((i) => (compOf[i] = k)));
    let spills = 0;
    let wrongs = 0;
    for (const comp of componentsOfRuns(outside)) {
      if (comp.area < minArea) break;
      const { own, detail } = region(outside, comp);
      if (!wide(own, comp.area)) continue;
      const joined = whole[compOf[intervalAt(a, own)]!]!.area > comp.area;
      // The reference class under most of the region, against the part under none.
      let onto: string | null = null;
      let ontoPx = 0;
      let coveredPx = 0;
      for (const other of classes) {
        if (other === c) continue;
        const ro = R.get(other)!;
        if (ro.y0.length === 0) continue;
        const px = intersectionAreaRuns(own, ro);
        coveredPx += px;
        if (px > ontoPx) {
          ontoPx = px;
          onto = other;
        }
      }
      const background = Math.max(0, comp.area - coveredPx);
      const ansObj = coveringMost(ofClass(ans, c), own);
      const ids = ansObj ? { objectId: ansObj } : {};
      if (!joined && onto && ontoPx >= background) {
        if (wrongs >= opts.maxRegionsPerClass) continue;
        wrongs++;
        concerned.add(c).add(onto);
        const refObj = coveringMost(ofClass(ref, onto), own);
        push(wrongBy, onto, {
          type: 'wrong_class', classId: c, ...detail, ...ids, ...(refObj ? { referenceId: refObj } : {}), magnitude: comp.area,
          iou: iouOf.get(onto)!, answerClassId: c, referenceClassId: onto,
          message: `${fmtAreaPx(comp.area)} px of ${label(onto)} labeled as ${label(c)} ${where(comp.point)}`,
        });
        continue;
      }
      if (spills >= opts.maxRegionsPerClass) continue;
      spills++;
      concerned.add(c);
      const refObj = largest(ofClass(ref, c));
      const ontoWords = onto && ontoPx >= background ? `onto the ${label(onto)}` : 'onto the background';
      push(spillBy, c, {
        type: 'spill', classId: c, ...detail, ...ids, ...(refObj ? { referenceId: refObj } : {}), magnitude: comp.area, iou: iouOf.get(c)!,
        ...(onto && ontoPx >= background ? { ontoClassId: onto } : {}),
        message: joined
          ? `${label(c)} spills ${fmtAreaPx(comp.area)} px ${ontoWords} ${where(comp.point)}`
          : `a stray ${fmtAreaPx(comp.area)} px of ${label(c)} ${where(comp.point)}, where the reference has no ${label(c)}`,
      });
    }
  }

  for (const c of classes) {
    findings.push(...(missedBy.get(c) ?? []), ...(wrongBy.get(c) ?? []), ...(spillBy.get(c) ?? []));
    const f = fOf.get(c);
    if (f === null || f === undefined || f >= opts.minBoundaryF || concerned.has(c)) continue;
    const ansObj = largest(ofClass(ans, c));
    const refObj = largest(ofClass(ref, c));
    const a = A.get(c)!;
    const r = R.get(c)!;
    const bounds = unionBounds(componentsBounds(a), componentsBounds(r));
    findings.push({
      type: 'boundary_error', classId: c, ...(ansObj ? { objectId: ansObj } : {}), ...(refObj ? { referenceId: refObj } : {}),
      magnitude: round3(1 - f), iou: iouOf.get(c)!, boundaryF: round3(f), tolerancePx: round2(tol),
      bounds, point: { x: bounds.x + 0.5, y: bounds.y + 0.5 },
      message: `the ${label(c)}'s edge strays from the reference: boundary F ${f.toFixed(2)} within ${fmtPx(tol)} px, below ${opts.minBoundaryF.toFixed(2)}`,
    });
  }
  return {
    classes: scores.map((s) => ({ ...s, iou: round3(s.iou), boundaryF: s.boundaryF === null ? null : round3(s.boundaryF) })),
    findings: findings.map((f) => (f.boundaryF === undefined && fOf.get(f.classId) != null ? { ...f, boundaryF: round3(fOf.get(f.classId)!) } : f)).map((f) => ({ ...f, iou: round3(f.iou) })),
    tolerancePx: round2(tol),
  };
}

/**
 * The boundary F-score of mask `a` against reference `b` at `tolerance` px (see the module comment).
 * 1 when neither has a boundary pixel (both fill the image, or both are empty); 0 when only one has.
 */
export function boundaryF(a: ColumnRuns, b: ColumnRuns, tolerance: number): number {
  const ba = boundaryRuns(a);
  const bb = boundaryRuns(b);
  const na = columnRunsArea(ba);
  const nb = columnRunsArea(bb);
  if (na === 0 && nb === 0) return 1;
  if (na === 0 || nb === 0) return 0;
  const precision = intersectionAreaRuns(ba, dilateRuns(bb, tolerance)) / na;
  const recall = intersectionAreaRuns(bb, dilateRuns(ba, tolerance)) / nb;
  return precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
}

/** Index (in `whole`) of the interval containing the first pixel of `part` (a subset of `whole`). */
function intervalAt(whole: ColumnRuns, part: ColumnRuns): number {
  let x = 0;
  while (part.colStart[x + 1]! === 0) x++;
  const y = part.y0[0]!;
  for (let i = whole.colStart[x]!; i < whole.colStart[x + 1]!; i++) if (whole.y0[i]! <= y && y < whole.y1[i]!) return i;
  throw new Error('region outside its mask');
}

/** The id of the object covering most of `region` (the only one without measuring, when there is one). */
function coveringMost(list: Masked[], region: ColumnRuns): string | undefined {
  if (list.length <= 1) return list[0]?.obj.id;
  let best = list[0]!;
  let bestPx = -1;
  for (const m of list) {
    const px = intersectionAreaRuns(m.runs, region);
    if (px > bestPx) {
      best = m;
      bestPx = px;
    }
  }
  return best.obj.id;
}

function largest(list: Masked[]): string | undefined {
  return list.reduce<Masked | undefined>((best, m) => (!best || m.area > best.area ? m : best), undefined)?.obj.id;
}

function componentsBounds(cr: ColumnRuns): PixelBounds | null {
  let x0 = -1;
  let x1 = -1;
  let y0 = Infinity;
  let y1 = -1;
  for (let x = 0; x < cr.width; x++) {
    const s = cr.colStart[x]!;
    const e = cr.colStart[x + 1]!;
    if (s === e) continue;
    if (x0 < 0) x0 = x;
    x1 = x;
    y0 = Math.min(y0, cr.y0[s]!);
    y1 = Math.max(y1, cr.y1[e - 1]!);
  }
  return x0 < 0 ? null : { x: x0, y: y0, w: x1 - x0 + 1, h: y1 - y0 };
}

function unionBounds(a: PixelBounds | null, b: PixelBounds | null): PixelBounds {
  if (!a || !b) return a ?? b ?? { x: 0, y: 0, w: 0, h: 0 };
  const x = Math.min(a.x, b.x);
  const y = Math.min(a.y, b.y);
  return { x, y, w: Math.max(a.x + a.w, b.x + b.w) - x, h: Math.max(a.y + a.h, b.y + b.h) - y };
}
