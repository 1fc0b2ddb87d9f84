import { describe, expect, it } from 'vitest';
import { fillHoles, fillPolygon, floodRegion, outlineOf, paintSegment, paintStroke, polygonToBitmap, removeSpecks } from './raster';
import type { Bitmap } from './rle';

function bm(...rows: string[]): Bitmap {
  const width = rows[0]!.length;
  const data = new Uint8Array(width * rows.length);
  rows.forEach((r, y) => [...r].forEach((c, x) => (data[y * width + x] = c === '#' ? 1 : 0)));
  return { width, height: rows.length, data };
}
function show(b: Bitmap): string[] {
  return Array.from({ length: b.height }, (_, y) => Array.from({ length: b.width }, (_, x) => (b.data[y * b.width + x] ? '#' : '.')).join(''));
}

describe('round brush', () => {
  it('a dab of radius 1 at a pixel centre covers the pixel and its 4 neighbours (centres at distance 1)', () => {
    const b = bm('.....', '.....', '.....', '.....', '.....');
    const rect = paintSegment(b, { x: 2.5, y: 2.5 }, { x: 2.5, y: 2.5 }, 1, 1);
    expect(show(b)).toEqual(['.....', '..#..', '.###.', '..#..', '.....']);
    expect(rect).toEqual({ x0: 1, y0: 1, x1: 4, y1: 4 });
  });

  it('a stroke covers the capsule around each segment; an eraser writes 0', () => {
    const b = bm('......', '......', '......');
    paintStroke(b, [{ x: 1.5, y: 1.5 }, { x: 4.5, y: 1.5 }], 0.5, 1);
    expect(show(b)).toEqual(['......', '.####.', '......']);
    paintStroke(b, [{ x: 2.5, y: 1.5 }], 0.5, 0);
    expect(show(b)).toEqual(['......', '.#.##.', '......']);
  });

  it('returns null off the image', () => {
    expect(paintSegment(bm('..'), { x: -10, y: -10 }, { x: -9, y: -10 }, 2, 1)).toBeNull();
  });
});

describe('polygon fill', () => {
  it('fills pixels whose centres are inside', () => {
    expect(show(polygonToBitmap([{ x: 1, y: 1 }, { x: 4, y: 1 }, { x: 4, y: 3 }, { x: 1, y: 3 }], 5, 4))).toEqual(['.....', '.###.', '.###.', '.....']);
  });
  it('uses even-odd for a ring drawn as one polygon with a slit-free hole (two loops)', () => {
    const b = bm('.....', '.....', '.....', '.....', '.....');
    fillPolygon(b, [{ x: 0, y: 0 }, { x: 5, y: 0 }, { x: 5, y: 5 }, { x: 0, y: 5 }], 1);
    fillPolygon(b, [{ x: 2, y: 2 }, { x: 3, y: 2 }, { x: 3, y: 3 }, { x: 2, y: 3 }], 0);
    expect(show(b)).toEqual(['#####', '#####', '##.##', '#####', '#####']);
  });
  it('a triangle', () => {
    expect(show(polygonToBitmap([{ x: 0, y: 0 }, { x: 4, y: 0 }, { x: 0, y: 4 }], 4, 4))).toEqual(['###.', '##..', '#...', '....']);
  });
});

describe('fill holes and remove specks', () => {
  it('fills enclosed background only', () => {
    const r = fillHoles(bm('#####.', '#..#..', '#####.', '......'));
    expect(show(r.bitmap)).toEqual(['#####.', '####..', '#####.', '......']);
    expect(r.filled).toBe(2);
  });
  it('removes 4-connected groups below the size', () => {
    const r = removeSpecks(bm('##...#', '##....', '....#.', '...##.'), 3);
    expect(show(r.bitmap)).toEqual(['##....', '##....', '....#.', '...##.']);
    expect(r.removed).toBe(1);
  });
});

describe('magic wand', () => {
  it('takes the connected pixels within the tolerance of the seed colour', () => {
    // 4×2 image: grey 100 on the left two columns, 110 third, 200 last column; row 2 all 100.
    const px = [100, 100, 110, 200, 100, 100, 100, 200];
    const rgba = new Uint8ClampedArray(px.flatMap((v) => [v, v, v, 255]));
    expect(show(floodRegion(rgba, 4, 2, { x: 0, y: 0 }, 5))).toEqual(['##..', '###.']);
    expect(show(floodRegion(rgba, 4, 2, { x: 0, y: 0 }, 10))).toEqual(['###.', '###.']);
    expect(show(floodRegion(rgba, 4, 2, { x: 9, y: 0 }, 10))).toEqual(['....', '....']);
  });
});

describe('outline', () => {
  it('keeps set pixels next to unset ones or the edge', () => {
    expect(show(outlineOf(bm('.....', '.###.', '.###.', '.###.', '.....')))).toEqual(['.....', '.###.', '.#.#.', '.###.', '.....']);
  });
});
