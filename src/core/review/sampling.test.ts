import { describe, expect, it } from 'vitest';
import { seededRandom } from '../random';
import { sampleForReview, trustReviewRate, type SamplingPolicy } from './sampling';

const policy: SamplingPolicy = { floorRate: 0.1, halfLifeTasks: 20, rareClassIds: ['cyclist'] };
const fresh = { reviewedTasks: 0, cleanTasks: 0, activePattern: false };

describe('trustReviewRate', () => {
  it('reviews every task of a new labeler', () => {
    expect(trustReviewRate(fresh, policy)).toBe(1);
  });
  it('falls toward the floor as clean reviews accumulate, never below it', () => {
    const r20 = trustReviewRate({ reviewedTasks: 20, cleanTasks: 20 }, policy);
    const r200 = trustReviewRate({ reviewedTasks: 200, cleanTasks: 200 }, policy);
    expect(r20).toBeGreaterThan(0.45);
    expect(r20).toBeLessThan(0.6);
    expect(r200).toBeLessThan(r20);
    expect(trustReviewRate({ reviewedTasks: 100_000, cleanTasks: 100_000 }, policy)).toBe(0.1);
  });
  it('keeps a labeler whose work often needs fixing under heavy review', () => {
    expect(trustReviewRate({ reviewedTasks: 500, cleanTasks: 400 }, policy)).toBeGreaterThanOrEqual(0.2);
  });
  it('treats impossible counts (clean above reviewed, negatives) as the nearest possible record', () => {
    expect(trustReviewRate({ reviewedTasks: 10, cleanTasks: 50 }, policy)).toBe(trustReviewRate({ reviewedTasks: 10, cleanTasks: 10 }, policy));
    expect(trustReviewRate({ reviewedTasks: -3, cleanTasks: -1 }, policy)).toBe(1);
  });
});

describe('sampleForReview', () => {
  const proven = { reviewedTasks: 10_000, cleanTasks: 10_000, activePattern: false };

  it('always reviews a labeler with an active pattern, and tasks holding a rare class', () => {
    expect(sampleForReview({ ...proven, activePattern: true }, ['car'], policy, 0.99)).toMatchObject({ review: true, reason: 'active_pattern' });
    expect(sampleForReview(proven, ['car', 'cyclist'], policy, 0.99)).toMatchObject({ review: true, reason: 'rare_class' });
  });

  it('samples a proven labeler at the floor rate over many tasks', () => {
    const rng = seededRandom(7);
    let reviewed = 0;
    for (let i = 0; i < 5000; i++) if (sampleForReview(proven, ['car'], policy, rng()).review) reviewed++;
    expect(reviewed / 5000).toBeGreaterThan(0.08);
    expect(reviewed / 5000).toBeLessThan(0.12);
  });

  it('says when a task was not sampled, with the rate used', () => {
    expect(sampleForReview(proven, ['car'], policy, 0.5)).toEqual({ review: false, reason: 'not_sampled', rate: 0.1 });
    expect(sampleForReview(fresh, [], policy, 0.999)).toEqual({ review: true, reason: 'trust_rate', rate: 1 });
  });
});
