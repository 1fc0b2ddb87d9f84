import type { AnnotationDocument, AnnotationObject } from '../../shared/annotation.schema';
import { pointInPolygon } from '../geometry/polygon';
import type { ImagePoint } from '../geometry/point';
import { maskRle } from '../masks/mask-geometry';
import { rleContains } from '../masks/rle-ops';

/**
 * The topmost object under an image point (the last drawn wins), skipping `skip` (e.g. hidden objects).
 * A point within `tolerancePx` of a box's edge counts as inside it, so thin boxes can be picked.
 */
export function objectAt(doc: AnnotationDocument, p: ImagePoint, tolerancePx = 0, skip: ReadonlySet<string> = new Set()): AnnotationObject | null {
  for (let i = doc.objects.length - 1; i >= 0; i--) {
    const o = doc.objects[i]!;
    if (skip.has(o.id)) continue;
    const g = o.geometry;
    if (g.kind === 'box') {
      if (p.x >= g.x - tolerancePx && p.x <= g.x + g.w + tolerancePx && p.y >= g.y - tolerancePx && p.y <= g.y + g.h + tolerancePx) return o;
    } else if (g.kind === 'mask') {
      if (rleContains(maskRle(g), Math.floor(p.x), Math.floor(p.y))) return o;
    } else if (g.kind === 'polygon' && pointInPolygon(p, g.points)) {
      return o;
    }
  }
  return null;
}
