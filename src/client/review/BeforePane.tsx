import type { AnnotationDocument } from '../../shared/annotation.schema';
import type { Ontology } from '../../shared/project.schema';

/**
 * The labeler's version, whole and unzoomed, for the side-by-side view of a review: the image with its
 * objects in their class colours, scaled to the pane. Read-only; the fix is made on the canvas beside it.
 */
export function BeforePane({ imageUrl, size, doc, ontology }: { imageUrl: string; size: { width: number; height: number }; doc: AnnotationDocument; ontology: Ontology }) {
  const colour = (id: string) => ontology.classes.find((c) => c.id === id)?.color ?? '#ffffff';
  return (
    <div className="before-pane" data-testid="before-pane">
      <div className="before-label">Labeler’s version</div>
      <svg viewBox={`0 0 ${size.width} ${size.height}`} preserveAspectRatio="xMidYMid meet">
        <image href={imageUrl} x={0} y={0} width={size.width} height={size.height} />
        {doc.objects.map((o) => {
          const g = o.geometry;
          const style = { fill: 'none', stroke: colour(o.classId), strokeWidth: 2, vectorEffect: 'non-scaling-stroke' as const };
          if (g.kind === 'box') return <rect key={o.id} data-testid="before-shape" x={g.x} y={g.y} width={g.w} height={g.h} style={style} />;
          if (g.kind === 'polygon') return <polygon key={o.id} data-testid="before-shape" points={g.points.map((p) => `${p.x},${p.y}`).join(' ')} style={style} />;
          return null;
        })}
      </svg>
    </div>
  );
}
