import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Db } from '../db/client';
import type { Database, WorkItemsTable } from '../db/schema';

type Q = Kysely<Database>;
type Stage = WorkItemsTable['stage'];

/** A unit of human work to queue (see {@link insertWorkItems}). */
export type NewWorkItem = {
  id: string; taskId: string; projectId: string; stage: Stage; priority: number; now: Date;
  /** A review item's pass (1, 2, …). */
  reviewPass?: number;
  /** Offered only to this user (a rejected task's rework, a routed review pass, a review check) until `reservedUntil`, if set. */
  reservedFor?: string | null;
  reservedUntil?: Date | null;
  /** A review check planted on purpose (review gold). */
  reviewGold?: boolean;
};

/** Queues units of work as `available`, in line from `now`: every plain INSERT of a work item goes through here. */
export async function insertWorkItems(q: Q, items: NewWorkItem[]) {
  if (items.length === 0) return;
  await q
    .insertInto('work_items')
    .values(items.map((w) => ({
      id: w.id,
      task_id: w.taskId,
      project_id: w.projectId,
      stage: w.stage,
      status: 'available' as const,
      priority: w.priority,
      queued_at: w.now,
      created_at: w.now,
      review_pass: w.reviewPass ?? null,
      reserved_for: w.reservedFor ?? null,
      reserved_until: w.reservedUntil ?? null,
      review_gold: w.reviewGold ?? false,
    })))
    .execute();
}

export function insertWorkItem(q: Q, w: NewWorkItem) {
  return insertWorkItems(q, [w]);
}

export type ClaimedRow = {
  work_item_id: string; task_id: string; lease_expires_at: Date; lease_token: string; review_pass: number | null; reserved_for: string | null; review_gold: boolean;
  status: string | null; priority: number | null; data: unknown; created_at: Date | null; project_id: string | null; prefill: unknown;
  /**
   * For the submit that follows (services/submit-memo.ts): the task's type, its params without the
   * customer's hypothesis (which can be megabytes and is already in `prefill`), and whether it has a callback.
   */
  type: string | null; lean_params: unknown; has_callback: boolean | null;
};

export type ClaimArgs = { projectId: string; stage: Stage; userId: string; token: string; now: Date; expiresAt: Date; fromStatus: string; toStatus: string; reason?: string };

/**
 * Whether the available item `w` may be offered to `userId` (see {@link claimNext}): reserved for them, or
 * reserved for nobody (or no longer) and not passed on by them in this stage — in any stage, for a review.
 */
function offeredTo(c: { stage: Stage; userId: string; now: Date }) {
  return sql`(w.reserved_for = ${c.userId} OR (
          (w.reserved_for IS NULL OR w.reserved_until <= ${c.now})
          AND NOT EXISTS (
            SELECT 1 FROM work_passes p WHERE p.task_id = w.task_id AND p.user_id = ${c.userId} AND (p.stage = ${c.stage} OR ${c.stage} = 'review')
          )
        ))`;
}

/**
 * The claim as CTEs `candidate`, `claimed`, `moved` and `logged` (see {@link claimNext}), for a statement's
 * WITH list; `gate` is a further condition on the candidate (empty for none), which may refer to earlier CTEs.
 */
export function claimCtes(c: ClaimArgs, gate: RawBuilder<unknown> = sql``) {
  return sql`
    candidate AS MATERIALIZED (
      SELECT w.id FROM work_items w
      WHERE w.project_id = ${c.projectId} AND w.stage = ${c.stage} AND w.status = 'available'
        AND ${offeredTo(c)} ${gate}
      ORDER BY w.priority DESC, w.queued_at, w.id
      LIMIT 1
      FOR UPDATE SKIP LOCKED
    ), claimed AS (
      UPDATE work_items w
      SET status = 'leased', leased_by = ${c.userId}, lease_token = ${c.token},
          lease_expires_at = ${c.expiresAt}, leased_at = ${c.now}, attempts = w.attempts + 1
      FROM candidate
      WHERE w.id = candidate.id
      RETURNING w.id, w.task_id, w.lease_expires_at, w.lease_token, w.review_pass, w.reserved_for, w.review_gold
    ), moved AS (
      UPDATE tasks t SET status = ${c.toStatus}, version = t.version + 1, updated_at = ${c.now}
      FROM claimed WHERE t.id = claimed.task_id AND t.status = ${c.fromStatus}
      RETURNING t.id, t.project_id, t.status, t.priority, t.data, t.created_at, t.prefill,
                t.type, CASE WHEN jsonb_typeof(t.params) = 'object' THEN t.params - 'hypothesis' ELSE t.params END AS lean_params, t.callback_url IS NOT NULL AS has_callback
    ), logged AS (
      INSERT INTO task_events (task_id, actor_id, from_status, to_status, reason, at)
      SELECT moved.id, ${c.userId}, ${c.fromStatus}, ${c.toStatus}, ${c.reason ?? 'claimed'}, ${c.now} FROM moved
    )`;
}

/** The columns of a claim's result (a {@link ClaimedRow}), for the SELECT after {@link claimCtes}. */
export const CLAIMED_COLUMNS = sql`claimed.id AS work_item_id, claimed.task_id, claimed.lease_expires_at, claimed.lease_token, claimed.review_pass, claimed.reserved_for, claimed.review_gold,
           moved.project_id, moved.status, moved.priority, moved.data, moved.created_at, moved.prefill,
           moved.type, moved.lean_params, moved.has_callback`;

/**
 * Leases the best available item of a project's stage to `userId`, moves its task to `leased` and
 * records the event — one statement, one round trip, atomic. Returns the task as it is after the move.
 *
 * Why FOR UPDATE SKIP LOCKED inside a MATERIALIZED CTE: concurrent claimers each lock a different
 * row instead of queueing behind the same one, and materializing the CTE stops the planner from
 * folding it into the UPDATE, where it could re-run the sub-select and update more rows than LIMIT 1
 * (the shape Oban and pg-boss use). No transaction stays open across the human lease: the lease is
 * data (`leased_by`, `lease_token`, `lease_expires_at`), not a held lock.
 * Order: priority, then the item's place in line; items the user already passed on are skipped.
 *
 * Reserved items (`reserved_for`) go only to that person: a rejected task's rework to its labeler, even
 * though they already submitted it once, and a routed second review pass to its chosen reviewer until
 * `reserved_until`, then to anyone. A review item is never offered to someone who worked on the task in
 * any stage, so nobody reviews their own work or reviews a task twice.
 */
export async function claimNext(db: Db, c: ClaimArgs) {
  const query = sql<ClaimedRow>`
    WITH ${claimCtes(c)}
    SELECT ${CLAIMED_COLUMNS}
    FROM claimed LEFT JOIN moved ON moved.id = claimed.task_id`;
  // Relaxed commit (see Db.prepared): a claim lost in a database crash only gives the task back.
  const rows = await db.prepared<ClaimedRow>(query.compile(db.db), { relaxed: true });
  return rows[0];
}

/**
 * The item `claimNext` would most likely lease to `userId` now, without leasing it: same filter and
 * order, no lock (a peek must never make a claimer wait or skip a row). Another labeler may claim it
 * first; the answer is advice for prefetching, not a reservation.
 */
export async function peekNext(q: Q, c: { projectId: string; stage: Stage; userId: string; now: Date }) {
  // The claim's filter: an item reserved for someone else (a rejected task's rework) is not theirs to
  // prefetch, and one reserved for this user is, though they worked on the task before.
  const result = await sql<{ task_id: string; data: unknown }>`
    SELECT w.task_id, t.data FROM work_items w JOIN tasks t ON t.id = w.task_id
    WHERE w.project_id = ${c.projectId} AND w.stage = ${c.stage} AND w.status = 'available'
      AND ${offeredTo(c)}
    ORDER BY w.priority DESC, w.queued_at, w.id
    LIMIT 1`.execute(q);
  return result.rows[0];
}

/**
 * Returns a project's expired leases to the queue, keeping their place (`queued_at` is untouched),
 * records that the holder let it expire (they will not get it again), and gives a task up as
 * `error` once its item has used `maxAttempts`. One statement. Pass `projectId` null for all projects.
 *
 * Why SKIP LOCKED here too: every process sweeps; a row another sweeper or a submit holds is left
 * to them rather than waited for, and the UPDATE re-checks each row so it is released exactly once.
 */
export async function releaseExpiredLeases(q: Q, projectId: string | null, now: Date, maxAttemptsDefault = 5) {
  // `task_failed`: this release moved the task to `error` (its customer is told by the caller, see lease-sweep).
  const result = await sql<{ id: string; task_id: string; status: string; task_failed: boolean }>`
    WITH expired AS (
      SELECT w.id, w.task_id, w.leased_by, w.attempts, w.stage, w.gold,
             COALESCE((p.settings->>'maxAttempts')::int, ${maxAttemptsDefault}) AS max_attempts
      FROM work_items w JOIN projects p ON p.id = w.project_id
      WHERE w.status = 'leased' AND w.lease_expires_at <= ${now}
        AND (${projectId}::uuid IS NULL OR w.project_id = ${projectId}::uuid)
      FOR UPDATE OF w SKIP LOCKED
    ), released AS (
      UPDATE work_items w
      -- A gold item is one labeler's copy: on expiry it ends (they never get that gold again), never joins the pool.
      -- A review pass is never given up (its task waits in 'submitted' for another reviewer); only labeling counts attempts.
      SET status = CASE WHEN e.gold OR (e.stage = 'label' AND e.attempts >= e.max_attempts) THEN 'canceled' ELSE 'available' END,
          leased_by = NULL, lease_token = NULL, lease_expires_at = NULL
      FROM expired e WHERE w.id = e.id
      RETURNING w.id, w.task_id, w.status, e.leased_by, e.stage, e.attempts, e.gold
    ), passed AS (
      INSERT INTO work_passes (task_id, stage, user_id, outcome, reason, at)
      SELECT task_id, stage, leased_by, 'expired', NULL, ${now} FROM released WHERE leased_by IS NOT NULL
      ON CONFLICT DO NOTHING
    ), moved AS (
      UPDATE tasks t
      SET status = CASE WHEN r.status = 'canceled' THEN 'error' ELSE 'pending' END,
          error_reason = CASE WHEN r.status = 'canceled' THEN 'lease expired ' || r.attempts || ' times' ELSE t.error_reason END,
          version = t.version + 1, updated_at = ${now}
      FROM released r WHERE t.id = r.task_id AND t.status = 'leased' AND NOT r.gold
      RETURNING t.id, t.status, r.attempts
    ), logged AS (
      INSERT INTO task_events (task_id, actor_id, from_status, to_status, reason, at)
      SELECT id, NULL, 'leased', status,
             CASE WHEN status = 'error' THEN 'lease expired ' || attempts || ' times' ELSE 'lease expired' END, ${now}
      FROM moved
    )
    SELECT r.id, r.task_id, r.status, COALESCE(m.status = 'error', false) AS task_failed
    FROM released r LEFT JOIN moved m ON m.id = r.task_id`.execute(q);
  return result.rows;
}

/** Locks the work item of a task that carries a lease token, if any. */
export function lockWorkItemByToken(q: Q, taskId: string, token: string) {
  return q
    .selectFrom('work_items')
    .selectAll()
    .where('task_id', '=', taskId)
    .where('lease_token', '=', token)
    .forUpdate()
    .executeTakeFirst();
}

/** The work item of a task that `userId` holds a live lease on, if any. */
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

/**
 * Locks every work item of a task until the transaction ends. Take it before locking or changing the task
 * itself: submits, claims and the reaper change a work item first and its task second, so a writer that
 * locks in the other order can deadlock with them.
 */
export async function lockWorkItemsOfTask(q: Q, taskId: string) {
  await q.selectFrom('work_items').select('id').where('task_id', '=', taskId).forUpdate().execute();
}

/** Cancels every open work item of a task (the task was canceled). */
export async function cancelWorkItemsOfTask(q: Q, taskId: string) {
  await q
    .updateTable('work_items')
    .set({ status: 'canceled', lease_token: null, lease_expires_at: null })
    .where('task_id', '=', taskId)
    .where('status', 'in', ['available', 'leased'])
    .execute();
}

export async function extendLease(q: Q, id: string, expiresAt: Date) {
  await q.updateTable('work_items').set({ lease_expires_at: expiresAt }).where('id', '=', id).execute();
}

export async function recordPass(
  q: Q,
  p: { taskId: string; stage: Stage; userId: string; outcome: 'submitted' | 'skipped' | 'expired'; reason: string | null; now: Date },
) {
  await q
    .insertInto('work_passes')
    .values({ task_id: p.taskId, stage: p.stage, user_id: p.userId, outcome: p.outcome, reason: p.reason, at: p.now })
    .onConflict((oc) => oc.columns(['task_id', 'stage', 'user_id']).doUpdateSet({ outcome: p.outcome, reason: p.reason, at: p.now }))
    .execute();
}
