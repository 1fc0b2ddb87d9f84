import { sql } from 'kysely';
import { NotFound } from '../errors';
import type { ServiceContext } from './context';

/**
 * Finds a stored media file the user may see: owners and reviewers of a project with a task using it,
 * or a labeler holding a live lease on such a task. Anyone else gets 404.
 */
export async function mediaForUser(ctx: ServiceContext, blobId: string, userId: string): Promise<{ root: string; name: string; contentType: string }> {
  const now = ctx.clock();
  const allowed = await ctx.db.db
    .selectFrom('tasks')
    .innerJoin('project_members as m', 'm.project_id', 'tasks.project_id')
    .innerJoin('blobs', 'blobs.id', 'tasks.blob_id')
    .select('blobs.content_type')
    .where('tasks.blob_id', '=', blobId)
    .where('m.user_id', '=', userId)
    .where((eb) =>
      eb.or([
        eb('m.role', 'in', ['owner', 'reviewer']),
        eb.exists(
          eb
            .selectFrom('work_items as w')
            .select('w.id')
            .whereRef('w.task_id', '=', 'tasks.id')
            .where('w.leased_by', '=', userId)
            .where('w.status', '=', 'leased')
            .where('w.lease_expires_at', '>', now),
        ),
        // A gold item in the labeler's course practice set.
        eb.exists(
          eb.selectFrom('course_attempts as ca').select('ca.id').where('ca.user_id', '=', userId).where(sql<boolean>`tasks.id = ANY(ca.task_ids)`),
        ),
      ]),
    )
    .limit(1)
    .executeTakeFirst();
  if (!allowed) throw new NotFound('Media');
  return { ...ctx.blobs.localFile(blobId), contentType: allowed.content_type };
}
