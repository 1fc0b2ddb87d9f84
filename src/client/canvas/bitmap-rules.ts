import type { AnnotationObject } from '../../shared/annotation.schema';
import type { Size, Viewport } from '../../core/geometry/point';
import type { ImageRect } from './object-painter';

/** What decides whether the objects' bitmap can be reused for a view (see ObjectsLayer). */
export type SnapshotInput = {
  objects: readonly AnnotationObject[];
  colors: ReadonlyMap<string, string>;
  hidden: ReadonlySet<string>;
  skipId: string | null;
  view: Viewport;
  frame: Size;
  imageSize: Size;
};

/** How far the bitmap may be stretched or shrunk while the view moves before it is redrawn anyway. */
export const MAX_STRETCH = 2.2;

export type Snapshot = {
  canvas: HTMLCanvasElement;
  /** The part of the image (image px) the bitmap holds, and the zoom and pixel ratio it was drawn at. */
  region: ImageRect;
  view: Viewport;
  pixelRatio: number;
  /** What it was drawn from: any change of these means a redraw. */
  objects: readonly AnnotationObject[];
  colors: ReadonlyMap<string, string>;
  hidden: ReadonlySet<string>;
  skipId: string | null;
};

/** Whether the bitmap shows these objects as they are now. */
export function sameContent(snap: Snapshot, p: SnapshotInput, pixelRatio: number): boolean {
  return snap.objects === p.objects && snap.colors === p.colors && snap.hidden === p.hidden && snap.skipId === p.skipId && snap.pixelRatio === pixelRatio;
}

/** Whether the bitmap can be moved and scaled to the current view instead of drawn again. */
export function reusable(snap: Snapshot, p: SnapshotInput, pixelRatio: number, atRest: boolean): boolean {
  if (!sameContent(snap, p, pixelRatio)) return false;
  const k = p.view.scale / snap.view.scale;
  if (atRest) {
    // At rest the bitmap must map 1:1 onto screen pixels, or it looks soft.
    const dx = p.view.offsetX - snap.view.offsetX;
    const dy = p.view.offsetY - snap.view.offsetY;
    if (Math.abs(k - 1) > 1e-9 || Math.abs(dx - Math.round(dx)) > 0.01 || Math.abs(dy - Math.round(dy)) > 0.01) return false;
  } else if (k > MAX_STRETCH || k < 1 / MAX_STRETCH) return false;
  const visible = visibleRegion(p.view, p.frame, p.imageSize, 0);
  const r = snap.region;
  const eps = 1 / p.view.scale;
  return visible.w <= 0 || visible.h <= 0 || (visible.x >= r.x - eps && visible.y >= r.y - eps && visible.x + visible.w <= r.x + r.w + eps && visible.y + visible.h <= r.y + r.h + eps);
}

/** The part of the image (image px) on screen, widened by `margin` frames on each side and by a stroke's width past the image edge. */
export function visibleRegion(view: Viewport, frame: Size, image: Size, margin: number): ImageRect {
  const s = view.scale;
  const pad = 3 / s;
  const x0 = Math.max(-pad, (-margin * frame.width - view.offsetX) / s);
  const y0 = Math.max(-pad, (-margin * frame.height - view.offsetY) / s);
  const x1 = Math.min(image.width + pad, ((1 + margin) * frame.width - view.offsetX) / s);
  const y1 = Math.min(image.height + pad, ((1 + margin) * frame.height - view.offsetY) / s);
  return { x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
}
