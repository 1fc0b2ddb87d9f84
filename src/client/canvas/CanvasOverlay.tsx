import type { AnnotationDocument } from '../../shared/annotation.schema';
import { imageToScreen, imagePoint } from '../../core/geometry/point';
import { useViewStore } from '../state/view-store';

/** A note pinned to a place of the image (image pixels), drawn over the canvas. */
export type CanvasPin = { id: string; x: number; y: number; text: string; tone: 'comment' | 'finding'; number: number };

/**
 * An HTML/SVG layer over the labeling canvas that follows its zoom and pan: a ghost of another version of
 * the document (dashed outlines, e.g. the labeler's work under a reviewer's fix) and pinned notes. It
 * never takes pointer events, so drawing under it works as usual.
 */
export function CanvasOverlay({ ghost, pins }: { ghost?: AnnotationDocument | null; pins?: readonly CanvasPin[] }) {
  const view = useViewStore((s) => s.view);
  return (
    <div className="canvas-overlay" aria-hidden={pins?.length ? undefined : true}>
      {ghost && (
        <svg className="ghost" width="100%" height="100%" data-testid="ghost-layer">
          <g transform={`translate(${view.offsetX} ${view.offsetY}) scale(${view.scale})`}>
            {ghost.objects.map((o) =>
              o.geometry.kind === 'box' ? (
                <rect key={o.id} x={o.geometry.x} y={o.geometry.y} width={o.geometry.w} height={o.geometry.h} vectorEffect="non-scaling-stroke" />
              ) : o.geometry.kind === 'polygon' ? (
                <polygon key={o.id} points={o.geometry.points.map((p) => `${p.x},${p.y}`).join(' ')} vectorEffect="non-scaling-stroke" />
              ) : null,
            )}
          </g>
        </svg>
      )}
      {pins?.map((pin) => {
        const at = imageToScreen(imagePoint(pin.x, pin.y), view);
        return (
          <div key={pin.id} className={`canvas-pin ${pin.tone}`} style={{ left: at.x, top: at.y }} data-testid="canvas-pin" role="note">
            <span className="pin-index">{pin.number}</span>
            <span className="pin-text">{pin.text}</span>
          </div>
        );
      })}
    </div>
  );
}

/** Where a note about an object goes: its top-left corner (box) or its topmost vertex (polygon). */
export function anchorOf(doc: AnnotationDocument, objectId: string): { x: number; y: number } | null {
  const o = doc.objects.find((x) => x.id === objectId);
  if (!o) return null;
  if (o.geometry.kind === 'box') return { x: o.geometry.x, y: o.geometry.y };
  if (o.geometry.kind === 'polygon') return o.geometry.points.reduce((a, p) => (p.y < a.y ? p : a), o.geometry.points[0]!);
  return null;
}
