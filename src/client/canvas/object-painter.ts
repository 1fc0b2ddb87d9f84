import type { AnnotationObject } from '../../shared/annotation.schema';
import type { Viewport } from '../../core/geometry/point';

/** An axis-aligned rectangle in image pixels. */
export type ImageRect = { x: number; y: number; w: number; h: number };

/**
 * How the objects look: outline width in screen px and fill opacity as two hex digits, plain and emphasised.
 * Zoomed out below `thinBelowScale`, plain outlines are `thinStrokePx` wide. Why: there objects are a few
 * screen pixels across and a 2 px outline covers much of them; and a 1 px line is rasterised by a far
 * cheaper path than a wider one (in Chromium's software canvas about 4× faster for 3,000 polygons of
 * 20 vertices, which was the largest single cost of the first render of a dense scene).
 */
export const OBJECT_STYLE = { strokePx: 2, thinStrokePx: 1, thinBelowScale: 0.5, emphasizedStrokePx: 3.5, fillAlpha: '22', selectedExtraFillAlpha: '40' } as const;

/** The plain outline width (screen px) at zoom `scale`. */
export function strokeWidthAt(scale: number): number {
  return scale < OBJECT_STYLE.thinBelowScale ? OBJECT_STYLE.thinStrokePx : OBJECT_STYLE.strokePx;
}

const boundsCache = new WeakMap<AnnotationObject, ImageRect | null>();

/**
 * The object's bounding box in image pixels, remembered per object: the document never mutates an
 * object (an edit makes a new one), so the identity is a safe key. Null for geometry this painter
 * does not draw.
 */
export function objectBounds(o: AnnotationObject): ImageRect | null {
  let b = boundsCache.get(o);
  if (b !== undefined) return b;
  const g = o.geometry;
  if (g.kind === 'box') b = { x: g.x, y: g.y, w: g.w, h: g.h };
  else if (g.kind === 'polygon' && g.points.length > 0) {
    let x0 = Infinity;
    let y0 = Infinity;
    let x1 = -Infinity;
    let y1 = -Infinity;
    for (const p of g.points) {
      if (p.x < x0) x0 = p.x;
      if (p.x > x1) x1 = p.x;
      if (p.y < y0) y0 = p.y;
      if (p.y > y1) y1 = p.y;
    }
    b = { x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
  } else b = null;
  boundsCache.set(o, b);
  return b;
}

function intersects(a: ImageRect, b: ImageRect): boolean {
  return a.x <= b.x + b.w && b.x <= a.x + a.w && a.y <= b.y + b.h && b.y <= a.y + a.h;
}

/** Adds one object's outline to the current path, in screen px under `view`. */
function tracePath(ctx: CanvasRenderingContext2D, o: AnnotationObject, view: Viewport, dx: number, dy: number): void {
  const g = o.geometry;
  const s = view.scale;
  const ox = view.offsetX - dx;
  const oy = view.offsetY - dy;
  if (g.kind === 'box') {
    ctx.rect(g.x * s + ox, g.y * s + oy, g.w * s, g.h * s);
  } else if (g.kind === 'polygon') {
    const pts = g.points;
    if (pts.length === 0) return;
    ctx.moveTo(pts[0]!.x * s + ox, pts[0]!.y * s + oy);
    for (let i = 1; i < pts.length; i++) ctx.lineTo(pts[i]!.x * s + ox, pts[i]!.y * s + oy);
    ctx.closePath();
  }
}

export type PaintOptions = {
  view: Viewport;
  /** Only objects whose bounds meet this rectangle (image px) are drawn: viewport culling. */
  region: ImageRect;
  colors: ReadonlyMap<string, string>;
  /** Objects left out: hidden ones, and the one the selection editor draws. */
  skip: (o: AnnotationObject) => boolean;
  /** Screen-px origin of the target canvas (a snapshot's top-left), subtracted from every point. */
  origin?: { x: number; y: number };
};

/**
 * Draws every object in document order (later objects on top) with one fill and one stroke per run
 * of consecutive objects of the same colour. Why runs, not one path per colour: it keeps the drawing
 * order (list order) exact while still cutting thousands of separate fill/stroke calls to far fewer;
 * overlapping objects of one run share one translucent fill (their overlap is not darker).
 * Returns how many objects were drawn.
 */
export function paintObjects(ctx: CanvasRenderingContext2D, objects: readonly AnnotationObject[], opt: PaintOptions): number {
  const dx = opt.origin?.x ?? 0;
  const dy = opt.origin?.y ?? 0;
  ctx.lineWidth = strokeWidthAt(opt.view.scale);
  ctx.lineJoin = 'round';
  let runColor: string | null = null;
  let drawn = 0;
  const flush = () => {
    if (runColor === null) return;
    ctx.fillStyle = `${runColor}${OBJECT_STYLE.fillAlpha}`;
    ctx.fill();
    ctx.strokeStyle = runColor;
    ctx.stroke();
  };
  for (const o of objects) {
    if (opt.skip(o)) continue;
    const b = objectBounds(o);
    if (!b || !intersects(b, opt.region)) continue;
    const color = opt.colors.get(o.classId) ?? '#ffffff';
    if (color !== runColor) {
      flush();
      ctx.beginPath();
      runColor = color;
    }
    tracePath(ctx, o, opt.view, dx, dy);
    drawn++;
  }
  flush();
  return drawn;
}

/**
 * Draws one object emphasised (hovered or selected) over its plain drawing: a thicker outline, and
 * when selected a second fill that darkens it. Why over, not instead: the plain drawing sits in a
 * cached bitmap, so hovering never has to redraw thousands of objects.
 */
export function paintEmphasis(ctx: CanvasRenderingContext2D, o: AnnotationObject, view: Viewport, color: string, selected: boolean): void {
  ctx.beginPath();
  tracePath(ctx, o, view, 0, 0);
  if (selected) {
    ctx.fillStyle = `${color}${OBJECT_STYLE.selectedExtraFillAlpha}`;
    ctx.fill();
  }
  ctx.lineWidth = OBJECT_STYLE.emphasizedStrokePx;
  ctx.lineJoin = 'round';
  ctx.strokeStyle = color;
  ctx.stroke();
}
