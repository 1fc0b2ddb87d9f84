import type { Kysely } from 'kysely';
import type { Database, TasksTable } from '../db/schema';

type Q = Kysely<Database>;
type Status = TasksTable['status'];

export async function insertTask(q: Q, t: { id: string; projectId: string; priority: number; data: unknown; now: Date; blobId?: string | null; type?: string }) {
  await q
    .insertInto('tasks')
    .values({
      id: t.id,
      project_id: t.projectId,
      status: 'pending',
      priority: t.priority,
      data: JSON.stringify(t.data),
      created_at: t.now,
      updated_at: t.now,
      blob_id: t.blobId ?? null,
      ...(t.type ? { type: t.type } : {}),
    })
    .execute();
}

export function findTask(q: Q, id: string) {
  return q.selectFrom('tasks').selectAll().where('id', '=', id).executeTakeFirst();
}

/** {@link findTask}, locking the row until the transaction ends. */
export function lockTask(q: Q, id: string) {
  return q.selectFrom('tasks').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

/** Tasks of a project, newest first, with who holds a live label lease. */
export function listTasksOfProject(q: Q, projectId: string, limit: number, offset: number) {
  return q
    .selectFrom('tasks')
    .leftJoin('work_items as w', (j) => j.onRef('w.task_id', '=', 'tasks.id').on('w.status', '=', 'leased').on('w.gold', '=', false))
    .leftJoin('users as u', 'u.id', 'w.leased_by')
    .selectAll('tasks')
    .select(['u.email as leased_by_email', 'w.lease_expires_at'])
    .where('tasks.project_id', '=', projectId)
    .orderBy('tasks.created_at', 'desc')
    .orderBy('tasks.id')
    .limit(limit)
    .offset(offset)
    .execute();
}

/**
 * Moves a task from one status to another if it is still in `from` (and, when given, at `version`),
 * optionally setting more columns, and records the change in task_events. Two statements, no read first.
 * Returns false when another writer changed the task first (the caller decides what that means).
 */
export async function transitionTask(
  q: Q,
  t: { id: string; version?: number; from: Status; to: Status; actorId: string | null; reason: string; now: Date; response?: unknown },
): Promise<boolean> {
  let update = q
    .updateTable('tasks')
    .set((eb) => ({
      status: t.to,
      version: eb('version', '+', 1),
      updated_at: t.now,
      completed_at: t.to === 'completed' ? t.now : null,
      ...(t.response !== undefined ? { response: JSON.stringify(t.response) } : {}),
    }))
    .where('id', '=', t.id)
    .where('status', '=', t.from);
  if (t.version !== undefined) update = update.where('version', '=', t.version);
  const res = await update.executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) return false;
  await q
    .insertInto('task_events')
    .values({ task_id: t.id, actor_id: t.actorId, from_status: t.from, to_status: t.to, reason: t.reason, at: t.now })
    .execute();
  return true;
}
