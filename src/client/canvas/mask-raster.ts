import type { AnnotationObject } from '../../shared/annotation.schema';
import type { MaskGeometry } from '../../shared/geometry.schema';
import { maskRle } from '../../core/masks/mask-geometry';
import { outlineOf, type PixelRect } from '../../core/masks/raster';
import { decodeRle, rleBbox } from '../../core/masks/rle';

/** A decoded mask cropped to its bounding box: `data` is `w` × `h`, row-major, placed at (`x`, `y`). */
export type CroppedMask = { x: number; y: number; w: number; h: number; data: Uint8Array };

/**
 * Decoded masks by geometry object. Why cropped: a full-image bitmap per instance (12.6 MB at 4096×3072) would
 * add up quickly; the crop is as big as the object. Why a WeakMap: geometry objects are immutable, so a
 * changed mask is a new key and the old entry goes with its object.
 */
const decoded = new WeakMap<MaskGeometry, CroppedMask>();
const outlined = new WeakMap<MaskGeometry, CroppedMask>();

export function croppedMask(g: MaskGeometry, outline: boolean): CroppedMask {
  const cache = outline ? outlined : decoded;
  const hit = cache.get(g);
  if (hit) return hit;
  const rle = maskRle(g);
  const [x, y, w, h] = rleBbox(rle);
  const full = decodeRle(rle);
  const data = new Uint8Array(w * h);
  for (let r = 0; r < h; r++) data.set(full.data.subarray((y + r) * full.width + x, (y + r) * full.width + x + w), r * w);
  let crop: CroppedMask = { x, y, w, h, data };
  if (outline) crop = { ...crop, data: outlineOf({ width: w, height: h, data }).data };
  cache.set(g, crop);
  return crop;
}

/** A CSS hex colour as a little-endian RGBA word for a Uint32Array view of ImageData. */
export function packColor(hex: string, alpha = 255): number {
  const n = parseInt(hex.slice(1), 16);
  return (((alpha & 255) << 24) | ((n & 255) << 16) | (((n >> 8) & 255) << 8) | ((n >> 16) & 255)) >>> 0;
}

/** The bounding rectangle of a mask object (empty masks give an empty rectangle). */
export function maskRect(o: AnnotationObject & { geometry: MaskGeometry }): PixelRect {
  const [x, y, w, h] = rleBbox(maskRle(o.geometry));
  return { x0: x, y0: y, x1: x + w, y1: y + h };
}

/**
 * Redraws `rect` of the mask layer's pixels (`u32` over the image, `width` wide): clears it, then paints each
 * mask in drawing order with its colour (later objects on top).
 */
export function renderMasks(
  u32: Uint32Array,
  width: number,
  rect: PixelRect,
  masks: readonly { geometry: MaskGeometry; color: number }[],
  outline: boolean,
): void {
  for (let y = rect.y0; y < rect.y1; y++) u32.fill(0, y * width + rect.x0, y * width + rect.x1);
  for (const m of masks) {
    const c = croppedMask(m.geometry, outline);
    const x0 = Math.max(rect.x0, c.x);
    const x1 = Math.min(rect.x1, c.x + c.w);
    const y0 = Math.max(rect.y0, c.y);
    const y1 = Math.min(rect.y1, c.y + c.h);
    for (let y = y0; y < y1; y++) {
      const src = (y - c.y) * c.w - c.x;
      const dst = y * width;
      for (let x = x0; x < x1; x++) if (c.data[src + x] !== 0) u32[dst + x] = m.color;
    }
  }
}
