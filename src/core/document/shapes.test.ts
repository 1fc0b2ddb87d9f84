import { describe, expect, it } from 'vitest';
import type { AnnotationDocument } from '../../shared/annotation.schema';
import type { Ontology } from '../../shared/project.schema';
import type { TaskShapes } from '../../shared/task.schema';
import { shapeProblems, shapesAskedFor } from './shapes';

const ontology: Ontology = {
  classes: [
    { id: 'car', name: 'Car', color: '#e6194b', hotkey: '1', attributes: [] },
    { id: 'pedestrian', name: 'Pedestrian', color: '#3cb44b', hotkey: '2', attributes: [] },
  ],
};
const shapes: TaskShapes = {
  box: { classIds: ['car'], minWidth: 20, minHeight: 10 },
  polygon: { classIds: ['pedestrian'], minVertices: 4, maxVertices: 6 },
};
const square = (n: number) => Array.from({ length: n }, (_, k) => ({ x: 50 + 10 * Math.cos((2 * Math.PI * k) / n), y: 50 + 10 * Math.sin((2 * Math.PI * k) / n) }));
function doc(...geometries: [string, AnnotationDocument['objects'][number]['geometry']][]): AnnotationDocument {
  return { objects: geometries.map(([classId, geometry], i) => ({ id: `o${i}`, classId, geometry, attributes: {}, source: 'human' as const, version: 1 })) };
}

describe('a task\'s shapes', () => {
  it('accepts boxes and polygons of their own classes within the limits, the limits included', () => {
    expect(shapeProblems(doc(['car', { kind: 'box', x: 0, y: 0, w: 20, h: 10 }], ['pedestrian', { kind: 'polygon', points: square(4) }], ['pedestrian', { kind: 'polygon', points: square(6) }]), shapes, ontology)).toEqual([]);
  });

  it('names the object and field of a box too small, a polygon with too few or too many vertices', () => {
    expect(shapeProblems(doc(['car', { kind: 'box', x: 0, y: 0, w: 19.96, h: 9 }], ['pedestrian', { kind: 'polygon', points: square(3) }], ['pedestrian', { kind: 'polygon', points: square(7) }]), shapes, ontology)).toEqual([
      { objectIndex: 0, field: 'geometry.w', message: "19.9 px wide; this task's boxes are at least 20 px wide" },
      { objectIndex: 0, field: 'geometry.h', message: "9 px high; this task's boxes are at least 10 px high" },
      { objectIndex: 1, field: 'geometry.points', message: "3 vertices; this task's polygons have at least 4" },
      { objectIndex: 2, field: 'geometry.points', message: "7 vertices; this task's polygons have at most 6" },
    ]);
  });

  it('refuses a class the geometry is not for, and a geometry the task does not ask for', () => {
    const boxesOnly: TaskShapes = { box: { classIds: ['car'] } };
    expect(shapeProblems(doc(['pedestrian', { kind: 'box', x: 0, y: 0, w: 30, h: 30 }], ['car', { kind: 'polygon', points: square(5) }], ['car', { kind: 'mask', rle: { size: [2, 2], counts: '4' } }]), boxesOnly, ontology)).toEqual([
      { objectIndex: 0, field: 'classId', message: "this task's boxes are for Car, not Pedestrian" },
      { objectIndex: 1, field: 'geometry.kind', message: 'this task asks for boxes, not polygons' },
      { objectIndex: 2, field: 'geometry.kind', message: 'this task asks for boxes, not masks' },
    ]);
    expect(shapesAskedFor(shapes)).toBe('boxes and polygons');
    expect(shapesAskedFor({ polygon: { classIds: ['car'] } })).toBe('polygons');
  });
});
