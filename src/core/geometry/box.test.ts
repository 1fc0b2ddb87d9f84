import { describe, expect, it } from 'vitest';
import { boxArea, boxFromCorners, boxIoU, clampBox, roundBox } from './box';
import { imagePoint } from './point';

describe('boxFromCorners', () => {
  it('normalises corners given in any order', () => {
    expect(boxFromCorners(imagePoint(30, 40), imagePoint(10, 5))).toEqual({ kind: 'box', x: 10, y: 5, w: 20, h: 35 });
  });
});

describe('clampBox', () => {
  it('cuts a box to the image', () => {
    expect(clampBox({ kind: 'box', x: -10, y: 90, w: 50, h: 50 }, { width: 100, height: 120 })).toEqual({
      kind: 'box', x: 0, y: 90, w: 40, h: 30,
    });
  });
  it('gives an empty box for one wholly outside', () => {
    expect(boxArea(clampBox({ kind: 'box', x: 200, y: 0, w: 5, h: 5 }, { width: 100, height: 100 }))).toBe(0);
  });
});

describe('boxIoU', () => {
  it('is 1 for identical boxes and 0 for disjoint ones', () => {
    const a = { kind: 'box', x: 0, y: 0, w: 10, h: 10 } as const;
    expect(boxIoU(a, a)).toBe(1);
    expect(boxIoU(a, { ...a, x: 20 })).toBe(0);
  });
  it('matches a hand-worked overlap', () => {
    // 10x10 boxes offset by 5 in x: intersection 50, union 150.
    const a = { kind: 'box', x: 0, y: 0, w: 10, h: 10 } as const;
    expect(boxIoU(a, { ...a, x: 5 })).toBeCloseTo(1 / 3, 10);
  });
});

describe('roundBox', () => {
  it('drops float noise', () => {
    expect(roundBox({ kind: 'box', x: 0.1 + 0.2, y: 1.004, w: 2.005, h: 3 })).toEqual({ kind: 'box', x: 0.3, y: 1, w: 2.01, h: 3 });
  });
});
