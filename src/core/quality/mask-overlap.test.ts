import { describe, expect, it } from 'vitest';
import { maskGeometry } from '../masks/mask-geometry';
import { polygonToBitmap } from '../masks/raster';
import { encodeBitmap } from '../masks/rle';
import { geometryArea, geometryBounds, geometryIoU, geometryOverlap } from './overlap';

/** A 20×10 image; a mask of the rectangle [x0, x1) × [y0, y1). */
const rect = (x0: number, y0: number, x1: number, y1: number) =>
  maskGeometry(encodeBitmap(polygonToBitmap([{ x: x0, y: y0 }, { x: x1, y: y0 }, { x: x1, y: y1 }, { x: x0, y: y1 }], 20, 10)));

describe('overlap with masks', () => {
  it('area and bounds of a mask are its pixels', () => {
    expect(geometryArea(rect(2, 1, 6, 4))).toBe(12);
    expect(geometryBounds(rect(2, 1, 6, 4))).toEqual({ x: 2, y: 1, w: 4, h: 3 });
  });
  it('IoU of two masks is computed on their pixels', () => {
    expect(geometryIoU(rect(0, 0, 4, 4), rect(2, 0, 6, 4))).toBeCloseTo(8 / 24);
  });
  it('a box or polygon is rasterised at the mask size to compare with a mask', () => {
    expect(geometryIoU(rect(0, 0, 4, 4), { kind: 'box', x: 0, y: 0, w: 4, h: 4 })).toBe(1);
    expect(geometryOverlap({ kind: 'box', x: 0, y: 0, w: 2, h: 4 }, rect(0, 0, 4, 4))).toEqual({ areaA: 8, areaB: 16, intersection: 8, union: 16 });
  });
});
