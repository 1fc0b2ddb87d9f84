import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';

type Q = Kysely<Database>;

export function findAnnotationBySubmission(q: Q, submissionId: string) {
  return q.selectFrom('annotations').selectAll().where('submission_id', '=', submissionId).executeTakeFirst();
}

/** The latest submitted annotation of each of the given tasks. */
export function latestAnnotations(q: Q, taskIds: string[]) {
  if (taskIds.length === 0) return Promise.resolve([]);
  return q
    .selectFrom('annotations')
    .selectAll()
    .distinctOn('task_id')
    .where('task_id', 'in', taskIds)
    .orderBy('task_id')
    .orderBy('created_at', 'desc')
    .execute();
}

export async function upsertDraft(q: Q, d: { workItemId: string; userId: string; document: unknown; now: Date }) {
  await q
    .insertInto('drafts')
    .values({ work_item_id: d.workItemId, user_id: d.userId, document: JSON.stringify(d.document), updated_at: d.now })
    .onConflict((oc) => oc.columns(['work_item_id', 'user_id']).doUpdateSet({ document: JSON.stringify(d.document), updated_at: d.now }))
    .execute();
}

/** `userId`'s draft of a work item (another holder's earlier draft of the same item is theirs, not shown). */
export function findDraft(q: Q, workItemId: string, userId: string) {
  return q.selectFrom('drafts').selectAll().where('work_item_id', '=', workItemId).where('user_id', '=', userId).executeTakeFirst();
}
