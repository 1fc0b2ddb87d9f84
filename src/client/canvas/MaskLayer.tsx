import { useEffect, useMemo, useRef, useState } from 'react';
import { Circle, Group, Image as KonvaImage, Layer, Line } from 'react-konva';
import type Konva from 'konva';
import type { AnnotationObject } from '../../shared/annotation.schema';
import type { MaskGeometry } from '../../shared/geometry.schema';
import type { Ontology } from '../../shared/project.schema';
import { paintSegment, unionRect, type PixelRect } from '../../core/masks/raster';
import { combineRle, rleBbox } from '../../core/masks/rle-ops';
import { maskRle } from '../../core/masks/mask-geometry';
import { polygonToolPreview, type ToolName } from '../../editor/editor';
import { wandToolRegion } from '../../editor/tools/wand-tool';
import { useEditorStore } from '../state/editor-store';
import { maskToolContext, useMaskStore } from '../state/mask-store';
import { useViewStore } from '../state/view-store';
import { markRect, markRle, packColor, renderMasks, renderTiles, tileSet, TILE_PX, type TileSet } from './mask-raster';
import { useHtmlImage } from './use-html-image';

type Props = { ontology: Ontology; imageUrl: string };
type MaskObject = AnnotationObject & { geometry: MaskGeometry };


/**
 * All masks of the task in ONE Konva Image over one offscreen canvas the size of the image (never a node per
 * mask or stroke). A committed change redraws only the rectangle it touched; a stroke in progress is painted
 * straight into the canvas's pixels segment by segment (the same round-brush rule the tool commits), and only
 * that segment's rectangle is uploaded. Also draws the brush footprint at the cursor, the polygon-fill outline
 * in progress and the wand's preview.
 */
export function MaskLayer({ ontology, imageUrl }: Props) {
  const imageSize = useEditorStore((s) => s.imageSize);
  const view = useViewStore((s) => s.view);
  const { opacity, visible, outline } = useMaskStore();
  const tool = useEditorStore((s) => s.editor.tool);
  const node = useRef<Konva.Image>(null);
  const colors = useMemo(() => new Map(ontology.classes.map((c) => [c.id, c.color])), [ontology]);
  const active = useMasksActive();
  const surface = useMemo(() => (active ? makeSurface(imageSize.width, imageSize.height) : null), [active, imageSize.width, imageSize.height]);
  useImagePixels(imageUrl, tool.tool === 'wand');

  // Committed masks: redraw what changed since the last render (everything when the view options change).
  const drawn = useRef<{ masks: Map<string, { geometry: MaskGeometry; classId: string }>; key: string } | null>(null);
  useEffect(() => {
    if (!surface) return;
    const redraw = () => {
      const { editor, hidden } = useEditorStore.getState();
      const masks = editor.doc.objects.filter((o): o is MaskObject => o.geometry.kind === 'mask' && !hidden.has(o.id));
      const key = `${outline}|${[...colors].join()}|${surface.width}`;
      const prev = drawn.current;
      const full = !prev || prev.key !== key;
      const tiles = tileSet(surface.width, surface.height);
      let rect: PixelRect | null = full ? { x0: 0, y0: 0, x1: surface.width, y1: surface.height } : null;
      if (full) tiles.dirty.fill(1);
      else {
        // What changed, as pixels: the XOR of each changed mask's runs before and after (cheap, on runs).
        const now = new Map(masks.map((m) => [m.id, m]));
        const changed = (before: MaskGeometry | null, after: MaskGeometry | null) => {
          const b = before && maskRle(before);
          const a = after && maskRle(after);
          const diff = a && b ? combineRle(a, b, (p, q) => p !== q) : (a ?? b)!;
          markRle(tiles, diff);
          const [x, y, w, h] = rleBbox(diff);
          rect = unionRect(rect, { x0: x, y0: y, x1: x + w, y1: y + h });
        };
        for (const [id, was] of prev.masks) {
          const is = now.get(id);
          if (!is || is.classId !== was.classId) changed(was.geometry, null);
          if (is && (is.geometry !== was.geometry || is.classId !== was.classId)) changed(is.classId !== was.classId ? null : was.geometry, is.geometry);
        }
        for (const m of masks) if (!prev.masks.has(m.id)) changed(null, m.geometry);
      }
      // A stroke preview may have painted outside every mask: redraw where it painted too.
      if (surface.strokeRect) {
        markRect(tiles, surface.strokeRect);
        rect = unionRect(rect, surface.strokeRect);
      }
      surface.strokeRect = null;
      drawn.current = { masks: new Map(masks.map((m) => [m.id, { geometry: m.geometry, classId: m.classId }])), key };
      const r = rect as PixelRect | null;
      if (!r || r.x0 >= r.x1 || r.y0 >= r.y1) return;
      const colored = masks.map((m) => ({ geometry: m.geometry, rle: maskRle(m.geometry), color: packColor(colors.get(m.classId) ?? '#ffffff') }));
      if (outline) {
        // Outlines need each pixel's neighbours: decoded crops, over the changed rectangle.
        renderMasks(surface.u32, surface.width, r, colored, true);
        surface.upload(r);
      } else {
        renderTiles(surface.u32, surface.width, surface.height, tiles, colored);
        surface.uploadTiles(tiles);
      }
      node.current?.getLayer()?.batchDraw();
    };
    drawn.current = null;
    redraw();
    return useEditorStore.subscribe((s, p) => {
      if (s.editor.doc !== p.editor.doc || s.hidden !== p.hidden) redraw();
    });
  }, [colors, outline, surface]);

  // The stroke in progress: paint the new segments into the pixels and upload their rectangle.
  useEffect(() => {
    if (!surface) return;
    let painted = 0;
    return useEditorStore.subscribe((s) => {
      const t = s.editor.tool;
      if ((t.tool !== 'brush' && t.tool !== 'eraser') || t.state.name !== 'painting') {
        painted = 0;
        return;
      }
      const { points, radiusPx } = t.state;
      const value = t.tool === 'eraser' ? 0 : packColor(colors.get(s.activeClassId ?? '') ?? '#ffffff');
      let rect: PixelRect | null = null;
      for (let i = painted; i < points.length; i++) rect = unionRect(rect, paintSegment(surface.pixels, points[Math.max(0, i - 1)]!, points[i]!, radiusPx, value));
      painted = points.length;
      if (!rect) return;
      surface.strokeRect = unionRect(surface.strokeRect, rect);
      surface.upload(rect);
      node.current?.getLayer()?.batchDraw();
    });
  }, [colors, surface]);

  const polyPreview = tool.tool === 'polygon-fill' ? polygonToolPreview(tool.state.inner, { imageSize, snapRadiusPx: 8 / view.scale }) : null;
  const subtracting = tool.tool === 'polygon-fill' && tool.state.subtract;
  if (!surface) return null;
  return (
    <Layer listening={false} imageSmoothingEnabled={false}>
      <Group x={view.offsetX} y={view.offsetY} scaleX={view.scale} scaleY={view.scale}>
        <KonvaImage ref={node} image={surface.canvas} width={imageSize.width} height={imageSize.height} opacity={opacity} visible={visible} />
        {tool.tool === 'wand' && tool.state.name === 'previewing' && <WandPreview />}
        {polyPreview && (
          <>
            <Line
              points={[...polyPreview.points, ...(polyPreview.cursor ? [polyPreview.cursor] : [])].flatMap((q) => [q.x, q.y])}
              stroke={subtracting ? '#f87171' : '#ffffff'}
              dash={[6, 4]}
              strokeWidth={1.5}
              strokeScaleEnabled={false}
            />
            {polyPreview.points.map((q, i) => (
              <Circle key={i} x={q.x} y={q.y} radius={(i === 0 && polyPreview.closable ? 6 : 3.5) / view.scale} fill={i === 0 ? '#f59e0b' : '#ffffff'} stroke="#111827" strokeWidth={1} strokeScaleEnabled={false} />
            ))}
          </>
        )}
        {(tool.tool === 'brush' || tool.tool === 'eraser') && <BrushCursor erase={tool.tool === 'eraser'} />}
      </Group>
    </Layer>
  );
}

const MASK_TOOLS: ReadonlySet<ToolName> = new Set(['brush', 'eraser', 'polygon-fill', 'wand']);
const hasMasks = new WeakMap<readonly AnnotationObject[], boolean>();

/**
 * Whether this task needs the mask surface: it holds a mask, or a mask tool has been picked. Once true
 * it stays true for the task's image. Why not always: the surface is a canvas the size of the image
 * (48 MB for 12 megapixels), filled and uploaded whole when it is made and drawn on every frame; on a
 * task of boxes and polygons that was 200 ms of the first render for nothing.
 */
function useMasksActive(): boolean {
  const now = useEditorStore((s) => {
    if (MASK_TOOLS.has(s.editor.tool.tool)) return true;
    const objects = s.editor.doc.objects;
    let known = hasMasks.get(objects);
    if (known === undefined) hasMasks.set(objects, (known = objects.some((o) => o.geometry.kind === 'mask')));
    return known;
  });
  const imageSize = useEditorStore((s) => s.imageSize);
  const [stuck, setStuck] = useState<{ size: typeof imageSize } | null>(null);
  const sticky = stuck !== null && stuck.size === imageSize;
  useEffect(() => {
    if (now && !sticky) setStuck({ size: imageSize });
  }, [now, sticky, imageSize]);
  return now || sticky;
}

/** The brush footprint at the cursor: its true size in image pixels at the current zoom. */
function BrushCursor({ erase }: { erase: boolean }) {
  const cursor = useViewStore((s) => s.cursor);
  const size = useMaskStore((s) => s.brushSizePx);
  if (!cursor) return null;
  return (
    <>
      <Circle x={cursor.x} y={cursor.y} radius={size / 2} stroke="#111827" strokeWidth={3} strokeScaleEnabled={false} />
      <Circle x={cursor.x} y={cursor.y} radius={size / 2} stroke={erase ? '#f87171' : '#ffffff'} strokeWidth={1.5} dash={erase ? [4, 3] : undefined} strokeScaleEnabled={false} />
    </>
  );
}

/** The wand's region before it is committed, as a translucent overlay of its bounding box. */
function WandPreview() {
  const state = useEditorStore((s) => (s.editor.tool.tool === 'wand' ? s.editor.tool.state : null));
  const tolerance = useMaskStore((s) => s.wandTolerance);
  const pixels = useMaskStore((s) => s.imagePixels);
  const selectedId = useEditorStore((s) => s.selectedId);
  const preview = useMemo(() => {
    if (!state || !pixels) return null;
    const region = wandToolRegion(state, { mask: maskToolContext(selectedId) });
    if (!region) return null;
    let area = 0;
    for (let i = 0; i < region.data.length; i++) area += region.data[i]!;
    if (area === 0) return null;
    // Crop to the region's bounding box so the overlay canvas is only as large as the region.
    let x0 = region.width, y0 = region.height, x1 = 0, y1 = 0;
    for (let y = 0; y < region.height; y++) {
      for (let x = 0; x < region.width; x++) {
        if (region.data[y * region.width + x]) {
          if (x < x0) x0 = x;
          if (x > x1) x1 = x;
          if (y < y0) y0 = y;
          if (y > y1) y1 = y;
        }
      }
    }
    const w = x1 - x0 + 1;
    const h = y1 - y0 + 1;
    const canvas = document.createElement('canvas');
    canvas.width = w;
    canvas.height = h;
    const ctx = canvas.getContext('2d')!;
    const img = ctx.createImageData(w, h);
    const u32 = new Uint32Array(img.data.buffer);
    const color = packColor('#38bdf8', 160);
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) if (region.data[(y + y0) * region.width + x + x0]) u32[y * w + x] = color;
    ctx.putImageData(img, 0, 0);
    return { canvas, x: x0, y: y0, w, h, area };
  }, [state, tolerance, pixels, selectedId]);
  if (!preview) return null;
  return <KonvaImage image={preview.canvas} x={preview.x} y={preview.y} width={preview.w} height={preview.h} data-testid="wand-preview" />;
}

/** The mask layer's offscreen canvas with its pixels; `upload` copies a rectangle of the pixels to the canvas. */
type Surface = {
  canvas: HTMLCanvasElement;
  width: number;
  height: number;
  u32: Uint32Array;
  pixels: { width: number; height: number; data: Uint32Array };
  /** The rectangle a stroke preview painted since the last committed redraw. */
  strokeRect: PixelRect | null;
  upload(rect: PixelRect): void;
  uploadTiles(tiles: TileSet): void;
};

function makeSurface(width: number, height: number): Surface {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d')!;
  const image = ctx.createImageData(width, height);
  const u32 = new Uint32Array(image.data.buffer);
  return {
    canvas,
    width,
    height,
    u32,
    pixels: { width, height, data: u32 },
    strokeRect: null,
    upload(r) {
      ctx.putImageData(image, 0, 0, r.x0, r.y0, r.x1 - r.x0, r.y1 - r.y0);
    },
    uploadTiles(tiles) {
      // One putImageData per horizontal run of dirty tiles in a tile row.
      for (let ty = 0; ty < tiles.tilesY; ty++) {
        for (let tx = 0; tx < tiles.tilesX; tx++) {
          if (!tiles.dirty[ty * tiles.tilesX + tx]) continue;
          let end = tx;
          while (end + 1 < tiles.tilesX && tiles.dirty[ty * tiles.tilesX + end + 1]) end++;
          ctx.putImageData(image, 0, 0, tx * TILE_PX, ty * TILE_PX, (end - tx + 1) * TILE_PX, TILE_PX);
          tx = end;
        }
      }
    },
  };
}


/** Reads the image's pixels (scaled to the task's image size) into the mask store when the wand needs them. */
function useImagePixels(imageUrl: string, needed: boolean) {
  const image = useHtmlImage(imageUrl);
  const size = useEditorStore((s) => s.imageSize);
  const [readFor, setReadFor] = useState<string | null>(null);
  useEffect(() => {
    if (!needed || !image || image === 'error' || readFor === imageUrl) return;
    const canvas = document.createElement('canvas');
    canvas.width = size.width;
    canvas.height = size.height;
    const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
    ctx.drawImage(image, 0, 0, size.width, size.height);
    useMaskStore.getState().set({ imagePixels: { data: ctx.getImageData(0, 0, size.width, size.height).data, width: size.width, height: size.height } });
    setReadFor(imageUrl);
  }, [needed, image, imageUrl, readFor, size]);
  useEffect(() => {
    useMaskStore.getState().set({ imageUrl });
    return () => useMaskStore.getState().set({ imagePixels: null, imageUrl: null });
  }, [imageUrl]);
}
