import type { AnnotationObject } from '../../shared/annotation.schema';
import type { MaskGeometry } from '../../shared/geometry.schema';
import { maskRle } from '../../core/masks/mask-geometry';
import { outlineOf, type PixelRect } from '../../core/masks/raster';
import { decodeRle, forEachForegroundRun, type Rle } from '../../core/masks/rle';
import { rleBbox } from '../../core/masks/rle-ops';

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

/** Side of the square tiles the mask layer redraws and uploads, in image pixels (a power of two). */
export const TILE_SHIFT = 8;
export const TILE_PX = 1 << TILE_SHIFT;

/** Dirty tiles of the mask layer: one byte per tile, row-major, `tilesX` across. */
export type TileSet = { tilesX: number; tilesY: number; dirty: Uint8Array };

export function tileSet(width: number, height: number): TileSet {
  const tilesX = Math.ceil(width / TILE_PX);
  const tilesY = Math.ceil(height / TILE_PX);
  return { tilesX, tilesY, dirty: new Uint8Array(tilesX * tilesY) };
}

/** Marks the tiles holding the set pixels of `rle` (column-major runs; see core's rle.ts). O(runs + tiles). */
export function markRle(tiles: TileSet, rle: Rle): void {
  const h = rle.size[0];
  const lastTy = (h - 1) >> TILE_SHIFT;
  const mark = (tx: number, ty0: number, ty1: number) => {
    for (let ty = ty0; ty <= ty1; ty++) tiles.dirty[ty * tiles.tilesX + tx] = 1;
  };
  forEachForegroundRun(rle, (s, e) => {
    const x = Math.floor(s / h);
    const y = s - x * h;
    const xe = Math.floor((e - 1) / h);
    const ye = e - 1 - xe * h;
    if (x === xe) return mark(x >> TILE_SHIFT, y >> TILE_SHIFT, ye >> TILE_SHIFT);
    mark(x >> TILE_SHIFT, y >> TILE_SHIFT, lastTy);
    mark(xe >> TILE_SHIFT, 0, ye >> TILE_SHIFT);
    if (xe - x > 1) for (let tx = (x + 1) >> TILE_SHIFT; tx <= (xe - 1) >> TILE_SHIFT; tx++) mark(tx, 0, lastTy);
  });
}

/** Marks the tiles a pixel rectangle overlaps. */
export function markRect(tiles: TileSet, r: PixelRect): void {
  if (r.x0 >= r.x1 || r.y0 >= r.y1) return;
  for (let ty = r.y0 >> TILE_SHIFT; ty <= (r.y1 - 1) >> TILE_SHIFT; ty++) {
    for (let tx = r.x0 >> TILE_SHIFT; tx <= (r.x1 - 1) >> TILE_SHIFT; tx++) tiles.dirty[ty * tiles.tilesX + tx] = 1;
  }
}

/**
 * Redraws the dirty tiles: clears them, then writes each mask's runs that fall in them, straight from the RLE
 * (no decode of the whole mask), in drawing order. Why tiles rather than one bounding rectangle: a long
 * diagonal stroke's bounding box is most of the image, its tiles a small part of it.
 */
export function renderTiles(u32: Uint32Array, width: number, height: number, tiles: TileSet, masks: readonly { rle: Rle; color: number }[]): void {
  const { tilesX, dirty } = tiles;
  for (let ty = 0; ty < tiles.tilesY; ty++) {
    for (let tx = 0; tx < tilesX; tx++) {
      if (!dirty[ty * tilesX + tx]) continue;
      const x0 = tx << TILE_SHIFT;
      const x1 = Math.min(width, x0 + TILE_PX);
      for (let y = ty << TILE_SHIFT; y < Math.min(height, (ty + 1) << TILE_SHIFT); y++) u32.fill(0, y * width + x0, y * width + x1);
    }
  }
  const h = height;
  for (const { rle, color } of masks) {
    forEachForegroundRun(rle, (s, e) => {
      let p = s;
      while (p < e) {
        const x = (p / h) | 0;
        const y0 = p - x * h;
        const stop = Math.min(e, (x + 1) * h);
        const y1 = y0 + (stop - p);
        const tx = x >> TILE_SHIFT;
        for (let ty = y0 >> TILE_SHIFT; ty <= (y1 - 1) >> TILE_SHIFT; ty++) {
          if (!dirty[ty * tilesX + tx]) continue;
          const a = Math.max(y0, ty << TILE_SHIFT);
          const b = Math.min(y1, (ty + 1) << TILE_SHIFT);
          for (let y = a, i = a * width + x; y < b; y++, i += width) u32[i] = color;
        }
        p = stop;
      }
    });
  }
}
