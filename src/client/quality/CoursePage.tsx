import { useState } from 'react';
import { Link, useParams } from 'react-router';
import Markdown from 'react-markdown';
import { audioSettingsOf, classNameOf, type Ontology, type Project } from '../../shared/project.schema';
import type { Course, PracticeAttempt, PracticeResult } from '../../shared/quality.schema';
import { useProject } from '../api/hooks';
import { HttpError } from '../api/http';
import { answerPractice, startPractice, useCourse, useUpdateCourse } from '../api/quality-hooks';
import { ImageCanvas } from '../canvas/ImageCanvas';
import { ClassPicker } from '../components/ClassPicker';
import { ToolBar } from '../components/ToolBar';
import { useEditorStore } from '../state/editor-store';
import { FeedbackOverlay } from './FeedbackOverlay';
import { TranscriptDiff, TranscriptFeedback } from './TranscriptFeedback';
import { TranscribeSide, TranscribeView } from '../audio/TranscribeView';
import './quality.css';

type Practice =
  | { step: 'idle' }
  | { step: 'item'; attempt: PracticeAttempt; index: number; result: PracticeResult | null }
  | { step: 'done'; attempt: PracticeAttempt; result: PracticeResult };

/**
 * A course on one finding type: the lesson (markdown, rendered without raw HTML), examples from the
 * project's gold (the right answer beside the labeler's own mistake), and a practice set of gold items
 * answered in the labeling tools with inline feedback after each. Owners edit the lesson and can make the
 * course mandatory.
 */
export function CoursePage() {
  const { projectId = '', type = '' } = useParams();
  const project = useProject(projectId);
  const course = useCourse(projectId, type);
  const [practice, setPractice] = useState<Practice>({ step: 'idle' });
  const [error, setError] = useState<string | null>(null);
  const open = useEditorStore((s) => s.open);

  if (course.isError) return <div className="page-message" role="alert">Could not open this course: {course.error.message}</div>;
  if (!course.data || !project.data) return <div className="page-message">Loading…</div>;
  const c = course.data;
  const isOwner = project.data.myRoles.includes('owner');

  const openItem = (attempt: PracticeAttempt, index: number) => {
    const data = attempt.items[index]!.data;
    open({ objects: [] }, data.kind === 'image' ? { width: data.width, height: data.height } : { width: 1, height: 1 });
    if (data.kind === 'image') useEditorStore.getState().setTool('box');
    setPractice({ step: 'item', attempt, index, result: null });
  };
  const start = async () => {
    setError(null);
    try {
      const attempt = await startPractice(projectId, type);
      openItem(attempt, 0);
    } catch (e) {
      setError(e instanceof HttpError ? e.message : String(e));
    }
  };
  const check = async () => {
    if (practice.step !== 'item') return;
    const item = practice.attempt.items[practice.index]!;
    try {
      const result = await answerPractice(practice.attempt.attemptId, item.taskId, useEditorStore.getState().editor.doc);
      setPractice({ ...practice, result });
    } catch (e) {
      setError(e instanceof HttpError ? e.message : String(e));
    }
  };
  const next = () => {
    if (practice.step !== 'item' || !practice.result) return;
    if (practice.result.done) setPractice({ step: 'done', attempt: practice.attempt, result: practice.result });
    else openItem(practice.attempt, practice.index + 1);
  };

  return (
    <div className="course-page">
      <aside className="course-lesson">
        <p className="small muted"><Link to={`/projects/${projectId}/label`}>← Back to labeling</Link> · <Link to={`/projects/${projectId}/quality`}>Quality</Link></p>
        <h1 data-testid="course-title">{c.title}</h1>
        <div className="lesson-md" data-testid="lesson">
          <Markdown>{c.lessonMd}</Markdown>
        </div>
        <Examples course={c} ontology={project.data.ontology} glossary={audioSettingsOf(project.data.settings).glossary} />
        {isOwner && <OwnerCourseEditor projectId={projectId} type={type} course={c} />}
      </aside>
      <section className="course-practice">
        {practice.step === 'idle' && (
          <div className="page-message">
            <p>Practice: a few gold items, with the reference shown after each answer. Pass with {Math.round(c.passScore * 100)}% to clear the pattern.</p>
            {!isOwner || project.data.myRoles.includes('labeler') ? <button className="primary" onClick={() => void start()} data-testid="start-practice">Start practice</button> : null}
            {error && <p className="error" role="alert">{error}</p>}
          </div>
        )}
        {practice.step === 'item' && (
          <PracticeItem
            key={practice.attempt.items[practice.index]!.taskId}
            attempt={practice.attempt}
            index={practice.index}
            result={practice.result}
            ontology={project.data.ontology}
            project={project.data}
            onCheck={() => void check()}
            onNext={next}
            error={error}
          />
        )}
        {practice.step === 'done' && (
          <div className="page-message" data-testid="practice-result">
            <h2>{practice.result.passed ? 'Passed — the pattern is cleared' : 'Not passed yet'}</h2>
            <p>{practice.result.correct} of {practice.result.answered} right ({Math.round((practice.result.score ?? 0) * 100)}%; {Math.round(c.passScore * 100)}% passes).</p>
            {practice.result.passed ? (
              <Link className="button primary" to={`/projects/${projectId}/label`} data-testid="back-to-labeling">Back to labeling</Link>
            ) : (
              <button className="primary" onClick={() => void start()} data-testid="retry-practice">Try again</button>
            )}
          </div>
        )}
      </section>
    </div>
  );
}

function PracticeItem(props: { attempt: PracticeAttempt; index: number; result: PracticeResult | null; ontology: Ontology; project: Project; onCheck: () => void; onNext: () => void; error: string | null }) {
  const { attempt, index, result, ontology, project } = props;
  const item = attempt.items[index]!;
  const progress = result ? `${result.answered} of ${attempt.items.length} answered, ${result.correct} right` : undefined;
  const acknowledgeLabel = result?.done ? 'See the result' : 'Next item';
  return (
    <>
      <div className="status-bar">
        <b>Practice item {index + 1} of {attempt.items.length}</b>
        {item.data.kind === 'image' && <><ToolBar /><ClassPicker ontology={ontology} /></>}
      </div>
      {item.data.kind === 'image' ? (
        <div className="canvas-stack">
          <ImageCanvas imageUrl={item.data.imageUrl} ontology={ontology} />
          {result && (
            <FeedbackOverlay feedback={result.feedback} ontology={ontology} onAcknowledge={props.onNext} acknowledgeLabel={acknowledgeLabel} footer={progress} />
          )}
        </div>
      ) : (
        <div className="practice-audio">
          <TranscribeSide project={project} />
          <TranscribeView
            task={{ id: item.taskId, projectId: project.id, status: 'leased', priority: 0, data: item.data, createdAt: '' }}
            project={project}
            onSubmit={() => {
              if (!result) props.onCheck();
            }}
            feedback={result && (
              <TranscriptFeedback
                feedback={result.feedback}
                answer={useEditorStore.getState().editor.doc}
                glossary={audioSettingsOf(project.settings).glossary}
                onAcknowledge={props.onNext}
                acknowledgeLabel={acknowledgeLabel}
                footer={progress}
              />
            )}
          />
        </div>
      )}
      <footer className="status-bar">
        {props.error && <span className="error" role="alert">{props.error}</span>}
        <span className="spacer" />
        <button className="primary" disabled={result !== null} onClick={props.onCheck} data-testid="check-practice">Check answer</button>
      </footer>
    </>
  );
}

/** The right answer (dashed green) beside the labeler's own answer (red), drawn over the gold item's image; on audio, the transcript diff as text. */
function Examples({ course, ontology, glossary }: { course: Course; ontology: Ontology; glossary: readonly string[] }) {
  if (course.examples.length === 0) return null;
  const name = (id: string) => classNameOf(ontology, id);
  return (
    <div className="course-examples">
      <h3>{course.examples[0]!.answer ? 'From your own gold tasks' : 'From this project’s gold'}</h3>
      {course.examples.map((e) => (
        <figure key={e.taskId} className="example-figure" data-testid="course-example">
          {e.data.kind === 'image' ? (
            <div className="example-stage">
              <img src={e.data.imageUrl} alt="Gold item" />
              <svg viewBox={`0 0 ${e.data.width} ${e.data.height}`} preserveAspectRatio="none">
                {e.answer?.objects.map((o) => o.geometry.kind === 'box' && <rect key={o.id} className="example-answer" x={o.geometry.x} y={o.geometry.y} width={o.geometry.w} height={o.geometry.h} vectorEffect="non-scaling-stroke" />)}
                {e.reference.objects.map((o) => o.geometry.kind === 'box' && <rect key={o.id} className="reference-ghost" x={o.geometry.x} y={o.geometry.y} width={o.geometry.w} height={o.geometry.h} vectorEffect="non-scaling-stroke" />)}
              </svg>
            </div>
          ) : (
            <TranscriptDiff reference={e.reference} answer={e.answer ?? e.reference} glossary={glossary} />
          )}
          <figcaption>
            {e.data.kind === 'audio'
              ? e.answer ? 'Green: what is said; struck: what you typed.' : 'The reference transcript.'
              : <>Dashed green: the right answer ({e.reference.objects.map((o) => name(o.classId)).join(', ') || 'nothing'}){e.answer ? '; red: yours' : ''}.</>}
          </figcaption>
        </figure>
      ))}
    </div>
  );
}

function OwnerCourseEditor({ projectId, type, course }: { projectId: string; type: string; course: Course }) {
  const update = useUpdateCourse(projectId, type);
  const [text, setText] = useState(course.lessonMd);
  return (
    <fieldset className="settings-fields">
      <legend>Owner: this project’s course</legend>
      <label>
        Lesson (markdown)
        <textarea rows={8} value={text} onChange={(e) => setText(e.target.value)} data-testid="lesson-editor" style={{ width: '100%' }} />
      </label>
      <div className="actions">
        <button onClick={() => update.mutate({ lessonMd: text })} data-testid="save-lesson">Save lesson</button>{' '}
        {course.custom && <button onClick={() => update.mutate({ lessonMd: null })}>Back to the built-in text</button>}
      </div>
      <label>
        <input type="checkbox" checked={course.mandatory} onChange={(e) => update.mutate({ mandatory: e.target.checked })} data-testid="course-mandatory" /> Mandatory: hold a labeler’s tasks until they pass it when the pattern is active
      </label>
    </fieldset>
  );
}
