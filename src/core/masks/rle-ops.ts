import { emptyRle, forEachForegroundRun, type Rle } from './rle';

/**
 * Measures of COCO RLE masks and set operations between them, computed on the runs without decoding
 * (the encoding itself is in rle.ts): area, bounding box, union, intersection, subtraction, IoU.
 */

/** Number of set pixels. */
export function rleArea(rle: Rle): number {
  let a = 0;
  for (let i = 1; i < rle.counts.length; i += 2) a += rle.counts[i]!;
  return a;
}

/** Bounding box `[x, y, width, height]` of the set pixels in image pixels (COCO's `toBbox`); `[0, 0, 0, 0]` when empty. */
export function rleBbox(rle: Rle): [number, number, number, number] {
  const h = rle.size[0];
  let x0 = Infinity;
  let x1 = -1;
  let y0 = Infinity;
  let y1 = -1;
  forEachForegroundRun(rle, (s, e) => {
    const xs = Math.floor(s / h);
    const xe = Math.floor((e - 1) / h);
    x0 = Math.min(x0, xs);
    x1 = Math.max(x1, xe);
    if (xs === xe) {
      y0 = Math.min(y0, s - xs * h);
      y1 = Math.max(y1, e - 1 - xe * h);
    } else {
      // A run over a column boundary covers the bottom of one column and the top of the next.
      y0 = 0;
      y1 = h - 1;
    }
  });
  if (x1 < 0) return [0, 0, 0, 0];
  return [x0, y0, x1 - x0 + 1, y1 - y0 + 1];
}

/** Whether no pixel is set. */
export function rleIsEmpty(rle: Rle): boolean {
  return rleArea(rle) === 0;
}

type BoolOp = (a: boolean, b: boolean) => boolean;

/**
 * Combines two masks of the same size pixel by pixel with `op`, walking both run lists at once (never decoding):
 * O(runs of a + runs of b).
 */
export function combineRle(a: Rle, b: Rle, op: BoolOp): Rle {
  assertSameSize(a, b);
  const out: number[] = [];
  let outValue = false;
  let outRun = 0;
  walkRuns(a, b, (len, va, vb) => {
    const v = op(va, vb);
    if (v === outValue) outRun += len;
    else {
      out.push(outRun);
      outRun = len;
      outValue = v;
    }
  });
  out.push(outRun);
  return { size: [a.size[0], a.size[1]], counts: out };
}

/** Pixels set in either mask. */
export function rleUnion(a: Rle, b: Rle): Rle {
  return combineRle(a, b, (x, y) => x || y);
}

/** Pixels set in both masks. */
export function rleIntersection(a: Rle, b: Rle): Rle {
  return combineRle(a, b, (x, y) => x && y);
}

/** Pixels set in `a` but not in `b`. */
export function rleSubtract(a: Rle, b: Rle): Rle {
  return combineRle(a, b, (x, y) => x && !y);
}

/** The union of any number of masks of one size (COCO's `merge`); an empty mask of `size` when none are given. */
export function rleMerge(masks: readonly Rle[], size: readonly [number, number]): Rle {
  return masks.reduce((acc, m) => rleUnion(acc, m), emptyRle(size[0], size[1]));
}

/** Set pixels shared by both masks, counted on the runs. */
export function rleIntersectionArea(a: Rle, b: Rle): number {
  assertSameSize(a, b);
  let n = 0;
  walkRuns(a, b, (len, va, vb) => {
    if (va && vb) n += len;
  });
  return n;
}

/**
 * Intersection over union of two masks, computed on the runs without decoding. Two empty masks give 0
 * (COCO's convention: nothing matched nothing).
 */
export function rleIoU(a: Rle, b: Rle): number {
  const inter = rleIntersectionArea(a, b);
  const union = rleArea(a) + rleArea(b) - inter;
  return union === 0 ? 0 : inter / union;
}

/** Walks two run lists in step, reporting each stretch where neither changes: its length and both values. */
function walkRuns(a: Rle, b: Rle, fn: (len: number, va: boolean, vb: boolean) => void): void {
  const ca = a.counts;
  const cb = b.counts;
  let ia = 0;
  let ib = 0;
  let leftA = ca[0] ?? 0;
  let leftB = cb[0] ?? 0;
  const total = a.size[0] * a.size[1];
  let pos = 0;
  while (pos < total) {
    while (leftA === 0 && ia < ca.length - 1) leftA = ca[++ia]!;
    while (leftB === 0 && ib < cb.length - 1) leftB = cb[++ib]!;
    const len = Math.min(leftA, leftB);
    if (len <= 0) break; // counts shorter than the size: stop rather than loop (rleProblem reports it)
    fn(len, (ia & 1) === 1, (ib & 1) === 1);
    leftA -= len;
    leftB -= len;
    pos += len;
  }
}

function assertSameSize(a: Rle, b: Rle): void {
  if (a.size[0] !== b.size[0] || a.size[1] !== b.size[1]) {
    throw new Error(`masks differ in size: ${a.size[1]}×${a.size[0]} and ${b.size[1]}×${b.size[0]}`);
  }
}

/** Whether pixel (x, y) (integer image pixels) is set, found on the runs: O(runs). False off the image. */
export function rleContains(rle: Rle, x: number, y: number): boolean {
  const [h, w] = rle.size;
  if (x < 0 || y < 0 || x >= w || y >= h) return false;
  const target = x * h + y;
  let pos = 0;
  for (let i = 0; i < rle.counts.length; i++) {
    pos += rle.counts[i]!;
    if (target < pos) return (i & 1) === 1;
  }
  return false;
}
