import type { Size } from './point';

/**
 * Polygon geometry in image pixels (origin top-left, x right, y down). A polygon is its vertices in
 * order; the closing edge from the last vertex back to the first is implied, as in `PolygonGeometry`.
 * Every function here is pure and never mutates its input.
 */
type Pt = { readonly x: number; readonly y: number };

/** What may be wrong with a polygon, as flags the UI can show on an object. */
export type PolygonIssue =
  /** Fewer than three distinct vertices. */
  | 'too-few-vertices'
  /** Encloses no area: all vertices on one line (see {@link allCollinear}). */
  | 'zero-area'
  /** The boundary crosses, touches or overlaps itself (see {@link isSelfIntersecting}). */
  | 'self-intersecting'
  /** A vertex lies outside the image (only checked when an image size is given). */
  | 'outside-image';

/** Signed area by the shoelace formula, in square image pixels: positive when the vertices run clockwise on screen (y down). */
export function signedPolygonArea(points: readonly Pt[]): number {
  let twice = 0;
  for (let i = 0; i < points.length; i++) {
    const a = points[i]!;
    const b = points[(i + 1) % points.length]!;
    twice += a.x * b.y - b.x * a.y;
  }
  return twice / 2;
}

/**
 * Area in square image pixels, whatever the winding; 0 for fewer than three vertices. For a self-intersecting
 * polygon this is the shoelace value, where oppositely wound lobes cancel, not the covered area.
 */
export function polygonArea(points: readonly Pt[]): number {
  return points.length < 3 ? 0 : Math.abs(signedPolygonArea(points));
}

/**
 * Whether every vertex lies on one straight line (or there are fewer than three distinct ones), so the polygon
 * encloses nothing. Why not `polygonArea(points) === 0`: a symmetric bow tie's lobes cancel in the shoelace sum,
 * yet it covers area; that is a crossing, not a flat polygon.
 */
export function allCollinear(points: readonly Pt[]): boolean {
  const a = points[0];
  const b = a && points.find((p) => !samePoint(p, a));
  if (!a || !b) return true;
  return points.every((p) => orientation(a, b, p) === 0);
}

/** The axis-aligned bounding box of the vertices: top-left corner and size, in image pixels; all zero for no vertices. */
export function polygonBounds(points: readonly Pt[]): { x: number; y: number; w: number; h: number } {
  if (points.length === 0) return { x: 0, y: 0, w: 0, h: 0 };
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const p of points) {
    minX = Math.min(minX, p.x);
    minY = Math.min(minY, p.y);
    maxX = Math.max(maxX, p.x);
    maxY = Math.max(maxY, p.y);
  }
  return { x: minX, y: minY, w: maxX - minX, h: maxY - minY };
}

/**
 * Clamps every vertex to the image rectangle [0, width] × [0, height]. This moves vertices, it does not clip
 * edges: a polygon poking out of the image gets its outside vertices pulled onto the border, which is what
 * labelers expect from CVAT and keeps the vertex count stable. The result may be degenerate (repeated vertices,
 * zero area) when much of the polygon lay outside; see {@link dedupeVertices} and {@link polygonIssues}.
 */
export function clampPolygon<P extends Pt>(points: readonly P[], image: Size): { x: number; y: number }[] {
  return points.map((p) => ({ x: clamp(p.x, 0, image.width), y: clamp(p.y, 0, image.height) }));
}

/** Rounds every coordinate to `digits` decimals, so stored geometry carries no float noise from screen transforms. */
export function roundPolygon(points: readonly Pt[], digits = 2): { x: number; y: number }[] {
  const f = 10 ** digits;
  return points.map((p) => ({ x: Math.round(p.x * f) / f, y: Math.round(p.y * f) / f }));
}

/** Drops vertices equal to the one before them, including a last vertex equal to the first (closing duplicate). */
export function dedupeVertices<P extends Pt>(points: readonly P[]): P[] {
  const out: P[] = [];
  for (const p of points) {
    const last = out[out.length - 1];
    if (!last || last.x !== p.x || last.y !== p.y) out.push(p);
  }
  while (out.length > 1 && samePoint(out[0]!, out[out.length - 1]!)) out.pop();
  return out;
}

/**
 * Whether `p` lies inside the polygon (even-odd rule), in image pixels. Points on the boundary count as inside,
 * so a click exactly on an edge hits the object.
 */
export function pointInPolygon(p: Pt, points: readonly Pt[]): boolean {
  const n = points.length;
  if (n === 0) return false;
  let inside = false;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const a = points[i]!;
    const b = points[j]!;
    if (orientation(a, b, p) === 0 && onSegment(a, b, p)) return true;
    if (a.y > p.y !== b.y > p.y && p.x < ((b.x - a.x) * (p.y - a.y)) / (b.y - a.y) + a.x) inside = !inside;
  }
  return inside;
}

/**
 * Whether the closed polygon's boundary is not simple: two non-adjacent edges cross, touch (a vertex on another
 * edge, or two vertices in the same place) or overlap along a line, or two adjacent edges fold back over each
 * other (a spike). Repeated consecutive vertices are ignored (a zero-length edge is not a crossing), and three
 * or more vertices in a straight line along one edge are fine.
 *
 * Touching counts because a polygon that pinches to a point is two regions, which breaks masks, areas and IoU
 * downstream just as a crossing does.
 *
 * Exact orientation tests on the coordinates as given (no epsilon): stored geometry is rounded to 0.01 px, so
 * the tests are decided on the numbers the document really holds. Edges are swept by their left end so only
 * edges whose x-ranges overlap are compared: O(n log n) for typical outlines, O(n²) at worst, which stays in
 * milliseconds for a few thousand vertices.
 */
export function isSelfIntersecting(points: readonly Pt[]): boolean {
  const v = dedupeVertices(points);
  const n = v.length;
  if (n < 3) return false;
  if (n === 3) return orientation(v[0]!, v[1]!, v[2]!) === 0; // a triangle only fails by being flat, which folds an edge back
  const edges = v.map((a, i) => {
    const b = v[(i + 1) % n]!;
    return { i, a, b, minX: Math.min(a.x, b.x), maxX: Math.max(a.x, b.x), minY: Math.min(a.y, b.y), maxY: Math.max(a.y, b.y) };
  });
  const byLeft = edges.slice().sort((e, f) => e.minX - f.minX);
  for (let s = 0; s < byLeft.length; s++) {
    const e = byLeft[s]!;
    for (let t = s + 1; t < byLeft.length; t++) {
      const f = byLeft[t]!;
      if (f.minX > e.maxX) break;
      if (f.maxY < e.minY || f.minY > e.maxY) continue;
      const gap = Math.abs(e.i - f.i);
      if (gap === 1 || gap === n - 1) {
        // Adjacent: they share one vertex; only a fold-back (collinear, pointing back along the other) is a fault.
        const [first, second] = (e.i + 1) % n === f.i ? [e, f] : [f, e];
        if (foldsBack(first.a, first.b, second.b)) return true;
      } else if (segmentsIntersect(e.a, e.b, f.a, f.b)) {
        return true;
      }
    }
  }
  return false;
}

/**
 * Whether closed segments ab and cd share at least one point: a proper crossing, an endpoint touching the
 * other segment, or a collinear overlap.
 */
export function segmentsIntersect(a: Pt, b: Pt, c: Pt, d: Pt): boolean {
  const o1 = orientation(a, b, c);
  const o2 = orientation(a, b, d);
  const o3 = orientation(c, d, a);
  const o4 = orientation(c, d, b);
  if (o1 !== o2 && o3 !== o4) return true;
  // Otherwise they can only meet where an endpoint lies on the other segment (touching or collinear overlap).
  return (
    (o1 === 0 && onSegment(a, b, c)) ||
    (o2 === 0 && onSegment(a, b, d)) ||
    (o3 === 0 && onSegment(c, d, a)) ||
    (o4 === 0 && onSegment(c, d, b))
  );
}

/**
 * Flags for an existing polygon, e.g. a customer's hypothesis or an object after an edit. Empty when the polygon
 * is fine. Pass the image size to also check that every vertex lies on the image.
 */
export function polygonIssues(points: readonly Pt[], image?: Size): PolygonIssue[] {
  const issues: PolygonIssue[] = [];
  const distinct = dedupeVertices(points);
  if (distinct.length < 3) issues.push('too-few-vertices');
  else if (allCollinear(distinct)) issues.push('zero-area');
  if (distinct.length >= 3 && isSelfIntersecting(distinct)) issues.push('self-intersecting');
  if (image && points.some((p) => p.x < 0 || p.y < 0 || p.x > image.width || p.y > image.height)) issues.push('outside-image');
  return issues;
}

/**
 * Reduces the vertex count with Ramer–Douglas–Peucker on the closed outline: drops vertices that lie within
 * `tolerancePx` (image pixels) of the simplified outline. Useful after a freehand stroke. Always keeps at least
 * three vertices when given three or more, and keeps the first vertex.
 */
export function simplify<P extends Pt>(points: readonly P[], tolerancePx: number): P[] {
  const n = points.length;
  if (n <= 3 || tolerancePx <= 0) return points.slice();
  // Split the ring at the vertex farthest from the first, and simplify the two open chains.
  let far = 1;
  let farD = -1;
  for (let i = 1; i < n; i++) {
    const d = dist2(points[0]!, points[i]!);
    if (d > farD) [far, farD] = [i, d];
  }
  const keep = new Array<boolean>(n).fill(false);
  keep[0] = true;
  keep[far] = true;
  rdp(points, 0, far, tolerancePx, keep);
  rdp([...points, points[0]!], far, n, tolerancePx, keep);
  let out = points.filter((_, i) => keep[i]);
  if (out.length < 3) {
    // Flat within tolerance: keep the vertex farthest from the chord so the result stays a polygon.
    let best = -1;
    let bestD = -1;
    for (let i = 1; i < n; i++) {
      if (i === far) continue;
      const d = segmentDistance(points[i]!, points[0]!, points[far]!);
      if (d > bestD) [best, bestD] = [i, d];
    }
    keep[best] = true;
    out = points.filter((_, i) => keep[i]);
  }
  return out;
}

function rdp(points: readonly Pt[], from: number, to: number, tol: number, keep: boolean[]): void {
  // Iterative, so a long freehand stroke cannot overflow the stack.
  const stack: [number, number][] = [[from, to]];
  while (stack.length) {
    const [s, e] = stack.pop()!;
    let idx = -1;
    let maxD = tol;
    for (let i = s + 1; i < e; i++) {
      const d = segmentDistance(points[i]!, points[s]!, points[e]!);
      if (d > maxD) [idx, maxD] = [i, d];
    }
    if (idx >= 0) {
      keep[idx % keep.length] = true;
      stack.push([s, idx], [idx, e]);
    }
  }
}

/** Distance from p to the closed segment ab. */
function segmentDistance(p: Pt, a: Pt, b: Pt): number {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : clamp(((p.x - a.x) * dx + (p.y - a.y) * dy) / len2, 0, 1);
  return Math.hypot(p.x - (a.x + t * dx), p.y - (a.y + t * dy));
}

/** Sign of the turn a → b → c: 1, -1, or 0 when collinear. */
function orientation(a: Pt, b: Pt, c: Pt): number {
  return Math.sign((b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x));
}

/** For p collinear with ab: whether p lies within the segment's bounding box (so on the segment). */
function onSegment(a: Pt, b: Pt, p: Pt): boolean {
  return Math.min(a.x, b.x) <= p.x && p.x <= Math.max(a.x, b.x) && Math.min(a.y, b.y) <= p.y && p.y <= Math.max(a.y, b.y);
}

/** Edges a→b then b→c: whether c turns back along ab (collinear, pointing the other way), overlapping the first edge. */
function foldsBack(a: Pt, b: Pt, c: Pt): boolean {
  if (orientation(a, b, c) !== 0) return false;
  return (b.x - a.x) * (c.x - b.x) + (b.y - a.y) * (c.y - b.y) < 0;
}

function samePoint(a: Pt, b: Pt): boolean {
  return a.x === b.x && a.y === b.y;
}

function dist2(a: Pt, b: Pt): number {
  return (a.x - b.x) ** 2 + (a.y - b.y) ** 2;
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}
