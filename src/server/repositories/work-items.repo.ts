import { sql, type Kysely } from 'kysely';
import type { Database, WorkItemsTable } from '../db/schema';

type Q = Kysely<Database>;
type Stage = WorkItemsTable['stage'];

export async function insertWorkItem(
  q: Q,
  w: { id: string; taskId: string; projectId: string; stage: Stage; priority: number; now: Date },
) {
  await q
    .insertInto('work_items')
    .values({
      id: w.id,
      task_id: w.taskId,
      project_id: w.projectId,
      stage: w.stage,
      status: 'available',
      priority: w.priority,
      queued_at: w.now,
      created_at: w.now,
    })
    .execute();
}

/** The caller's live lease in a project's stage, if any (asking for "next" while holding one returns it). */
export function findLiveLease(q: Q, projectId: string, stage: Stage, userId: string, now: Date) {
  return q
    .selectFrom('work_items')
    .selectAll()
    .where('leased_by', '=', userId)
    .where('project_id', '=', projectId)
    .where('stage', '=', stage)
    .where('status', '=', 'leased')
    .where('lease_expires_at', '>', now)
    .orderBy('lease_expires_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/**
 * Leases the best available item of a project's stage to `userId` in one statement.
 *
 * Why FOR UPDATE SKIP LOCKED inside a MATERIALIZED CTE: concurrent claimers each lock a different
 * row instead of queueing behind the same one, and materializing the CTE stops the planner from
 * folding it into the UPDATE, where it could re-run the sub-select and update more rows than LIMIT 1
 * (the shape Oban and pg-boss use). No transaction stays open across the human lease: the lease is
 * data (`leased_by`, `lease_token`, `lease_expires_at`), not a held lock.
 */
export async function claimNext(
  q: Q,
  c: { projectId: string; stage: Stage; userId: string; token: string; expiresAt: Date },
) {
  const result = await sql<{ id: string; task_id: string; lease_expires_at: Date; lease_token: string }>`
    WITH candidate AS MATERIALIZED (
      SELECT id FROM work_items
      WHERE project_id = ${c.projectId} AND stage = ${c.stage} AND status = 'available'
      ORDER BY priority DESC, queued_at, id
      LIMIT 1
      FOR UPDATE SKIP LOCKED
    )
    UPDATE work_items w
    SET status = 'leased', leased_by = ${c.userId}, lease_token = ${c.token},
        lease_expires_at = ${c.expiresAt}, attempts = w.attempts + 1
    FROM candidate
    WHERE w.id = candidate.id
    RETURNING w.id, w.task_id, w.lease_expires_at, w.lease_token`.execute(q);
  return result.rows[0];
}

/**
 * Returns a project's expired leases to the queue, keeping their place (`queued_at` is untouched).
 * Why this is safe to run from every process at once: the UPDATE re-checks its WHERE after taking
 * each row lock, so a row is released by exactly one sweeper.
 */
export async function releaseExpiredLeases(q: Q, projectId: string, now: Date) {
  return q
    .updateTable('work_items')
    .set({ status: 'available', leased_by: null, lease_token: null, lease_expires_at: null })
    .where('project_id', '=', projectId)
    .where('status', '=', 'leased')
    .where('lease_expires_at', '<=', now)
    .returning(['id', 'task_id', 'attempts'])
    .execute();
}

/** Locks one work item for the rest of the transaction (submit, draft save, heartbeat). */
export function lockWorkItem(q: Q, id: string) {
  return q.selectFrom('work_items').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

/** The label work item of a task that `userId` holds a live lease on, if any. */
export function findLeaseOfTask(q: Q, taskId: string, userId: string, now: Date) {
  return q
    .selectFrom('work_items')
    .selectAll()
    .where('task_id', '=', taskId)
    .where('leased_by', '=', userId)
    .where('status', '=', 'leased')
    .where('lease_expires_at', '>', now)
    .executeTakeFirst();
}

export async function setWorkItemStatus(q: Q, id: string, status: 'available' | 'done' | 'canceled') {
  await q
    .updateTable('work_items')
    .set({ status, lease_token: null, lease_expires_at: null, ...(status === 'available' ? { leased_by: null } : {}) })
    .where('id', '=', id)
    .execute();
}

export async function extendLease(q: Q, id: string, expiresAt: Date) {
  await q.updateTable('work_items').set({ lease_expires_at: expiresAt }).where('id', '=', id).execute();
}
