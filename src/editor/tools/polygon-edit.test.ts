import { describe, expect, it } from 'vitest';
import type { AnnotationObject } from '../../shared/annotation.schema';
import { imagePoint } from '../../core/geometry/point';
import { createEditor, runEdit, undoEditor } from '../editor';
import { deleteVertex, insertVertex, movePolygon, moveVertex } from './polygon-edit';

const imageSize = { width: 200, height: 100 };
const P = (x: number, y: number) => ({ x, y });
function makePolygon(points: { x: number; y: number }[], id = 'p1'): AnnotationObject {
  return { id, classId: 'car', geometry: { kind: 'polygon', points }, attributes: {}, source: 'human', version: 1 };
}
const square = makePolygon([P(10, 10), P(50, 10), P(50, 50), P(10, 50)]);
const pointsOf = (edit: { commands: unknown[] }) => {
  const cmd = edit.commands[0] as { type: string; id: string; changes: { geometry: { points: unknown[] } } };
  expect(cmd.type).toBe('annotation.update');
  return cmd.changes.geometry.points;
};

describe('polygon edits', () => {
  describe('moveVertex', () => {
    it('moves one vertex as one update', () => {
      const edit = moveVertex(square, { index: 2, to: imagePoint(70, 60), imageSize });
      expect(edit.commands).toHaveLength(1);
      expect(edit.commands[0]).toMatchObject({ type: 'annotation.update', id: 'p1' });
      expect(pointsOf(edit)).toEqual([P(10, 10), P(50, 10), P(70, 60), P(10, 50)]);
      expect(edit.hint).toBeUndefined();
    });
    it('clamps the moved vertex to the image and leaves the others alone', () => {
      const outside = makePolygon([P(-5, 10), P(50, 10), P(50, 50)]);
      expect(pointsOf(moveVertex(outside, { index: 2, to: imagePoint(250, 120.456), imageSize }))).toEqual([P(-5, 10), P(50, 10), P(200, 100)]);
    });
    it('gives no command when the vertex ends where it was', () => {
      expect(moveVertex(square, { index: 0, to: imagePoint(10, 10), imageSize })).toEqual({ commands: [] });
    });
    it('still moves, with a hint, when the result crosses itself', () => {
      const edit = moveVertex(square, { index: 0, to: imagePoint(60, 30), imageSize });
      expect(edit.commands).toHaveLength(1);
      expect(edit.hint).toBe('Polygon crosses itself');
    });
    it('throws for a vertex the polygon does not have, or for a box', () => {
      expect(() => moveVertex(square, { index: 4, to: imagePoint(0, 0), imageSize })).toThrow(RangeError);
      const box: AnnotationObject = { ...square, geometry: { kind: 'box', x: 0, y: 0, w: 5, h: 5 } };
      expect(() => moveVertex(box, { index: 0, to: imagePoint(0, 0), imageSize })).toThrow(TypeError);
    });
  });

  describe('insertVertex', () => {
    it('inserts at the midpoint of an edge', () => {
      expect(pointsOf(insertVertex(square, { edge: 1, imageSize }))).toEqual([P(10, 10), P(50, 10), P(50, 30), P(50, 50), P(10, 50)]);
    });
    it('inserts on the closing edge after the last vertex', () => {
      expect(pointsOf(insertVertex(square, { edge: 3, imageSize }))).toEqual([P(10, 10), P(50, 10), P(50, 50), P(10, 50), P(10, 30)]);
    });
    it('inserts where a dragged midpoint handle was dropped, clamped, in one update', () => {
      const edit = insertVertex(square, { edge: 0, at: imagePoint(30, -8), imageSize });
      expect(edit.commands).toHaveLength(1);
      expect(pointsOf(edit)).toEqual([P(10, 10), P(30, 0), P(50, 10), P(50, 50), P(10, 50)]);
    });
  });

  describe('deleteVertex', () => {
    it('deletes a vertex', () => {
      expect(pointsOf(deleteVertex(square, { index: 0 }))).toEqual([P(50, 10), P(50, 50), P(10, 50)]);
    });
    it('refuses to go below three vertices, with a hint', () => {
      const tri = makePolygon([P(10, 10), P(50, 10), P(50, 50)]);
      expect(deleteVertex(tri, { index: 1 })).toEqual({ commands: [], hint: 'A polygon needs at least 3 vertices' });
    });
  });

  describe('movePolygon', () => {
    it('moves every vertex by dx, dy', () => {
      expect(pointsOf(movePolygon(square, { dx: 5, dy: -3, imageSize }))).toEqual([P(15, 7), P(55, 7), P(55, 47), P(15, 47)]);
    });
    it('stops at the image border, keeping the shape', () => {
      expect(pointsOf(movePolygon(square, { dx: 500, dy: -500, imageSize }))).toEqual([P(160, 0), P(200, 0), P(200, 40), P(160, 40)]);
    });
    it('lets a polygon partly outside move inward but not further out', () => {
      const straddling = makePolygon([P(-10, 10), P(30, 10), P(30, 50)]);
      expect(movePolygon(straddling, { dx: -5, dy: 0, imageSize })).toEqual({ commands: [] });
      expect(pointsOf(movePolygon(straddling, { dx: 15, dy: 0, imageSize }))).toEqual([P(5, 10), P(45, 10), P(45, 50)]);
    });
    it('gives no command for a move of nothing', () => {
      expect(movePolygon(square, { dx: 0, dy: 0, imageSize })).toEqual({ commands: [] });
    });
  });

  it('applies through the editor as one history entry that undoes', () => {
    const editor = createEditor({ objects: [square] });
    const moved = runEdit(editor, movePolygon(square, { dx: 5, dy: 5, imageSize }));
    expect(moved.history.undo).toHaveLength(1);
    expect(moved.doc.objects[0]).toMatchObject({ version: 2, geometry: { points: [P(15, 15), P(55, 15), P(55, 55), P(15, 55)] } });
    expect(undoEditor(moved).doc).toEqual(editor.doc);
    const crossed = runEdit(editor, moveVertex(square, { index: 0, to: imagePoint(60, 30), imageSize }));
    expect(crossed.hint).toBe('Polygon crosses itself');
    const refused = runEdit(editor, deleteVertex(makePolygon([P(1, 1), P(5, 1), P(5, 5)]), { index: 0 }));
    expect(refused.history.undo).toHaveLength(0);
    expect(refused.hint).toMatch(/at least 3/);
  });
});
