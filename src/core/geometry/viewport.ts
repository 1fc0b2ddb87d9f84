import type { ScreenPoint, Viewport } from './point';

/** Zoom limits: 5 % to 3200 %. */
export const MIN_SCALE = 0.05;
export const MAX_SCALE = 32;

/**
 * Zooms by `factor` keeping the image point under `anchor` (screen pixels) fixed, as wheel zoom to the
 * cursor does. The scale is clamped to [MIN_SCALE, MAX_SCALE].
 */
export function zoomAt(view: Viewport, anchor: ScreenPoint, factor: number): Viewport {
  const scale = Math.min(MAX_SCALE, Math.max(MIN_SCALE, view.scale * factor));
  const k = scale / view.scale;
  return { scale, offsetX: anchor.x - (anchor.x - view.offsetX) * k, offsetY: anchor.y - (anchor.y - view.offsetY) * k };
}

/** Sets an absolute scale (e.g. 1 for 100 %) around a screen anchor, usually the frame's centre. */
export function zoomTo(view: Viewport, anchor: ScreenPoint, scale: number): Viewport {
  return zoomAt(view, anchor, scale / view.scale);
}

/** Moves the view by a screen-pixel delta. */
export function panBy(view: Viewport, dx: number, dy: number): Viewport {
  return { ...view, offsetX: view.offsetX + dx, offsetY: view.offsetY + dy };
}

/** The wheel's zoom factor for a `deltaY` in pixels: smooth for trackpads, ~10 % per mouse notch. */
export function wheelZoomFactor(deltaY: number): number {
  return Math.exp(-Math.max(-100, Math.min(100, deltaY)) * 0.001);
}
