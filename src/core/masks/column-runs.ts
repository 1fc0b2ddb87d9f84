import { forEachForegroundRun, type Rle } from './rle';

/**
 * COCO RLE masks as vertical intervals per column, the form every region operation works on (set operations
 * in `column-set-ops.ts`, boundary, dilation and components in `rle-regions.ts`), without decoding to a bitmap.
 *
 * Why column intervals: a COCO run list is column-major, so once each run is cut at the column ends it is
 * a list of vertical intervals `[y0, y1)` per column, in order. Every operation on them is interval
 * arithmetic between a column and its neighbours: O(intervals), independent of the image's pixel count.
 * A 1024×768 mask of a few blobs has a few thousand intervals against 786,432 pixels.
 */

/**
 * A mask as vertical intervals per column: column `x` holds the intervals `colStart[x]` ..
 * `colStart[x + 1] - 1`, each the rows `[y0[i], y1[i])` (image pixels, y down), sorted, disjoint and
 * never touching (maximal). `width`, `height` are the image's.
 */
export interface ColumnRuns {
  readonly width: number;
  readonly height: number;
  readonly colStart: Int32Array;
  readonly y0: Int32Array;
  readonly y1: Int32Array;
}

/** The column intervals of a mask (runs cut at column ends). */
export function toColumnRuns(rle: Rle): ColumnRuns {
  const [h, w] = rle.size;
  const colStart = new Int32Array(w + 1);
  const ys0: number[] = [];
  const ys1: number[] = [];
  let col = 0; // columns before `col` have their start set
  forEachForegroundRun(rle, (start, end) => {
    let s = start;
    while (s < end) {
      const x = (s / h) | 0;
      while (col <= x) colStart[col++] = ys0.length;
      const stop = Math.min(end, (x + 1) * h);
      ys0.push(s - x * h);
      ys1.push(stop - x * h);
      s = stop;
    }
  });
  while (col <= w) colStart[col++] = ys0.length;
  return { width: w, height: h, colStart, y0: Int32Array.from(ys0), y1: Int32Array.from(ys1) };
}

/** The RLE of column intervals (the inverse of {@link toColumnRuns}). */
export function fromColumnRuns(cr: ColumnRuns): Rle {
  const { width: w, height: h } = cr;
  const counts: number[] = [];
  let end = 0; // end of the last foreground run written
  let openStart = -1;
  let openEnd = -1;
  for (let x = 0; x < w; x++) {
    for (let i = cr.colStart[x]!; i < cr.colStart[x + 1]!; i++) {
      const a = x * h + cr.y0[i]!;
      const b = x * h + cr.y1[i]!;
      // A run down to the bottom of one column continues at the top of the next.
      if (openStart >= 0 && a === openEnd) openEnd = b;
      else {
        if (openStart >= 0) {
          counts.push(openStart - end, openEnd - openStart);
          end = openEnd;
        }
        openStart = a;
        openEnd = b;
      }
    }
  }
  if (openStart >= 0) {
    counts.push(openStart - end, openEnd - openStart);
    end = openEnd;
  }
  if (end < w * h || counts.length === 0) counts.push(w * h - end);
  return { size: [h, w], counts };
}

/** Builds column intervals from per-column lists appended in column order (for the operations in `masks/`). */
export class ColumnBuilder {
  private readonly colStart: Int32Array;
  private ys0: Int32Array;
  private ys1: Int32Array;
  private n = 0;
  private col = 0;
  constructor(private readonly width: number, private readonly height: number, capacity: number) {
    this.colStart = new Int32Array(width + 1);
    this.ys0 = new Int32Array(Math.max(16, capacity));
    this.ys1 = new Int32Array(Math.max(16, capacity));
  }
  /** Starts column `x` (columns must come in increasing order). */
  column(x: number): void {
    while (this.col <= x) this.colStart[this.col++] = this.n;
  }
  /** Appends `[a, b)` to the current column, merging with the last interval when they touch or overlap (inputs sorted by `a`). */
  add(a: number, b: number): void {
    if (b <= a) return;
    const n = this.n;
    if (n > this.colStart[this.col - 1]! && a <= this.ys1[n - 1]!) {
      if (b > this.ys1[n - 1]!) this.ys1[n - 1] = b;
      return;
    }
    if (n === this.ys0.length) {
      const g0 = new Int32Array(n * 2);
      g0.set(this.ys0);
      this.ys0 = g0;
      const g1 = new Int32Array(n * 2);
      g1.set(this.ys1);
      this.ys1 = g1;
    }
    this.ys0[n] = a;
    this.ys1[n] = b;
    this.n = n + 1;
  }
  done(): ColumnRuns {
    while (this.col <= this.width) this.colStart[this.col++] = this.n;
    return { width: this.width, height: this.height, colStart: this.colStart, y0: this.ys0.slice(0, this.n), y1: this.ys1.slice(0, this.n) };
  }
}

/** Number of set pixels. */
export function columnRunsArea(cr: ColumnRuns): number {
  let a = 0;
  for (let i = 0; i < cr.y0.length; i++) a += cr.y1[i]! - cr.y0[i]!;
  return a;
}

/** The intervals `runs` (indices into `cr`, ascending) as a mask of their own. */
export function pickRuns(cr: ColumnRuns, runs: Int32Array): ColumnRuns {
  const out = new ColumnBuilder(cr.width, cr.height, runs.length);
  let x = 0;
  for (const i of runs) {
    while (cr.colStart[x + 1]! <= i) x++;
    out.column(x);
    out.add(cr.y0[i]!, cr.y1[i]!);
  }
  return out.done();
}

/** An empty mask of `width` × `height` as column intervals. */
export function emptyColumnRuns(width: number, height: number): ColumnRuns {
  return { width, height, colStart: new Int32Array(width + 1), y0: new Int32Array(0), y1: new Int32Array(0) };
}

/**
 * Calls `visit(i, j, lo, hi)` for every interval `i` of column `xa` of `a` and `j` of column `xb` of `b`
 * whose rows overlap, with `[lo, hi)` the rows they share, in row order: the one merge walk that
 * intersections and component joins are made of (O(intervals in both columns)).
 */
export function forEachOverlap(
  a: ColumnRuns, xa: number, b: ColumnRuns, xb: number,
  visit: (i: number, j: number, lo: number, hi: number) => void,
): void {
  let i = a.colStart[xa]!;
  let j = b.colStart[xb]!;
  const ie = a.colStart[xa + 1]!;
  const je = b.colStart[xb + 1]!;
  while (i < ie && j < je) {
    const lo = Math.max(a.y0[i]!, b.y0[j]!);
    const hi = Math.min(a.y1[i]!, b.y1[j]!);
    if (hi > lo) visit(i, j, lo, hi);
    if (a.y1[i]! < b.y1[j]!) i++;
    else j++;
  }
}
