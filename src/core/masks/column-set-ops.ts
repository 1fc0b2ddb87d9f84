import { ColumnBuilder, forEachOverlap, type ColumnRuns } from './column-runs';

/** Set operations between masks of the same size as column intervals (see `column-runs.ts`): area shared, difference, union, intersection. */

/** Set pixels shared by two masks of the same size. */
export function intersectionAreaRuns(a: ColumnRuns, b: ColumnRuns): number {
  let n = 0;
  for (let x = 0; x < a.width; x++) forEachOverlap(a, x, b, x, (_i, _j, lo, hi) => (n += hi - lo));
  return n;
}

/**
 * Pushes the parts of `[a, b)` not covered by the intervals `start .. end - 1` (sorted) onto `pieces`, as
 * pairs. Returns the first index that may still overlap a later `[a', b')` with `a' ≥ b` (the scan resumes there).
 */
export function uncovered(a: number, b: number, ys0: Int32Array, ys1: Int32Array, start: number, end: number, pieces: number[]): number {
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
    forEachOverlap(a, x, b, x, (_i, _j, lo, hi) => out.add(lo, hi));
  }
  return out.done();
}
