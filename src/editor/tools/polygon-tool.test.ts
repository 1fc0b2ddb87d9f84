import { describe, expect, it } from 'vitest';
import { imagePoint } from '../../core/geometry/point';
import { createEditor, dispatch, polygonToolPreview, redoEditor, setTool, undoEditor, type EditorState } from '../editor';
import type { PolygonToolState } from './polygon-tool';
import type { ToolContext, ToolEvent } from './tool';

let ids = 0;
const ctx: Omit<ToolContext, 'doc'> = {
  imageSize: { width: 200, height: 100 },
  activeClassId: 'car',
  minSizePx: 4,
  newId: () => `poly-${++ids}`,
  snapRadiusPx: 5,
};
const P = (x: number, y: number) => imagePoint(x, y);
const down = (x: number, y: number, shift = false): ToolEvent => ({ type: 'pointer.down', point: P(x, y), shift });
const move = (x: number, y: number, shift = false): ToolEvent => ({ type: 'pointer.move', point: P(x, y), shift });
const up = (x: number, y: number, shift = false): ToolEvent => ({ type: 'pointer.up', point: P(x, y), shift });
const click = (x: number, y: number): ToolEvent[] => [down(x, y), up(x, y)];
const close: ToolEvent = { type: 'close' };
const undoVertex: ToolEvent = { type: 'undo-vertex' };
const cancel: ToolEvent = { type: 'cancel' };

function polygonEditor(): EditorState {
  return setTool(createEditor({ objects: [] }), 'polygon');
}
function run(events: ToolEvent[], c = ctx, start: EditorState = polygonEditor()): EditorState {
  return events.reduce((e, ev) => dispatch(e, c, ev), start);
}
function toolState(e: EditorState): PolygonToolState {
  if (e.tool.tool !== 'polygon') throw new Error(`active tool is ${e.tool.tool}`);
  return e.tool.state;
}
function vertices(e: EditorState) {
  const s = toolState(e);
  return s.name === 'idle' ? [] : s.points.map((p) => ({ x: p.x, y: p.y }));
}
const triangle = [...click(10, 10), ...click(60, 10), ...click(35, 50)];

describe('polygon tool', () => {
  describe('when idle', () => {
    it('starts drawing with the first vertex on a click', () => {
      const e = run(click(10, 10));
      expect(toolState(e)).toEqual({ name: 'drawing', points: [P(10, 10)], cursor: P(10, 10), press: null });
      expect(e.doc.objects).toHaveLength(0);
      expect(e.history.undo).toHaveLength(0);
    });

    it('places nothing for a drag', () => {
      const e = run([down(10, 10), move(30, 30), up(30, 30)]);
      expect(toolState(e)).toEqual({ name: 'idle', press: null });
    });

    it('ignores close, undo-vertex and a release without a press', () => {
      const e = run([close, undoVertex, up(5, 5)]);
      expect(toolState(e)).toEqual({ name: 'idle', press: null });
      expect(e.hint).toBeNull();
    });

    it('shows no preview', () => {
      expect(polygonToolPreview(toolState(run([down(10, 10)])))).toBeNull();
    });
  });

  describe('when drawing', () => {
    it('previews the vertices placed and the segment to the cursor', () => {
      const e = run([...click(10, 10), ...click(60, 10), move(40, 40)]);
      expect(polygonToolPreview(toolState(e), ctx)).toEqual({ points: [P(10, 10), P(60, 10)], cursor: P(40, 40), closable: false });
      expect(e.doc.objects).toHaveLength(0);
    });

    it('closes on a click near the first vertex', () => {
      const e = run([...triangle, move(12, 11), ...click(12, 11)]);
      expect(e.doc.objects).toHaveLength(1);
      expect(e.doc.objects[0]).toMatchObject({
        classId: 'car',
        source: 'human',
        version: 1,
        geometry: { kind: 'polygon', points: [{ x: 10, y: 10 }, { x: 60, y: 10 }, { x: 35, y: 50 }] },
      });
      expect(e.history.undo).toHaveLength(1);
      expect(toolState(e)).toEqual({ name: 'idle', press: null });
      expect(e.hint).toBeNull();
    });

    it('marks the preview closable and snaps its cursor onto the first vertex near it', () => {
      const e = run([...triangle, move(12, 11)]);
      expect(polygonToolPreview(toolState(e), ctx)).toEqual({
        points: [P(10, 10), P(60, 10), P(35, 50)],
        cursor: P(10, 10),
        closable: true,
      });
    });

    it('uses the snap radius from the context, so a zoomed-in click beside the first vertex adds a vertex', () => {
      const e = run([...triangle, ...click(13, 10)], { ...ctx, snapRadiusPx: 1 });
      expect(e.doc.objects).toHaveLength(0);
      expect(vertices(e)).toHaveLength(4);
    });

    it('closes on Enter', () => {
      const e = run([...triangle, move(100, 80), close]);
      expect(e.doc.objects).toHaveLength(1);
      expect(e.history.undo).toHaveLength(1);
      expect(toolState(e).name).toBe('idle');
    });

    it('closes on a double-click without a duplicate vertex from its second click', () => {
      const e = run([...click(10, 10), ...click(60, 10), ...click(35, 50), ...click(35.5, 50), close]);
      expect(e.doc.objects[0]!.geometry).toEqual({ kind: 'polygon', points: [{ x: 10, y: 10 }, { x: 60, y: 10 }, { x: 35, y: 50 }] });
      expect(e.history.undo).toHaveLength(1);
    });

    it('refuses Enter with fewer than 3 vertices, with a hint, and keeps drawing', () => {
      const e = run([...click(10, 10), ...click(60, 10), close]);
      expect(e.doc.objects).toHaveLength(0);
      expect(e.history.undo).toHaveLength(0);
      expect(e.hint).toMatch(/at least 3 vertices/);
      expect(vertices(e)).toEqual([{ x: 10, y: 10 }, { x: 60, y: 10 }]);
    });

    it('refuses a click on the first vertex with only two vertices', () => {
      const e = run([...click(10, 10), ...click(60, 10), ...click(11, 10)]);
      expect(e.doc.objects).toHaveLength(0);
      expect(e.hint).toMatch(/at least 3 vertices/);
      expect(vertices(e)).toHaveLength(2);
    });

    it('removes the last vertex on Backspace', () => {
      const e = run([...triangle, undoVertex]);
      expect(vertices(e)).toEqual([{ x: 10, y: 10 }, { x: 60, y: 10 }]);
      expect(e.history.undo).toHaveLength(0);
    });

    it('returns to idle when Backspace removes the only vertex', () => {
      const e = run([...click(10, 10), undoVertex]);
      expect(toolState(e)).toEqual({ name: 'idle', press: null });
    });

    it('leaves nothing to undo when cancelled with Esc', () => {
      const e = run([...triangle, move(80, 80), cancel, up(80, 80)]);
      expect(toolState(e)).toEqual({ name: 'idle', press: null });
      expect(e.doc.objects).toHaveLength(0);
      expect(e.history.undo).toHaveLength(0);
      expect(undoEditor(e).doc).toEqual(e.doc);
    });

    it('drops a press cancelled with Esc, so its release places nothing', () => {
      const e = run([...click(10, 10), down(60, 10), cancel, up(60, 10)]);
      expect(toolState(e)).toEqual({ name: 'idle', press: null });
    });

    it('places no vertex for a drag', () => {
      const e = run([...click(10, 10), down(60, 10), move(80, 30), up(80, 30)]);
      expect(vertices(e)).toEqual([{ x: 10, y: 10 }]);
      expect(toolState(e)).toMatchObject({ cursor: P(80, 30), press: null });
    });

    it('clamps vertices to the image', () => {
      const e = run([...click(-20, 10), ...click(250, -5), ...click(150, 130), close]);
      expect(e.doc.objects[0]!.geometry).toEqual({ kind: 'polygon', points: [{ x: 0, y: 10 }, { x: 200, y: 0 }, { x: 150, y: 100 }] });
    });

    it('rounds vertices to 0.01 px', () => {
      const e = run([...click(10.123, 10), ...click(60, 10.456), ...click(35, 50), close]);
      expect(e.doc.objects[0]!.geometry).toMatchObject({ points: [{ x: 10.12, y: 10 }, { x: 60, y: 10.46 }, { x: 35, y: 50 }] });
    });

    it('refuses a polygon with no area inside the image', () => {
      const e = run([...click(210, 10), ...click(260, 10), ...click(230, 60), close]);
      expect(e.doc.objects).toHaveLength(0);
      expect(e.hint).toMatch(/no area/);
      expect(vertices(e)).toHaveLength(3);
    });

    it('asks for a class when none is active, keeping the vertices', () => {
      const noClass = { ...ctx, activeClassId: null };
      const e = run([...triangle, close], noClass);
      expect(e.doc.objects).toHaveLength(0);
      expect(e.hint).toMatch(/class/);
      expect(vertices(e)).toHaveLength(3);
      const picked = run([close], ctx, e);
      expect(picked.doc.objects).toHaveLength(1);
    });

    it('creates a polygon that crosses itself, with a hint', () => {
      const e = run([...click(10, 10), ...click(60, 60), ...click(60, 10), ...click(10, 60), close]);
      expect(e.doc.objects).toHaveLength(1);
      expect(e.history.undo).toHaveLength(1);
      expect(e.hint).toBe('Polygon crosses itself');
    });
  });

  describe('when freehand', () => {
    it('adds vertices as the pointer moves with shift held, skipping points closer than the spacing', () => {
      const e = run([down(10, 10, true), move(11, 10, true), move(12, 10, true), move(14, 10, true), move(15, 10, true), move(20, 12, true)]);
      expect(toolState(e).name).toBe('freehand');
      expect(vertices(e)).toEqual([{ x: 10, y: 10 }, { x: 14, y: 10 }, { x: 20, y: 12 }]);
      expect(polygonToolPreview(toolState(e))).toMatchObject({ cursor: P(20, 12), closable: false });
    });

    it('takes the spacing from the context', () => {
      const e = run([down(10, 10, true), move(11, 10, true), move(12, 10, true)], { ...ctx, freehandSpacingPx: 1 });
      expect(vertices(e)).toHaveLength(3);
    });

    it('adds nothing while shift is released, though the pointer is still down', () => {
      const e = run([down(10, 10, true), move(20, 10, true), move(30, 10), move(40, 10), move(50, 10, true)]);
      expect(vertices(e)).toEqual([{ x: 10, y: 10 }, { x: 20, y: 10 }, { x: 50, y: 10 }]);
    });

    it('returns to click drawing on pointer up, so strokes and clicks mix in one polygon', () => {
      const stroke = [down(60, 10, true), move(70, 20, true), move(80, 30, true), up(80, 30, true)];
      const afterStroke = run([...click(10, 10), ...stroke]);
      expect(toolState(afterStroke)).toMatchObject({ name: 'drawing', press: null });
      const e = run([...click(40, 60), ...click(10, 11)], ctx, afterStroke);
      expect(e.doc.objects[0]!.geometry).toEqual({
        kind: 'polygon',
        points: [{ x: 10, y: 10 }, { x: 60, y: 10 }, { x: 70, y: 20 }, { x: 80, y: 30 }, { x: 40, y: 60 }],
      });
      expect(e.history.undo).toHaveLength(1);
    });

    it('adds one vertex for a shift-click', () => {
      const e = run([...click(10, 10), down(60, 10, true), up(60, 10, true)]);
      expect(toolState(e)).toEqual({ name: 'drawing', points: [P(10, 10), P(60, 10)], cursor: P(60, 10), press: null });
    });

    it('closes on Enter during a stroke, and the release that follows does nothing', () => {
      const e = run([...click(10, 10), down(60, 10, true), move(60, 60, true), close, up(60, 60, true)]);
      expect(e.doc.objects[0]!.geometry).toMatchObject({ points: [{ x: 10, y: 10 }, { x: 60, y: 10 }, { x: 60, y: 60 }] });
      expect(toolState(e)).toEqual({ name: 'idle', press: null });
      expect(e.history.undo).toHaveLength(1);
    });

    it('removes the last vertex on Backspace', () => {
      const e = run([down(10, 10, true), move(20, 10, true), undoVertex]);
      expect(vertices(e)).toEqual([{ x: 10, y: 10 }]);
    });

    it('drops the stroke and every vertex on Esc, leaving nothing to undo', () => {
      const e = run([...triangle, down(80, 80, true), move(90, 90, true), cancel, move(95, 95, true), up(95, 95, true)]);
      expect(toolState(e)).toEqual({ name: 'idle', press: null });
      expect(e.doc.objects).toHaveLength(0);
      expect(e.history.undo).toHaveLength(0);
    });
  });

  describe('through the editor', () => {
    it('undoes and redoes a committed polygon as one step', () => {
      const e = run([...triangle, close]);
      const undone = undoEditor(e);
      expect(undone.doc.objects).toHaveLength(0);
      expect(undone.history.undo).toHaveLength(0);
      const redone = redoEditor(undone);
      expect(redone.doc).toEqual(e.doc);
      expect(redone.history.undo).toHaveLength(1);
    });

    it('draws a second polygon after the first, each its own history entry', () => {
      const e = run([...triangle, close, ...click(100, 10), ...click(150, 10), ...click(120, 50), close]);
      expect(e.doc.objects.map((o) => o.id)).toHaveLength(2);
      expect(new Set(e.doc.objects.map((o) => o.id)).size).toBe(2);
      expect(e.history.undo).toHaveLength(2);
    });

    it('drops a polygon in progress when the tool changes', () => {
      const e = setTool(run(triangle), 'box');
      expect(e.tool).toEqual({ tool: 'box', state: { name: 'idle' } });
      expect(e.doc.objects).toHaveLength(0);
      expect(setTool(e, 'polygon').tool).toEqual({ tool: 'polygon', state: { name: 'idle', press: null } });
    });

    it('leaves the box tool unmoved by close, undo-vertex and shift', () => {
      const box = run([down(10, 10, true), move(50, 50, true), close, undoVertex, up(50, 50, true)], ctx, createEditor({ objects: [] }));
      expect(box.doc.objects[0]!.geometry).toEqual({ kind: 'box', x: 10, y: 10, w: 40, h: 40 });
    });
  });
});
