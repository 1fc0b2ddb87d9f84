import { describe, expect, it } from 'vitest';
import type { AnnotationObject } from '../../shared/annotation.schema';
import { objectBounds, paintObjects } from './object-painter';

const box = (id: string, x: number, y: number, classId = 'car'): AnnotationObject => ({ id, classId, geometry: { kind: 'box', x, y, w: 10, h: 10 }, attributes: {}, source: 'human', version: 1 });
const tri = (id: string, x: number, y: number, classId = 'car'): AnnotationObject => ({
  id,
  classId,
  geometry: { kind: 'polygon', points: [{ x, y }, { x: x + 10, y }, { x, y: y + 20 }] },
  attributes: {},
  source: 'human',
  version: 1,
});

/** A stand-in 2D context that records the calls that matter: paths, fills and strokes with their colours. */
function recorder() {
  const calls: string[] = [];
  const ctx = {
    fillStyle: '',
    strokeStyle: '',
    lineWidth: 1,
    lineJoin: 'miter',
    beginPath: () => calls.push('begin'),
    rect: (x: number, y: number, w: number, h: number) => calls.push(`rect ${x},${y},${w},${h}`),
    moveTo: (x: number, y: number) => calls.push(`move ${x},${y}`),
    lineTo: (x: number, y: number) => calls.push(`line ${x},${y}`),
    closePath: () => calls.push('close'),
    fill: () => calls.push(`fill ${ctx.fillStyle}`),
    stroke: () => calls.push(`stroke ${ctx.strokeStyle}`),
  };
  return { ctx: ctx as unknown as CanvasRenderingContext2D, calls };
}

const colors = new Map([['car', '#ff0000'], ['person', '#00ff00']]);
const everything = { x: -1e9, y: -1e9, w: 2e9, h: 2e9 };

describe('paintObjects', () => {
  it('draws in screen px under the view, one fill and stroke per run of one colour, keeping document order', () => {
    const { ctx, calls } = recorder();
    const objects = [box('a', 0, 0), tri('b', 20, 0), box('c', 40, 0, 'person'), box('d', 60, 0)];
    const n = paintObjects(ctx, objects, { view: { scale: 2, offsetX: 5, offsetY: 1 }, region: everything, colors, skip: () => false });
    expect(n).toBe(4);
    expect(calls).toEqual([
      'begin', 'rect 5,1,20,20', 'move 45,1', 'line 65,1', 'line 45,41', 'close', 'fill #ff000022', 'stroke #ff0000',
      'begin', 'rect 85,1,20,20', 'fill #00ff0022', 'stroke #00ff00',
      'begin', 'rect 125,1,20,20', 'fill #ff000022', 'stroke #ff0000',
    ]);
  });

  it('leaves out objects outside the region (viewport culling) and skipped ones, and shifts by the bitmap origin', () => {
    const { ctx, calls } = recorder();
    const objects = [box('a', 0, 0), box('far', 500, 500), box('hidden', 5, 5)];
    const n = paintObjects(ctx, objects, { view: { scale: 1, offsetX: 0, offsetY: 0 }, region: { x: 0, y: 0, w: 100, h: 100 }, colors, origin: { x: -10, y: 3 }, skip: (o) => o.id === 'hidden' });
    expect(n).toBe(1);
    expect(calls.filter((c) => c.startsWith('rect'))).toEqual(['rect 10,-3,10,10']);
  });

  it('draws 2 px outlines, and 1 px ones when zoomed out below 50 %', () => {
    const widths = [1, 0.5, 0.49, 0.1].map((scale) => {
      const { ctx } = recorder();
      paintObjects(ctx, [box('a', 0, 0)], { view: { scale, offsetX: 0, offsetY: 0 }, region: everything, colors, skip: () => false });
      return ctx.lineWidth;
    });
    expect(widths).toEqual([2, 2, 1, 1]);
  });

  it('draws nothing (and no fill) for an empty document', () => {
    const { ctx, calls } = recorder();
    expect(paintObjects(ctx, [], { view: { scale: 1, offsetX: 0, offsetY: 0 }, region: everything, colors, skip: () => false })).toBe(0);
    expect(calls).toEqual([]);
  });
});

describe('objectBounds', () => {
  it('is the bounding box of a polygon, remembered per object', () => {
    const o = tri('t', 3, 4);
    expect(objectBounds(o)).toEqual({ x: 3, y: 4, w: 10, h: 20 });
    expect(objectBounds(o)).toBe(objectBounds(o));
  });
});
