import { useEffect, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { useProject } from '../api/hooks';
import { queryKeys } from '../api/query-keys';
import { acknowledgeFindings, useFeedbackInbox } from '../api/review-hooks';
import { ImageCanvas } from '../canvas/ImageCanvas';
import { FeedbackOverlay } from '../quality/FeedbackOverlay';
import { TranscriptFeedback } from '../quality/TranscriptFeedback';
import { TranscribeView } from '../audio/TranscribeView';
import { compareAudio } from '../../core/quality/audio-findings';
import { audioSettingsOf } from '../../shared/project.schema';
import { useEditorStore } from '../state/editor-store';

/**
 * The labeler's feedback inbox: tasks a reviewer fixed, one at a time, shown exactly like gold feedback —
 * the labeler's own version on the canvas, the reviewer's fix ghosted in, every finding pinned to its
 * object. Acknowledging marks the findings seen and opens the next.
 */
export function FeedbackInboxPage() {
  const { projectId = '' } = useParams();
  const project = useProject(projectId);
  const inbox = useFeedbackInbox(projectId);
  const qc = useQueryClient();
  const open = useEditorStore((s) => s.open);
  const item = inbox.data?.tasks.find((t) => t.review);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (item?.review) open(item.review.work, item.data.kind === 'image' ? { width: item.data.width, height: item.data.height } : { width: 1, height: 1 });
  }, [item, open]);

  if (!project.data || !inbox.data) return <div className="page-message">Loading…</div>;
  if (!item || !item.review) {
    return (
      <div className="page-message" data-testid="inbox-empty">
        <p>No new feedback from reviewers in <b>{project.data.name}</b>.</p>
        <Link className="button primary" to={`/projects/${projectId}/label`}>Back to labeling</Link>
      </div>
    );
  }
  const fixedIds = new Set(item.findings.map((f) => f.objectId).filter(Boolean));
  const total = item.review.work.objects.length;
  // Audio counts words, as gold does.
  const words = item.data.kind === 'audio' ? compareAudio(item.review.work, item.review.fixed) : null;
  const feedback = words
    ? { findings: item.findings, reference: item.review.fixed, objectsTotal: words.wordsTotal, objectsCorrect: words.wordsCorrect }
    : { findings: item.findings, reference: item.review.fixed, objectsTotal: total, objectsCorrect: Math.max(0, total - fixedIds.size) };
  const acknowledge = async () => {
    if (busy) return;
    setBusy(true);
    try {
      await acknowledgeFindings(item.findings.map((f) => f.id));
      await qc.invalidateQueries({ queryKey: queryKeys.feedbackInbox(projectId) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="label-page">
      <aside className="side-panel">
        <h2 className="panel-title">Feedback · {project.data.name}</h2>
        <p className="muted" data-testid="inbox-count">{inbox.data.count} finding{inbox.data.count === 1 ? '' : 's'} from reviewers to look at</p>
        <p>{item.review.reviewer} fixed your work on task {item.taskId.slice(0, 8)} ({new Date(item.review.at).toLocaleString()}).</p>
        <Link to={`/projects/${projectId}/label`}>Back to labeling</Link>
      </aside>
      <main className="work-area">
        {item.data.kind === 'image' ? (
          <div className="canvas-stack">
            <ImageCanvas imageUrl={item.data.imageUrl} ontology={project.data.ontology} />
            <FeedbackOverlay key={item.taskId} feedback={feedback} ontology={project.data.ontology} onAcknowledge={() => void acknowledge()} acknowledgeLabel="Got it — next" source="review" />
          </div>
        ) : (
          <TranscribeView
            key={item.taskId}
            task={{ id: item.taskId, projectId, status: 'completed', priority: 0, data: item.data, createdAt: item.review.at }}
            project={project.data}
            onSubmit={() => undefined}
            feedback={
              <TranscriptFeedback feedback={feedback} answer={item.review.work} glossary={audioSettingsOf(project.data.settings).glossary} onAcknowledge={() => void acknowledge()} acknowledgeLabel="Got it — next" source="review" />
            }
          />
        )}
      </main>
    </div>
  );
}
