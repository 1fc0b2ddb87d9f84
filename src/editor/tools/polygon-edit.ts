import type { AnnotationObject } from '../../shared/annotation.schema';
import type { PolygonGeometry } from '../../shared/geometry.schema';
import type { Command } from '../../core/document/document';
import type { ImagePoint, Size } from '../../core/geometry/point';
import { clampPolygon, polygonBounds, polygonIssues, roundPolygon } from '../../core/geometry/polygon';
import { POLYGON_HINTS } from './polygon-tool';

/**
 * Edits of an existing polygon, as pure command builders. The canvas calls one when a drag ends (one gesture)
 * and runs the result with `runEdit` (or `runCommands`), so each edit is one history entry.
 *
 * Each returns the `annotation.update` of the object's geometry, or no command when the edit changes nothing
 * or is refused, with a hint for the labeler: why it was refused, or that the result crosses itself (the edit
 * still applies, as when drawing). Coordinates are image pixels; the edited point (or, for a move, the moved
 * polygon) is clamped to the image and rounded to 0.01 px like drawn geometry; other vertices are untouched.
 *
 * Calling one on an object that is not a polygon, or with a vertex or edge index it does not have, is a
 * programming error and throws.
 */
export type PolygonEdit = { commands: Command[]; hint?: string };

/** Moves vertex `index` to `to` (clamped to the image): a vertex handle dragged and dropped. */
export function moveVertex(object: AnnotationObject, edit: { index: number; to: ImagePoint; imageSize: Size }): PolygonEdit {
  const points = polygonOf(object).points;
  checkIndex(points, edit.index, 'vertex');
  const next = points.slice();
  next[edit.index] = fit(edit.to, edit.imageSize);
  return update(object, next);
}

/**
 * Inserts a vertex on edge `edge` (from vertex `edge` to the next, the last edge closing back to vertex 0), at
 * the edge's midpoint or at `at` when the midpoint handle was dragged somewhere: one gesture either way.
 */
export function insertVertex(object: AnnotationObject, edit: { edge: number; at?: ImagePoint; imageSize: Size }): PolygonEdit {
  const points = polygonOf(object).points;
  checkIndex(points, edit.edge, 'edge');
  const a = points[edit.edge]!;
  const b = points[(edit.edge + 1) % points.length]!;
  const at = edit.at ?? { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 };
  return update(object, [...points.slice(0, edit.edge + 1), fit(at, edit.imageSize), ...points.slice(edit.edge + 1)]);
}

/** Deletes vertex `index`; refused (with a hint) when the polygon would drop below three vertices. */
export function deleteVertex(object: AnnotationObject, edit: { index: number }): PolygonEdit {
  const points = polygonOf(object).points;
  checkIndex(points, edit.index, 'vertex');
  if (points.length <= 3) return { commands: [], hint: POLYGON_HINTS.tooFewVertices };
  return update(object, points.filter((_, i) => i !== edit.index));
}

/**
 * Moves the whole polygon by (`dx`, `dy`) image pixels, keeping its shape: the move is cut short at the image
 * border instead of squashing vertices against it. A polygon already partly outside (e.g. a customer's
 * hypothesis) may move inward but never further out.
 */
export function movePolygon(object: AnnotationObject, edit: { dx: number; dy: number; imageSize: Size }): PolygonEdit {
  const points = polygonOf(object).points;
  const b = polygonBounds(points);
  const dx = clampDelta(edit.dx, -b.x, edit.imageSize.width - (b.x + b.w));
  const dy = clampDelta(edit.dy, -b.y, edit.imageSize.height - (b.y + b.h));
  if (dx === 0 && dy === 0) return { commands: [] };
  return update(object, roundPolygon(points.map((p) => ({ x: p.x + dx, y: p.y + dy }))));
}

function update(object: AnnotationObject, points: { x: number; y: number }[]): PolygonEdit {
  const before = polygonOf(object).points;
  if (points.length === before.length && points.every((p, i) => p.x === before[i]!.x && p.y === before[i]!.y)) {
    return { commands: [] };
  }
  const geometry: PolygonGeometry = { kind: 'polygon', points };
  const issues = polygonIssues(points);
  const hint = issues.includes('self-intersecting')
    ? POLYGON_HINTS.crossesItself
    : issues.includes('zero-area') || issues.includes('too-few-vertices')
      ? POLYGON_HINTS.noArea
      : undefined;
  return { commands: [{ type: 'annotation.update', id: object.id, changes: { geometry } }], ...(hint ? { hint } : {}) };
}

/** The edited point clamped to the image and rounded; other vertices are left as they are. */
function fit(p: { x: number; y: number }, image: Size): { x: number; y: number } {
  return roundPolygon(clampPolygon([p], image))[0]!;
}

/** `d` limited to [lo, hi], where the range is first widened to include 0 so the edit never forces a move. */
function clampDelta(d: number, lo: number, hi: number): number {
  return Math.min(Math.max(hi, 0), Math.max(Math.min(lo, 0), d));
}

function polygonOf(object: AnnotationObject): PolygonGeometry {
  if (object.geometry.kind !== 'polygon') throw new TypeError(`object ${object.id} is a ${object.geometry.kind}, not a polygon`);
  return object.geometry;
}

function checkIndex(points: readonly unknown[], index: number, what: string): void {
  if (!Number.isInteger(index) || index < 0 || index >= points.length) {
    throw new RangeError(`no ${what} ${index} on a polygon of ${points.length} vertices`);
  }
}
