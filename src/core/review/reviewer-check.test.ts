import { describe, expect, it } from 'vitest';
import type { AnnotationObject } from '../../shared/annotation.schema';
import { judgeReviewerPass } from './reviewer-check';

const box = (id: string, classId: string, x: number, y: number, w: number, h: number): AnnotationObject => ({
  id, classId, geometry: { kind: 'box', x, y, w, h }, attributes: {}, source: 'human', version: 1,
});
const gold = { objects: [box('a', 'car', 100, 100, 100, 80), box('b', 'cyclist', 400, 300, 50, 100)] };
// Planted: car a is 30 px too wide on the right, b is labeled a pedestrian.
const planted = { objects: [box('a', 'car', 100, 100, 130, 80), box('b', 'pedestrian', 400, 300, 50, 100)] };

describe('judgeReviewerPass', () => {
  it('finds every planted error missed when the reviewer accepts as is', () => {
    const check = judgeReviewerPass(planted, gold, planted);
    expect(check.planted).toBe(2);
    expect(check.caught).toBe(0);
    expect(check.findings.map((f) => [f.type, f.underlying]).sort()).toEqual([['missed_error', 'loose_box'], ['missed_error', 'wrong_class']]);
  });

  it('credits a fix that repairs one error and leaves the other', () => {
    const fixed = { objects: [box('a', 'car', 100, 100, 100, 80), box('b', 'pedestrian', 400, 300, 50, 100)] };
    const check = judgeReviewerPass(planted, gold, fixed);
    expect(check).toMatchObject({ planted: 2, caught: 1 });
    expect(check.findings).toEqual([expect.objectContaining({ type: 'missed_error', underlying: 'wrong_class', objectId: 'b' })]);
  });

  it('has nothing to say when the reviewer repairs everything', () => {
    expect(judgeReviewerPass(planted, gold, gold)).toEqual({ planted: 2, caught: 2, findings: [] });
  });

  it('calls a change to correct work a false fix', () => {
    const onlyWidth = { objects: [box('a', 'car', 100, 100, 130, 80), box('b', 'cyclist', 400, 300, 50, 100)] };
    // The reviewer fixes a and also drags b's edge 25 px outward: b was right.
    const result = { objects: [box('a', 'car', 100, 100, 100, 80), box('b', 'cyclist', 400, 300, 75, 100)] };
    const check = judgeReviewerPass(onlyWidth, gold, result);
    expect(check).toMatchObject({ planted: 1, caught: 1 });
    expect(check.findings).toEqual([expect.objectContaining({ type: 'false_fix', underlying: 'loose_box', objectId: 'b' })]);
  });

  it('counts a rejection as catching planted errors, and as a false fix on right work', () => {
    expect(judgeReviewerPass(planted, gold, 'rejected')).toEqual({ planted: 2, caught: 2, findings: [] });
    expect(judgeReviewerPass(gold, gold, 'rejected').findings).toEqual([expect.objectContaining({ type: 'false_fix', underlying: 'rejected_correct_work' })]);
  });

  it('finds nothing when right work is accepted', () => {
    expect(judgeReviewerPass(gold, gold, gold)).toEqual({ planted: 0, caught: 0, findings: [] });
  });
});
