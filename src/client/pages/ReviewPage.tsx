import { useCallback, useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { classNameOf } from '../../shared/project.schema';
import { useProject } from '../api/hooks';
import { CanvasOverlay } from '../canvas/CanvasOverlay';
import { ImageCanvas } from '../canvas/ImageCanvas';
import { StatusReadout } from '../canvas/StatusReadout';
import { ViewControls } from '../canvas/ViewControls';
import { AttributesPanel } from '../components/AttributesPanel';
import { CategorizePanel } from '../components/CategorizePanel';
import { ClassPicker } from '../components/ClassPicker';
import { ObjectList } from '../components/ObjectList';
import { ShortcutSheet } from '../components/ShortcutSheet';
import { ToolBar } from '../components/ToolBar';
import { InstructionsPanel } from '../instructions/InstructionsPanel';
import { TaskInstruction } from '../instructions/TaskInstruction';
import { BeforePane } from '../review/BeforePane';
import { RejectDialog } from '../review/RejectDialog';
import { DiffList, HistoryPanel } from '../review/ReviewPanels';
import { useReviewSession } from '../review/use-review-session';
import { useEditorStore } from '../state/editor-store';
import { useLabelKeys } from './LabelPage';

/**
 * The reviewer's page: the labeler's work in the same tools as labeling. Accept (`A`) as is or after
 * fixing it, or send it back (`R`) with comments pinned to objects. The labeler's version shows dashed
 * under the fix or side by side with it, and the diff list says what the fix changes.
 */
export function ReviewPage() {
  const { projectId = '' } = useParams();
  const project = useProject(projectId);
  const { session, accept, reject, takeNext } = useReviewSession(projectId);
  const [rejecting, setRejecting] = useState(false);
  const [help, setHelp] = useState(false);
  const [compare, setCompare] = useState<'ghost' | 'side' | 'off'>('ghost');
  const hint = useEditorStore((s) => s.editor.hint);
  const selectedId = useEditorStore((s) => s.selectedId);
  const doc = useEditorStore((s) => s.editor.doc);
  useLabelKeys(project.data?.ontology, accept, setHelp, session.phase === 'working' ? session.claim.task.data.kind : null);

  useReviewKeys(accept, useCallback(() => setRejecting(true), []), rejecting || help);

  if (project.isError) return <div className="page-message">Could not open this project: {project.error.message}</div>;
  if (!project.data || session.phase === 'loading') return <div className="page-message">Loading…</div>;
  if (session.phase === 'error') return <div className="page-message" role="alert">Something went wrong: {session.message}</div>;
  if (session.phase === 'empty') {
    return (
      <div className="page-message" data-testid="review-empty">
        {session.last && <p data-testid="last-outcome">Last task {session.last.outcome}.</p>}
        <p>Nothing is waiting for review in <b>{project.data.name}</b>.</p>
        <button onClick={() => void takeNext()}>Check again</button> <Link to="/">Back to projects</Link>
      </div>
    );
  }
  const { claim, deciding, notice, saving, last } = session;
  const ontology = project.data.ontology;
  const data = claim.task.data;
  const selected = selectedId ? doc.objects.find((o) => o.id === selectedId) : undefined;
  const selectedLabel = selected ? `${classNameOf(ontology, selected.classId)} #${doc.objects.indexOf(selected) + 1}` : '';
  return (
    <div className="label-page review-page">
      <aside className="side-panel">
        <h2 className="panel-title">Review · {project.data.name}</h2>
        <p className="muted" data-testid="review-pass">
          Pass {claim.pass} of {claim.passes} · work by {claim.labeler?.name ?? 'unknown'}
        </p>
        <InstructionsPanel project={project.data} taskId={claim.task.id} />
        {data.instruction && <TaskInstruction key={claim.task.id} text={data.instruction} />}
        {last && <p className="muted" data-testid="last-outcome">Last task {last.outcome}{last.findings.length ? ` with ${last.findings.length} finding${last.findings.length === 1 ? '' : 's'} for the labeler` : ''}.</p>}
        {data.kind === 'image' && data.categorize ? (
          <CategorizePanel key={claim.task.id} taxonomies={data.categorize.taxonomies} before={claim.base.categories ?? {}} />
        ) : <>
        <ToolBar />
        <ClassPicker ontology={ontology} />
        <AttributesPanel ontology={ontology} />
        <ObjectList ontology={ontology} />
        <DiffList base={claim.base} ontology={ontology} />
        </>}
        <fieldset className="compare-view">
          <legend>Labeler’s version</legend>
          {(['ghost', 'side', 'off'] as const).map((v) => (
            <label key={v} className="radio">
              <input type="radio" name="compare" checked={compare === v} onChange={() => setCompare(v)} data-testid={`compare-${v}`} />
              {v === 'ghost' ? 'Dashed over the canvas' : v === 'side' ? 'Side by side' : 'Hidden'}
            </label>
          ))}
        </fieldset>
        <HistoryPanel taskId={claim.task.id} />
        <ViewControls />
      </aside>
      <main className="work-area">
        {data.kind === 'image' ? (
          <div className="review-split">
            {compare === 'side' && <BeforePane imageUrl={data.imageUrl} size={{ width: data.width, height: data.height }} doc={claim.base} ontology={ontology} />}
            <div className="canvas-stack">
              <ImageCanvas imageUrl={data.imageUrl} ontology={ontology} />
              <CanvasOverlay ghost={compare === 'ghost' ? claim.base : null} />
            </div>
          </div>
        ) : (
          <div className="page-message">
            <audio controls src={data.audioUrl} />
          </div>
        )}
        <footer className="status-bar">
          <span data-testid="task-id">Task {claim.task.id.slice(0, 8)}</span>
          <StatusReadout />
          <span data-testid="save-state">{saving === 'saved' ? 'Fix saved' : saving === 'pending' ? 'Saving…' : 'Fix not saved — retrying on the next change'}</span>
          {hint && <span className="hint" role="status">{hint}</span>}
          {notice && <span className="notice" role="status">{notice}</span>}
          <span className="spacer" />
          <button onClick={() => setHelp((h) => !h)} title="Keyboard shortcuts (?)">?</button>
          <button data-testid="reject" disabled={deciding} onClick={() => setRejecting(true)} title="R">Send back…</button>
          <button className="primary" data-testid="accept" disabled={deciding} onClick={() => void accept()} title="A">
            {deciding ? 'Saving…' : 'Accept'}
          </button>
        </footer>
        {help && <ShortcutSheet kind={data.kind === 'audio' ? 'audio' : 'image'} onClose={() => setHelp(() => false)} />}
        {rejecting && (
          <RejectDialog
            selected={selected ? { id: selected.id, label: selectedLabel } : null}
            onClose={() => setRejecting(false)}
            onReject={(comments) => {
              setRejecting(false);
              void reject(comments);
            }}
          />
        )}
      </main>
    </div>
  );
}

/** `A` accepts, `R` opens the send-back dialog (not while typing or while a dialog is open). */
function useReviewKeys(accept: () => void, openReject: () => void, paused: boolean) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (paused || e.ctrlKey || e.metaKey || e.altKey) return;
      // Typing into a field never triggers a decision; a focused checkbox or radio button does not count as typing.
      const t = e.target;
      if ((t instanceof HTMLInputElement && !['checkbox', 'radio', 'range', 'button'].includes(t.type)) || t instanceof HTMLTextAreaElement || t instanceof HTMLSelectElement) return;
      if (e.key.toLowerCase() === 'a') accept();
      else if (e.key.toLowerCase() === 'r') openReject();
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [accept, openReject, paused]);
}
