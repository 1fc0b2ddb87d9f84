import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema';

type Q = Kysely<Database>;

/**
 * Moves up to `limit` finished work items from `work_items` to `work_items_archive`, oldest first, in one
 * statement (so one transaction: a batch is moved whole or not at all). An item goes when its task ended
 * (completed, canceled or error: no transition leaves these) before `before`, it is done or canceled, and
 * neither it nor its task is gold or review gold. Deleting it drops its draft (foreign key cascade).
 * Returns how many items moved.
 *
 * Why FOR UPDATE SKIP LOCKED: every server process runs the job; two at once each lock a different batch
 * instead of waiting on or moving the same rows (the archive's primary key would refuse a second copy anyway).
 */
export async function archiveFinishedWorkItems(q: Q, before: Date, limit: number): Promise<number> {
  const r = await sql<{ n: number }>`
    WITH batch AS (
      SELECT w.id FROM work_items w JOIN tasks t ON t.id = w.task_id
      WHERE w.status IN ('done', 'canceled') AND NOT w.gold AND NOT w.review_gold AND w.created_at < ${before}
        AND t.status IN ('completed', 'canceled', 'error') AND t.updated_at < ${before}
        AND NOT EXISTS (SELECT 1 FROM gold_answers g WHERE g.task_id = w.task_id)
        AND NOT EXISTS (SELECT 1 FROM review_gold rg WHERE rg.task_id = w.task_id)
      ORDER BY w.created_at
      LIMIT ${limit}
      FOR UPDATE OF w SKIP LOCKED
    ), moved AS (
      DELETE FROM work_items w USING batch WHERE w.id = batch.id
      RETURNING w.*
    ), archived AS (
      INSERT INTO work_items_archive SELECT * FROM moved
      RETURNING id
    )
    SELECT count(*)::int AS n FROM archived`.execute(q);
  return Number(r.rows[0]?.n ?? 0);
}
