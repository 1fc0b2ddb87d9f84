import { describe, expect, it } from 'vitest';
import {
  allCollinear,
  clampPolygon,
  dedupeVertices,
  isSelfIntersecting,
  pointInPolygon,
  polygonArea,
  polygonIssues,
  segmentsIntersect,
  simplify,
} from './polygon';

const P = (x: number, y: number) => ({ x, y });
const square = [P(0, 0), P(10, 0), P(10, 10), P(0, 10)];

describe('segmentsIntersect', () => {
  it('finds a proper crossing', () => {
    expect(segmentsIntersect(P(0, 0), P(10, 10), P(0, 10), P(10, 0))).toBe(true);
  });
  it('finds an endpoint touching the other segment', () => {
    expect(segmentsIntersect(P(0, 0), P(10, 0), P(5, 0), P(5, 5))).toBe(true);
  });
  it('finds collinear overlap, and not collinear disjoint segments', () => {
    expect(segmentsIntersect(P(0, 0), P(10, 0), P(5, 0), P(15, 0))).toBe(true);
    expect(segmentsIntersect(P(0, 0), P(4, 0), P(5, 0), P(15, 0))).toBe(false);
  });
  it('misses parallel and merely nearby segments', () => {
    expect(segmentsIntersect(P(0, 0), P(10, 0), P(0, 1), P(10, 1))).toBe(false);
    expect(segmentsIntersect(P(0, 0), P(10, 0), P(11, -1), P(11, 1))).toBe(false);
  });
});

describe('isSelfIntersecting', () => {
  it('is false for a simple square, triangle and concave polygon', () => {
    expect(isSelfIntersecting(square)).toBe(false);
    expect(isSelfIntersecting([P(0, 0), P(10, 0), P(5, 8)])).toBe(false);
    expect(isSelfIntersecting([P(0, 0), P(10, 0), P(10, 10), P(5, 3), P(0, 10)])).toBe(false);
  });
  it('is true for a bow tie', () => {
    expect(isSelfIntersecting([P(0, 0), P(10, 10), P(10, 0), P(0, 10)])).toBe(true);
  });
  it('is true when a vertex touches a non-adjacent edge', () => {
    // The fifth vertex (5, 0) lies on the first edge.
    expect(isSelfIntersecting([P(0, 0), P(10, 0), P(10, 10), P(6, 10), P(5, 0), P(4, 10), P(0, 10)])).toBe(true);
  });
  it('is true when two non-adjacent vertices coincide (a pinch)', () => {
    expect(isSelfIntersecting([P(0, 0), P(5, 5), P(10, 0), P(10, 10), P(5, 5), P(0, 10)])).toBe(true);
  });
  it('is true when non-adjacent edges overlap along a line', () => {
    expect(isSelfIntersecting([P(0, 0), P(10, 0), P(10, 5), P(2, 5), P(2, 0), P(8, 0), P(8, -5), P(0, -5)])).toBe(true);
  });
  it('is true for a spike that folds back along its edge, and for a flat triangle', () => {
    expect(isSelfIntersecting([P(0, 0), P(10, 0), P(10, 10), P(10, 4), P(0, 10)])).toBe(true);
    expect(isSelfIntersecting([P(0, 0), P(5, 0), P(10, 0)])).toBe(true);
  });
  it('accepts collinear vertices along one edge and repeated consecutive vertices', () => {
    expect(isSelfIntersecting([P(0, 0), P(5, 0), P(10, 0), P(10, 10), P(0, 10)])).toBe(false);
    expect(isSelfIntersecting([P(0, 0), P(10, 0), P(10, 0), P(10, 10), P(0, 10), P(0, 0)])).toBe(false);
  });
  it('checks a few thousand vertices quickly', () => {
    const n = 4000;
    const circle = Array.from({ length: n }, (_, i) => P(500 + 400 * Math.cos((2 * Math.PI * i) / n), 500 + 400 * Math.sin((2 * Math.PI * i) / n)));
    const started = performance.now();
    expect(isSelfIntersecting(circle)).toBe(false);
    const crossed = circle.slice();
    [crossed[10], crossed[2000]] = [crossed[2000]!, crossed[10]!];
    expect(isSelfIntersecting(crossed)).toBe(true);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe('polygonArea', () => {
  it('is 0 below three vertices and for collinear vertices', () => {
    expect(polygonArea([P(0, 0), P(5, 5)])).toBe(0);
    expect(polygonArea([P(0, 0), P(5, 5), P(10, 10)])).toBe(0);
  });
});

describe('allCollinear', () => {
  it('is true for vertices on one line and false for a bow tie whose shoelace area cancels to 0', () => {
    expect(allCollinear([P(0, 0), P(0, 0), P(5, 5), P(10, 10)])).toBe(true);
    const bowTie = [P(0, 0), P(10, 10), P(10, 0), P(0, 10)];
    expect(polygonArea(bowTie)).toBe(0);
    expect(allCollinear(bowTie)).toBe(false);
  });
});

describe('clampPolygon', () => {
  it('pulls outside vertices onto the image border', () => {
    expect(clampPolygon([P(-5, 10), P(250, -3), P(100, 120)], { width: 200, height: 100 })).toEqual([P(0, 10), P(200, 0), P(100, 100)]);
  });
});

describe('dedupeVertices', () => {
  it('drops consecutive repeats and a closing repeat of the first vertex', () => {
    expect(dedupeVertices([P(0, 0), P(0, 0), P(1, 0), P(1, 1), P(0, 0)])).toEqual([P(0, 0), P(1, 0), P(1, 1)]);
  });
});

describe('pointInPolygon', () => {
  const concave = [P(0, 0), P(10, 0), P(10, 10), P(5, 3), P(0, 10)];
  it('tells inside from outside, also in a concave notch', () => {
    expect(pointInPolygon(P(5, 1), concave)).toBe(true);
    expect(pointInPolygon(P(5, 8), concave)).toBe(false);
    expect(pointInPolygon(P(-1, 5), concave)).toBe(false);
  });
  it('counts the boundary as inside', () => {
    expect(pointInPolygon(P(10, 5), square)).toBe(true);
    expect(pointInPolygon(P(0, 0), square)).toBe(true);
  });
});

describe('polygonIssues', () => {
  it('is empty for a good polygon', () => {
    expect(polygonIssues(square, { width: 10, height: 10 })).toEqual([]);
  });
  it('flags crossing, flatness, too few vertices and vertices off the image', () => {
    expect(polygonIssues([P(0, 0), P(10, 10), P(10, 0), P(0, 10)])).toEqual(['self-intersecting']);
    expect(polygonIssues([P(0, 0), P(5, 0), P(10, 0)])).toEqual(['zero-area', 'self-intersecting']);
    expect(polygonIssues([P(0, 0), P(5, 0), P(5, 0)])).toEqual(['too-few-vertices']);
    expect(polygonIssues([P(-1, 0), P(5, 0), P(5, 5)], { width: 10, height: 10 })).toEqual(['outside-image']);
  });
});

describe('simplify', () => {
  it('drops vertices within the tolerance of a straight edge and keeps the corners', () => {
    const wobbly = [P(0, 0), P(5, 0.2), P(10, 0), P(10, 5), P(10.1, 10), P(5, 10), P(0, 10), P(0.2, 5)];
    expect(simplify(wobbly, 0.5)).toEqual([P(0, 0), P(10, 0), P(10.1, 10), P(0, 10)]);
  });
  it('keeps three vertices of a nearly flat polygon', () => {
    expect(simplify([P(0, 0), P(5, 0.1), P(10, 0), P(5, -0.05)], 1)).toHaveLength(3);
  });
});
