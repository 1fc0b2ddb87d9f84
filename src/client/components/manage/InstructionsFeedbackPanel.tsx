import { useState } from 'react';
import type { Project } from '../../../shared/project.schema';
import { useAnswerFlag, useCalibration, useFlagDigest, usePublishInstructions } from '../../api/instructions-hooks';
import { useUpdateProject } from '../../api/owner-hooks';

/**
 * The owner's view of instructions feedback: "unclear" flags grouped by section with an answer box each,
 * the editor that publishes a new version of the instructions, and the calibration batch's report.
 */
export function InstructionsFeedbackPanel({ project }: { project: Project }) {
  const digest = useFlagDigest(project.id);
  const answer = useAnswerFlag(project.id);
  const publish = usePublishInstructions(project.id);
  const [text, setText] = useState(project.instructions);
  const [note, setNote] = useState('');
  const [answers, setAnswers] = useState<Record<string, string>>({});
  return (
    <div className="flag-digest">
      <CalibrationReportView project={project} />
      <section>
        <h2>Questions about the instructions</h2>
        {digest.data && digest.data.sections.length === 0 && <p className="muted" data-testid="no-flags">No one has flagged the instructions yet.</p>}
        {digest.data?.sections.map((s) => (
          <div key={s.section} data-testid={`flag-section-${s.section || 'general'}`}>
            <h3>{s.section || 'General'} <span className="muted">({s.open} open)</span></h3>
            {s.flags.map((f) => (
              <div key={f.id} className={f.answer ? 'flag answered' : 'flag'} data-testid="flag">
                <span>“{f.note}”</span>
                <span className="muted">{f.author} · task {f.taskId.slice(0, 8)} · under v{f.instructionsVersion} · {new Date(f.createdAt).toLocaleString()}{f.objectId ? ' · pinned to an object' : ''}</span>
                {f.answer ? (
                  <span data-testid="flag-answer">Answer: {f.answer}</span>
                ) : (
                  <div className="row">
                    <input aria-label="Answer" placeholder="Answer" value={answers[f.id] ?? ''} onChange={(e) => setAnswers((a) => ({ ...a, [f.id]: e.target.value }))} data-testid="flag-answer-input" />
                    <button disabled={!answers[f.id]?.trim() || answer.isPending} onClick={() => answer.mutate({ flagId: f.id, answer: answers[f.id]!.trim() })} data-testid="flag-answer-send">Answer</button>
                  </div>
                )}
              </div>
            ))}
          </div>
        ))}
      </section>
      <section className="instructions-editor">
        <h2>Instructions (version {project.instructionsVersion ?? 1})</h2>
        <p className="muted">Markdown; headings become the sections people flag. Publishing makes a new version, and every annotation records the version it was made under.</p>
        <textarea aria-label="Instructions" value={text} onChange={(e) => setText(e.target.value)} data-testid="instructions-editor" />
        <div className="row">
          <input aria-label="What changed" placeholder="What changed (shown with the new version)" value={note} onChange={(e) => setNote(e.target.value)} />
          <button className="primary" disabled={text === project.instructions || publish.isPending} onClick={() => publish.mutate({ text, note })} data-testid="publish-instructions">
            Publish new version
          </button>
        </div>
        {publish.data && <p role="status">Published version {publish.data.version}.</p>}
      </section>
    </div>
  );
}

function CalibrationReportView({ project }: { project: Project }) {
  const report = useCalibration(project.id);
  const update = useUpdateProject(project.id);
  if (!report.data || report.data.tasks === 0) return null;
  const r = report.data;
  return (
    <section className="calibration-report" data-testid="calibration-report">
      <h2>Calibration batch {r.released ? '(released)' : ''}</h2>
      <p className="muted">The first {r.tasks} tasks are all reviewed{r.released ? '.' : '; nothing more is handed out until you release production volume.'}</p>
      <dl>
        <dt>Labeled</dt><dd>{r.labeled} of {r.tasks}</dd>
        <dt>Reviewed</dt><dd>{r.reviewed}: {r.accepted} accepted, {r.fixed} fixed, {r.rejected} sent back</dd>
        <dt>Findings</dt><dd>{Object.entries(r.findingsByType).map(([t, n]) => `${t.replace(/_/g, ' ')} ×${n}`).join(', ') || 'none'}</dd>
        <dt>Unclear flags</dt><dd>{r.unclearFlags}</dd>
      </dl>
      {!r.released && (
        <button className="primary" onClick={() => update.mutate({ settings: { calibrationReleased: true } }, { onSuccess: () => void report.refetch() })} data-testid="release-calibration">
          Release production volume
        </button>
      )}
    </section>
  );
}
