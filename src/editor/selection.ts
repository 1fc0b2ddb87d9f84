import type { AnnotationObject } from '../shared/annotation.schema';
import type { Geometry } from '../shared/geometry.schema';
import type { Command } from '../core/document/document';
import type { Size } from '../core/geometry/point';
import { polygonBounds } from '../core/geometry/polygon';

/** An axis-aligned rectangle in image pixels. */
export type Rect = { x: number; y: number; w: number; h: number };

/** The bounding box of a box or polygon, in image pixels; null for geometry without one here. */
export function geometryBounds(g: Geometry): Rect | null {
  if (g.kind === 'box') return { x: g.x, y: g.y, w: g.w, h: g.h };
  if (g.kind === 'polygon' && g.points.length > 0) return polygonBounds(g.points);
  return null;
}

/** The rectangle spanned by two corners in any order. */
export function rectFromCorners(a: { x: number; y: number }, b: { x: number; y: number }): Rect {
  return { x: Math.min(a.x, b.x), y: Math.min(a.y, b.y), w: Math.abs(a.x - b.x), h: Math.abs(a.y - b.y) };
}

/**
 * Ids of the objects lying wholly inside `rect` (a marquee), in document order, leaving out `skip`
 * (hidden objects). Why wholly inside rather than touching: in dense scenes a marquee would
 * otherwise catch the neighbours of what the labeler meant.
 */
export function objectsInRect(objects: readonly AnnotationObject[], rect: Rect, skip: ReadonlySet<string> = new Set()): string[] {
  const ids: string[] = [];
  for (const o of objects) {
    if (skip.has(o.id)) continue;
    const b = geometryBounds(o.geometry);
    if (b && b.x >= rect.x && b.y >= rect.y && b.x + b.w <= rect.x + rect.w && b.y + b.h <= rect.y + rect.h) ids.push(o.id);
  }
  return ids;
}

const round2 = (v: number) => Math.round(v * 100) / 100;

/**
 * Moves several objects by one delta (image px) as one gesture's commands. The delta is cut so the
 * group's bounds stay inside the image, so the objects keep their places relative to each other.
 */
export function moveObjectsCommands(objects: readonly AnnotationObject[], delta: { dx: number; dy: number }, image: Size): Command[] {
  const bounds = objects.map((o) => geometryBounds(o.geometry)).filter((b): b is Rect => b !== null);
  if (bounds.length === 0) return [];
  const x0 = Math.min(...bounds.map((b) => b.x));
  const y0 = Math.min(...bounds.map((b) => b.y));
  const x1 = Math.max(...bounds.map((b) => b.x + b.w));
  const y1 = Math.max(...bounds.map((b) => b.y + b.h));
  const dx = Math.min(Math.max(delta.dx, -x0), image.width - x1);
  const dy = Math.min(Math.max(delta.dy, -y0), image.height - y1);
  if (dx === 0 && dy === 0) return [];
  const commands: Command[] = [];
  for (const o of objects) {
    const g = o.geometry;
    let geometry: Geometry;
    if (g.kind === 'box') geometry = { ...g, x: round2(g.x + dx), y: round2(g.y + dy) };
    else if (g.kind === 'polygon') geometry = { ...g, points: g.points.map((p) => ({ x: round2(p.x + dx), y: round2(p.y + dy) })) };
    else continue;
    commands.push({ type: 'annotation.update', id: o.id, changes: { geometry } });
  }
  return commands;
}

/** Deletes several objects as one gesture's commands. */
export function deleteObjectsCommands(ids: Iterable<string>): Command[] {
  return [...ids].map((id) => ({ type: 'annotation.delete', id }));
}
