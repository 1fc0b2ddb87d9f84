import { describe, expect, it } from 'vitest';
import { chooseReviewer, profileSimilarity, type ErrorProfile } from './routing';

const loose: ErrorProfile = { loose_box: 0.3, missed_object: 0.05 };
const tight: ErrorProfile = { tight_box: 0.25, wrong_class: 0.02 };
const classy: ErrorProfile = { wrong_class: 0.2, attribute_mismatch: 0.1 };

describe('profileSimilarity', () => {
  it('is 1 for the same mix of mistakes at a different scale', () => {
    expect(profileSimilarity(loose, { loose_box: 0.6, missed_object: 0.1 })).toBeCloseTo(1, 10);
  });
  it('is 0 for profiles with no finding type in common', () => {
    expect(profileSimilarity(loose, classy)).toBe(0);
  });
  it('is unknown when a profile has no findings', () => {
    expect(profileSimilarity(loose, {})).toBeUndefined();
    expect(profileSimilarity({ loose_box: 0 }, loose)).toBeUndefined();
  });
});

describe('chooseReviewer', () => {
  it('picks, for a second pass, the reviewer least like both the labeler and the first reviewer', () => {
    // Seeded profiles: the labeler draws loose boxes, the first reviewer lets wrong classes through.
    const labeler = { userId: 'lab', profile: loose };
    const first = { userId: 'r1', profile: classy };
    const candidates = [
      { userId: 'r-loose', profile: { loose_box: 0.2, missed_object: 0.02 }, load: 0 },
      { userId: 'r-classy', profile: { wrong_class: 0.3 }, load: 0 },
      { userId: 'r-tight', profile: tight, load: 3 },
    ];
    const choice = chooseReviewer(candidates, [labeler, first]);
    expect(choice).toMatchObject({ userId: 'r-tight', reason: 'least_correlated' });
    // r-tight shares only wrong_class with the first reviewer, a little.
    expect(choice!.similarity).toBeGreaterThan(0);
    expect(choice!.similarity).toBeLessThan(0.2);
  });

  it('never picks the labeler or an earlier reviewer, even when they would score best', () => {
    const choice = chooseReviewer(
      [
        { userId: 'lab', profile: tight, load: 0 },
        { userId: 'r1', profile: tight, load: 0 },
        { userId: 'r2', profile: loose, load: 5 },
      ],
      [{ userId: 'lab', profile: loose }, { userId: 'r1', profile: loose }],
    );
    expect(choice?.userId).toBe('r2');
  });

  it('breaks a tie in similarity by load, then by id', () => {
    const candidates = [
      { userId: 'b', profile: classy, load: 2 },
      { userId: 'a', profile: classy, load: 2 },
      { userId: 'c', profile: classy, load: 1 },
    ];
    expect(chooseReviewer(candidates, [{ userId: 'lab', profile: loose }])?.userId).toBe('c');
    expect(chooseReviewer(candidates.slice(0, 2), [{ userId: 'lab', profile: loose }])?.userId).toBe('a');
  });

  it('falls back to the least loaded when no profile says anything', () => {
    const choice = chooseReviewer(
      [
        { userId: 'busy', profile: {}, load: 4 },
        { userId: 'idle', profile: {}, load: 0 },
      ],
      [{ userId: 'lab', profile: loose }],
    );
    expect(choice).toEqual({ userId: 'idle', reason: 'least_loaded' });
    expect(chooseReviewer([{ userId: 'x', profile: tight, load: 0 }], [{ userId: 'lab', profile: {} }])).toEqual({ userId: 'x', reason: 'least_loaded' });
  });

  it('prefers a candidate with a known, uncorrelated profile over an unknown one', () => {
    const choice = chooseReviewer(
      [
        { userId: 'new', profile: {}, load: 0 },
        { userId: 'known', profile: classy, load: 9 },
      ],
      [{ userId: 'lab', profile: loose }],
    );
    expect(choice?.userId).toBe('known');
  });

  it('answers nobody when every candidate already worked on the task', () => {
    expect(chooseReviewer([{ userId: 'lab', profile: tight, load: 0 }], [{ userId: 'lab', profile: loose }])).toBeUndefined();
  });
});
