import { useEffect, useMemo, useRef } from 'react';
import { Layer, Shape } from 'react-konva';
import type Konva from 'konva';
import type { AnnotationObject } from '../../shared/annotation.schema';
import type { Size, Viewport } from '../../core/geometry/point';
import { paintEmphasis, paintObjects } from './object-painter';
import { reusable, sameContent, visibleRegion, type Snapshot } from './bitmap-rules';

type Props = {
  objects: readonly AnnotationObject[];
  colors: ReadonlyMap<string, string>;
  view: Viewport;
  frame: Size;
  imageSize: Size;
  selectedIds: ReadonlySet<string>;
  hoveredId: string | null;
  hidden: ReadonlySet<string>;
  /** An object drawn elsewhere (the selection's handles), left out here. */
  skipId: string | null;
};

/**
 * How long the view must stay still before the bitmap is redrawn sharp at the new zoom. Why this long:
 * a redraw of thousands of objects is the one slow frame here, and a person's pause between two
 * wheel turns or pan strokes should not trigger it.
 */
const SETTLE_MS = 250;
/** Longest side (px) of the whole-image overview bitmap used while moving beyond the detailed one. */
const OVERVIEW_PX = 2048;
/**
 * How long after a change the overview waits before it is drawn (then when the browser is idle). Why
 * wait: right after a task opens, the CPU is decoding its image, and the overview is not needed
 * until the labeler zooms far or pans long.
 */
const OVERVIEW_DELAY_MS = 1500;
/** Below this many objects a redraw is quick, and no overview is kept. */
const OVERVIEW_FROM_OBJECTS = 300;
/** Extra room drawn around the visible part, as a fraction of the frame on each side, so a pan can move the bitmap for a while. */
const MARGIN = 0.25;


/**
 * All objects on one non-listening layer, as ONE Konva shape. Why not a Konva node per object: with
 * thousands of objects, Konva's per-node work and the browser's per-path rasterising made every zoom
 * or pan frame cost 50–100 ms. Instead the objects are drawn once (viewport-culled, batched in
 * `paintObjects`) into a bitmap; while the person zooms or pans the bitmap is only moved and scaled,
 * which costs one image copy per frame, and once the view has been still for SETTLE_MS (or the
 * bitmap no longer covers the view, or is stretched too far) it is redrawn sharp. Hover and selection
 * emphasis are drawn over the bitmap each frame, so they never force a redraw of the rest.
 * The selection's handles live on the editing layer; only they take pointer events.
 */
export function ObjectsLayer(props: Props) {
  const latest = useRef(props);
  latest.current = props;
  const snapshot = useRef<Snapshot | null>(null);
  /** The whole image's objects at a modest zoom, drawn when the page is idle: what a fast zoom-out or long pan shows until the view rests. */
  const overview = useRef<Snapshot | null>(null);
  const lastViewChange = useRef({ view: props.view, at: 0 });
  if (lastViewChange.current.view !== props.view) lastViewChange.current = { view: props.view, at: performance.now() };
  const shapeRef = useRef<Konva.Shape>(null);

  // Once the view stops moving, draw again so the bitmap is redrawn sharp at the new zoom.
  useEffect(() => {
    const timer = setTimeout(() => shapeRef.current?.getLayer()?.batchDraw(), SETTLE_MS + 10);
    return () => clearTimeout(timer);
  }, [props.view]);

  // After the objects change, draw the overview when the browser is idle (never in the way of a frame).
  const { objects, colors, hidden, skipId, imageSize } = props;
  useEffect(() => {
    if (objects.length < OVERVIEW_FROM_OBJECTS) {
      overview.current = null;
      return;
    }
    const idle = window.requestIdleCallback ?? ((f: () => void) => window.setTimeout(f, 200));
    const cancel = window.cancelIdleCallback ?? window.clearTimeout;
    let handle: number | undefined;
    const timer = window.setTimeout(() => (handle = idle(() => {
      const pixelRatio = shapeRef.current?.getLayer()?.getCanvas().getPixelRatio() ?? 1;
      const scale = Math.min(1, OVERVIEW_PX / Math.max(imageSize.width, imageSize.height));
      const view = { scale, offsetX: 0, offsetY: 0 };
      overview.current = paintSnapshot({ ...latest.current, objects, colors, hidden, skipId, imageSize, view, frame: { width: imageSize.width * scale, height: imageSize.height * scale } }, pixelRatio, overview.current?.canvas, 0);
    })), OVERVIEW_DELAY_MS);
    return () => {
      window.clearTimeout(timer);
      if (handle !== undefined) cancel(handle);
    };
  }, [objects, colors, hidden, skipId, imageSize]);

  const sceneFunc = useMemo(
    () => (context: Konva.Context, shape: Konva.Shape) => {
      const p = latest.current;
      const ctx = context._context;
      const pixelRatio = shape.getLayer()?.getCanvas().getPixelRatio() ?? 1;
      const atRest = performance.now() - lastViewChange.current.at >= SETTLE_MS;
      let snap = snapshot.current;
      if (!snap || !reusable(snap, p, pixelRatio, atRest)) {
        // While the view moves past the detailed bitmap, the overview stands in until it rests.
        const o = overview.current;
        snap = !atRest && o && sameContent(o, p, pixelRatio) ? o : (snapshot.current = paintSnapshot(p, pixelRatio, snap?.canvas));
      }
      const { region, canvas } = snap;
      const v = p.view;
      if (canvas.width > 0 && canvas.height > 0) {
        ctx.imageSmoothingEnabled = true;
        ctx.drawImage(canvas, region.x * v.scale + v.offsetX, region.y * v.scale + v.offsetY, region.w * v.scale, region.h * v.scale);
      }
      const emphasized = (o: AnnotationObject) => o.id !== p.skipId && !p.hidden.has(o.id) && (o.id === p.hoveredId || p.selectedIds.has(o.id));
      if (p.hoveredId || p.selectedIds.size > 0) {
        for (const o of p.objects) if (emphasized(o)) paintEmphasis(ctx, o, v, p.colors.get(o.classId) ?? '#ffffff', p.selectedIds.has(o.id));
      }
    },
    [],
  );

  return (
    <Layer listening={false} name="objects-layer">
      <Shape
        ref={shapeRef}
        name="scene-objects"
        sceneFunc={sceneFunc}
        listening={false}
        perfectDrawEnabled={false}
        // Attributes that change what is drawn: react-konva redraws the layer when one changes. objectCount also tells the benchmark how many objects this shape draws.
        objectCount={props.objects.length}
        objects={props.objects}
        view={props.view}
        frame={props.frame}
        colors={props.colors}
        hidden={props.hidden}
        selectedIds={props.selectedIds}
        emphasis={`${props.hoveredId}|${props.skipId}`}
      />
    </Layer>
  );
}


function paintSnapshot(p: Props, pixelRatio: number, reuse: HTMLCanvasElement | undefined, margin = MARGIN): Snapshot {
  const v = p.view;
  const wanted = visibleRegion(v, p.frame, p.imageSize, margin);
  // Whole screen pixels, so at rest the bitmap lands exactly on the screen's pixel grid.
  const sx0 = Math.floor(wanted.x * v.scale + v.offsetX);
  const sy0 = Math.floor(wanted.y * v.scale + v.offsetY);
  const sx1 = Math.max(sx0, Math.ceil((wanted.x + wanted.w) * v.scale + v.offsetX));
  const sy1 = Math.max(sy0, Math.ceil((wanted.y + wanted.h) * v.scale + v.offsetY));
  const region = { x: (sx0 - v.offsetX) / v.scale, y: (sy0 - v.offsetY) / v.scale, w: (sx1 - sx0) / v.scale, h: (sy1 - sy0) / v.scale };
  const canvas = reuse ?? document.createElement('canvas');
  // Setting the size clears the bitmap (and frees the old one if it shrank).
  canvas.width = Math.round((sx1 - sx0) * pixelRatio);
  canvas.height = Math.round((sy1 - sy0) * pixelRatio);
  const ctx = canvas.getContext('2d');
  if (ctx && canvas.width > 0 && canvas.height > 0) {
    ctx.setTransform(pixelRatio, 0, 0, pixelRatio, 0, 0);
    const { hidden, skipId } = p;
    paintObjects(ctx, p.objects, { view: v, region, colors: p.colors, origin: { x: sx0, y: sy0 }, skip: (o) => o.id === skipId || hidden.has(o.id) });
  }
  return { canvas, region, view: v, pixelRatio, objects: p.objects, colors: p.colors, hidden: p.hidden, skipId: p.skipId };
}
