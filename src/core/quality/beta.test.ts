import { describe, expect, it } from 'vitest';
import { betaTailAbove, binomialCdf, regularizedBetaInt } from './beta';

describe('binomialCdf', () => {
  it('matches hand-computed values', () => {
    expect(binomialCdf(0, 3, 0.5)).toBeCloseTo(0.125, 12);
    expect(binomialCdf(1, 3, 0.5)).toBeCloseTo(0.5, 12);
    expect(binomialCdf(3, 3, 0.5)).toBe(1);
    expect(binomialCdf(-1, 3, 0.5)).toBe(0);
    expect(binomialCdf(2, 10, 0)).toBe(1);
    expect(binomialCdf(2, 10, 1)).toBe(0);
  });
});

describe('regularizedBetaInt', () => {
  it('is x for Beta(1,1), x² for Beta(2,1) and 1-(1-x)² for Beta(1,2)', () => {
    for (const x of [0.1, 0.37, 0.5, 0.9]) {
      expect(regularizedBetaInt(x, 1, 1)).toBeCloseTo(x, 12);
      expect(regularizedBetaInt(x, 2, 1)).toBeCloseTo(x * x, 12);
      expect(regularizedBetaInt(x, 1, 2)).toBeCloseTo(1 - (1 - x) ** 2, 12);
    }
  });
  it('is symmetric: I_x(a,b) = 1 − I_(1−x)(b,a)', () => {
    expect(regularizedBetaInt(0.3, 4, 7)).toBeCloseTo(1 - regularizedBetaInt(0.7, 7, 4), 12);
  });
  it('matches the closed form of Beta(2,2): 3x² − 2x³', () => {
    expect(regularizedBetaInt(0.25, 2, 2)).toBeCloseTo(3 * 0.0625 - 2 * 0.015625, 12);
  });
  it('refuses non-integer parameters', () => {
    expect(() => regularizedBetaInt(0.5, 1.5, 2)).toThrow(RangeError);
  });
  it('gives the tail as its complement', () => {
    expect(betaTailAbove(0.15, 3, 9)).toBeCloseTo(1 - regularizedBetaInt(0.15, 3, 9), 12);
    expect(betaTailAbove(0, 3, 9)).toBe(1);
    expect(betaTailAbove(1, 3, 9)).toBe(0);
  });
});
