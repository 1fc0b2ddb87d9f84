import { sql } from 'kysely';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { NotFound } from '../errors';
import { peaksNames } from '../media/audio-ingest';
import type { ServiceContext } from './context';

/**
 * Finds a stored media file the user may see: owners and reviewers of a project with a task using it,
 * a labeler holding a live lease on such a task, or a labeler whose next claim could get it. Anyone else gets 404.
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
        // A labeler may also fetch media of a task their next claim could get (see peekNextTask):
        // available in the label stage and not already skipped or done by them. Why: the labeling
        // page prefetches the next task's image; this is exactly what a claim would show them.
        eb.and([
          eb('m.role', '=', 'labeler'),
          eb.exists(
            eb
              .selectFrom('work_items as a')
              .select('a.id')
              .whereRef('a.task_id', '=', 'tasks.id')
              .where('a.stage', '=', 'label')
              .where('a.status', '=', 'available')
              .where((x) => x.not(x.exists(x.selectFrom('work_passes as p').select('p.task_id').whereRef('p.task_id', '=', 'tasks.id').where('p.stage', '=', 'label').where('p.user_id', '=', userId)))),
          ),
        ]),
      ]),
    )
    .limit(1)
    .executeTakeFirst();
  if (!allowed) throw new NotFound('Media');
  return { ...ctx.blobs.localFile(blobId), contentType: allowed.content_type };
}

/**
 * The stored peaks of audio the user may hear (same rules as {@link mediaForUser}): the JSON index, or with
 * `samplesPerPeak` the level of that resolution. 404 when the media has no peaks (images, audio stored
 * before peaks existed) or no such level.
 */
export async function peaksForUser(ctx: ServiceContext, blobId: string, userId: string, samplesPerPeak: number | null): Promise<{ root: string; name: string }> {
  const media = await mediaForUser(ctx, blobId, userId);
  const name = samplesPerPeak === null ? peaksNames.index(blobId) : peaksNames.level(blobId, samplesPerPeak);
  const file = ctx.blobs.localFile(name);
  if (!existsSync(path.join(file.root, file.name)) || !media.contentType.startsWith('audio/')) throw new NotFound(samplesPerPeak === null ? 'Peaks' : `Peaks at ${samplesPerPeak} samples per peak`);
  return file;
}
