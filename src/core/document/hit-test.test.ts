import { describe, expect, it } from 'vitest';
import type { AnnotationObject } from '../../shared/annotation.schema';
import { imagePoint } from '../geometry/point';
import { objectAt } from './hit-test';

const box = (id: string, x: number, y: number, w: number, h: number): AnnotationObject => ({
  id, classId: 'car', geometry: { kind: 'box', x, y, w, h }, attributes: {}, source: 'human', version: 1,
});
const tri: AnnotationObject = {
  id: 't', classId: 'car', geometry: { kind: 'polygon', points: [{ x: 0, y: 0 }, { x: 100, y: 0 }, { x: 0, y: 100 }] }, attributes: {}, source: 'human', version: 1,
};

describe('objectAt', () => {
  it('picks the topmost object under the point', () => {
    const doc = { objects: [box('a', 0, 0, 50, 50), box('b', 25, 25, 50, 50)] };
    expect(objectAt(doc, imagePoint(30, 30))?.id).toBe('b');
    expect(objectAt(doc, imagePoint(10, 10))?.id).toBe('a');
    expect(objectAt(doc, imagePoint(90, 90))).toBeNull();
  });
  it('tests polygons by their shape, not their bounds', () => {
    expect(objectAt({ objects: [tri] }, imagePoint(20, 20))?.id).toBe('t');
    expect(objectAt({ objects: [tri] }, imagePoint(80, 80))).toBeNull();
  });
  it('takes an edge tolerance and skips hidden objects', () => {
    const doc = { objects: [box('a', 10, 10, 20, 2)] };
    expect(objectAt(doc, imagePoint(15, 14))).toBeNull();
    expect(objectAt(doc, imagePoint(15, 14), 3)?.id).toBe('a');
    expect(objectAt(doc, imagePoint(15, 11), 0, new Set(['a']))).toBeNull();
  });
});
