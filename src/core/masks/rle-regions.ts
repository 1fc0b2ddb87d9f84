import type { Rle } from './rle';

/**
 * Region operations on COCO RLE masks, computed on the runs without decoding to a bitmap: the boundary
 * pixels of a mask, dilation by a disk, and 4-connected components. They serve the mask comparison in
 * `core/quality/mask-findings.ts` (boundary F-score, missed and spilled regions).
 *
 * Why column intervals: a COCO run list is column-major, so once each run is cut at the column ends it is
 * a list of vertical intervals `[y0, y1)` per column, in order. Every operation here is interval
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
  let pos = 0;
  let col = 0; // columns before `col` have their start set
  const c = rle.counts;
  for (let i = 0; i < c.length; i++) {
    const end = pos + c[i]!;
    if (i & 1 && end > pos) {
      let s = pos;
      while (s < end) {
        const x = (s / h) | 0;
        while (col <= x) colStart[col++] = ys0.length;
        const stop = Math.min(end, (x + 1) * h);
        ys0.push(s - x * h);
        ys1.push(stop - x * h);
        s = stop;
      }
    }
    pos = end;
  }
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

/** Builds column intervals from per-column lists appended in column order. */
class ColumnBuilder {
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

/**
 * The boundary of a mask: its set pixels with a 4-neighbour that is unset. The image's edge is not a
 * boundary (a road running off the picture has no drawn edge there), as in the DAVIS `seg2bmap`.
 */
export function boundaryRuns(cr: ColumnRuns): ColumnRuns {
  const { width: w, height: h, colStart, y0, y1 } = cr;
  const out = new ColumnBuilder(w, h, y0.length * 2);
  const pieces: number[] = [];
  for (let x = 0; x < w; x++) {
    out.column(x);
    const from = colStart[x]!;
    const to = colStart[x + 1]!;
    let left = x > 0 ? colStart[x - 1]! : 0;
    let right = x < w - 1 ? colStart[x + 1]! : 0;
    for (let i = from; i < to; i++) {
      const a = y0[i]!;
      const b = y1[i]!;
      pieces.length = 0;
      if (a > 0) pieces.push(a, a + 1);
      if (b < h) pieces.push(b - 1, b);
      // Rows of [a, b) that the left (right) column leaves unset have an unset side neighbour.
      if (x > 0) left = uncovered(a, b, y0, y1, left, from, pieces);
      if (x < w - 1) right = uncovered(a, b, y0, y1, right, colStart[x + 2]!, pieces);
      if (pieces.length === 2) out.add(pieces[0]!, pieces[1]!);
      else if (pieces.length > 2) addSorted(out, pieces);
    }
  }
  return out.done();
}

/**
 * Pushes the parts of `[a, b)` not covered by the intervals `start .. end - 1` (sorted) onto `pieces`, as
 * pairs. Returns the first index that may still overlap a later `[a', b')` with `a' ≥ b` (the scan resumes there).
 */
function uncovered(a: number, b: number, ys0: Int32Array, ys1: Int32Array, start: number, end: number, pieces: number[]): number {
  let k = start;
  while (k < end && ys1[k]! <= a) k++;
  let p = a;
  let j = k;
  while (j < end && ys0[j]! < b) {
    if (ys0[j]! > p) pieces.push(p, ys0[j]!);
    p = Math.max(p, ys1[j]!);
    if (p >= b) break;
    j++;
  }
  if (p < b) pieces.push(p, b);
  return k;
}

/** Adds interval pairs to the builder's current column in start order. */
function addSorted(out: ColumnBuilder, pieces: number[]): void {
  const n = pieces.length / 2;
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => pieces[2 * i]! - pieces[2 * j]!);
  for (const i of order) out.add(pieces[2 * i]!, pieces[2 * i + 1]!);
}

/**
 * The mask grown by a disk of `radius` px (Euclidean, pixel centres): a pixel is set when some set pixel
 * lies within `radius` of it. Radius 0 returns the mask unchanged. Clipped to the image.
 */
export function dilateRuns(cr: ColumnRuns, radius: number): ColumnRuns {
  const { width: w, height: h, colStart, y0, y1 } = cr;
  const r = Math.floor(radius);
  if (r <= 0) return cr;
  // Half the disk's height at each column offset.
  const reach = Int32Array.from({ length: 2 * r + 1 }, (_, k) => Math.floor(Math.sqrt(radius * radius - (k - r) * (k - r))));
  const out = new ColumnBuilder(w, h, y0.length * 2);
  // Why a packed sort key: start × 2^17 + end is exact in a double (h ≤ 100,000 < 2^17), and a typed array
  // sorts numerically in native code, several times faster than sorting pairs with a comparator.
  let keys = new Float64Array(64);
  for (let x = 0; x < w; x++) {
    out.column(x);
    let n = 0;
    for (let dx = -r; dx <= r; dx++) {
      const sx = x - dx;
      if (sx < 0 || sx >= w) continue;
      const e = reach[dx + r]!;
      for (let i = colStart[sx]!; i < colStart[sx + 1]!; i++) {
        if (n === keys.length) {
          const bigger = new Float64Array(n * 2);
          bigger.set(keys);
          keys = bigger;
        }
        keys[n++] = Math.max(0, y0[i]! - e) * 131072 + Math.min(h, y1[i]! + e);
      }
    }
    if (n === 0) continue;
    const sorted = keys.subarray(0, n).sort();
    for (let k = 0; k < n; k++) {
      const key = sorted[k]!;
      const a = Math.floor(key / 131072);
      out.add(a, key - a * 131072);
    }
  }
  return out.done();
}

/** Set pixels shared by two masks of the same size. */
export function intersectionAreaRuns(a: ColumnRuns, b: ColumnRuns): number {
  let n = 0;
  for (let x = 0; x < a.width; x++) {
    let i = a.colStart[x]!;
    let j = b.colStart[x]!;
    const ie = a.colStart[x + 1]!;
    const je = b.colStart[x + 1]!;
    while (i < ie && j < je) {
      const lo = Math.max(a.y0[i]!, b.y0[j]!);
      const hi = Math.min(a.y1[i]!, b.y1[j]!);
      if (hi > lo) n += hi - lo;
      if (a.y1[i]! < b.y1[j]!) i++;
      else j++;
    }
  }
  return n;
}

/** One 4-connected component of a mask. */
export interface RunComponent {
  /** Set pixels. */
  readonly area: number;
  /** Bounding box in image pixels (`x`, `y` of the top-left pixel; `w`, `h` in pixels). */
  readonly bounds: { readonly x: number; readonly y: number; readonly w: number; readonly h: number };
  /** A pixel of the component near the middle of its widest column (image pixels, the pixel's centre), for pinning a label. */
  readonly point: { readonly x: number; readonly y: number };
  /** Indices of its intervals in the mask's {@link ColumnRuns}, ascending. */
  readonly runs: Int32Array;
}

/**
 * The 4-connected components of a mask, largest first (ties: the one reached first in column order).
 * Union-find over intervals: two intervals in neighbouring columns belong together when their rows
 * overlap; intervals in one column never touch (they are maximal).
 */
export function componentsOfRuns(cr: ColumnRuns): RunComponent[] {
  const { width: w, colStart, y0, y1 } = cr;
  const n = y0.length;
  const parent = new Int32Array(n);
  for (let i = 0; i < n; i++) parent[i] = i;
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]!]!;
      i = parent[i]!;
    }
    return i;
  };
  for (let x = 0; x + 1 < w; x++) {
    let i = colStart[x]!;
    let j = colStart[x + 1]!;
    const ie = colStart[x + 1]!;
    const je = colStart[x + 2]!;
    while (i < ie && j < je) {
      if (Math.max(y0[i]!, y0[j]!) < Math.min(y1[i]!, y1[j]!)) {
        const ri = find(i);
        const rj = find(j);
        if (ri !== rj) parent[Math.max(ri, rj)] = Math.min(ri, rj);
      }
      if (y1[i]! < y1[j]!) i++;
      else j++;
    }
  }
  const columnOf = new Int32Array(n);
  for (let x = 0; x < w; x++) for (let i = colStart[x]!; i < colStart[x + 1]!; i++) columnOf[i] = x;
  const byRoot = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const r = find(i);
    const list = byRoot.get(r);
    if (list) list.push(i);
    else byRoot.set(r, [i]);
  }
  const out: (RunComponent & { first: number })[] = [];
  for (const [root, list] of byRoot) {
    let area = 0;
    let minY = Infinity;
    let maxY = -1;
    let widest = list[0]!;
    for (const i of list) {
      const len = y1[i]! - y0[i]!;
      area += len;
      if (y0[i]! < minY) minY = y0[i]!;
      if (y1[i]! > maxY) maxY = y1[i]!;
      if (len > y1[widest]! - y0[widest]!) widest = i;
    }
    const x0 = columnOf[list[0]!]!;
    const x1 = columnOf[list[list.length - 1]!]!;
    // The widest column of the middle third tends to sit inside the shape, not on a thin arm.
    const mid = list.filter((i) => Math.abs(columnOf[i]! - (x0 + x1) / 2) <= (x1 - x0) / 6 + 0.5);
    const pin = mid.reduce((best, i) => (y1[i]! - y0[i]! > y1[best]! - y0[best]! ? i : best), mid[0] ?? widest);
    out.push({
      first: root,
      area,
      bounds: { x: x0, y: minY, w: x1 - x0 + 1, h: maxY - minY },
      point: { x: columnOf[pin]! + 0.5, y: Math.floor((y0[pin]! + y1[pin]!) / 2) + 0.5 },
      runs: Int32Array.from(list),
    });
  }
  out.sort((a, b) => b.area - a.area || a.first - b.first);
  return out.map(({ first: _first, ...c }) => c);
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

/** Pixels set in `a` but not in `b` (same size). */
export function subtractRuns(a: ColumnRuns, b: ColumnRuns): ColumnRuns {
  const out = new ColumnBuilder(a.width, a.height, a.y0.length);
  const pieces: number[] = [];
  for (let x = 0; x < a.width; x++) {
    out.column(x);
    let k = b.colStart[x]!;
    const end = b.colStart[x + 1]!;
    for (let i = a.colStart[x]!; i < a.colStart[x + 1]!; i++) {
      pieces.length = 0;
      k = uncovered(a.y0[i]!, a.y1[i]!, b.y0, b.y1, k, end, pieces);
      for (let p = 0; p < pieces.length; p += 2) out.add(pieces[p]!, pieces[p + 1]!);
    }
  }
  return out.done();
}

/** Pixels set in either mask (same size). */
export function unionRuns(a: ColumnRuns, b: ColumnRuns): ColumnRuns {
  const out = new ColumnBuilder(a.width, a.height, a.y0.length + b.y0.length);
  for (let x = 0; x < a.width; x++) {
    out.column(x);
    let i = a.colStart[x]!;
    let j = b.colStart[x]!;
    const ie = a.colStart[x + 1]!;
    const je = b.colStart[x + 1]!;
    while (i < ie || j < je) {
      if (j >= je || (i < ie && a.y0[i]! <= b.y0[j]!)) {
        out.add(a.y0[i]!, a.y1[i]!);
        i++;
      } else {
        out.add(b.y0[j]!, b.y1[j]!);
        j++;
      }
    }
  }
  return out.done();
}

/** Pixels set in both masks (same size). */
export function intersectRuns(a: ColumnRuns, b: ColumnRuns): ColumnRuns {
  const out = new ColumnBuilder(a.width, a.height, Math.min(a.y0.length, b.y0.length) + 16);
  for (let x = 0; x < a.width; x++) {
    out.column(x);
    let i = a.colStart[x]!;
    let j = b.colStart[x]!;
    const ie = a.colStart[x + 1]!;
    const je = b.colStart[x + 1]!;
    while (i < ie && j < je) {
      const lo = Math.max(a.y0[i]!, b.y0[j]!);
      const hi = Math.min(a.y1[i]!, b.y1[j]!);
      if (hi > lo) out.add(lo, hi);
      if (a.y1[i]! < b.y1[j]!) i++;
      else j++;
    }
  }
  return out.done();
}

/** An empty mask of `width` × `height` as column intervals. */
export function emptyColumnRuns(width: number, height: number): ColumnRuns {
  return { width, height, colStart: new Int32Array(width + 1), y0: new Int32Array(0), y1: new Int32Array(0) };
}
