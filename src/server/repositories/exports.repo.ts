import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';

type Q = Kysely<Database>;

/**
 * Every submitted or completed task of a project with its latest submitted annotation (as
 * `latestAnnotations` picks it: the newest by `created_at`, then by id so a tie cannot flip between calls)
 * and, when its media is stored here, the blob's type and where it came from (for the file name).
 * One statement, so an export of any size is neither split into id lists nor bound by a parameter limit.
 * Ordered by task creation, then id: the order the export lists images in.
 */
export async function exportableTasks(q: Q, projectId: string) {
  const rows = await q
    .selectFrom('annotations as a')
    .innerJoin('tasks as t', 't.id', 'a.task_id')
    .leftJoin('blobs as b', 'b.id', 't.blob_id')
    .distinctOn('a.task_id')
    .select([
      't.id as task_id',
      't.status',
      't.data',
      't.created_at as task_created_at',
      'a.id as annotation_id',
      'a.user_id',
      'a.document',
      'a.created_at as submitted_at',
      'b.content_type',
      'b.source_url',
    ])
    .where('t.project_id', '=', projectId)
    .where('t.status', 'in', ['submitted', 'completed'])
    .orderBy('a.task_id')
    .orderBy('a.created_at', 'desc')
    .orderBy('a.id', 'desc')
    .execute();
  // Why sort here and not in SQL: DISTINCT ON needs its own ORDER BY first; a wrapping query would only move this.
  return rows.sort((x, y) => x.task_created_at.getTime() - y.task_created_at.getTime() || (x.task_id < y.task_id ? -1 : x.task_id > y.task_id ? 1 : 0));
}
