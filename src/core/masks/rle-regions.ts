import { ColumnBuilder, forEachOverlap, type ColumnRuns } from './column-runs';
import { uncovered } from './column-set-ops';

/**
 * Region operations on masks as column intervals (`column-runs.ts`), computed without decoding to a bitmap:
 * the boundary pixels of a mask, dilation by a disk, and 4-connected components. They serve the mask
 * comparison in `core/quality/mask-findings.ts` (boundary F-score, missed and spilled regions).
 */

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
    forEachOverlap(cr, x, cr, x + 1, (i, j) => {
      const ri = find(i);
      const rj = find(j);
      if (ri !== rj) parent[Math.max(ri, rj)] = Math.min(ri, rj);
    });
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
