import { decompressRle } from '../../core/masks/rle';
import { toColumnRuns, type ColumnRuns } from '../../core/masks/column-runs';
import { boundaryRuns } from '../../core/masks/rle-regions';

/**
 * SVG path data (image pixels) for drawing masks over the canvas in the feedback overlay: a region tinted
 * as a union of rectangles, or a mask's outline as its boundary pixels. Why rectangles from the column
 * intervals rather than a traced contour: exact to the pixel, linear in the runs, and neighbouring columns
 * with the same rows merge into one rectangle, so a blocky region is a handful of them.
 */

/** One `M x y h w v h h -w z` rectangle per stretch of columns sharing the same rows. */
export function runsToPath(cr: ColumnRuns): string {
  const parts: string[] = [];
  // Open rectangles: rows [y0, y1) started at column x, keyed by "y0,y1".
  let open = new Map<string, number>();
  const close = (key: string, x0: number, x1: number) => {
    const [y0, y1] = key.split(',').map(Number) as [number, number];
    parts.push(`M${x0} ${y0}h${x1 - x0}v${y1 - y0}h${x0 - x1}z`);
  };
  for (let x = 0; x <= cr.width; x++) {
    const next = new Map<string, number>();
    if (x < cr.width) {
      for (let i = cr.colStart[x]!; i < cr.colStart[x + 1]!; i++) {
        const key = `${cr.y0[i]},${cr.y1[i]}`;
        next.set(key, open.get(key) ?? x);
      }
    }
    for (const [key, x0] of open) if (!next.has(key)) close(key, x0, x);
    open = next;
  }
  return parts.join('');
}

/** The path of a compressed COCO RLE's pixels (a finding's region). Empty on a malformed string. */
export function regionPath(rle: { size: readonly [number, number]; counts: string }): string {
  try {
    return runsToPath(toColumnRuns(decompressRle(rle)));
  } catch {
    return '';
  }
}

/** The path of a mask's boundary pixels (the reference ghosted as an outline). */
export function outlinePath(rle: { size: readonly [number, number]; counts: string }): string {
  try {
    return runsToPath(boundaryRuns(toColumnRuns(decompressRle(rle))));
  } catch {
    return '';
  }
}
