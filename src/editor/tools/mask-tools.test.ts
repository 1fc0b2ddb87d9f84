import { describe, expect, it } from 'vitest';
import type { AnnotationDocument } from '../../shared/annotation.schema';
import { imagePoint } from '../../core/geometry/point';
import { maskGeometry, maskRle } from '../../core/masks/mask-geometry';
import { polygonToBitmap } from '../../core/masks/raster';
import { decodeRle, encodeBitmap } from '../../core/masks/rle';
import { rleArea } from '../../core/masks/rle-ops';
import { createEditor, dispatch, setTool, undoEditor, type EditorState, type ToolName } from '../editor';
import type { MaskToolContext, ToolContext, ToolEvent } from './tool';
import { brushToolPreview, strokeRle } from './brush-tool';
import { fillHolesEdit, removeSpecksEdit } from './mask-edit';
import { wandToolRegion } from './wand-tool';

const W = 10;
const H = 8;
const p = (x: number, y: number) => imagePoint(x, y);
const down = (x: number, y: number, shift = false): ToolEvent => ({ type: 'pointer.down', point: p(x, y), shift });
const move = (x: number, y: number): ToolEvent => ({ type: 'pointer.move', point: p(x, y) });
const up = (x: number, y: number): ToolEvent => ({ type: 'pointer.up', point: p(x, y) });

function rectRle(x0: number, y0: number, x1: number, y1: number) {
  return encodeBitmap(polygonToBitmap([p(x0, y0), p(x1, y0), p(x1, y1), p(x0, y1)], W, H));
}
function maskObj(id: string, classId: string, x0: number, y0: number, x1: number, y1: number) {
  return { id, classId, geometry: maskGeometry(rectRle(x0, y0, x1, y1)), attributes: {}, source: 'human' as const, version: 1 };
}

/** A test harness: an editor on a 10×8 image with mask settings; `run` feeds events like the canvas does. */
function harness(tool: ToolName, opts: Partial<MaskToolContext> & { doc?: AnnotationDocument; activeClassId?: string | null } = {}) {
  let ids = 0;
  // A 10×8 image: left half (x < 5) grey 50, right half grey 200.
  const data = new Uint8ClampedArray(W * H * 4);
  for (let i = 0; i < W * H; i++) data.fill(i % W < 5 ? 50 : 200, i * 4, i * 4 + 3), (data[i * 4 + 3] = 255);
  const mask: MaskToolContext = { mode: 'instance', overlap: 'paint-over', selectedId: null, brushRadiusPx: 1, wandTolerance: 10, imagePixels: { data, width: W, height: H }, ...opts };
  const ctx: Omit<ToolContext, 'doc'> = {
    imageSize: { width: W, height: H },
    activeClassId: opts.activeClassId === undefined ? 'car' : opts.activeClassId,
    minSizePx: 1,
    snapRadiusPx: 0.5,
    newId: () => `n${++ids}`,
    mask,
  };
  let editor: EditorState = setTool(createEditor(opts.doc ?? { objects: [] }), tool);
  return {
    run(...events: ToolEvent[]) {
      for (const e of events) editor = dispatch(editor, ctx, e);
      return editor;
    },
    get editor() {
      return editor;
    },
    ctx,
  };
}
const pixels = (e: EditorState, i = 0) => {
  const o = e.doc.objects[i]!;
  if (o.geometry.kind !== 'mask') throw new Error('not a mask');
  return decodeRle(maskRle(o.geometry)).data;
};

describe('brush tool', () => {
  describe('when idle', () => {
    it('starts painting on pointer down and puts nothing in the document', () => {
      const h = harness('brush');
      const e = h.run(down(2, 2));
      expect(e.tool).toMatchObject({ tool: 'brush', state: { name: 'painting', points: [p(2, 2)], radiusPx: 1 } });
      expect(e.doc.objects).toHaveLength(0);
    });
    it('refuses without a class in semantic mode', () => {
      const h = harness('brush', { mode: 'semantic', activeClassId: null });
      expect(h.run(down(2, 2)).hint).toMatch(/Pick a class/);
    });
  });
  describe('when painting', () => {
    it('previews the path and commits exactly the stroke pixels as one new instance on pointer up', () => {
      const h = harness('brush');
      h.run(down(1.5, 1.5), move(3.5, 1.5));
      expect(brushToolPreview(h.editor.tool.tool === 'brush' ? h.editor.tool.state : { name: 'idle' })?.points).toHaveLength(2);
      const e = h.run(up(5.5, 1.5));
      expect(e.doc.objects).toHaveLength(1);
      expect(e.doc.objects[0]).toMatchObject({ id: 'n1', classId: 'car', geometry: { kind: 'mask', rle: { size: [H, W] } } });
      expect(pixels(e)).toEqual(decodeRle(strokeRle([p(1.5, 1.5), p(3.5, 1.5), p(5.5, 1.5)], 1, W, H)).data);
      expect(e.history.undo).toHaveLength(1);
      expect(e.tool).toMatchObject({ state: { name: 'idle' } });
    });
    it('Esc drops the stroke', () => {
      const h = harness('brush');
      expect(h.run(down(1, 1), move(4, 4), { type: 'cancel' }).doc.objects).toHaveLength(0);
    });
    it('paints into the selected instance (instance mode) and undo restores its RLE', () => {
      const h = harness('brush', { selectedId: 'a', doc: { objects: [maskObj('a', 'car', 0, 0, 2, 2)] } });
      const before = h.editor.doc.objects[0]!.geometry;
      const e = h.run(down(6.5, 6.5), up(6.5, 6.5));
      expect(e.doc.objects).toHaveLength(1);
      expect(rleArea(maskRle(e.doc.objects[0]!.geometry as never))).toBe(4 + 5);
      expect(undoEditor(e).doc.objects[0]!.geometry).toEqual(before);
    });
  });
});

describe('eraser', () => {
  describe('when painting', () => {
    it('removes pixels from the target; emptying it deletes the object', () => {
      const h = harness('eraser', { selectedId: 'a', doc: { objects: [maskObj('a', 'car', 0, 0, 4, 1)] } });
      const e = h.run(down(0.5, 0.5), up(0.5, 0.5));
      expect(rleArea(maskRle(e.doc.objects[0]!.geometry as never))).toBe(2); // dab radius 1 takes (0,0) and (1,0)
      const gone = h.run(down(0.5, 0.5), move(3.5, 0.5), up(3.5, 0.5));
      expect(gone.doc.objects).toHaveLength(0);
      expect(gone.history.undo).toHaveLength(2);
    });
    it('says so when no mask is selected in instance mode', () => {
      expect(harness('eraser').run(down(1, 1), up(1, 1)).hint).toMatch(/Select a mask/);
    });
  });
});

describe('overlap rules', () => {
  const others = () => ({ objects: [maskObj('a', 'car', 0, 0, 4, 4), maskObj('b', 'pedestrian', 4, 0, 8, 4)] });
  it('paint-over takes the painted pixels from other masks in the same history entry', () => {
    const h = harness('brush', { mode: 'semantic', doc: others(), brushRadiusPx: 0.5 });
    const e = h.run(down(4.5, 0.5), move(6.5, 0.5), up(6.5, 0.5)); // pixels (4..6, 0) from b into car's mask
    expect(rleArea(maskRle(e.doc.objects[0]!.geometry as never))).toBe(16 + 3);
    expect(rleArea(maskRle(e.doc.objects[1]!.geometry as never))).toBe(16 - 3);
    expect(e.history.undo).toHaveLength(1);
    expect(undoEditor(e).doc).toEqual(others());
  });
  it('unlabeled-only paints only pixels no mask holds', () => {
    const h = harness('brush', { mode: 'semantic', overlap: 'unlabeled-only', doc: others(), brushRadiusPx: 0.5 });
    const e = h.run(down(6.5, 0.5), move(8.5, 0.5), up(8.5, 0.5)); // (6,0),(7,0) are b's; (8,0) is free
    expect(rleArea(maskRle(e.doc.objects[0]!.geometry as never))).toBe(17);
    expect(e.doc.objects[1]!.geometry).toEqual(others().objects[1]!.geometry);
  });
  it('semantic mode paints into the active class mask, creating it once', () => {
    const h = harness('brush', { mode: 'semantic', activeClassId: 'pedestrian', doc: others(), brushRadiusPx: 0.5 });
    const e = h.run(down(9.5, 7.5), up(9.5, 7.5));
    expect(e.doc.objects.map((o) => o.id)).toEqual(['a', 'b']);
    expect(rleArea(maskRle(e.doc.objects[1]!.geometry as never))).toBe(17);
  });
});

describe('polygon fill tool', () => {
  describe('when drawing', () => {
    it('fills the closed polygon into a new mask, one history entry', () => {
      const h = harness('polygon-fill');
      const e = h.run(down(1, 1), up(1, 1), down(5, 1), up(5, 1), down(5, 4), up(5, 4), down(1, 4), up(1, 4), { type: 'close' });
      expect(e.doc.objects).toHaveLength(1);
      expect(pixels(e)).toEqual(decodeRle(rectRle(1, 1, 5, 4)).data);
      expect(e.history.undo).toHaveLength(1);
    });
    it('with shift on a vertex, subtracts the polygon from the selected mask', () => {
      const h = harness('polygon-fill', { selectedId: 'a', doc: { objects: [maskObj('a', 'car', 0, 0, 6, 6)] } });
      const e = h.run(down(0, 0, true), up(0, 0), down(3, 0), up(3, 0), down(3, 6), up(3, 6), down(0, 6), up(0, 6), { type: 'close' });
      expect(pixels(e)).toEqual(decodeRle(rectRle(3, 0, 6, 6)).data);
    });
    it('Esc drops the polygon and the subtract flag', () => {
      const h = harness('polygon-fill');
      const e = h.run(down(0, 0, true), up(0, 0), { type: 'cancel' });
      expect(e.tool).toEqual({ tool: 'polygon-fill', state: { inner: { name: 'idle', press: null }, subtract: false } });
    });
  });
});

describe('magic wand', () => {
  describe('when idle', () => {
    it('a click previews the region and commits nothing', () => {
      const h = harness('wand');
      const e = h.run(down(1.2, 1.7));
      expect(e.tool).toEqual({ tool: 'wand', state: { name: 'previewing', seed: p(1, 1) } });
      expect(e.doc.objects).toHaveLength(0);
      const region = wandToolRegion(e.tool.tool === 'wand' ? e.tool.state : { name: 'idle' }, h.ctx);
      expect(region!.data.reduce((s, v) => s + v, 0)).toBe(5 * H);
    });
  });
  describe('when previewing', () => {
    it('Enter commits the previewed region', () => {
      const e = harness('wand').run(down(7, 3), { type: 'close' });
      expect(pixels(e)).toEqual(decodeRle(rectRle(5, 0, 10, 8)).data);
      expect(e.history.undo).toHaveLength(1);
    });
    it('a second click on the same pixel commits; elsewhere it moves the preview', () => {
      const h = harness('wand');
      expect(h.run(down(1, 1), down(7, 1)).tool).toEqual({ tool: 'wand', state: { name: 'previewing', seed: p(7, 1) } });
      expect(h.run(down(7.9, 1.1)).doc.objects).toHaveLength(1);
    });
    it('Esc drops the preview', () => {
      expect(harness('wand').run(down(1, 1), { type: 'cancel' }).tool).toEqual({ tool: 'wand', state: { name: 'idle' } });
    });
  });
});

describe('fill holes and remove specks on the target', () => {
  it('fills holes of the selected mask and removes small specks, each as commands', () => {
    const ring = encodeBitmap(polygonToBitmap([p(0, 0), p(5, 0), p(5, 5), p(0, 5)], W, H));
    const holed = { ...maskObj('a', 'car', 0, 0, 1, 1), geometry: maskGeometry(encodeBitmap({ width: W, height: H, data: decodeRle(ring).data.map((v, i) => (i === 2 * W + 2 ? 0 : v)) })) };
    const ctx = { imageSize: { width: W, height: H }, activeClassId: 'car', mode: 'instance' as const, overlap: 'paint-over' as const, selectedId: 'a', newId: () => 'x' };
    const filled = fillHolesEdit({ objects: [holed] }, ctx);
    expect(filled.commands).toEqual([{ type: 'annotation.update', id: 'a', changes: { geometry: expect.objectContaining({ kind: 'mask' }) } }]);
    const specks = removeSpecksEdit({ objects: [maskObj('a', 'car', 0, 0, 1, 1)] }, ctx, 2);
    expect(specks.commands).toEqual([{ type: 'annotation.delete', id: 'a' }]);
    expect(removeSpecksEdit({ objects: [maskObj('a', 'car', 0, 0, 2, 2)] }, ctx, 2).hint).toMatch(/No specks/);
  });
});
