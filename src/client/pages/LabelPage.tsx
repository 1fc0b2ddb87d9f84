import { lazy, Suspense, useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import type { Ontology } from '../../shared/project.schema';
import { useMe, useProject } from '../api/hooks';
import { ImageCanvas } from '../canvas/ImageCanvas';
import { ReworkBanner, ReworkPins } from '../review/Rework';
import { InstructionsPanel } from '../instructions/InstructionsPanel';
import { TaskInstruction } from '../instructions/TaskInstruction';
import { FeedbackInboxLink } from '../review/FeedbackInboxLink';
import { StatusReadout } from '../canvas/StatusReadout';
import { ViewControls } from '../canvas/ViewControls';
import { useViewStore } from '../state/view-store';
import { movePolygon } from '../../editor/tools/polygon-edit';
import { ClassPicker } from '../components/ClassPicker';
import { TaskShapesPanel } from '../components/TaskShapesPanel';
import { ObjectList } from '../components/ObjectList';
import { SkipDialog } from '../components/SkipDialog';
import { ToolBar } from '../components/ToolBar';
import { AttributesPanel } from '../components/AttributesPanel';
import { ShortcutSheet } from '../components/ShortcutSheet';
import { MaskPanel } from '../components/MaskPanel';
import { CategorizePanel } from '../components/CategorizePanel';
import { useEditorStore } from '../state/editor-store';
import { isTypingTarget } from '../components/typing-target';
import { useLabelSession } from '../state/use-label-session';
import { FeedbackOverlay } from '../quality/FeedbackOverlay';
import { CoursePrompt } from '../quality/CoursePrompt';
import { TranscriptFeedback } from '../quality/TranscriptFeedback';
import { audioSettingsOf } from '../../shared/project.schema';

// Audio tasks' view (and wavesurfer) load with the first audio task, so image labeling never waits for them.
const TranscribeView = lazy(async () => ({ default: (await import('../audio/TranscribeView')).TranscribeView }));
const TranscribeSide = lazy(async () => ({ default: (await import('../audio/TranscribeView')).TranscribeSide }));

const SAVE_LABELS = {
  saved: 'Draft saved',
  pending: 'Saving…',
  local: 'Saved on this device only — the server will be retried',
  failed: 'Draft not saved — retrying on the next change',
} as const;

/** The labeling page: canvas in the middle, classes and objects at the side, submit at the bottom. */
export function LabelPage() {
  const { projectId = '' } = useParams();
  const project = useProject(projectId);
  const me = useMe();
  const { session, submit, skip, takeNext, acknowledge, postpone } = useLabelSession(projectId, me.data?.id ?? null, project.data?.ontology);
  const [skipping, setSkipping] = useState(false);
  const hint = useEditorStore((s) => s.editor.hint);
  const [help, setHelp] = useState(false);
  useLabelKeys(project.data?.ontology, submit, setHelp, session.phase === 'working' ? session.current.task.data.kind : null);

  if (project.isError) return <div className="page-message">Could not open this project: {project.error.message}</div>;
  if (!project.data || session.phase === 'loading') return <div className="page-message">Loading…</div>;
  if (session.phase === 'error') return <div className="page-message" role="alert">Something went wrong: {session.message}</div>;
  if (session.phase === 'course-prompt') return <CoursePrompt projectId={projectId} pattern={session.pattern} onPostpone={() => void postpone()} />;
  if (session.phase === 'empty') {
    return (
      <div className="page-message" data-testid="queue-empty">
        {session.waiting === 'calibration' ? (
          <p data-testid="calibration-wait">The first tasks of <b>{project.data.name}</b> are a calibration batch. More come once the owner has read its review and released them.</p>
        ) : (
          <p>No tasks are waiting in <b>{project.data.name}</b>. Nice work.</p>
        )}
        <button onClick={() => void takeNext()}>Check again</button> <Link to="/">Back to projects</Link>
      </div>
    );
  }
  const { current, saving, submitting, notice, feedback } = session;
  const data = current.task.data;
  return (
    <div className="label-page">
      <aside className="side-panel">
        <h2 className="panel-title">{project.data.name}</h2>
        <FeedbackInboxLink projectId={projectId} />
        <InstructionsPanel project={project.data} taskId={current.task.id} />
        {data.instruction && <TaskInstruction key={current.task.id} text={data.instruction} />}
        {data.kind === 'audio' ? <Suspense fallback={null}><TranscribeSide project={project.data} /></Suspense> : data.categorize ? <>
        <CategorizePanel key={current.task.id} taxonomies={data.categorize.taxonomies} />
        <ViewControls />
        </> : <>
        {data.kind === 'image' && data.shapes && <TaskShapesPanel shapes={data.shapes} ontology={project.data.ontology} />}
        <ToolBar />
        {data.kind === 'image' && !data.shapes && <MaskPanel settings={project.data.settings} />}
        <ClassPicker ontology={project.data.ontology} />
        <AttributesPanel ontology={project.data.ontology} />
        <ObjectList ontology={project.data.ontology} />
        <ViewControls />
        </>}
      </aside>
      <main className="work-area">
        {current.rework && <ReworkBanner rework={current.rework} />}
        {data.kind === 'image' ? (
          <div className="canvas-stack">
            <ImageCanvas imageUrl={data.imageUrl} ontology={project.data.ontology} />
            {current.rework && <ReworkPins rework={current.rework} />}
            {feedback && <FeedbackOverlay feedback={feedback} ontology={project.data.ontology} onAcknowledge={() => void acknowledge()} />}
          </div>
        ) : (
          <Suspense fallback={<div className="page-message">Loading…</div>}>
            <TranscribeView
              task={current.task}
              project={project.data}
              onSubmit={() => void submit()}
              feedback={feedback && (
                <TranscriptFeedback feedback={feedback} answer={useEditorStore.getState().editor.doc} glossary={audioSettingsOf(project.data.settings).glossary} onAcknowledge={() => void acknowledge()} />
              )}
            />
          </Suspense>
        )}
        <footer className="status-bar">
          <span data-testid="task-id" title="Task id">Task {current.task.id.slice(0, 8)}</span>
          {data.kind === 'image' && <StatusReadout />}
          <span data-testid="save-state" className={saving === 'local' || saving === 'failed' ? 'notice' : undefined}>{SAVE_LABELS[saving]}</span>
          {hint && <span className="hint" role="status">{hint}</span>}
          {notice && <span className="notice" role="status">{notice}</span>}
          <span className="spacer" />
          <button onClick={() => setHelp((h) => !h)} title="Keyboard shortcuts (?)" data-testid="shortcuts">?</button>
          <button data-testid="skip" onClick={() => setSkipping(true)}>Skip…</button>
          <button className="primary" data-testid="submit" disabled={submitting} onClick={() => void submit()} title="Ctrl+Enter">
            {submitting ? 'Submitting…' : 'Submit'}
          </button>
        </footer>
        {help && <ShortcutSheet kind={data.kind === 'audio' ? 'audio' : 'image'} onClose={() => setHelp(() => false)} />}
        {skipping && (
          <SkipDialog
            onClose={() => setSkipping(false)}
            onSkip={(reason) => {
              setSkipping(false);
              void skip(reason);
            }}
          />
        )}
      </main>
    </div>
  );
}

/**
 * Keyboard: B box tool, P polygon tool (Enter closes, Backspace removes the last vertex), F fit, 0 100 %, arrows pan, 1–9 pick a class, Esc cancels, Ctrl+Z / Ctrl+Shift+Z / Ctrl+Y undo and redo, Ctrl+Enter submits, Delete removes the selection.
 * On an audio task only submit, undo/redo and `?` apply (the transcription view has its own keys): image-tool keys
 * there would change a canvas nobody sees.
 */
export function useLabelKeys(ontology: Ontology | undefined, submit: () => void, setHelp: (f: (open: boolean) => boolean) => void, taskKind: 'image' | 'audio' | null) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (isTypingTarget(e.target)) return;
      const s = useEditorStore.getState();
      const mod = e.ctrlKey || e.metaKey;
      if (mod && e.key === 'Enter') submit();
      else if (mod && (e.key === 'y' || (e.key.toLowerCase() === 'z' && e.shiftKey))) s.redo();
      else if (mod && e.key.toLowerCase() === 'z') s.undo();
      else if (e.key === '?') setHelp((h) => !h);
      else if (taskKind !== 'image') return;
      else if (mod && e.key.toLowerCase() === 'c' && s.selectedId) s.copySelection();
      else if (mod && e.key.toLowerCase() === 'v') s.paste();
      else if (mod && e.key.toLowerCase() === 'd') s.duplicateSelection();
      else if (!mod && e.key === '/' && document.querySelector('[data-testid="class-search"]')) (document.querySelector('[data-testid="class-search"]') as HTMLInputElement).focus();
      else if (!mod && (e.key === '[' || e.key === ']') && s.selectedId) s.reorder(s.selectedId, e.key === '[' ? -1 : 1);
      else if (e.key === 'Escape') s.gesture({ type: 'cancel' });
      else if (!mod && e.key === 'Enter' && drawingPolygon(s)) s.gesture({ type: 'close' });
      else if (e.key === 'Backspace' && drawingPolygon(s)) s.gesture({ type: 'undo-vertex' });
      else if (!mod && e.key.toLowerCase() === 'p') s.setTool('polygon');
      else if (!mod && e.key.toLowerCase() === 'v') s.setTool('select');
      else if (!mod && e.key.toLowerCase() === 'c') useViewStore.getState().toggleCrosshair();
      else if (e.key.startsWith('Arrow') && s.selectedIds.size > 1) nudgeMany(s, e.key, e.shiftKey ? 10 : 1);
      else if (e.key.startsWith('Arrow') && s.selectedId) nudge(s, e.key, e.shiftKey ? 10 : 1);
      else if (!mod && e.key.toLowerCase() === 'b') s.setTool('box');
      else if (!mod && e.key.toLowerCase() === 'f') useViewStore.getState().fit();
      else if (!mod && e.key === '0') useViewStore.getState().zoomToScale(1);
      else if (!mod && e.key.startsWith('Arrow')) {
        const step = e.shiftKey ? 200 : 50;
        const [dx, dy] = ({ ArrowLeft: [step, 0], ArrowRight: [-step, 0], ArrowUp: [0, step], ArrowDown: [0, -step] } as Record<string, [number, number]>)[e.key]!;
        useViewStore.getState().pan(dx, dy);
      }
      else if ((e.key === 'Delete' || e.key === 'Backspace') && s.selectedIds.size > 0) s.deleteSelection();
      else if (!mod && ontology) {
        const cls = ontology.classes.find((c) => c.hotkey === e.key);
        if (!cls) return;
        // With an object selected, the class key relabels it; otherwise it picks the class to draw.
        if (s.selectedIds.size > 0) s.setSelectionClass(cls.id);
        else s.setActiveClass(cls.id);
      } else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [ontology, submit, setHelp, taskKind]);
}

function drawingPolygon(s: ReturnType<typeof useEditorStore.getState>): boolean {
  return s.editor.tool.tool === 'polygon' && s.editor.tool.state.name !== 'idle';
}

/** Moves every selected object by 1 px (10 with shift) together: one undoable step per press. */
function nudgeMany(s: ReturnType<typeof useEditorStore.getState>, key: string, step: number): void {
  const [dx, dy] = ({ ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] } as Record<string, [number, number]>)[key]!;
  s.moveSelection(dx, dy);
}

/** Moves the selected object by 1 px (10 with shift), clamped to the image: one undoable step per press. */
function nudge(s: ReturnType<typeof useEditorStore.getState>, key: string, step: number): void {
  const obj = s.editor.doc.objects.find((o) => o.id === s.selectedId);
  if (!obj || s.locked.has(obj.id) || obj.geometry.kind === 'mask') return;
  const [dx, dy] = ({ ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] } as Record<string, [number, number]>)[key]!;
  if (obj.geometry.kind === 'box') {
    const g = obj.geometry;
    const x = Math.min(Math.max(0, g.x + dx), s.imageSize.width - g.w);
    const y = Math.min(Math.max(0, g.y + dy), s.imageSize.height - g.h);
    s.setGeometry(obj.id, { ...g, x, y });
  } else {
    s.edit(movePolygon(obj, { dx, dy, imageSize: s.imageSize }));
  }
}
