import type { AnnotationDocument } from '../../shared/annotation.schema';
import { Fragment, useState } from 'react';
import type { TaskSummary } from '../../shared/task.schema';
import { TaskWebhooks } from './manage/TaskWebhooks';
import { GoldButton } from '../quality/GoldButton';

/**
 * Tasks with their status, data, holder and latest result. With `canInspect` (owners) a row opens
 * to show the task's webhook deliveries.
 */
export function TaskTable({ tasks, canInspect }: { tasks: TaskSummary[]; canInspect: boolean }) {
  const [open, setOpen] = useState<string | null>(null);
  const columns = canInspect ? 6 : 5;
  return (
    <table className="tasks">
      <thead>
        <tr>
          {canInspect && <th aria-label="Details" />}
          <th>Task</th><th>Status</th><th>Data</th><th>Held by</th><th>Submitted objects</th>
        </tr>
      </thead>
      <tbody>
        {tasks.map((t) => (
          <Fragment key={t.id}>
            <tr data-testid={`task-row-${t.id}`} className={open === t.id ? 'expanded' : undefined}>
              {canInspect && (
                <td>
                  <button
                    className="icon"
                    aria-expanded={open === t.id}
                    aria-label={open === t.id ? 'Hide webhooks' : 'Show webhooks'}
                    onClick={() => setOpen(open === t.id ? null : t.id)}
                    data-testid={`expand-task-${t.id}`}
                  >
                    {open === t.id ? '▾' : '▸'}
                  </button>
                </td>
              )}
              <td><code title={t.id}>{t.id.slice(0, 8)}</code></td>
              <td>
                <span className={`status status-${t.status}`}>{t.status}</span>
                {t.status === 'error' && t.errorReason && <div className="error small" data-testid="task-error-reason">{t.errorReason}</div>}
              </td>
              <td><DataCell task={t} /></td>
              <td>{t.leasedBy ? `${t.leasedBy} until ${new Date(t.leaseExpiresAt!).toLocaleTimeString()}` : '—'}</td>
              <td>{t.latestAnnotation ? summarize(t.latestAnnotation.document, t.data.kind === 'image' ? t.data.categorize?.taxonomies.map((x) => x.name) : undefined) : '—'}{canInspect && <> <GoldButton task={t} /></>}</td>
            </tr>
            {open === t.id && (
              <tr className="task-details">
                <td colSpan={columns}>
                  <TaskWebhooks taskId={t.id} />
                </td>
              </tr>
            )}
          </Fragment>
        ))}
      </tbody>
    </table>
  );
}

function DataCell({ task }: { task: TaskSummary }) {
  const url = task.data.kind === 'image' ? task.data.imageUrl : task.data.audioUrl;
  // Stored media (uploads, fetched URLs) is served by id; the original name is not part of the task.
  const name = url.startsWith('/api/media/') ? `stored ${task.data.kind} ${url.split('/').pop()!.slice(0, 8)}` : url.split('/').pop() || url;
  const size = task.data.kind === 'image' ? `${task.data.width}×${task.data.height}` : `${task.data.durationSec.toFixed(1)} s`;
  return (
    <>
      <a href={url} target="_blank" rel="noreferrer">{name.length > 40 ? `${name.slice(0, 37)}…` : name}</a> <span className="muted">{size}</span>
    </>
  );
}

/** "2 car, 1 pedestrian"; a categorization's answers, in the task's order of questions, as "weather: rain · seen: car, bus". */
function summarize(doc: AnnotationDocument, questions: readonly string[] = Object.keys(doc.categories ?? {})): string {
  const answers = questions.flatMap((name) => (doc.categories?.[name]?.length ? [`${name}: ${doc.categories[name].join(', ')}`] : []));
  if (answers.length > 0 && doc.objects.length === 0) return answers.join(' · ');
  const classIds = doc.objects.map((o) => o.classId);
  if (classIds.length === 0) return 'none';
  const counts = new Map<string, number>();
  for (const c of classIds) counts.set(c, (counts.get(c) ?? 0) + 1);
  return [...counts].map(([c, n]) => `${n} ${c}`).join(', ');
}
