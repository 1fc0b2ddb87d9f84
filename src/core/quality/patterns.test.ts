import { describe, expect, it } from 'vitest';
import { seededRandom } from '../random';
import { DEFAULT_PATTERN_RULE, activePatterns, judgePattern, patternKey, patternType } from './patterns';

/** A simulated labeler: each gold object is loose with probability `rate`. Returns the first object count at which the rule fires, or null. */
function firstFlag(rate: number, objects: number, seed: number): number | null {
  const rng = seededRandom(seed);
  const events: boolean[] = [];
  for (let i = 0; i < objects; i++) {
    events.push(rng() < rate);
    if (judgePattern(events).active) return i + 1;
  }
  return null;
}

describe('error pattern rule', () => {
  describe('on simulated labelers', () => {
    it('flags the 40% labeler within 15 gold objects whenever at least 5 of the 15 were loose (100 seeds)', () => {
      let checked = 0;
      for (let s = 1; s <= 100; s++) {
        const rng = seededRandom(s);
        let loose = 0;
        for (let i = 0; i < 15; i++) if (rng() < 0.4) loose++;
        if (loose < 5) continue;
        checked++;
        expect(firstFlag(0.4, 15, s), `seed ${s}`).not.toBeNull();
      }
      expect(checked).toBeGreaterThan(70);
    });
    it('flags the 40% labeler within 15 objects for at least 80 of 100 seeds', () => {
      let flagged = 0;
      for (let s = 1; s <= 100; s++) if (firstFlag(0.4, 15, s) !== null) flagged++;
      expect(flagged).toBeGreaterThanOrEqual(80);
    });
    it('never flags a labeler who is loose 3% of the time in 500 objects, over 100 seeds', () => {
      for (let s = 1; s <= 100; s++) expect(firstFlag(0.03, 500, 1000 + s)).toBeNull();
    });
    it('never flags a careful labeler (0%)', () => {
      expect(firstFlag(0, 500, 7)).toBeNull();
    });
  });

  describe('judgePattern', () => {
    it('needs at least five observations, so one slip never triggers it', () => {
      expect(judgePattern([true]).active).toBe(false);
      expect(judgePattern([true, true, true, true]).active).toBe(false);
      expect(judgePattern([true, true, true, true, true]).active).toBe(true);
    });
    it('does not fire on one slip among five', () => {
      expect(judgePattern([false, true, false, false, false]).active).toBe(false);
    });
    it('clears when the rate falls back within the window', () => {
      const habit = Array.from({ length: 10 }, () => true);
      expect(judgePattern(habit).active).toBe(true);
      const recovered = [...habit, ...Array.from({ length: DEFAULT_PATTERN_RULE.window }, () => false)];
      expect(judgePattern(recovered).active).toBe(false);
    });
    it('reports counts and the posterior probability', () => {
      const v = judgePattern([true, false, true, false, false, false]);
      expect(v).toMatchObject({ observations: 6, hits: 2 });
      expect(v.probability).toBeGreaterThan(0);
      expect(v.probability).toBeLessThan(1);
    });
  });

  describe('activePatterns', () => {
    const batch = (hits: Record<string, number>, atMs: number, objects = 1) => ({ objects, hits, atMs });
    it('finds the repeated finding type and not the one-off', () => {
      const batches = [1, 2, 3, 4, 5, 6].map((t) => batch(t === 3 ? { loose_box: 1, wrong_class: 1 } : { loose_box: 1 }, t));
      expect(activePatterns(batches).map((p) => p.key)).toEqual(['loose_box']);
    });
    it('drops observations up to the time the course was passed', () => {
      const batches = [1, 2, 3, 4, 5, 6].map((t) => batch({ loose_box: 1 }, t));
      expect(activePatterns(batches, DEFAULT_PATTERN_RULE, { loose_box: 6 })).toEqual([]);
      expect(activePatterns(batches, DEFAULT_PATTERN_RULE, { loose_box: 1 }).map((p) => p.key)).toEqual(['loose_box']);
    });
    it('counts each object once even with several findings of a type on it', () => {
      const [p] = activePatterns([1, 2, 3, 4, 5].map((t) => batch({ loose_box: 5 }, t, 1)));
      expect(p!.hits).toBe(5);
      expect(p!.observations).toBe(5);
    });
    it('is empty when nothing is wrong', () => {
      expect(activePatterns([1, 2, 3, 4, 5, 6, 7].map((t) => batch({}, t, 3)))).toEqual([]);
    });
  });

  describe('pattern keys', () => {
    it('keys wrong_class by its class pair and other types by type', () => {
      expect(patternKey({ type: 'wrong_class', referenceClassId: 'cyclist', answerClassId: 'pedestrian' })).toBe('wrong_class:cyclist->pedestrian');
      expect(patternKey({ type: 'loose_box' })).toBe('loose_box');
      expect(patternType('wrong_class:cyclist->pedestrian')).toBe('wrong_class');
    });
  });
});
