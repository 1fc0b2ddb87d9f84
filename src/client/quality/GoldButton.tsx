import { Link } from 'react-router';
import type { TaskSummary } from '../../shared/task.schema';
import { useGoldTasks, useSetGold } from '../api/quality-hooks';

/**
 * Owner's control on a task row: promote the task's submitted annotation to gold, or take it out of the
 * gold pool. (Setting an answer directly is the API's `POST /api/tasks/:id/gold` with a document.)
 */
export function GoldButton({ task }: { task: TaskSummary }) {
  const gold = useGoldTasks(task.projectId, true);
  const set = useSetGold(task.projectId);
  const isGold = gold.data?.some((g) => g.taskId === task.id) ?? false;
  if (isGold) {
    return (
      <span data-testid={`gold-badge-${task.id}`}>
        <span className="status status-completed">gold</span>{' '}
        <Link to={`/projects/${task.projectId}/tasks/${task.id}/gold`}>Edit answer</Link>{' '}
        <button className="small" onClick={() => set.mutate({ taskId: task.id, gold: false })}>Remove</button>
      </span>
    );
  }
  const draw = (
    <Link to={`/projects/${task.projectId}/tasks/${task.id}/gold`} data-testid={`draw-gold-${task.id}`} title="Draw the known answer in the labeling tools">
      Draw gold
    </Link>
  );
  if (!task.latestAnnotation) return task.status === 'leased' ? null : draw;
  return (
    <>
    {draw}{' '}
    <button className="small" disabled={set.isPending} onClick={() => set.mutate({ taskId: task.id, gold: true })} data-testid={`make-gold-${task.id}`} title="Use this annotation as the known answer">
      Make gold
    </button>
    </>
  );
}
