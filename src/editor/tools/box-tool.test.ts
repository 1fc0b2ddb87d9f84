import { describe, expect, it } from 'vitest';
import { imagePoint } from '../../core/geometry/point';
import { createEditor, dispatch, redoEditor, undoEditor, type EditorState } from '../editor';
import { boxToolPreview } from './box-tool';
import type { ToolContext, ToolEvent } from './tool';

let ids = 0;
const ctx: Omit<ToolContext, 'doc'> = {
  imageSize: { width: 200, height: 100 },
  activeClassId: 'car',
  minSizePx: 4,
  newId: () => `obj-${++ids}`,
};
const down = (x: number, y: number): ToolEvent => ({ type: 'pointer.down', point: imagePoint(x, y) });
const move = (x: number, y: number): ToolEvent => ({ type: 'pointer.move', point: imagePoint(x, y) });
const up = (x: number, y: number): ToolEvent => ({ type: 'pointer.up', point: imagePoint(x, y) });

function run(events: ToolEvent[], c = ctx, start: EditorState = createEditor({ objects: [] })): EditorState {
  return events.reduce((e, ev) => dispatch(e, c, ev), start);
}

describe('box tool', () => {
  describe('when idle', () => {
    it('starts pointing on pointer down', () => {
      const e = run([down(10, 10)]);
      expect(e.tool).toEqual({ tool: 'box', state: { name: 'pointing', origin: { x: 10, y: 10 } } });
    });
  });

  describe('when dragging', () => {
    it('previews the box and commits one box on pointer up', () => {
      const mid = run([down(10, 20), move(50, 60)]);
      expect(mid.tool.tool === 'box' && boxToolPreview(mid.tool.state, ctx)).toEqual({ kind: 'box', x: 10, y: 20, w: 40, h: 40 });
      expect(mid.doc.objects).toHaveLength(0);
      const e = run([up(60, 70)], ctx, mid);
      expect(e.doc.objects).toHaveLength(1);
      expect(e.doc.objects[0]).toMatchObject({ classId: 'car', source: 'human', geometry: { kind: 'box', x: 10, y: 20, w: 50, h: 50 } });
      expect(e.history.undo).toHaveLength(1);
      expect(e.tool).toEqual({ tool: 'box', state: { name: 'idle' } });
    });

    it('clamps the box to the image', () => {
      const e = run([down(180, 90), move(250, 150), up(250, 150)]);
      expect(e.doc.objects[0]!.geometry).toEqual({ kind: 'box', x: 180, y: 90, w: 20, h: 10 });
    });

    it('refuses a box below the minimum size with a hint', () => {
      const e = run([down(10, 10), move(13, 40), up(13, 40)]);
      expect(e.doc.objects).toHaveLength(0);
      expect(e.hint).toMatch(/too small/);
    });

    it('leaves nothing to undo when cancelled with Esc', () => {
      const e = run([down(10, 10), move(50, 50), { type: 'cancel' }, up(50, 50)]);
      expect(e.doc.objects).toHaveLength(0);
      expect(e.history.undo).toHaveLength(0);
      expect(e.tool).toEqual({ tool: 'box', state: { name: 'idle' } });
    });
  });

  describe('when anchored by a click', () => {
    it('commits on the second click', () => {
      const anchored = run([down(10, 10), up(10, 10), move(40, 30)]);
      expect(anchored.tool.tool === 'box' && anchored.tool.state.name).toBe('anchored');
      const e = run([down(40, 30)], ctx, anchored);
      expect(e.doc.objects[0]!.geometry).toEqual({ kind: 'box', x: 10, y: 10, w: 30, h: 20 });
    });
  });

  it('asks for a class when none is active', () => {
    const e = run([down(10, 10), move(50, 50), up(50, 50)], { ...ctx, activeClassId: null });
    expect(e.doc.objects).toHaveLength(0);
    expect(e.hint).toMatch(/class/);
  });

  it('undoes and redoes a drawn box', () => {
    const e = run([down(10, 10), move(50, 50), up(50, 50)]);
    const undone = undoEditor(e);
    expect(undone.doc.objects).toHaveLength(0);
    expect(redoEditor(undone).doc).toEqual(e.doc);
  });
});
