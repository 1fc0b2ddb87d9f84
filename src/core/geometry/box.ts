import type { BoxGeometry } from '../../shared/geometry.schema';
import type { ImagePoint, Size } from './point';

/** The box spanned by two opposite corners, in any order (image pixels). `w`/`h` may be 0. */
export function boxFromCorners(a: ImagePoint, b: ImagePoint): BoxGeometry {
  return {
    kind: 'box',
    x: Math.min(a.x, b.x),
    y: Math.min(a.y, b.y),
    w: Math.abs(a.x - b.x),
    h: Math.abs(a.y - b.y),
  };
}

/** Clamps a box to the image rectangle [0, width] × [0, height]; the result may have zero size if the box lay outside. */
export function clampBox(box: BoxGeometry, image: Size): BoxGeometry {
  const x0 = clamp(box.x, 0, image.width);
  const y0 = clamp(box.y, 0, image.height);
  const x1 = clamp(box.x + box.w, 0, image.width);
  const y1 = clamp(box.y + box.h, 0, image.height);
  return { kind: 'box', x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
}

/** Area in square image pixels. */
export function boxArea(box: BoxGeometry): number {
  return Math.max(0, box.w) * Math.max(0, box.h);
}

/** Intersection over union of two boxes, in [0, 1]; 0 when either is empty. */
export function boxIoU(a: BoxGeometry, b: BoxGeometry): number {
  const ix = Math.max(0, Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x));
  const iy = Math.max(0, Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y));
  const inter = ix * iy;
  const union = boxArea(a) + boxArea(b) - inter;
  return union > 0 ? inter / union : 0;
}

/** Rounds a box's edges to `digits` decimals, so stored geometry does not carry float noise from screen transforms. */
export function roundBox(box: BoxGeometry, digits = 2): BoxGeometry {
  const f = 10 ** digits;
  const r = (v: number) => Math.round(v * f) / f;
  return { kind: 'box', x: r(box.x), y: r(box.y), w: r(box.w), h: r(box.h) };
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}
