import { Link, useParams } from 'react-router';
import { useProject, useProjectTasks } from '../api/hooks';
import { TaskTable } from '../components/TaskTable';

/** Owners and reviewers: every task of a project, who holds it and what was submitted. */
export function ProjectTasksPage() {
  const { projectId = '' } = useParams();
  const project = useProject(projectId);
  const tasks = useProjectTasks(projectId, project.isSuccess);
  if (project.isError) return <div className="page-message" role="alert">{project.error.message}</div>;
  if (!project.data || tasks.isPending) return <div className="page-message">Loading…</div>;
  if (tasks.isError) return <div className="page-message" role="alert">{tasks.error.message}</div>;
  const counts = tasks.data.reduce<Record<string, number>>((acc, t) => ({ ...acc, [t.status]: (acc[t.status] ?? 0) + 1 }), {});
  const isOwner = project.data.myRoles.includes('owner');
  return (
    <div className="tasks-page">
      <p>
        <Link to="/">← Projects</Link>
        {isOwner && <> · <Link to={`/projects/${projectId}/manage`}>Manage</Link></>}
      </p>
      <h1>{project.data.name}: tasks</h1>
      <p className="muted" data-testid="task-counts">
        {Object.entries(counts).map(([s, n]) => `${n} ${s}`).join(' · ')}
      </p>
      <TaskTable tasks={tasks.data} canInspect={isOwner} />
    </div>
  );
}
