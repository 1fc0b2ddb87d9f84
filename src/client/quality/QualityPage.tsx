import { Link, useParams } from 'react-router';
import type { LabelerQuality } from '../../shared/quality.schema';
import { useProject } from '../api/hooks';
import { useMyQuality, useProjectQuality } from '../api/quality-hooks';
import { ReviewerQualityTable } from '../review/ReviewerQualityTable';
import './quality.css';

const pct = (v: number | null) => (v === null ? '—' : `${Math.round(v * 100)}%`);

/**
 * A labeler's quality in a project: accuracy on gold with its 95% interval, finding types over time and
 * active patterns, with links to their courses. Owners also see every labeler and a labeler × finding
 * type heatmap.
 */
export function QualityPage() {
  const { projectId = '' } = useParams();
  const project = useProject(projectId);
  const isOwner = project.data?.myRoles.includes('owner') ?? false;
  const isLabeler = project.data?.myRoles.includes('labeler') ?? false;
  const mine = useMyQuality(projectId);
  const all = useProjectQuality(projectId, isOwner);
  if (!project.data) return <div className="page-message">Loading…</div>;
  return (
    <div className="quality-page">
      <h1>Quality · {project.data.name}</h1>
      {isLabeler && mine.data && <LabelerCard q={mine.data} projectId={projectId} own unit={project.data.kind === 'audio' ? 'words' : 'objects'} />}
      {isOwner && all.data && <OwnerView labelers={all.data} projectId={projectId} />}
      {isOwner && <ReviewerQualityTable projectId={projectId} />}
    </div>
  );
}

function LabelerCard({ q, projectId, own, unit = 'objects' }: { q: LabelerQuality; projectId: string; own?: boolean; unit?: string }) {
  const types = Object.keys(q.findingCounts).sort();
  return (
    <section data-testid={own ? 'my-quality' : `quality-${q.userId}`}>
      <h2>{own ? 'Your work on gold' : q.name}</h2>
      <p data-testid="accuracy">
        Accuracy on gold: <b>{pct(q.accuracy.rate)}</b> of {q.accuracy.trials} {unit} (95% interval {pct(q.accuracy.low)}–{pct(q.accuracy.high)}), over{' '}
        {q.goldSubmissions} gold tasks. Gold share of your tasks now: {pct(q.goldRate)}.
      </p>
      <h3>Active patterns</h3>
      {q.patterns.length === 0 ? (
        <p className="muted" data-testid="no-patterns">None — no repeated mistake right now.</p>
      ) : (
        <ul data-testid="patterns">
          {q.patterns.map((p) => (
            <li key={p.key} data-testid="pattern">
              <span className="pattern-badge">{p.key}</span> {p.summary} (P = {p.probability.toFixed(2)}){' '}
              {own && <Link to={`/projects/${projectId}/courses/${p.findingType}`}>course</Link>}
            </li>
          ))}
        </ul>
      )}
      {q.coursesPassed.length > 0 && (
        <p data-testid="courses-passed">Courses passed: {q.coursesPassed.map((c) => `${c.findingType} (${pct(c.score)}, ${new Date(c.passedAt).toLocaleDateString()})`).join(', ')}</p>
      )}
      <h3>Findings over time</h3>
      {q.overTime.length === 0 ? <p className="muted">No findings yet.</p> : (
        <table>
          <thead><tr><th>Week</th>{types.map((t) => <th key={t}>{t}</th>)}</tr></thead>
          <tbody>
            {q.overTime.map((w) => (
              <tr key={w.week}><td>{w.week}</td>{types.map((t) => <td key={t}>{w.counts[t] ?? 0}</td>)}</tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** Every labeler's accuracy and a labeler × finding type heatmap (findings per gold object judged). */
function OwnerView({ labelers, projectId }: { labelers: LabelerQuality[]; projectId: string }) {
  const types = [...new Set(labelers.flatMap((l) => Object.keys(l.findingCounts)))].sort();
  return (
    <section data-testid="owner-quality">
      <h2>Labelers</h2>
      <table data-testid="quality-heatmap">
        <thead>
          <tr><th>Labeler</th><th>Accuracy (95% interval)</th><th>Gold tasks</th>{types.map((t) => <th key={t} className="heat-cell">{t}</th>)}<th>Patterns</th></tr>
        </thead>
        <tbody>
          {labelers.map((l) => (
            <tr key={l.userId} data-testid={`heat-row-${l.email}`}>
              <td>{l.name}</td>
              <td>{pct(l.accuracy.rate)} ({pct(l.accuracy.low)}–{pct(l.accuracy.high)})</td>
              <td>{l.goldSubmissions}</td>
              {types.map((t) => {
                const n = l.findingCounts[t] ?? 0;
                const rate = l.accuracy.trials > 0 ? n / l.accuracy.trials : 0;
                return (
                  <td key={t} className="heat-cell" style={{ background: `rgba(239, 68, 68, ${Math.min(0.9, rate)})` }} title={`${n} findings over ${l.accuracy.trials} gold objects`}>{n}</td>
                );
              })}
              <td>{l.patterns.map((p) => <span key={p.key} className="pattern-badge">{p.key}</span>)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="small muted">Cells: findings of that type; colour: per gold object judged. Courses: {['loose_box', 'tight_box', 'missed_object', 'wrong_class'].map((t) => <Link key={t} to={`/projects/${projectId}/courses/${t}`} style={{ marginRight: 8 }}>{t}</Link>)}</p>
    </section>
  );
}
