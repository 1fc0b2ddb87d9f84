import { useEffect, useMemo, useRef } from 'react';
import { Circle, Group, Image as KonvaImage, Layer, Line, Rect, Stage } from 'react-konva';
import type Konva from 'konva';
import type { Ontology } from '../../shared/project.schema';
import { screenToImage, type ScreenPoint } from '../../core/geometry/point';
import { wheelZoomFactor } from '../../core/geometry/viewport';
import { boxToolPreview } from '../../editor/tools/box-tool';
import { polygonToolPreview } from '../../editor/editor';
import { useEditorStore } from '../state/editor-store';
import { useViewStore } from '../state/view-store';
import { useHtmlImage } from './use-html-image';
import { SelectionEditor } from './SelectionEditor';
import { MaskLayer } from './MaskLayer';
import { ObjectsLayer } from './ObjectsLayer';
import { SelectionOverlay } from './SelectionOverlay';
import { useSelectGestures } from './use-select-gestures';

type Props = { imageUrl: string; ontology: Ontology };

/**
 * Draws the task's image, its boxes and polygons (and the one being drawn), and reports pointer gestures (in image pixels) to the editor.
 * It owns no annotation state: what it shows comes from the editor store; zoom and pan from the view store.
 * Wheel zooms to the cursor; space+drag or middle-drag pans.
 */
export function ImageCanvas({ imageUrl, ontology }: Props) {
  const frameRef = useRef<HTMLDivElement>(null);
  const image = useHtmlImage(imageUrl);
  const editor = useEditorStore((s) => s.editor);
  const imageSize = useEditorStore((s) => s.imageSize);
  const selectedId = useEditorStore((s) => s.selectedId);
  const selectedIds = useEditorStore((s) => s.selectedIds);
  const select = useSelectGestures();
  const hoveredId = useEditorStore((s) => s.hoveredId);
  const hidden = useEditorStore((s) => s.hidden);
  const gesture = useEditorStore((s) => s.gesture);
  const view = useViewStore((s) => s.view);
  const panning = useRef<{ x: number; y: number } | null>(null);
  const spaceHeld = useSpaceHeld();

  useEffect(() => {
    useViewStore.getState().setImage(imageSize);
  }, [imageSize]);

  useEffect(() => {
    const el = frameRef.current;
    if (!el) return;
    const ro = new ResizeObserver(([entry]) => {
      if (entry) useViewStore.getState().setFrame({ width: Math.max(100, entry.contentRect.width), height: Math.max(100, entry.contentRect.height) });
    });
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  const frame = useViewStore((s) => s.frame);
  const brightness = useViewStore((s) => s.brightness);
  const contrast = useViewStore((s) => s.contrast);
  const crosshair = useViewStore((s) => s.crosshair);
  const cursor = useViewStore((s) => (s.crosshair ? s.cursor : null));
  const imageLayer = useRef<Konva.Layer>(null);
  useEffect(() => {
    // Each Konva layer is its own <canvas>: a CSS filter on the image layer's adjusts the photo on the GPU
    // and leaves the annotation colours untouched.
    const el = imageLayer.current?.getCanvas()._canvas;
    if (el) el.style.filter = brightness === 100 && contrast === 100 ? '' : `brightness(${brightness}%) contrast(${contrast}%)`;
  }, [brightness, contrast]);
  const colors = useMemo(() => new Map(ontology.classes.map((c) => [c.id, c.color])), [ontology]);
  const preview = editor.tool.tool === 'box' ? boxToolPreview(editor.tool.state, { imageSize }) : null;
  const polyPreview = editor.tool.tool === 'polygon' ? polygonToolPreview(editor.tool.state, { imageSize, snapRadiusPx: 8 / view.scale }) : null;

  const editLayer = useRef<Konva.Layer>(null);
  // The handles are for a single selection; several selected objects move together with the select tool's drag.
  const selected = selectedId && selectedIds.size <= 1 ? editor.doc.objects.find((o) => o.id === selectedId) ?? null : null;
  const locked = useEditorStore((s) => s.locked);
  const pointer = (e: Konva.KonvaEventObject<PointerEvent | WheelEvent>) => e.target.getStage()?.getPointerPosition() as ScreenPoint | null;
  const onDown = (e: Konva.KonvaEventObject<PointerEvent>) => {
    const p = pointer(e);
    if (!p) return;
    if (e.evt.button === 1 || (e.evt.button === 0 && spaceHeld.current)) {
      capturePointer(e);
      panning.current = p;
      return;
    }
    if (e.evt.button !== 0) return;
    // Presses on the selection's handles belong to Konva's drag, not to the tools.
    if (editLayer.current && e.target.getLayer() === editLayer.current) return;
    capturePointer(e);
    const point = screenToImage(p, useViewStore.getState().view);
    const store = useEditorStore.getState();
    if (store.editor.tool.tool === 'select') {
      select.down(point, e.evt.shiftKey, 3 / useViewStore.getState().view.scale);
      return;
    }
    gesture({ type: 'pointer.down', point, shift: e.evt.shiftKey });
  };
  // Why capture the pointer on the stage's element for a gesture: a box dragged, a freehand polygon or a
  // brush stroke carried past the canvas edge (over the side panel, or out of the window) keeps following
  // the pointer, and its release ends it where the pointer is (the tools clamp to the image), instead of
  // the stage missing the release and the gesture staying stuck to the pointer.
  const capturePointer = (e: Konva.KonvaEventObject<PointerEvent>) => {
    const content = e.target.getStage()?.content;
    try {
      if (content && !content.hasPointerCapture(e.evt.pointerId)) content.setPointerCapture(e.evt.pointerId);
    } catch {
      // A synthetic event's pointer is not active; without capture, the window's pointerup still ends the gesture.
    }
  };
  const onMove = (e: Konva.KonvaEventObject<PointerEvent>) => {
    const p = pointer(e);
    if (!p) return;
    const views = useViewStore.getState();
    if (panning.current) {
      views.pan(p.x - panning.current.x, p.y - panning.current.y);
      panning.current = p;
      return;
    }
    const point = screenToImage(p, views.view);
    views.setCursor({ x: point.x, y: point.y });
    if (useEditorStore.getState().editor.tool.tool === 'select' && select.move(point, 3 / views.view.scale, 3 / views.view.scale, e.evt.buttons !== 0)) return;
    gesture({ type: 'pointer.move', point, shift: e.evt.shiftKey });
  };
  const onUp = (e: Konva.KonvaEventObject<PointerEvent>) => {
    if (panning.current) {
      panning.current = null;
      return;
    }
    const p = pointer(e);
    if (p && select.up(screenToImage(p, useViewStore.getState().view))) return;
    if (p) gesture({ type: 'pointer.up', point: screenToImage(p, useViewStore.getState().view), shift: e.evt.shiftKey });
  };
  // A marquee, a move of several objects or a pan released outside the canvas (over the side panel, or
  // outside the window) ends there too: the stage never sees that pointerup, and the gesture would stay
  // stuck to the pointer. A release over the canvas reaches the stage's handler first, which ends the
  // gesture, so this one then finds nothing to do.
  const latestSelect = useRef(select);
  latestSelect.current = select;
  useEffect(() => {
    const onWindowUp = (e: PointerEvent) => {
      panning.current = null;
      const box = frameRef.current?.getBoundingClientRect();
      if (!box) return;
      const p = { x: e.clientX - box.left, y: e.clientY - box.top } as ScreenPoint;
      latestSelect.current.up(screenToImage(p, useViewStore.getState().view));
    };
    window.addEventListener('pointerup', onWindowUp);
    return () => window.removeEventListener('pointerup', onWindowUp);
  }, []);
  const onWheel = (e: Konva.KonvaEventObject<WheelEvent>) => {
    e.evt.preventDefault();
    const p = pointer(e);
    if (p) useViewStore.getState().zoomAtPoint(p, wheelZoomFactor(e.evt.deltaY));
  };

  return (
    <div ref={frameRef} className="canvas-frame" data-testid="canvas-frame" onPointerLeave={() => useViewStore.getState().setCursor(null)}
      // The browser's double-click (unlike Konva's, which only looks at time) needs both clicks in one place,
      // so two quick clicks at different vertices never close a polygon early.
      onDoubleClick={() => gesture({ type: 'close' })}
    >
      {image === 'error' && <div className="canvas-message">The image could not be loaded.</div>}
      <Stage
        width={frame.width}
        height={frame.height}
        onPointerDown={onDown}
        onPointerMove={onMove}
        onPointerUp={onUp}
        onWheel={onWheel}
        style={{ cursor: spaceHeld.current || panning.current ? 'grab' : 'crosshair' }}
      >
        <Layer listening={false} ref={imageLayer}>
          <Group x={view.offsetX} y={view.offsetY} scaleX={view.scale} scaleY={view.scale}>
            {image && image !== 'error' && <KonvaImage image={image} width={imageSize.width} height={imageSize.height} />}
          </Group>
        </Layer>
        <MaskLayer ontology={ontology} imageUrl={imageUrl} />
        <ObjectsLayer
          objects={editor.doc.objects}
          colors={colors}
          view={view}
          frame={frame}
          imageSize={imageSize}
          selectedIds={selectedIds}
          hoveredId={hoveredId}
          hidden={hidden}
          skipId={editor.tool.tool === 'select' ? (selected?.id ?? null) : null}
        />
        <Layer listening={false}>
          <Group x={view.offsetX} y={view.offsetY} scaleX={view.scale} scaleY={view.scale}>
            {polyPreview && (
              <>
                <Line
                  points={[...polyPreview.points, ...(polyPreview.cursor ? [polyPreview.cursor] : [])].flatMap((q) => [q.x, q.y])}
                  stroke="#ffffff"
                  dash={[6, 4]}
                  strokeWidth={1.5}
                  strokeScaleEnabled={false}
                />
                {polyPreview.points.map((q, i) => (
                  <Circle
                    key={i}
                    x={q.x}
                    y={q.y}
                    radius={(i === 0 && polyPreview.closable ? 6 : 3.5) / view.scale}
                    fill={i === 0 ? '#f59e0b' : '#ffffff'}
                    stroke="#111827"
                    strokeWidth={1}
                    strokeScaleEnabled={false}
                  />
                ))}
              </>
            )}
            {crosshair && cursor && (
              <>
                <Line points={[cursor.x, 0, cursor.x, imageSize.height]} stroke="#ffffff" opacity={0.6} strokeWidth={1} strokeScaleEnabled={false} dash={[4, 4]} />
                <Line points={[0, cursor.y, imageSize.width, cursor.y]} stroke="#ffffff" opacity={0.6} strokeWidth={1} strokeScaleEnabled={false} dash={[4, 4]} />
              </>
            )}
            {preview && (
              <Rect
                x={preview.x}
                y={preview.y}
                width={preview.w}
                height={preview.h}
                stroke="#ffffff"
                dash={[6, 4]}
                strokeWidth={1.5}
                strokeScaleEnabled={false}
              />
            )}
          </Group>
          <SelectionOverlay preview={select.preview} view={view} objects={editor.doc.objects} selectedIds={selectedIds} colors={colors} />
        </Layer>
        <Layer ref={editLayer}>
          <Group x={view.offsetX} y={view.offsetY} scaleX={view.scale} scaleY={view.scale}>
            {selected && editor.tool.tool === 'select' && !hidden.has(selected.id) && (
              <SelectionEditor
                key={`${selected.id}:${selected.version}`}
                object={selected}
                imageSize={imageSize}
                scale={view.scale}
                color={colors.get(selected.classId) ?? '#ffffff'}
                locked={locked.has(selected.id)}
              />
            )}
          </Group>
        </Layer>
      </Stage>
    </div>
  );
}

/** Whether the space bar is held (space+drag pans), outside text fields. */
function useSpaceHeld() {
  const held = useRef(false);
  useEffect(() => {
    const down = (e: KeyboardEvent) => {
      if (e.code === 'Space' && !(e.target instanceof HTMLInputElement || e.target instanceof HTMLTextAreaElement)) {
        held.current = true;
        e.preventDefault();
      }
    };
    const up = (e: KeyboardEvent) => {
      if (e.code === 'Space') held.current = false;
    };
    window.addEventListener('keydown', down);
    window.addEventListener('keyup', up);
    return () => {
      window.removeEventListener('keydown', down);
      window.removeEventListener('keyup', up);
    };
  }, []);
  return held;
}
