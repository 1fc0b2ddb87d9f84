import { Link } from 'react-router';
import type { Pattern } from '../../shared/quality.schema';
import { TRANSCRIPT_FINDING_TYPES } from '../../core/quality/audio-findings';
import './quality.css';

const TRANSCRIPT = new Set<string>(TRANSCRIPT_FINDING_TYPES);

type Props = { projectId: string; pattern: Pattern; onPostpone: () => void };

/**
 * Shown on the labeling page before the next task when an error pattern is active: what the pattern is,
 * in one line, and an offer of the course. "Later" is offered once per pattern, and never for a mandatory
 * course (the queue holds ordinary tasks until it is passed).
 */
export function CoursePrompt({ projectId, pattern, onPostpone }: Props) {
  const canPostpone = !pattern.mandatory && !pattern.postponed;
  return (
    <div className="course-prompt" role="dialog" aria-label="Course offer" data-testid="course-prompt">
      <h2>{pattern.summary} — 3-minute course?</h2>
      {pattern.findingType === 'onboarding' ? (
        <p className="muted">A lesson and a few practice items with known answers; you see the right answer after each. Pass it and your first task opens.</p>
      ) : (
      <p className="muted">
        The same kind of mistake keeps coming back on gold tasks ({pattern.hits} of your last {pattern.observations} {TRANSCRIPT.has(pattern.findingType) ? 'segments' : 'objects'}). A short lesson and a few
        practice items with instant feedback clear it.
        {pattern.mandatory && ' The project owner made this course mandatory: new tasks wait until you pass it.'}
        {pattern.postponed && !pattern.mandatory && ' You postponed it once already.'}
      </p>
      )}
      <div className="actions">
        <Link className="button primary" to={`/projects/${projectId}/courses/${pattern.findingType}`} data-testid="take-course">Take the course</Link>
        {canPostpone && <button onClick={onPostpone} data-testid="postpone-course">Later</button>}
      </div>
    </div>
  );
}
