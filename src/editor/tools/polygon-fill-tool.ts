import { encodeBitmap } from '../../core/masks/rle';
import { polygonToBitmap } from '../../core/masks/raster';
import { applyMaskDelta } from './mask-edit';
import { polygonToolHandle, polygonToolInitial, type PolygonToolState } from './polygon-tool';
import type { ToolContext, ToolEvent, Transition } from './tool';

/**
 * Polygon fill: draw a polygon exactly as with the polygon tool (click vertices; click the first, Enter or
 * double-click closes; Backspace takes back a vertex; Esc drops it), and on closing its pixels (centres inside)
 * are painted into the mask with the active class. Shift-click any vertex to make it a subtracting fill (the
 * polygon's pixels are erased from the target instead). Why Shift does not trace freehand here as it does in the
 * polygon tool: the issue asks for Shift to subtract, and one key cannot mean both.
 *
 * States: those of the polygon tool (`inner`), plus whether this fill subtracts.
 */
export type PolygonFillState = { readonly inner: PolygonToolState; readonly subtract: boolean };

export const polygonFillInitial: PolygonFillState = { inner: polygonToolInitial, subtract: false };

export function polygonFillHandle(state: PolygonFillState, ctx: ToolContext, event: ToolEvent): Transition<PolygonFillState> {
  if (!ctx.mask) return { state, commands: [], hint: 'Masks are not available here' };
  const subtract = state.subtract || (event.type === 'pointer.down' && event.shift === true);
  const plain: ToolEvent = 'shift' in event ? { ...event, shift: false } : event;
  // The polygon tool insists on a class; a subtracting fill needs none, so lend it a placeholder.
  const r = polygonToolHandle(state.inner, subtract && !ctx.activeClassId ? { ...ctx, activeClassId: '-' } : ctx, plain);
  const created = r.commands.find((c) => c.type === 'annotation.create');
  if (!created || created.type !== 'annotation.create' || created.object.geometry.kind !== 'polygon') {
    const next = r.state.name === 'idle' && r.state.press === null ? polygonFillInitial : { inner: r.state, subtract };
    return { state: next, commands: [], ...(r.hint ? { hint: r.hint } : {}) };
  }
  const { width, height } = ctx.imageSize;
  const delta = encodeBitmap(polygonToBitmap(created.object.geometry.points, width, height));
  const m = ctx.mask;
  const edit = applyMaskDelta(
    ctx.doc,
    { imageSize: ctx.imageSize, activeClassId: ctx.activeClassId, mode: m.mode, overlap: m.overlap, selectedId: m.selectedId, newId: ctx.newId },
    delta,
    subtract ? 'subtract' : 'add',
  );
  return { state: polygonFillInitial, commands: edit.commands, ...(edit.hint ? { hint: edit.hint } : {}) };
}
