import { imagePoint, type ImagePoint } from '../../core/geometry/point';
import { floodRegion } from '../../core/masks/raster';
import { encodeBitmap, type Bitmap } from '../../core/masks/rle';
import { applyMaskDelta } from './mask-edit';
import type { ToolContext, ToolEvent, Transition } from './tool';

/**
 * Magic wand / flood fill (`W`): click a point to preview the 4-connected region of similar colour
 * (within `ctx.mask.wandTolerance` of the clicked pixel); the tolerance slider reshapes the preview; Enter, or
 * a second click on the same pixel, commits it into the mask (one history entry); a click elsewhere moves the
 * preview; Esc drops it.
 *
 * - `idle`: no preview.
 * - `previewing`: `seed` is the clicked pixel; the region is recomputed from the context, not stored, so the
 *   slider needs no event.
 */
export type WandToolState = { name: 'idle' } | { name: 'previewing'; seed: ImagePoint };

export const wandToolInitial: WandToolState = { name: 'idle' };

export const WAND_HINTS = {
  noPixels: 'The image is still loading',
  preview: 'Enter or click again to fill; Esc to cancel',
} as const;

export function wandToolHandle(state: WandToolState, ctx: ToolContext, event: ToolEvent): Transition<WandToolState> {
  if (event.type === 'cancel') return { state: wandToolInitial, commands: [] };
  if (!ctx.mask) return { state, commands: [], hint: 'Masks are not available here' };
  if (event.type === 'pointer.down') {
    const seed = imagePoint(Math.floor(event.point.x), Math.floor(event.point.y));
    if (state.name === 'previewing' && seed.x === state.seed.x && seed.y === state.seed.y) return commit(state.seed, ctx);
    if (!ctx.mask.imagePixels) return { state, commands: [], hint: WAND_HINTS.noPixels };
    return { state: { name: 'previewing', seed }, commands: [], hint: WAND_HINTS.preview };
  }
  if (event.type === 'close' && state.name === 'previewing') return commit(state.seed, ctx);
  return { state, commands: [] };
}

/** The region a commit would fill now, for the canvas to preview; null when idle or the pixels are not loaded. */
export function wandToolRegion(state: WandToolState, ctx: Pick<ToolContext, 'mask'>): Bitmap | null {
  const px = ctx.mask?.imagePixels;
  if (state.name !== 'previewing' || !px) return null;
  const tolerance = ctx.mask!.wandTolerance;
  // The commit asks for the region the preview just computed: remember the last one. Why this is safe in a
  // pure module: the answer depends only on the key (the pixels array is never written after it is read).
  const hit = lastRegion;
  if (hit && hit.pixels === px.data && hit.x === state.seed.x && hit.y === state.seed.y && hit.tolerance === tolerance) return hit.region;
  const region = floodRegion(px.data, px.width, px.height, state.seed, tolerance);
  lastRegion = { pixels: px.data, x: state.seed.x, y: state.seed.y, tolerance, region };
  return region;
}

let lastRegion: { pixels: Uint8ClampedArray; x: number; y: number; tolerance: number; region: Bitmap } | null = null;

function commit(seed: ImagePoint, ctx: ToolContext): Transition<WandToolState> {
  const region = wandToolRegion({ name: 'previewing', seed }, ctx);
  if (!region) return { state: wandToolInitial, commands: [], hint: WAND_HINTS.noPixels };
  const m = ctx.mask!;
  const edit = applyMaskDelta(
    ctx.doc,
    { imageSize: ctx.imageSize, activeClassId: ctx.activeClassId, mode: m.mode, overlap: m.overlap, selectedId: m.selectedId, newId: ctx.newId },
    encodeBitmap(region),
    'add',
  );
  return { state: wandToolInitial, commands: edit.commands, ...(edit.hint ? { hint: edit.hint } : {}) };
}
