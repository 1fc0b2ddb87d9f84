import { useMemo } from 'react';
import type { AnnotationObject } from '../../shared/annotation.schema';
import type { Geometry } from '../../shared/geometry.schema';
import { classNameOf, type Ontology } from '../../shared/project.schema';
import type { FindingRecord, GoldFeedback } from '../../shared/quality.schema';
import { useEditorStore } from '../state/editor-store';
import { useViewStore } from '../state/view-store';
import { outlinePath, regionPath } from './mask-paths';
import './quality.css';
import { useEnterToAcknowledge } from './use-enter-to-acknowledge';

type Props = {
  feedback: GoldFeedback;
  ontology: Ontology;
  onAcknowledge: () => void;
  /** The button's text ("Next task", "Next item"). */
  acknowledgeLabel?: string;
  /** Extra line above the button (practice progress). */
  footer?: string;
  /** Where the reference comes from: a gold answer (default) or a reviewer's fix. */
  source?: 'gold' | 'review';
};

const TYPE_LABELS: Record<string, string> = {
  loose_box: 'Loose box', tight_box: 'Tight box', missed_object: 'Missed object', extra_object: 'Extra object', wrong_class: 'Wrong class',
  attribute_mismatch: 'Attribute', duplicate: 'Duplicate', low_overlap: 'Low overlap', coarse_boundary: 'Coarse outline', too_fast: 'Too fast',
  missed_region: 'Missed region', spill: 'Spill', boundary_error: 'Mask edge',
};

type Pt = { x: number; y: number };
const isPoint = (v: unknown): v is Pt => typeof v === 'object' && v !== null && typeof (v as Pt).x === 'number' && typeof (v as Pt).y === 'number';
type Rle = { size: [number, number]; counts: string };
const isRle = (v: unknown): v is Rle =>
  typeof v === 'object' && v !== null && typeof (v as Rle).counts === 'string' && Array.isArray((v as Rle).size) && (v as Rle).size.length === 2;

/**
 * Inline feedback after a gold submit (or a practice answer), drawn over the labeler's own work on the
 * canvas: the reference ghosted in, each finding pinned to its object with its explanation, offending box
 * edges marked. Mask findings carry their region (spill, missed, wrong class) as RLE: it is tinted over the
 * canvas and the pin sits at the finding's point inside it; reference masks are ghosted as outlines.
 * Blocks drawing until acknowledged (button or Enter). Reads the view (zoom, pan) to place
 * everything in image coordinates; it owns no state.
 */
export function FeedbackOverlay({ feedback, ontology, onAcknowledge, acknowledgeLabel = 'Got it — next task', footer, source = 'gold' }: Props) {
  const view = useViewStore((s) => s.view);
  const doc = useEditorStore((s) => s.editor.doc);
  useEnterToAcknowledge(onAcknowledge);

  const sx = (x: number) => x * view.scale + view.offsetX;
  const sy = (y: number) => y * view.scale + view.offsetY;
  const mine = new Map(doc.objects.map((o) => [o.id, o]));
  const refs = new Map(feedback.reference.objects.map((o) => [o.id, o]));
  const className = (id: string) => classNameOf(ontology, id);
  // Decoding a region or outline is linear in its runs, but not free: once per feedback, not per pan.
  const regions = useMemo(
    () => feedback.findings.flatMap((f) => (isRle(f.detail.region) ? [{ id: f.id, type: f.type, d: regionPath(f.detail.region), edge: outlinePath(f.detail.region) }] : [])),
    [feedback.findings],
  );
  const outlines = useMemo(
    () => feedback.reference.objects.flatMap((o) => (o.geometry.kind === 'mask' ? [{ id: o.id, d: outlinePath(o.geometry.rle) }] : [])),
    [feedback.reference.objects],
  );
  const anchor = (f: FindingRecord) => {
    if (isPoint(f.detail.point)) return { x: sx(f.detail.point.x), y: sy(f.detail.point.y) };
    const o = (f.objectId ? mine.get(f.objectId) : undefined) ?? (f.referenceId ? refs.get(f.referenceId) : undefined);
    if (!o) return null;
    const b = bounds(o.geometry);
    return { x: sx(b.x), y: sy(b.y) };
  };
  const right = feedback.objectsCorrect;
  const stacked = new Map<string, number>();
  return (
    <div className="feedback-overlay" data-testid="feedback-overlay">
      <svg className="feedback-svg" width="100%" height="100%">
        {feedback.reference.objects.map((o) => (
          <Shape key={o.id} o={o} sx={sx} sy={sy} className="reference-ghost" testId="reference-ghost" />
        ))}
        {feedback.findings.flatMap((f) => edgeMarks(f, mine.get(f.objectId ?? ''), sx, sy))}
        <defs>
          {/* Stripes, not a flat tint: a flat red would vanish into a red class's own mask. */}
          {['spill', 'missed_region', 'wrong_class'].map((t) => (
            <pattern key={t} id={`stripes-${t}`} className={`stripes-${t}`} patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(45)">
              <rect width="3" height="6" />
            </pattern>
          ))}
        </defs>
        <g transform={`translate(${view.offsetX} ${view.offsetY}) scale(${view.scale})`}>
          {outlines.map((o) => (
            <path key={o.id} className="reference-ghost-mask" d={o.d} data-testid="reference-ghost-mask" />
          ))}
          {regions.map((r) => (
            <g key={r.id} className={`region-${r.type}`}>
              <path className="finding-region" d={r.d} fill={`url(#stripes-${r.type})`} data-testid="finding-region" data-finding-type={r.type} />
              <path className="finding-region-edge" d={r.edge} />
            </g>
          ))}
        </g>
      </svg>
      {feedback.findings.map((f, i) => {
        const at = anchor(f);
        if (!at) return null;
        // Several findings on one object stack above it instead of covering each other.
        const key = `${Math.round(at.x)},${Math.round(at.y)}`;
        const nth = stacked.get(key) ?? 0;
        stacked.set(key, nth + 1);
        return (
          <div key={f.id} className={`finding-pin finding-${f.type}`} style={{ left: at.x, top: Math.max(0, at.y - 30 - nth * 28) }} data-testid="finding-pin" data-finding-type={f.type}>
            <b>{i + 1}</b> {f.explanation}
          </div>
        );
      })}
      <div className="feedback-card" role="dialog" aria-label="Gold check">
        {source === 'review' ? (
          <>
            <h3>{`Reviewer’s fix: ${right} of ${feedback.objectsTotal} objects unchanged`}</h3>
            <p className="muted small">The dashed outlines are the reviewer’s fixed version; your work is underneath.</p>
          </>
        ) : (
          <>
            <h3>{feedback.findings.length === 0 ? 'All right — this matches the reference' : `Gold check: ${right} of ${feedback.objectsTotal} objects right`}</h3>
            <p className="muted small">The dashed outlines are the reference answer; your work is underneath.</p>
          </>
        )}
        {feedback.findings.length > 0 && (
          <ol className="finding-list" data-testid="finding-list">
            {feedback.findings.map((f) => (
              <li key={f.id} data-testid="finding-item">
                <span className="finding-type">{TYPE_LABELS[f.type] ?? f.type}</span> {f.explanation}
                {f.type === 'wrong_class' && typeof f.detail.referenceClassId === 'string' && <span className="muted"> ({className(f.detail.referenceClassId)})</span>}
              </li>
            ))}
          </ol>
        )}
        {footer && <p className="small" data-testid="feedback-footer">{footer}</p>}
        <button className="primary" autoFocus onClick={onAcknowledge} data-testid="acknowledge-feedback" title="Enter">
          {acknowledgeLabel} (Enter)
        </button>
      </div>
    </div>
  );
}

function Shape({ o, sx, sy, className, testId }: { o: AnnotationObject; sx: (x: number) => number; sy: (y: number) => number; className: string; testId: string }) {
  const g = o.geometry;
  if (g.kind === 'box') return <rect className={className} data-testid={testId} x={sx(g.x)} y={sy(g.y)} width={sx(g.x + g.w) - sx(g.x)} height={sy(g.y + g.h) - sy(g.y)} />;
  if (g.kind === 'polygon') return <polygon className={className} data-testid={testId} points={g.points.map((p) => `${sx(p.x)},${sy(p.y)}`).join(' ')} />;
  return null;
}

/** Red marks on the edges of the labeler's box that a loose/tight finding names. */
function edgeMarks(f: FindingRecord, o: AnnotationObject | undefined, sx: (x: number) => number, sy: (y: number) => number) {
  const edges = Array.isArray(f.detail.edges) ? (f.detail.edges as { edge: string }[]) : [];
  if (!o || o.geometry.kind !== 'box' || edges.length === 0) return [];
  const g = o.geometry;
  const [l, t, r, b] = [sx(g.x), sy(g.y), sx(g.x + g.w), sy(g.y + g.h)];
  const lines: Record<string, [number, number, number, number]> = { left: [l, t, l, b], right: [r, t, r, b], top: [l, t, r, t], bottom: [l, b, r, b] };
  return edges.map((e) => {
    const [x1, y1, x2, y2] = lines[e.edge]!;
    return <line key={`${f.id}-${e.edge}`} className="edge-mark" x1={x1} y1={y1} x2={x2} y2={y2} data-testid="edge-mark" data-edge={e.edge} />;
  });
}

function bounds(g: Geometry): { x: number; y: number } {
  if (g.kind === 'box') return { x: g.x, y: g.y };
  if (g.kind === 'polygon') return { x: Math.min(...g.points.map((p) => p.x)), y: Math.min(...g.points.map((p) => p.y)) };
  return { x: 0, y: 0 };
}
