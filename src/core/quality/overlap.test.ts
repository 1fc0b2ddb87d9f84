import { describe, expect, it } from 'vitest';
import { boxIoU } from '../geometry/box';
import { pointInPolygon, polygonArea } from '../geometry/polygon';
import { boxCorners, geometryArea, geometryBounds, geometryIoU, polygonIoU, polygonOverlap } from './overlap';
import { seededRandom } from '../random';

const square = (x: number, y: number, s: number) => boxCorners({ x, y, w: s, h: s });

const rng = seededRandom;

function star(rand: () => number, cx: number, cy: number, r: number, n: number) {
  return Array.from({ length: n }, (_, i) => {
    const angle = (i / n) * 2 * Math.PI;
    const rr = r * (0.6 + 0.4 * rand());
    return { x: cx + rr * Math.cos(angle), y: cy + rr * Math.sin(angle) };
  });
}

describe('polygonOverlap', () => {
  it('gives a square its own area, whatever the winding', () => {
    const s = square(0, 0, 10);
    expect(polygonOverlap(s, s)).toEqual({ areaA: 100, areaB: 100, intersection: 100, union: 100 });
    expect(polygonOverlap(s, [...s].reverse()).intersection).toBeCloseTo(100, 10);
  });

  it('matches a hand-worked offset: 10×10 squares 5 px apart share 50 of 150', () => {
    const o = polygonOverlap(square(0, 0, 10), square(5, 0, 10));
    expect(o.intersection).toBeCloseTo(50, 10);
    expect(o.union).toBeCloseTo(150, 10);
  });

  it('handles a concave L against the full square (300 of 400)', () => {
    // 20×20 square without its top-right 10×10 quadrant: area 300.
    const ell = [{ x: 0, y: 0 }, { x: 10, y: 0 }, { x: 10, y: 10 }, { x: 20, y: 10 }, { x: 20, y: 20 }, { x: 0, y: 20 }];
    expect(polygonIoU(ell, square(0, 0, 20))).toBeCloseTo(0.75, 10);
    // …and the missing quadrant shares only an edge with it.
    const q = polygonOverlap(ell, square(10, 0, 10));
    expect(q.intersection).toBeCloseTo(0, 10);
    expect(q.union).toBeCloseTo(400, 10);
  });

  it('counts both lobes of a bow tie (even-odd), unlike the shoelace sum', () => {
    const bowTie = [{ x: 0, y: 0 }, { x: 10, y: 10 }, { x: 10, y: 0 }, { x: 0, y: 10 }];
    expect(polygonArea(bowTie)).toBe(0);
    const o = polygonOverlap(bowTie, square(0, 0, 10));
    expect(o.areaA).toBeCloseTo(50, 10);
    expect(o.intersection).toBeCloseTo(50, 10);
    expect(o.union).toBeCloseTo(100, 10);
  });

  it('gives a diamond inscribed in a square IoU 0.5', () => {
    const diamond = [{ x: 5, y: 0 }, { x: 10, y: 5 }, { x: 5, y: 10 }, { x: 0, y: 5 }];
    expect(polygonIoU(diamond, square(0, 0, 10))).toBeCloseTo(0.5, 10);
  });

  it('handles a long staircase with many equal ys (column i of 100 is i + 1 high: area 5050)', () => {
    const stairs = [{ x: 0, y: 0 }, { x: 100, y: 0 }];
    for (let i = 99; i >= 0; i--) stairs.push({ x: i + 1, y: i + 1 }, { x: i, y: i + 1 });
    const o = polygonOverlap(stairs, square(0, 0, 100));
    expect(o.areaA).toBeCloseTo(5050, 8);
    expect(o.intersection).toBeCloseTo(5050, 8);
    expect(o.union).toBeCloseTo(10000, 8);
    // Upside down (y → 100 − y) it overlaps the original in the band where column i is at least 100 − i high.
    const flipped = stairs.map((p) => ({ x: p.x, y: 100 - p.y }));
    const expected = Array.from({ length: 100 }, (_, i) => Math.max(0, i + 1 - (100 - (i + 1)))).reduce((a, b) => a + b, 0);
    expect(polygonOverlap(stairs, flipped).intersection).toBeCloseTo(expected, 8);
  });

  it('is 0 for disjoint, touching or degenerate polygons', () => {
    expect(polygonIoU(square(0, 0, 10), square(20, 0, 10))).toBe(0);
    expect(polygonIoU(square(0, 0, 10), square(10, 10, 10))).toBe(0);
    expect(polygonIoU([{ x: 0, y: 0 }, { x: 5, y: 5 }], square(0, 0, 10))).toBe(0);
    expect(polygonIoU([], [])).toBe(0);
  });

  it('agrees with boxIoU on random boxes', () => {
    const rand = rng(7);
    for (let n = 0; n < 300; n++) {
      const a = { kind: 'box' as const, x: rand() * 50, y: rand() * 50, w: 1 + rand() * 40, h: 1 + rand() * 40 };
      const b = { kind: 'box' as const, x: rand() * 50, y: rand() * 50, w: 1 + rand() * 40, h: 1 + rand() * 40 };
      expect(polygonIoU(boxCorners(a), boxCorners(b))).toBeCloseTo(boxIoU(a, b), 9);
    }
  });

  it('agrees with point sampling on random star-shaped polygons', () => {
    const rand = rng(11);
    for (let n = 0; n < 20; n++) {
      const a = star(rand, 50, 50, 40, 12);
      const b = star(rand, 50 + rand() * 30, 50 + rand() * 30, 40, 17);
      const o = polygonOverlap(a, b);
      expect(o.areaA).toBeCloseTo(polygonArea(a), 6); // simple polygons: even-odd = shoelace
      expect(o.union).toBeCloseTo(o.areaA + o.areaB - o.intersection, 6);
      let inBoth = 0;
      const step = 0.5;
      for (let y = step / 2; y < 130; y += step) {
        for (let x = step / 2; x < 130; x += step) {
          if (pointInPolygon({ x, y }, a) && pointInPolygon({ x, y }, b)) inBoth++;
        }
      }
      const sampled = inBoth * step * step;
      expect(Math.abs(o.intersection - sampled)).toBeLessThan(0.01 * o.areaA + 5);
    }
  });
});

describe('geometry helpers', () => {
  it('measure boxes and polygons alike', () => {
    const box = { kind: 'box' as const, x: 0, y: 0, w: 10, h: 10 };
    const poly = { kind: 'polygon' as const, points: square(0, 0, 10) };
    expect(geometryIoU(box, poly)).toBeCloseTo(1, 10);
    expect(geometryArea(poly)).toBeCloseTo(100, 10);
    expect(geometryBounds({ kind: 'polygon', points: [{ x: 3, y: 4 }, { x: 9, y: 1 }, { x: 5, y: 7 }] })).toEqual({ x: 3, y: 1, w: 6, h: 6 });
  });
});
