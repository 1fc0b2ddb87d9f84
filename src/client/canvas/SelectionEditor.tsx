import { useEffect, useRef } from 'react';
import { Circle, Line, Rect, Transformer } from 'react-konva';
import type Konva from 'konva';
import type { AnnotationObject } from '../../shared/annotation.schema';
import { clampBox, roundBox } from '../../core/geometry/box';
import { imagePoint, type Size } from '../../core/geometry/point';
import { deleteVertex, insertVertex, movePolygon, moveVertex } from '../../editor/tools/polygon-edit';
import { useEditorStore } from '../state/editor-store';

type Props = { object: AnnotationObject; imageSize: Size; scale: number; color: string; locked: boolean };

/**
 * Handles for the selected object, drawn in image coordinates inside the view group. Konva moves the
 * nodes while a handle is dragged (the preview); on release the result becomes one document update.
 * Boxes: drag to move, eight handles to resize. Polygons: drag to move, drag a vertex, click an edge's
 * midpoint to add a vertex, alt-click a vertex to remove it.
 */
export function SelectionEditor({ object, imageSize, scale, color, locked }: Props) {
  if (object.geometry.kind === 'box') return <BoxHandles object={object} imageSize={imageSize} color={color} locked={locked} />;
  return <PolygonHandles object={object} imageSize={imageSize} scale={scale} color={color} locked={locked} />;
}

function BoxHandles({ object, imageSize, color, locked }: Omit<Props, 'scale'>) {
  const rectRef = useRef<Konva.Rect>(null);
  const trRef = useRef<Konva.Transformer>(null);
  const setGeometry = useEditorStore((s) => s.setGeometry);
  const g = object.geometry.kind === 'box' ? object.geometry : null;
  useEffect(() => {
    if (trRef.current && rectRef.current) {
      trRef.current.nodes([rectRef.current]);
      trRef.current.getLayer()?.batchDraw();
    }
  }, [object]);
  if (!g) return null;
  const commit = () => {
    const node = rectRef.current!;
    const next = roundBox(clampBox({ kind: 'box', x: node.x(), y: node.y(), w: node.width() * node.scaleX(), h: node.height() * node.scaleY() }, imageSize));
    node.scale({ x: 1, y: 1 });
    if (next.w >= 1 && next.h >= 1) setGeometry(object.id, next);
    else node.setAttrs({ x: g.x, y: g.y, width: g.w, height: g.h });
  };
  return (
    <>
      <Rect
        ref={rectRef}
        name="selection-body"
        x={g.x}
        y={g.y}
        width={g.w}
        height={g.h}
        stroke={color}
        strokeWidth={2}
        strokeScaleEnabled={false}
        fill="rgba(255,255,255,0.06)"
        draggable={!locked}
        onDragEnd={commit}
        onTransformEnd={commit}
      />
      {!locked && (
        <Transformer
          ref={trRef}
          rotateEnabled={false}
          keepRatio={false}
          ignoreStroke
          flipEnabled={false}
          anchorSize={9}
          borderStroke={color}
          anchorStroke="#111827"
          anchorFill="#ffffff"
        />
      )}
    </>
  );
}

function PolygonHandles({ object, imageSize, scale, color, locked }: Props) {
  const edit = useEditorStore((s) => s.edit);
  if (object.geometry.kind !== 'polygon') return null;
  const pts = object.geometry.points;
  const r = 5 / scale;
  return (
    <>
      <Line
        name="selection-body"
        points={pts.flatMap((p) => [p.x, p.y])}
        closed
        stroke={color}
        strokeWidth={2.5}
        strokeScaleEnabled={false}
        fill="rgba(255,255,255,0.08)"
        draggable={!locked}
        onDragEnd={(e) => {
          const node = e.target;
          const dx = node.x();
          const dy = node.y();
          node.position({ x: 0, y: 0 });
          edit(movePolygon(object, { dx, dy, imageSize }));
        }}
      />
      {!locked &&
        pts.map((p, i) => {
          const next = pts[(i + 1) % pts.length]!;
          return (
            <Circle
              key={`mid-${i}`}
              name="vertex-midpoint"
              x={(p.x + next.x) / 2}
              y={(p.y + next.y) / 2}
              radius={r * 0.7}
              fill="rgba(255,255,255,0.5)"
              stroke="#111827"
              strokeWidth={1}
              strokeScaleEnabled={false}
              onClick={() => edit(insertVertex(object, { edge: i, imageSize }))}
            />
          );
        })}
      {!locked &&
        pts.map((p, i) => (
          <Circle
            key={`v-${i}`}
            name="vertex"
            x={p.x}
            y={p.y}
            radius={r}
            fill="#ffffff"
            stroke="#111827"
            strokeWidth={1}
            strokeScaleEnabled={false}
            draggable
            onClick={(e) => {
              if (e.evt.altKey) edit(deleteVertex(object, { index: i }));
            }}
            onDragEnd={(e) => edit(moveVertex(object, { index: i, to: imagePoint(e.target.x(), e.target.y()), imageSize }))}
          />
        ))}
    </>
  );
}
