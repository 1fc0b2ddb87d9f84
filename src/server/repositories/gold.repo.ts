import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema';

type Q = Kysely<Database>;

/** Makes (or replaces) a task's gold answer, active. */
export async function upsertGoldAnswer(
  q: Q,
  g: { taskId: string; projectId: string; document: unknown; sourceAnnotationId: string | null; userId: string; now: Date },
) {
  const doc = JSON.stringify(g.document);
  await q
    .insertInto('gold_answers')
    .values({ task_id: g.taskId, project_id: g.projectId, document: doc, source_annotation_id: g.sourceAnnotationId, created_by: g.userId, created_at: g.now })
    .onConflict((oc) => oc.column('task_id').doUpdateSet({ document: doc, source_annotation_id: g.sourceAnnotationId, created_by: g.userId, created_at: g.now, active: true }))
    .execute();
}

export async function deactivateGold(q: Q, taskId: string): Promise<boolean> {
  const r = await q.updateTable('gold_answers').set({ active: false }).where('task_id', '=', taskId).where('active', '=', true).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export function findGoldAnswer(q: Q, taskId: string) {
  return q.selectFrom('gold_answers').selectAll().where('task_id', '=', taskId).executeTakeFirst();
}

/** Cancels a task's waiting ordinary labeling slot (it became gold: from now on it is served from the gold pool). */
export async function cancelAvailableLabelItems(q: Q, taskId: string) {
  // Only the ordinary labeling slot: a waiting review pass or a labeler's reserved rework of the task stay.
  await q.updateTable('work_items').set({ status: 'canceled' }).where('task_id', '=', taskId).where('gold', '=', false).where('stage', '=', 'label').where('reserved_for', 'is', null).where('status', '=', 'available').execute();
}

/**
 * Gives a task that left the gold pool its ordinary labeling slot back, in its old place in line (the slot
 * `cancelAvailableLabelItems` canceled), when the task is still waiting for its labeling (`pending`) and has
 * no open ordinary slot. Returns whether a slot was reopened.
 */
export async function reopenLabelSlot(q: Q, taskId: string): Promise<boolean> {
  const r = await sql`
    UPDATE work_items SET status = 'available', leased_by = NULL, lease_token = NULL, lease_expires_at = NULL
    WHERE id = (
      SELECT w.id FROM work_items w JOIN tasks t ON t.id = w.task_id
      WHERE w.task_id = ${taskId} AND t.status = 'pending' AND NOT w.gold AND w.stage = 'label' AND w.reserved_for IS NULL AND w.status = 'canceled'
        AND NOT EXISTS (
          SELECT 1 FROM work_items o WHERE o.task_id = w.task_id AND NOT o.gold AND o.stage = 'label' AND o.status IN ('available', 'leased')
        )
      ORDER BY w.created_at DESC LIMIT 1
    )`.execute(q);
  return Number(r.numAffectedRows ?? 0) === 1;
}

/** Whether someone holds a live ordinary lease on the task. */
export async function hasOrdinaryLease(q: Q, taskId: string, now: Date): Promise<boolean> {
  const r = await q.selectFrom('work_items').select('id').where('task_id', '=', taskId).where('gold', '=', false).where('status', '=', 'leased').where('lease_expires_at', '>', now).executeTakeFirst();
  return r !== undefined;
}

/** Active gold tasks of a project with how many labelers answered each. */
export function listGold(q: Q, projectId: string) {
  return q
    .selectFrom('gold_answers as g')
    .select(['g.task_id', 'g.document', 'g.source_annotation_id', 'g.created_at'])
    .select((eb) => eb.selectFrom('gold_submissions as s').whereRef('s.task_id', '=', 'g.task_id').select(eb.fn.countAll<string>().as('n')).as('submissions'))
    .where('g.project_id', '=', projectId)
    .where('g.active', '=', true)
    .orderBy('g.created_at')
    .execute();
}

/**
 * Leases a gold task of the project to `userId`: picks the oldest active gold task they have never had
 * (no pass, no earlier gold item) and inserts a leased work item for it — one statement.
 *
 * Why an INSERT and no SKIP LOCKED: a gold task is served to every labeler once, so claimers never
 * compete for one row; each gets a row of their own. The unique (task_id, leased_by) index on gold items
 * makes a racing second claim by the same person insert nothing (ON CONFLICT DO NOTHING) instead of
 * giving them the same gold twice. The task row itself is not touched: its status belongs to the
 * customer's task (it may already be completed), and the service shows the labeler `leased`, as for any claim.
 */
export async function claimGold(
  q: Q,
  c: { projectId: string; userId: string; workItemId: string; token: string; now: Date; expiresAt: Date },
) {
  const r = await sql<{
    work_item_id: string; task_id: string; lease_expires_at: Date; lease_token: string;
    project_id: string; priority: number; data: unknown; created_at: Date; prefill: unknown;
  }>`
    WITH candidate AS MATERIALIZED (
      SELECT g.task_id FROM gold_answers g
      WHERE g.project_id = ${c.projectId} AND g.active
        AND NOT EXISTS (SELECT 1 FROM work_passes p WHERE p.task_id = g.task_id AND p.stage = 'label' AND p.user_id = ${c.userId})
        AND NOT EXISTS (SELECT 1 FROM work_items w WHERE w.task_id = g.task_id AND w.gold AND w.leased_by = ${c.userId})
      ORDER BY g.created_at, g.task_id
      LIMIT 1
    ), claimed AS (
      INSERT INTO work_items (id, task_id, project_id, stage, status, priority, queued_at, leased_by, lease_token,
                              lease_expires_at, leased_at, attempts, created_at, gold)
      SELECT ${c.workItemId}, t.id, t.project_id, 'label', 'leased', t.priority, ${c.now}, ${c.userId}, ${c.token},
             ${c.expiresAt}, ${c.now}, 1, ${c.now}, true
      FROM candidate JOIN tasks t ON t.id = candidate.task_id
      ON CONFLICT DO NOTHING
      RETURNING id, task_id, lease_expires_at, lease_token
    )
    SELECT claimed.id AS work_item_id, claimed.task_id, claimed.lease_expires_at, claimed.lease_token,
           t.project_id, t.priority, t.data, t.created_at, t.prefill
    FROM claimed JOIN tasks t ON t.id = claimed.task_id`.execute(q);
  return r.rows[0];
}

/** Earlier gold durations of a task size in a project (stream answers only), newest first. */
export async function recentDurations(q: Q, projectId: string, sizeObjects: number, limit = 200): Promise<number[]> {
  const rows = await q
    .selectFrom('gold_submissions')
    .select('duration_ms')
    .where('project_id', '=', projectId)
    .where('size_objects', '=', sizeObjects)
    .where('purpose', '=', 'stream')
    .orderBy('created_at', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => r.duration_ms);
}

export function findGoldSubmission(q: Q, submissionId: string) {
  return q.selectFrom('gold_submissions').selectAll().where('submission_id', '=', submissionId).executeTakeFirst();
}

export async function insertGoldSubmission(
  q: Q,
  s: {
    id: string; workItemId: string | null; taskId: string; projectId: string; userId: string; submissionId: string;
    document: unknown; purpose: 'stream' | 'practice'; durationMs: number; sizeObjects: number; objectsTotal: number; objectsCorrect: number; now: Date;
    courseAttemptId?: string;
  },
) {
  await q
    .insertInto('gold_submissions')
    .values({
      id: s.id, work_item_id: s.workItemId, task_id: s.taskId, project_id: s.projectId, user_id: s.userId, submission_id: s.submissionId,
      document: JSON.stringify(s.document), purpose: s.purpose, duration_ms: s.durationMs, size_objects: s.sizeObjects,
      objects_total: s.objectsTotal, objects_correct: s.objectsCorrect, created_at: s.now, course_attempt_id: s.courseAttemptId ?? null,
    })
    .execute();
}

export type FindingRow = {
  id: string; projectId: string; taskId: string; userId: string; goldSubmissionId: string | null; type: string;
  objectId: string | null; referenceId: string | null; magnitude: number; explanation: string; detail: Record<string, unknown>;
  source: 'gold' | 'review'; now: Date;
  /** The review whose fix implies this finding (source 'review'). */
  reviewId?: string | null;
};

export async function insertFindings(q: Q, rows: readonly FindingRow[]) {
  if (rows.length === 0) return;
  await q
    .insertInto('findings')
    .values(rows.map((f) => ({
      id: f.id, project_id: f.projectId, task_id: f.taskId, user_id: f.userId, gold_submission_id: f.goldSubmissionId, type: f.type,
      object_id: f.objectId, reference_id: f.referenceId, magnitude: f.magnitude, explanation: f.explanation,
      detail: JSON.stringify(f.detail), source: f.source, created_at: f.now, review_id: f.reviewId ?? null,
      // Gold findings are shown inline in the submit response itself; review findings wait in the inbox.
      acknowledged_at: f.source === 'gold' ? f.now : null,
    })))
    .execute();
}

export function findingsOfSubmission(q: Q, goldSubmissionId: string) {
  return q.selectFrom('findings').selectAll().where('gold_submission_id', '=', goldSubmissionId).orderBy('created_at').orderBy('id').execute();
}

/** A labeler's findings not yet seen (the feedback inbox), oldest first. */
export function unacknowledgedFindings(q: Q, projectId: string, userId: string, limit = 500) {
  return q.selectFrom('findings').selectAll().where('project_id', '=', projectId).where('user_id', '=', userId)
    .where('acknowledged_at', 'is', null).orderBy('created_at').orderBy('id').limit(limit).execute();
}

/** Marks the given findings of this labeler seen; returns how many changed. */
export async function acknowledgeFindings(q: Q, userId: string, ids: readonly string[], now: Date): Promise<number> {
  if (ids.length === 0) return 0;
  const r = await q.updateTable('findings').set({ acknowledged_at: now }).where('user_id', '=', userId).where('id', 'in', ids).where('acknowledged_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows);
}
