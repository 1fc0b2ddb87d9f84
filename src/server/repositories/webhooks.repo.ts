import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema';

type Q = Kysely<Database>;

export async function insertDelivery(q: Q, d: { id: string; taskId: string; event: string; url: string; body: unknown; now: Date }) {
  await q
    .insertInto('webhook_deliveries')
    .values({ id: d.id, task_id: d.taskId, event: d.event, url: d.url, body: JSON.stringify(d.body), status: 'pending', next_attempt_at: d.now, created_at: d.now })
    .execute();
}

/**
 * Takes up to `limit` due deliveries for this worker for `lockMs`.
 * Why a lock column rather than a held row lock: the HTTP call happens outside any transaction; a
 * process that dies mid-call simply lets `locked_until` pass and another process retries. SKIP LOCKED
 * keeps two processes from taking the same row in the same instant.
 */
export async function claimDueDeliveries(q: Q, workerId: string, now: Date, lockMs: number, limit: number) {
  const r = await sql<{ id: string; task_id: string; url: string; body: unknown; attempts: number; created_at: Date; event: string }>`
    WITH due AS MATERIALIZED (
      SELECT id FROM webhook_deliveries
      WHERE status = 'pending' AND next_attempt_at <= ${now} AND (locked_until IS NULL OR locked_until <= ${now})
      ORDER BY next_attempt_at
      LIMIT ${limit}
      FOR UPDATE SKIP LOCKED
    )
    UPDATE webhook_deliveries d
    SET locked_by = ${workerId}, locked_until = ${new Date(now.getTime() + lockMs)}
    FROM due WHERE d.id = due.id
    RETURNING d.id, d.task_id, d.url, d.body, d.attempts, d.created_at, d.event`.execute(q);
  return r.rows;
}

export async function recordAttempt(
  q: Q,
  a: { deliveryId: string; workerId: string; now: Date; statusCode: number | null; error: string | null; durationMs: number; outcome: 'delivered' | 'retry' | 'failed'; nextAttemptAt: Date },
) {
  await q.insertInto('webhook_attempts').values({ delivery_id: a.deliveryId, at: a.now, status_code: a.statusCode, error: a.error, duration_ms: a.durationMs }).execute();
  await q
    .updateTable('webhook_deliveries')
    .set((eb) => ({
      attempts: eb('attempts', '+', 1),
      status: a.outcome === 'retry' ? 'pending' : a.outcome,
      next_attempt_at: a.nextAttemptAt,
      locked_by: null,
      locked_until: null,
      last_status_code: a.statusCode,
      last_error: a.error,
      delivered_at: a.outcome === 'delivered' ? a.now : null,
    }))
    .where('id', '=', a.deliveryId)
    .where('locked_by', '=', a.workerId)
    .execute();
}

export function listDeliveriesOfTask(q: Q, taskId: string) {
  return q.selectFrom('webhook_deliveries').selectAll().where('task_id', '=', taskId).orderBy('created_at').execute();
}

export function listAttempts(q: Q, deliveryIds: string[]) {
  if (deliveryIds.length === 0) return Promise.resolve([]);
  return q.selectFrom('webhook_attempts').selectAll().where('delivery_id', 'in', deliveryIds).orderBy('id').execute();
}
