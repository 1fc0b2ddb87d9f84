import { describe, expect, it } from 'vitest';
import type { AnnotationObject } from '../../shared/annotation.schema';
import { overlapsAny, segmentProblems, segmentsByTime } from './segments';
import { inlineText, insertTag, retargetTags, timedSegments } from './transcript';

const seg = (id: string, startSec: number, endSec: number, text = ''): AnnotationObject => ({
  id, classId: 'speech', geometry: { kind: 'segment', startSec, endSec }, attributes: {}, source: 'human', version: 1, transcript: { speaker: null, text, tags: [] },
});
const rules = { durationSec: 10, allowOverlap: false, tags: ['inaudible'] };

describe('segment rules', () => {
  it('accepts touching segments in any order', () => {
    expect(segmentProblems({ objects: [seg('b', 4, 8), seg('a', 0, 4)] }, rules)).toEqual([]);
  });
  it('names the later of two overlapping segments, even when a long one hides behind a short one', () => {
    const doc = { objects: [seg('long', 0, 9), seg('short', 1, 2), seg('late', 5, 6)] };
    expect(segmentProblems(doc, rules).map((p) => [p.objectIndex, p.field])).toEqual([[1, 'geometry.startSec'], [2, 'geometry.startSec']]);
    expect(segmentProblems(doc, { ...rules, allowOverlap: true })).toEqual([]);
  });
  it('allows 0.05 s past the end for rounding, not more', () => {
    expect(segmentProblems({ objects: [seg('a', 9, 10.04)] }, rules)).toEqual([]);
    expect(segmentProblems({ objects: [seg('a', 9, 10.1)] }, rules)[0]?.field).toBe('geometry.endSec');
  });
  it('finds overlap for a proposed segment, leaving one out', () => {
    const doc = { objects: [seg('a', 0, 4), seg('b', 6, 8)] };
    expect(overlapsAny(doc, 4, 6)).toBe(false);
    expect(overlapsAny(doc, 3, 5)).toBe(true);
    expect(overlapsAny(doc, 3, 5, 'a')).toBe(false);
    expect(segmentsByTime({ objects: [seg('b', 6, 8), seg('a', 0, 4)] }).map((o) => o.id)).toEqual(['a', 'b']);
  });
});

describe('transcript text and tags', () => {
  it('writes tags inline at their offsets with tidy spaces', () => {
    expect(inlineText({ speaker: null, text: 'we use it', tags: [{ tag: 'noise', offset: 9 }, { tag: 'inaudible', offset: 3 }] })).toBe('we [inaudible] use it [noise]');
    expect(inlineText({ speaker: null, text: '', tags: [{ tag: 'laughter', offset: 0 }] })).toBe('[laughter]');
  });
  it('moves tags to follow an edit before them and keeps those before it', () => {
    const tags = [{ tag: 'a', offset: 2 }, { tag: 'b', offset: 8 }];
    // "hello world" → "hello big world": 4 characters inserted at 6.
    expect(retargetTags('hello world', 'hello big world', tags)).toEqual([{ tag: 'a', offset: 2 }, { tag: 'b', offset: 12 }]);
    // "hello world" → "hello": the tag inside the removed span goes to where the span ends now.
    expect(retargetTags('hello world', 'hello', tags)).toEqual([{ tag: 'a', offset: 2 }, { tag: 'b', offset: 5 }]);
  });
  it('inserts a tag clamped to the text, in order', () => {
    const t = insertTag({ speaker: 'A', text: 'abc', tags: [{ tag: 'x', offset: 2 }] }, 'y', 99);
    expect(t.tags).toEqual([{ tag: 'x', offset: 2 }, { tag: 'y', offset: 3 }]);
  });
  it('lists timed segments in time order', () => {
    expect(timedSegments({ objects: [seg('b', 6, 8, 'two'), seg('a', 0, 4, 'one')] }).map((s) => [s.id, s.startSec, s.inlineText])).toEqual([['a', 0, 'one'], ['b', 6, 'two']]);
  });
});
