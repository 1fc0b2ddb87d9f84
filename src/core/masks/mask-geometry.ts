import type { Geometry, MaskGeometry } from '../../shared/geometry.schema';
import { polygonToBitmap } from './raster';
import { compressRle, decompressRle, emptyRle, encodeBitmap, type Rle } from './rle';
import { rleBbox } from './rle-ops';

/**
 * Conversions between the stored mask geometry (compressed COCO RLE) and run lengths, with a small cache:
 * the editor, hit testing and exports read the same geometry many times, and a decompressed run list is
 * immutable, so one per geometry object is enough. Why a WeakMap: geometry objects are never mutated
 * (changes make new ones), so an entry can never go stale and it vanishes with the object.
 */
const cache = new WeakMap<MaskGeometry, Rle>();

/** The run lengths of a mask geometry. Throws on a malformed counts string. */
export function maskRle(g: MaskGeometry): Rle {
  let rle = cache.get(g);
  if (!rle) {
    rle = decompressRle(g.rle);
    cache.set(g, rle);
  }
  return rle;
}

/** A mask geometry holding `rle` (compressed). */
export function maskGeometry(rle: Rle): MaskGeometry {
  const g: MaskGeometry = { kind: 'mask', rle: compressRle(rle) };
  cache.set(g, rle);
  return g;
}

/** The bounding box of a mask geometry in image pixels. */
export function maskBounds(g: MaskGeometry): { x: number; y: number; w: number; h: number } {
  const [x, y, w, h] = rleBbox(maskRle(g));
  return { x, y, w, h };
}

/**
 * Any image geometry as a mask of `size` [height, width]: a box or polygon is rasterised (pixel centres), so a
 * mask can be compared with a drawn shape. Why rasterise the shape rather than trace the mask: rasterising is
 * exact under the mask's own sampling rule, tracing would approximate.
 */
export function geometryToRle(g: Geometry, size: readonly [number, number]): Rle {
  if (g.kind === 'mask') return maskRle(g);
  const [h, w] = size;
  if (g.kind === 'segment') return emptyRle(h, w); // audio: no pixels
  const points = g.kind === 'box' ? [{ x: g.x, y: g.y }, { x: g.x + g.w, y: g.y }, { x: g.x + g.w, y: g.y + g.h }, { x: g.x, y: g.y + g.h }] : g.points;
  return encodeBitmap(polygonToBitmap(points, w, h));
}
