import { describe, expect, it } from 'vitest';
import { goldRate, shouldServeGold, wilsonInterval } from './gold-rate';

describe('wilsonInterval', () => {
  it('is [0, 1] with no trials', () => {
    expect(wilsonInterval(0, 0)).toEqual({ successes: 0, trials: 0, rate: null, low: 0, high: 1 });
  });
  it('matches the textbook value for 8 of 10', () => {
    const e = wilsonInterval(8, 10);
    expect(e.rate).toBe(0.8);
    expect(e.low).toBeCloseTo(0.4902, 3);
    expect(e.high).toBeCloseTo(0.9433, 3);
  });
  it('stays inside [0, 1] at 0% and 100%', () => {
    expect(wilsonInterval(0, 5).low).toBe(0);
    expect(wilsonInterval(5, 5).high).toBe(1);
    expect(wilsonInterval(5, 5).low).toBeGreaterThan(0.5);
  });
});

describe('goldRate', () => {
  it('is 20% for a new labeler', () => {
    expect(goldRate(0, 0)).toBeCloseTo(0.2, 12);
  });
  it('falls to the 3% floor for a labeler proven accurate on many objects', () => {
    expect(goldRate(400, 400)).toBeCloseTo(0.03, 12);
  });
  it('falls gradually: a few perfect objects earn less than many', () => {
    const few = goldRate(10, 10);
    const many = goldRate(60, 60);
    expect(few).toBeLessThan(0.2);
    expect(many).toBeLessThan(few);
    expect(many).toBeGreaterThanOrEqual(0.03);
  });
  it('stays at the start rate for an inaccurate labeler', () => {
    expect(goldRate(50, 100)).toBeCloseTo(0.2, 12);
  });
  it('uses the project settings', () => {
    expect(goldRate(0, 0, { startRate: 1, floorRate: 0.05 })).toBe(1);
    expect(goldRate(1000, 1000, { startRate: 1, floorRate: 0.05 })).toBeCloseTo(0.05, 12);
  });
});

describe('shouldServeGold', () => {
  it('serves gold when the draw falls below the rate', () => {
    expect(shouldServeGold(0.2, 0.1)).toBe(true);
    expect(shouldServeGold(0.2, 0.2)).toBe(false);
    expect(shouldServeGold(0, 0)).toBe(false);
    expect(shouldServeGold(1, 0.999)).toBe(true);
  });
});
