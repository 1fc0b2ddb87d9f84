import { describe, expect, it } from 'vitest';
import { median, sizeBucket, tooFast } from './too-fast';

describe('too_fast', () => {
  const earlier = [40_000, 50_000, 60_000, 55_000, 45_000];
  it('fires below half the median of same-size tasks', () => {
    const f = tooFast(20_000, earlier);
    expect(f).toMatchObject({ type: 'too_fast', medianMs: 50_000, durationMs: 20_000, magnitude: 2.5 });
    expect(f!.message).toMatch(/20 s.*50 s/);
  });
  it('does not fire at or above half the median (nothing wrong)', () => {
    expect(tooFast(25_000, earlier)).toBeNull();
    expect(tooFast(60_000, earlier)).toBeNull();
  });
  it('does not fire with too few earlier times', () => {
    expect(tooFast(1_000, [40_000, 50_000])).toBeNull();
  });
  it('takes the median, not the mean, so one slow outlier does not make everyone fast', () => {
    expect(tooFast(20_000, [...earlier, 10_000_000])).toMatchObject({ medianMs: 52_500 });
  });
  it('computes medians and size buckets', () => {
    expect(median([])).toBeNull();
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    expect([0, 1, 2, 3, 4, 5, 8, 9].map(sizeBucket)).toEqual([0, 1, 2, 4, 4, 8, 8, 16]);
  });
});
