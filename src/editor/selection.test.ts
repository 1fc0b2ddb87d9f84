import { describe, expect, it } from 'vitest';
import type { AnnotationObject } from '../shared/annotation.schema';
import { createEditor, runCommands, undoEditor } from './editor';
import { deleteObjectsCommands, moveObjectsCommands, objectsInRect, rectFromCorners } from './selection';

const box = (id: string, x: number, y: number, w = 10, h = 10): AnnotationObject => ({ id, classId: 'car', geometry: { kind: 'box', x, y, w, h }, attributes: {}, source: 'human', version: 1 });
const tri = (id: string, x: number, y: number): AnnotationObject => ({
  id,
  classId: 'car',
  geometry: { kind: 'polygon', points: [{ x, y }, { x: x + 10, y }, { x, y: y + 10 }] },
  attributes: {},
  source: 'human',
  version: 1,
});
const image = { width: 100, height: 100 };

describe('objectsInRect', () => {
  const objects = [box('a', 10, 10), tri('b', 30, 10), box('c', 50, 50), box('d', 25, 5, 30, 30)];
  it('takes the objects wholly inside the marquee, in document order', () => {
    expect(objectsInRect(objects, rectFromCorners({ x: 45, y: 25 }, { x: 5, y: 5 }))).toEqual(['a', 'b']);
  });
  it('leaves out objects it only touches, and skipped (hidden) ones', () => {
    expect(objectsInRect(objects, { x: 0, y: 0, w: 60, h: 40 }, new Set(['b']))).toEqual(['a', 'd']);
  });
});

describe('moveObjectsCommands', () => {
  it('moves boxes and polygons by one delta', () => {
    expect(moveObjectsCommands([box('a', 10, 10), tri('b', 30, 10)], { dx: 5, dy: -2.5 }, image)).toEqual([
      { type: 'annotation.update', id: 'a', changes: { geometry: { kind: 'box', x: 15, y: 7.5, w: 10, h: 10 } } },
      { type: 'annotation.update', id: 'b', changes: { geometry: { kind: 'polygon', points: [{ x: 35, y: 7.5 }, { x: 45, y: 7.5 }, { x: 35, y: 17.5 }] } } },
    ]);
  });
  it('stops the whole group at the image border, so the objects keep their spacing', () => {
    const cmds = moveObjectsCommands([box('a', 10, 10), box('b', 80, 10)], { dx: 50, dy: 0 }, image);
    expect(cmds.map((c) => c.type === 'annotation.update' && c.changes.geometry)).toEqual([
      { kind: 'box', x: 20, y: 10, w: 10, h: 10 },
      { kind: 'box', x: 90, y: 10, w: 10, h: 10 },
    ]);
  });
  it('gives nothing when the group cannot move', () => {
    expect(moveObjectsCommands([box('a', 90, 0)], { dx: 5, dy: -5 }, image)).toEqual([]);
  });
  it('is one history entry: one undo puts every object back', () => {
    const start = runCommands(createEditor({ objects: [] }), [{ type: 'annotation.create', object: box('a', 10, 10) }, { type: 'annotation.create', object: box('b', 40, 10) }]);
    const moved = runCommands(start, moveObjectsCommands(start.doc.objects, { dx: 3, dy: 4 }, image));
    expect(moved.doc.objects.map((o) => o.geometry)).toMatchObject([{ x: 13, y: 14 }, { x: 43, y: 14 }]);
    expect(undoEditor(moved).doc.objects.map((o) => o.geometry)).toMatchObject([{ x: 10, y: 10 }, { x: 40, y: 10 }]);
    const deleted = runCommands(start, deleteObjectsCommands(['a', 'b']));
    expect(deleted.doc.objects).toEqual([]);
    expect(undoEditor(deleted).doc.objects.map((o) => o.id)).toEqual(['a', 'b']);
  });
});
