import { useState } from 'react';
import { TaskStatusSchema, type TaskStatus } from '../../../shared/task.schema';
import { useProjectTasks } from '../../api/hooks';
import { TaskTable } from '../TaskTable';

/** Every task of the project (the first 100), filterable by status; rows open to their webhooks. */
export function TasksPanel({ projectId }: { projectId: string }) {
  const tasks = useProjectTasks(projectId, true);
  const [status, setStatus] = useState<TaskStatus | 'all'>('all');
  if (tasks.isPending) return <p className="muted">Loading tasks…</p>;
  if (tasks.isError) return <p className="error" role="alert">{tasks.error.message}</p>;
  const shown = status === 'all' ? tasks.data : tasks.data.filter((t) => t.status === status);
  return (
    <div className="tasks-panel">
      <div className="toolbar">
        <label className="inline-field">
          Status
          <select value={status} onChange={(e) => setStatus(e.target.value as TaskStatus | 'all')} data-testid="task-status-filter">
            <option value="all">all</option>
            {TaskStatusSchema.options.map((s) => (
              <option key={s} value={s}>{s}</option>
            ))}
          </select>
        </label>
        <span className="muted">
          {shown.length} of {tasks.data.length}{tasks.data.length >= 100 ? ' (the first 100)' : ''}
        </span>
      </div>
      {shown.length === 0 ? (
        <p className="muted">{tasks.data.length === 0 ? 'No tasks yet. Add data to fill the queue.' : 'No tasks with this status.'}</p>
      ) : (
        <TaskTable tasks={shown} canInspect />
      )}
    </div>
  );
}
