import { Shape } from 'react-konva';
import type { AnnotationObject } from '../../shared/annotation.schema';
import type { Viewport } from '../../core/geometry/point';
import { paintEmphasis } from './object-painter';
import type { SelectPreview } from './use-select-gestures';

type Props = { preview: SelectPreview; view: Viewport; objects: readonly AnnotationObject[]; selectedIds: ReadonlySet<string>; colors: ReadonlyMap<string, string> };

/**
 * The select tool's previews, in screen px: the marquee being drawn, and the selected objects where a
 * group move would put them. One shape whatever the size of the selection.
 */
export function SelectionOverlay({ preview, view, objects, selectedIds, colors }: Props) {
  const { marquee, moveBy } = preview;
  if (!marquee && !moveBy) return null;
  return (
    <Shape
      listening={false}
      perfectDrawEnabled={false}
      name={marquee ? 'marquee' : 'move-preview'}
      sceneFunc={(context) => {
        const ctx = context._context;
        if (marquee) {
          ctx.setLineDash([6, 4]);
          ctx.lineWidth = 1.5;
          ctx.strokeStyle = '#ffffff';
          ctx.fillStyle = 'rgba(96, 165, 250, 0.12)';
          const x = marquee.x * view.scale + view.offsetX;
          const y = marquee.y * view.scale + view.offsetY;
          ctx.fillRect(x, y, marquee.w * view.scale, marquee.h * view.scale);
          ctx.strokeRect(x, y, marquee.w * view.scale, marquee.h * view.scale);
          ctx.setLineDash([]);
        }
        if (moveBy) {
          const shifted = { ...view, offsetX: view.offsetX + moveBy.dx * view.scale, offsetY: view.offsetY + moveBy.dy * view.scale };
          for (const o of objects) if (selectedIds.has(o.id)) paintEmphasis(ctx, o, shifted, colors.get(o.classId) ?? '#ffffff', true);
        }
      }}
    />
  );
}
