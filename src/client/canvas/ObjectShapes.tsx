import { memo } from 'react';
import { Line, Rect } from 'react-konva';
import type { AnnotationObject } from '../../shared/annotation.schema';

type Props = {
  objects: readonly AnnotationObject[];
  colors: ReadonlyMap<string, string>;
  selectedId: string | null;
  hoveredId: string | null;
  hidden: ReadonlySet<string>;
  /** An object drawn elsewhere (the selection's handles), left out here. */
  skipId: string | null;
};

/**
 * The document's objects in image coordinates. Memoised, and each shape too, so zooming, panning or a tool's
 * preview does not re-render thousands of shapes: objects the document did not change keep their identity.
 */
export const ObjectShapes = memo(function ObjectShapes({ objects, colors, selectedId, hoveredId, hidden, skipId }: Props) {
  return (
    <>
      {objects.map((o) =>
        o.id === skipId || hidden.has(o.id) ? null : (
          <Shape key={o.id} object={o} color={colors.get(o.classId) ?? '#ffffff'} emphasized={o.id === selectedId || o.id === hoveredId} selected={o.id === selectedId} />
        ),
      )}
    </>
  );
});

const Shape = memo(function Shape({ object, color, emphasized, selected }: { object: AnnotationObject; color: string; emphasized: boolean; selected: boolean }) {
  const style = {
    stroke: color,
    strokeWidth: emphasized ? 3.5 : 2,
    strokeScaleEnabled: false,
    fill: `${color}${selected ? '55' : '22'}`,
    // Why: hit graphs and perfect-draw buffers cost memory and time per shape; these layers never take events.
    listening: false,
    perfectDrawEnabled: false,
  };
  const g = object.geometry;
  if (g.kind === 'mask') return null; // masks are drawn by MaskLayer, all in one bitmap
  if (g.kind === 'box') return <Rect x={g.x} y={g.y} width={g.w} height={g.h} {...style} />;
  if (g.kind !== 'polygon') return null; // audio segments are drawn on the waveform, not here
  return <Line points={g.points.flatMap((q) => [q.x, q.y])} closed {...style} />;
});
