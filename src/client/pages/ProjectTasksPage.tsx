import { Link, useParams } from 'react-router';
import { useProject, useProjectTasks } from '../api/hooks';

/** Owners and reviewers: every task of a project, who holds it and what was submitted. */
export function ProjectTasksPage() {
  const { projectId = '' } = useParams();
  const project = useProject(projectId);
  const tasks = useProjectTasks(projectId, project.isSuccess);
  if (project.isError) return <div className="page-message" role="alert">{project.error.message}</div>;
  if (!project.data || tasks.isPending) return <div className="page-message">Loading…</div>;
  if (tasks.isError) return <div className="page-message" role="alert">{tasks.error.message}</div>;
  const counts = tasks.data.reduce<Record<string, number>>((acc, t) => ({ ...acc, [t.status]: (acc[t.status] ?? 0) + 1 }), {});
  return (
    <div className="tasks-page">
      <p><Link to="/">← Projects</Link></p>
      <h1>{project.data.name}: tasks</h1>
      <p className="muted" data-testid="task-counts">
        {Object.entries(counts).map(([s, n]) => `${n} ${s}`).join(' · ')}
      </p>
      <table className="tasks">
        <thead>
          <tr><th>Task</th><th>Status</th><th>Data</th><th>Held by</th><th>Submitted objects</th></tr>
        </thead>
        <tbody>
          {tasks.data.map((t) => (
            <tr key={t.id} data-testid={`task-row-${t.id}`}>
              <td><code>{t.id.slice(0, 8)}</code></td>
              <td><span className={`status status-${t.status}`}>{t.status}</span></td>
              <td>{t.data.kind === 'image' ? t.data.imageUrl.split('/').pop() : t.data.audioUrl.split('/').pop()}</td>
              <td>{t.leasedBy ? `${t.leasedBy} until ${new Date(t.leaseExpiresAt!).toLocaleTimeString()}` : '—'}</td>
              <td>{t.latestAnnotation ? summarize(t.latestAnnotation.document.objects.map((o) => o.classId)) : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function summarize(classIds: string[]): string {
  if (classIds.length === 0) return 'none';
  const counts = new Map<string, number>();
  for (const c of classIds) counts.set(c, (counts.get(c) ?? 0) + 1);
  return [...counts].map(([c, n]) => `${n} ${c}`).join(', ');
}
