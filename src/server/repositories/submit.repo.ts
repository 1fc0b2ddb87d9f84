import { sql } from 'kysely';
import type { Db } from '../db/client';
import { claimAfterSubmitCtes, CLAIM_AFTER_SUBMIT_COLUMNS, CLAIM_AFTER_SUBMIT_FROM, type ClaimAfterSubmitRow } from './claim.repo';
import type { ClaimArgs } from './work-items.repo';

/**
 * Submits the work under a lease in one statement, so no transaction is held across round trips:
 * the lease's item is marked done (only if the token is still this user's live lease), the annotation
 * inserted, the pass recorded, the task moved to `finalStatus` (with its response when completed),
 * the events logged, and — when completed with a callback — the webhook written to the outbox.
 *
 * Returns the new annotation's id, or null when nothing was written (the lease was lost, or a copy of this
 * submit got there first: the caller then looks the submission up).
 *
 * With `guard.next`, the same statement then claims the labeler's next task (`claimAfterSubmitCtes`) — only
 * when this submit wrote, and only when no gate calls for a decision (`claim.plain` false: the caller claims
 * the usual way); the guard has already settled the configuration version and the labeler role. One statement and one round trip for the labeler's whole "submit, then the next task".
 * Why this is as safe as two statements: the claim's CTEs lock their own rows (SKIP LOCKED) and touch no
 * row the submit's do (the submitted item is leased, never `available`); the caller's live lease in the
 * claim's context is looked up without the one being submitted, which the statement's snapshot still shows.
 * The claim then commits with the submit (durably), not relaxed as a lone claim does.
 *
 * Why this is race-safe: the first CTE's UPDATE takes the item's row lock; a concurrent copy of the submit
 * waits on it, then re-checks `status = 'leased'`, finds it done, and writes nothing.
 */
export async function submitUnderLease(
  db: Db,
  s: {
    taskId: string;
    userId: string;
    token: string;
    annotationId: string;
    submissionId: string;
    document: unknown;
    now: Date;
    finalStatus: 'submitted' | 'completed';
    /** Why a task completes without review (history reason). */
    completedReason?: string;
    /** With `submitted`: the first review pass to queue (reserved to a reviewer when a rejected task comes back). */
    reviewItem?: { id: string; pass: number; reservedFor: string | null; reservedUntil: Date | null } | null;
    response: unknown;
    webhook: { id: string; url: string; body: unknown } | null;
    /**
     * For a submit validated against a remembered project configuration (services/submit-memo.ts): write
     * only if the project's configuration is still that version, the caller is still a labeler there, and
     * the lease is not a gold one (gold submits are judged elsewhere). Null: the caller read all that just now.
     */
    guard?: {
      configVersion: number;
      /** The next claim to make when this submit writes (see above); it checks the same configuration version. */
      next?: ClaimArgs | null;
    } | null;
  },
): Promise<{ annotationId: string | null; claim: ClaimAfterSubmitRow | null }> {
  const completed = s.finalStatus === 'completed';
  const guard = s.guard
    ? sql`AND NOT w.gold
        AND EXISTS (SELECT 1 FROM projects p WHERE p.id = w.project_id AND p.config_version = ${s.guard.configVersion})
        AND EXISTS (SELECT 1 FROM project_members m WHERE m.project_id = w.project_id AND m.user_id = ${s.userId} AND m.role = 'labeler')`
    : sql``;
  // Why the optional parts are left out of the text rather than switched off by a condition: a data-modifying
  // CTE opens its table and every index of it on each run even when it writes no row (timed in-process on
  // PGlite, a submit that completes took 0.66 ms without the idle review and webhook inserts, 0.68 with them).
  // Each shape is its own prepared statement.
  const review = s.reviewItem && !completed
    ? sql`, review AS (
      INSERT INTO work_items (id, task_id, project_id, stage, status, priority, queued_at, created_at, review_pass, reserved_for, reserved_until)
      SELECT ${s.reviewItem.id}::uuid, finished.id, finished.project_id, 'review', 'available', finished.priority, ${s.now}, ${s.now},
             ${s.reviewItem.pass}::smallint, ${s.reviewItem.reservedFor}::uuid, ${s.reviewItem.reservedUntil}::timestamptz
      FROM finished
    )`
    : sql``;
  const hook = s.webhook && completed
    ? sql`, hook AS (
      INSERT INTO webhook_deliveries (id, task_id, event, url, body, status, next_attempt_at, created_at)
      SELECT ${s.webhook.id}::uuid, finished.id, 'task.completed', ${s.webhook.url}, ${JSON.stringify(s.webhook.body)}::jsonb, 'pending', ${s.now}, ${s.now}
      FROM finished
    )`
    : sql``;
  // (The claim's own CTEs are named go, candidate, claimed, moved and logged: the submit's differ.)
  const claimArgs = s.guard?.next;
  const next = claimArgs
    ? sql`, ${claimAfterSubmitCtes({ ...claimArgs, exceptToken: s.token, afterWrite: sql`EXISTS (SELECT 1 FROM item)` })}`
    : sql``;
  const query = sql<{ annotation_id: string | null }>`
    WITH item AS (
      UPDATE work_items w SET status = 'done', lease_token = NULL, lease_expires_at = NULL
      WHERE w.task_id = ${s.taskId} AND w.lease_token = ${s.token} AND w.status = 'leased' AND w.leased_by = ${s.userId} AND w.stage = 'label' ${guard}
      RETURNING w.id, w.stage, w.project_id
    ), ann AS (
      INSERT INTO annotations (id, task_id, work_item_id, user_id, submission_id, document, created_at, instructions_version)
      SELECT ${s.annotationId}, ${s.taskId}, item.id, ${s.userId}, ${s.submissionId}, ${JSON.stringify(s.document)}::jsonb, ${s.now},
             (SELECT p.instructions_version FROM projects p WHERE p.id = item.project_id)
      FROM item
      RETURNING id
    ), passed AS (
      INSERT INTO work_passes (task_id, stage, user_id, outcome, reason, at)
      SELECT ${s.taskId}, item.stage, ${s.userId}, 'submitted', NULL, ${s.now} FROM item
      ON CONFLICT (task_id, stage, user_id) DO UPDATE SET outcome = 'submitted', reason = NULL, at = EXCLUDED.at
    ), finished AS (
      UPDATE tasks SET status = ${s.finalStatus}, version = version + 1, updated_at = ${s.now},
        ${completed ? sql`completed_at = ${s.now}, response = ${JSON.stringify(s.response)}::jsonb` : sql`completed_at = NULL`}
      WHERE id = ${s.taskId} AND status = 'leased' AND EXISTS (SELECT 1 FROM item)
      RETURNING id, project_id, priority
    ), finish_logged AS (
      INSERT INTO task_events (task_id, actor_id, from_status, to_status, reason, at)
      SELECT finished.id, ${s.userId}, e.from_status, e.to_status, e.reason, ${s.now}
      FROM finished, (VALUES (1, 'leased', 'submitted', 'submitted')${completed ? sql`, (2, 'submitted', 'completed', ${s.completedReason ?? 'no review passes'}::text)` : sql``}) AS e(ord, from_status, to_status, reason)
      ORDER BY e.ord
    )${review}${hook}${next}
    SELECT (SELECT id FROM ann) AS annotation_id${claimArgs ? sql`, ${CLAIM_AFTER_SUBMIT_COLUMNS} FROM ${CLAIM_AFTER_SUBMIT_FROM}` : sql``}`;
  const [row] = await db.prepared<ClaimAfterSubmitRow & { annotation_id: string | null }>(query.compile(db.db));
  const annotationId = row?.annotation_id ?? null;
  return { annotationId, claim: claimArgs && annotationId ? row! : null };
}
