import { describe, expect, it } from 'vitest';
import type { AnnotationObject } from '../../shared/annotation.schema';
import { diffDocuments, sameAnswer } from './diff';

const box = (id: string, x: number, y: number, w: number, h: number, classId = 'car', attributes = {}): AnnotationObject => ({
  id, classId, geometry: { kind: 'box', x, y, w, h }, attributes, source: 'human', version: 1,
});
const poly = (id: string, pts: [number, number][], classId = 'car'): AnnotationObject => ({
  id, classId, geometry: { kind: 'polygon', points: pts.map(([x, y]) => ({ x, y })) }, attributes: {}, source: 'human', version: 1,
});
const doc = (...objects: AnnotationObject[]) => ({ objects });
const labels = { car: 'Car', cyclist: 'Cyclist' };

describe('diffDocuments', () => {
  it('is empty when nothing changed', () => {
    const d = doc(box('a', 1, 2, 30, 40), poly('p', [[0, 0], [10, 0], [5, 8]]));
    expect(diffDocuments(d, structuredClone(d))).toEqual([]);
  });

  it('names a moved box with its shift', () => {
    const [e] = diffDocuments(doc(box('a', 10, 10, 50, 40)), doc(box('a', 22, 7, 50, 40)));
    expect(e).toEqual({ kind: 'moved', objectId: 'a', dx: 12, dy: -3, message: 'box moved 12 px right, 3 px up' });
  });

  it('names a resized box with the edges that moved', () => {
    const [e] = diffDocuments(doc(box('a', 10, 10, 50, 40)), doc(box('a', 10, 10, 36, 40)));
    expect(e).toMatchObject({ kind: 'resized', message: 'box resized 50×40 → 36×40 px (right −14)' });
  });

  it('names a class change and changed attributes', () => {
    const entries = diffDocuments(doc(box('a', 0, 0, 5, 5, 'car', { occluded: false })), doc(box('a', 0, 0, 5, 5, 'cyclist', { occluded: true })), { classLabels: labels });
    expect(entries.map((e) => e.message)).toEqual(['class Car → Cyclist', 'occluded changed']);
    expect(entries[0]).toMatchObject({ fromClassId: 'car', toClassId: 'cyclist' });
  });

  it('lists deleted and added objects', () => {
    const entries = diffDocuments(doc(box('a', 0, 0, 5, 5)), doc(box('b', 9, 9, 5, 5, 'cyclist')), { classLabels: labels });
    expect(entries.map((e) => [e.kind, e.objectId, e.message])).toEqual([
      ['deleted', 'a', 'box Car deleted'],
      ['added', 'b', 'box Cyclist added'],
    ]);
  });

  it('tells a dragged polygon from one with edited vertices', () => {
    const before = poly('p', [[0, 0], [10, 0], [5, 8]]);
    expect(diffDocuments(doc(before), doc(poly('p', [[4, 0], [14, 0], [9, 8]])))[0]).toMatchObject({ kind: 'moved', dx: 4, dy: 0 });
    expect(diffDocuments(doc(before), doc(poly('p', [[0, 0], [13, 4], [5, 8]])))[0]!.message).toBe('1 vertex moved, up to 5 px');
    expect(diffDocuments(doc(before), doc(poly('p', [[0, 0], [10, 0], [10, 8], [5, 8]])))[0]!.message).toBe('polygon reshaped, 1 vertex added');
  });

  it('ignores shifts below the threshold', () => {
    expect(diffDocuments(doc(box('a', 10, 10, 50, 40)), doc(box('a', 10.2, 10, 50, 40)))).toEqual([]);
  });

  it('lists a categorization\'s changed answers, ignoring the order of choices', () => {
    const before = { objects: [], categories: { weather: ['sunny'], seen: ['car', 'bus'] } };
    expect(diffDocuments(before, { objects: [], categories: { weather: ['rain'], seen: ['bus', 'car'] } }).map((e) => [e.kind, e.taxonomy, e.message])).toEqual([
      ['categories_changed', 'weather', 'weather: sunny → rain'],
    ]);
    expect(diffDocuments(before, { objects: [], categories: { seen: ['car', 'bus'] } })[0]!.message).toBe('weather: sunny → nothing');
    expect(diffDocuments(before, before)).toEqual([]);
  });
});

describe('sameAnswer', () => {
  it('compares objects and categories, not versions or the order of choices', () => {
    const a = doc(box('a', 0, 0, 5, 5));
    expect(sameAnswer(a, { objects: a.objects.map((o) => ({ ...o, version: 9 })) })).toBe(true);
    expect(sameAnswer(a, doc(box('a', 1, 0, 5, 5)))).toBe(false);
    expect(sameAnswer({ objects: [], categories: { seen: ['car', 'bus'] } }, { objects: [], categories: { seen: ['bus', 'car'] } })).toBe(true);
    // A categories-only fix is a fix.
    expect(sameAnswer({ objects: [], categories: { weather: ['sunny'] } }, { objects: [], categories: { weather: ['rain'] } })).toBe(false);
    expect(sameAnswer({ objects: [] }, { objects: [], categories: {} })).toBe(true);
  });
});
