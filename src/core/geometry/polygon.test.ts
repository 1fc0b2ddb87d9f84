import { describe, expect, it } from 'vitest';
import { imagePoint } from './point';
import { polygonArea, polygonBounds } from './polygon';

const triangle = [imagePoint(120, 10), imagePoint(180, 10), imagePoint(150, 90)];

describe('polygonArea', () => {
  it('matches a hand-worked triangle (base 60, height 80: 2400)', () => {
    expect(polygonArea(triangle)).toBe(2400);
  });
  it('is the same for either vertex order', () => {
    expect(polygonArea([...triangle].reverse())).toBe(2400);
  });
  it('gives a rectangle its width times height', () => {
    expect(polygonArea([imagePoint(0, 0), imagePoint(4, 0), imagePoint(4, 3), imagePoint(0, 3)])).toBe(12);
  });
});

describe('polygonBounds', () => {
  it('spans the extreme vertices', () => {
    expect(polygonBounds(triangle)).toEqual({ x: 120, y: 10, w: 60, h: 80 });
  });
  it('is all zero for no vertices', () => {
    expect(polygonBounds([])).toEqual({ x: 0, y: 0, w: 0, h: 0 });
  });
});
