import type { BoxGeometry } from '../../shared/geometry.schema';
import { boxFromCorners, clampBox, roundBox } from '../../core/geometry/box';
import { distance, type ImagePoint } from '../../core/geometry/point';
import type { ToolContext, ToolEvent, Transition } from './tool';

/**
 * The box tool. Drag to draw a box, or click once for one corner and click again for the other.
 *
 * - `idle`: nothing in progress.
 * - `pointing`: the pointer is down and has not moved far enough to be a drag.
 * - `dragging`: the pointer is down and the box follows it; pointer up commits.
 * - `anchored`: one corner placed by a click; the box follows the pointer; the next click commits.
 *
 * Esc (`cancel`) returns to idle from any state and leaves nothing in the document.
 */
export type BoxToolState =
  | { name: 'idle' }
  | { name: 'pointing'; origin: ImagePoint }
  | { name: 'dragging'; origin: ImagePoint; current: ImagePoint }
  | { name: 'anchored'; origin: ImagePoint; current: ImagePoint };

/** Pointer travel, in image pixels, below which a press counts as a click rather than a drag. */
export const DRAG_THRESHOLD_PX = 3;

export const boxToolInitial: BoxToolState = { name: 'idle' };

export function boxToolHandle(state: BoxToolState, ctx: ToolContext, event: ToolEvent): Transition<BoxToolState> {
  if (event.type === 'cancel') return { state: { name: 'idle' }, commands: [] };
  switch (state.name) {
    case 'idle':
      if (event.type === 'pointer.down') return stay({ name: 'pointing', origin: event.point });
      return stay(state);
    case 'pointing':
      if (event.type === 'pointer.move' && distance(event.point, state.origin) >= DRAG_THRESHOLD_PX) {
        return stay({ name: 'dragging', origin: state.origin, current: event.point });
      }
      if (event.type === 'pointer.up') return stay({ name: 'anchored', origin: state.origin, current: event.point });
      return stay(state);
    case 'dragging':
      if (event.type === 'pointer.move') return stay({ ...state, current: event.point });
      if (event.type === 'pointer.up') return commit(ctx, state.origin, event.point);
      return stay(state);
    case 'anchored':
      if (event.type === 'pointer.move') return stay({ ...state, current: event.point });
      if (event.type === 'pointer.down') return commit(ctx, state.origin, event.point);
      return stay(state);
  }
}

/** The box being drawn, clamped to the image, for the canvas to preview; null when nothing is in progress. */
export function boxToolPreview(state: BoxToolState, ctx: Pick<ToolContext, 'imageSize'>): BoxGeometry | null {
  if (state.name !== 'dragging' && state.name !== 'anchored') return null;
  return clampBox(boxFromCorners(state.origin, state.current), ctx.imageSize);
}

function commit(ctx: ToolContext, a: ImagePoint, b: ImagePoint): Transition<BoxToolState> {
  const idle: BoxToolState = { name: 'idle' };
  if (!ctx.activeClassId) return { state: idle, commands: [], hint: 'Pick a class first (keys 1–9)' };
  const box = roundBox(clampBox(boxFromCorners(a, b), ctx.imageSize));
  if (box.w < ctx.minSizePx || box.h < ctx.minSizePx) {
    return { state: idle, commands: [], hint: `Box too small: at least ${ctx.minSizePx}×${ctx.minSizePx} px` };
  }
  return {
    state: idle,
    commands: [
      {
        type: 'annotation.create',
        object: { id: ctx.newId(), classId: ctx.activeClassId, geometry: box, attributes: {}, source: 'human', version: 1 },
      },
    ],
  };
}

function stay(state: BoxToolState): Transition<BoxToolState> {
  return { state, commands: [] };
}
