import { useEffect, useMemo, useRef, useState } from 'react';
import { Group, Image as KonvaImage, Layer, Rect, Stage } from 'react-konva';
import type Konva from 'konva';
import type { Ontology } from '../../shared/project.schema';
import { fitViewport, screenToImage, type ScreenPoint } from '../../core/geometry/point';
import { boxToolPreview } from '../../editor/tools/box-tool';
import { useEditorStore } from '../state/editor-store';
import { useHtmlImage } from './use-html-image';

type Props = { imageUrl: string; ontology: Ontology };

/**
 * Draws the task's image and its boxes, and reports pointer gestures (in image pixels) to the editor.
 * It owns no annotation state: what it shows comes from the editor store.
 */
export function ImageCanvas({ imageUrl, ontology }: Props) {
  const frameRef = useRef<HTMLDivElement>(null);
  const [frame, setFrame] = useState({ width: 800, height: 600 });
  const image = useHtmlImage(imageUrl);
  const editor = useEditorStore((s) => s.editor);
  const imageSize = useEditorStore((s) => s.imageSize);
  const selectedId = useEditorStore((s) => s.selectedId);
  const gesture = useEditorStore((s) => s.gesture);

  useEffect(() => {
    const el = frameRef.current;
    if (!el) return;
    const ro = new ResizeObserver(([entry]) => {
      if (entry) setFrame({ width: Math.max(100, entry.contentRect.width), height: Math.max(100, entry.contentRect.height) });
    });
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  const view = useMemo(() => fitViewport(imageSize, frame), [imageSize, frame]);
  const colors = useMemo(() => new Map(ontology.classes.map((c) => [c.id, c.color])), [ontology]);
  const preview = editor.tool.tool === 'box' ? boxToolPreview(editor.tool.state, { imageSize }) : null;

  const toImage = (e: Konva.KonvaEventObject<PointerEvent>) => {
    const p = e.target.getStage()?.getPointerPosition();
    return p ? screenToImage(p as ScreenPoint, view) : null;
  };
  const onPointer = (type: 'pointer.down' | 'pointer.move' | 'pointer.up') => (e: Konva.KonvaEventObject<PointerEvent>) => {
    if (type === 'pointer.down' && e.evt.button !== 0) return;
    const point = toImage(e);
    if (point) gesture({ type, point });
  };

  return (
    <div ref={frameRef} className="canvas-frame" data-testid="canvas-frame">
      {image === 'error' && <div className="canvas-message">The image could not be loaded.</div>}
      <Stage
        width={frame.width}
        height={frame.height}
        onPointerDown={onPointer('pointer.down')}
        onPointerMove={onPointer('pointer.move')}
        onPointerUp={onPointer('pointer.up')}
        style={{ cursor: 'crosshair' }}
      >
        <Layer listening={false}>
          <Group x={view.offsetX} y={view.offsetY} scaleX={view.scale} scaleY={view.scale}>
            {image && image !== 'error' && <KonvaImage image={image} width={imageSize.width} height={imageSize.height} />}
          </Group>
        </Layer>
        <Layer listening={false}>
          <Group x={view.offsetX} y={view.offsetY} scaleX={view.scale} scaleY={view.scale}>
            {editor.doc.objects.map((o) =>
              o.geometry.kind === 'box' ? (
                <Rect
                  key={o.id}
                  x={o.geometry.x}
                  y={o.geometry.y}
                  width={o.geometry.w}
                  height={o.geometry.h}
                  stroke={colors.get(o.classId) ?? '#ffffff'}
                  strokeWidth={o.id === selectedId ? 3 : 2}
                  strokeScaleEnabled={false}
                  fill={`${colors.get(o.classId) ?? '#ffffff'}${o.id === selectedId ? '55' : '22'}`}
                />
              ) : null,
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
        </Layer>
      </Stage>
    </div>
  );
}
