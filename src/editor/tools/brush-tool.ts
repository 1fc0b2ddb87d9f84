import { imagePoint, type ImagePoint } from '../../core/geometry/point';
import { paintStroke } from '../../core/masks/raster';
import { emptyBitmap, emptyRle, encodeBitmapAt } from '../../core/masks/rle';
import { applyMaskDelta } from './mask-edit';
import type { ToolContext, ToolEvent, Transition } from './tool';

/**
 * The brush (`K`) and the eraser (`E`): one machine, `erase` picks which. Press and drag to paint a round
 * brush of `ctx.mask.brushRadiusPx` along the pointer's path; release commits the stroke (one history entry).
 * A click without moving paints one dab. Pixels are covered when their centre is within the radius of the path
 * (see `paintSegment` in core), so a stroke's pixels can be recomputed exactly from its points.
 *
 * - `idle`: nothing in progress.
 * - `painting`: the pointer is down; `points` is the path so far (the canvas previews it, nothing is in the document).
 *
 * Esc (`cancel`) drops the stroke.
 */
export type BrushToolState = { name: 'idle' } | { name: 'painting'; points: readonly ImagePoint[]; radiusPx: number };

export const brushToolInitial: BrushToolState = { name: 'idle' };

export function brushToolHandle(state: BrushToolState, ctx: ToolContext, event: ToolEvent, erase: boolean): Transition<BrushToolState> {
  if (event.type === 'cancel') return stay(brushToolInitial);
  switch (state.name) {
    case 'idle':
      if (event.type !== 'pointer.down') return stay(state);
      if (!ctx.mask) return { state, commands: [], hint: 'Masks are not available here' };
      if (!erase && !ctx.activeClassId && ctx.mask.mode === 'semantic') return { state, commands: [], hint: 'Pick a class first (keys 1–9)' };
      return stay({ name: 'painting', points: [event.point], radiusPx: ctx.mask.brushRadiusPx });
    case 'painting':
      if (event.type === 'pointer.move') return stay({ ...state, points: [...state.points, event.point] });
      if (event.type === 'pointer.up') return commit(ctx, [...state.points, event.point], state.radiusPx, erase);
      return stay(state);
  }
}

/** The stroke being painted, for the canvas to preview; null when idle. */
export function brushToolPreview(state: BrushToolState): { points: readonly ImagePoint[]; radiusPx: number } | null {
  return state.name === 'painting' ? { points: state.points, radiusPx: state.radiusPx } : null;
}

/** The exact pixels a stroke covers on an image of `width` × `height`, as COCO RLE. */
export function strokeRle(points: readonly ImagePoint[], radiusPx: number, width: number, height: number) {
  // Why paint into the stroke's bounding box only: a full-image bitmap costs 12 MB and a full encode per stroke
  // on a 4096×3072 image; the box is usually a small part of it.
  const xs = points.map((p) => p.x);
  const ys = points.map((p) => p.y);
  const x0 = clamp(Math.floor(Math.min(...xs) - radiusPx - 1), 0, width);
  const y0 = clamp(Math.floor(Math.min(...ys) - radiusPx - 1), 0, height);
  const x1 = clamp(Math.ceil(Math.max(...xs) + radiusPx + 1), 0, width);
  const y1 = clamp(Math.ceil(Math.max(...ys) + radiusPx + 1), 0, height);
  if (x0 >= x1 || y0 >= y1) return emptyRle(height, width);
  const crop = emptyBitmap(x1 - x0, y1 - y0);
  paintStroke(crop, points.map((p) => imagePoint(p.x - x0, p.y - y0)), radiusPx, 1);
  return encodeBitmapAt(crop, x0, y0, width, height);
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}

function commit(ctx: ToolContext, points: readonly ImagePoint[], radiusPx: number, erase: boolean): Transition<BrushToolState> {
  const mask = ctx.mask!;
  const { width, height } = ctx.imageSize;
  const delta = strokeRle(dedupe(points), radiusPx, width, height);
  const edit = applyMaskDelta(
    ctx.doc,
    { imageSize: ctx.imageSize, activeClassId: ctx.activeClassId, mode: mask.mode, overlap: mask.overlap, selectedId: mask.selectedId, newId: ctx.newId },
    delta,
    erase ? 'subtract' : 'add',
  );
  return { state: brushToolInitial, commands: edit.commands, ...(edit.hint ? { hint: edit.hint } : {}) };
}

/** Drops consecutive repeats (pointer up usually repeats the last move). */
function dedupe(points: readonly ImagePoint[]): ImagePoint[] {
  return points.filter((p, i) => i === 0 || p.x !== points[i - 1]!.x || p.y !== points[i - 1]!.y).map((p) => imagePoint(p.x, p.y));
}

function stay(state: BrushToolState): Transition<BrushToolState> {
  return { state, commands: [] };
}
