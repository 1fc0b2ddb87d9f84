import type { AnnotationDocument } from '../../shared/annotation.schema';
import type { Ontology } from '../../shared/project.schema';
import { diffDocuments } from '../../core/review/diff';
import { useTaskHistory } from '../api/review-hooks';
import { useEditorStore } from '../state/editor-store';

/** What the reviewer's edits change so far, against the version under review ("box moved 12 px right"). */
export function DiffList({ base, ontology }: { base: AnnotationDocument; ontology: Ontology }) {
  const doc = useEditorStore((s) => s.editor.doc);
  const labels = Object.fromEntries(ontology.classes.map((c) => [c.id, c.name]));
  const entries = diffDocuments(base, doc, { classLabels: labels });
  return (
    <section>
      <h3 className="panel-subtitle">Changes</h3>
      {entries.length === 0 ? (
        <p className="muted" data-testid="diff-empty">No changes: accepting keeps the labeler’s work as it is.</p>
      ) : (
        <ul className="diff-list" data-testid="diff-list">
          {entries.map((e, i) => (
            <li key={i} onMouseEnter={() => useEditorStore.getState().hover(e.objectId)} onMouseLeave={() => useEditorStore.getState().hover(null)}>
              {e.message}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** The task's history: status changes, annotation versions and reviews. */
export function HistoryPanel({ taskId }: { taskId: string }) {
  const history = useTaskHistory(taskId);
  if (!history.data) return null;
  return (
    <section>
      <h3 className="panel-subtitle">History</h3>
      <ul className="history-list" data-testid="task-history">
        {history.data.events.map((e, i) => (
          <li key={i}>
            {new Date(e.at).toLocaleString()} · {e.actor ?? 'system'}: {e.reason}
          </li>
        ))}
      </ul>
    </section>
  );
}
