import type { AnnotationObject } from '../shared/annotation.schema';
import type { Command } from '../core/document/document';
import type { Size } from '../core/geometry/point';
import { clampBox } from '../core/geometry/box';
import { clampPolygon } from '../core/geometry/polygon';

/**
 * Commands that paste copies of `objects` (new ids, drawn by a person, version 1), moved by `offsetPx`
 * and kept inside the image. Pasting onto the next task of a sequence uses offset 0.
 */
export function pasteCommands(objects: readonly AnnotationObject[], image: Size, newId: () => string, offsetPx = 0): Command[] {
  return objects.flatMap((o): Command[] => {
    const g = o.geometry;
    if (g.kind === 'segment') return []; // audio segments are not pasted onto images
    // A mask is pasted where it was: shifting pixels would push them off the image.
    if (g.kind === 'mask') return [{ type: 'annotation.create', object: { ...o, id: newId(), source: 'human', version: 1 } }];
    const geometry =
      g.kind === 'box'
        ? clampBox({ ...g, x: g.x + offsetPx, y: g.y + offsetPx }, image)
        : { kind: 'polygon' as const, points: clampPolygon(g.points.map((p) => ({ x: p.x + offsetPx, y: p.y + offsetPx })), image) };
    if (geometry.kind === 'box' && (geometry.w <= 0 || geometry.h <= 0)) return [];
    return [{ type: 'annotation.create', object: { ...o, id: newId(), geometry, source: 'human', version: 1 } }];
  });
}
