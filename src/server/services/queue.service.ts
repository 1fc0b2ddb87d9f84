import { randomBytes, randomUUID } from 'node:crypto';
import type { AnnotationDocument } from '../../shared/annotation.schema';
import { AnnotationDocumentSchema } from '../../shared/annotation.schema';
import { ProjectSettingsSchema, type ProjectSettings } from '../../shared/project.schema';
import type { ClaimResponse, Lease, SubmitBody, SubmitResponse, TaskStatus } from '../../shared/task.schema';
import { Conflict, Forbidden, NotFound } from '../errors';
import { findAnnotationBySubmission, findDraft, insertAnnotation, upsertDraft } from '../repositories/annotations.repo';
import { findTask, transitionTask } from '../repositories/tasks.repo';
import {
  claimNext,
  extendLease,
  findLiveLease,
  lockWorkItemByToken,
  recordPass,
  releaseExpiredLeases,
  setWorkItemStatus,
} from '../repositories/work-items.repo';
import { completeTask } from './completion.service';
import type { ServiceContext } from './context';
import { labelerTaskContext } from './task-context';
import { toTask } from './tasks.service';
import { validateDocument } from './document-rules';

type Tx = Parameters<typeof lockWorkItemByToken>[0];

const LEASE_LOST =
  'Your lease on this task has ended (it expired or the task went to someone else). Your draft is kept; take the next task to go on.';

/**
 * Returns expired leases to the queue (or gives tasks up as `error` after their maximum attempts).
 * Runs before each claim and from a timer in every server process; safe to run anywhere, any time.
 */
export async function sweepExpiredLeases(ctx: ServiceContext, projectId: string | null): Promise<number> {
  return (await releaseExpiredLeases(ctx.db.db, projectId, ctx.clock())).length;
}

/**
 * Leases the next labeling task of a project to a labeler. Asking again while holding a live
 * lease returns the same task and lease (with any saved draft), so a reload never loses a place.
 */
export async function claimNextTask(ctx: ServiceContext, projectId: string, userId: string): Promise<ClaimResponse> {
  const settings = await settingsForRole(ctx, projectId, userId);
  const held = await findLiveLease(ctx.db.db, projectId, 'label', userId, ctx.clock());
  if (held) {
    const [task, draft] = await Promise.all([findTask(ctx.db.db, held.task_id), findDraft(ctx.db.db, held.id)]);
    return {
      task: toTask(task!),
      lease: { workItemId: held.id, token: held.lease_token!, expiresAt: held.lease_expires_at!.toISOString() },
      draft: draft ? AnnotationDocumentSchema.parse(draft.document) : null,
    };
  }
  await sweepExpiredLeases(ctx, projectId);
  const now = ctx.clock();
  const claimed = await claimNext(ctx.db.db, {
    projectId,
    stage: 'label',
    userId,
    token: randomBytes(24).toString('base64url'),
    now,
    expiresAt: new Date(now.getTime() + settings.leaseTtlMs),
    fromStatus: 'pending',
    toStatus: 'leased',
  });
  if (!claimed) return { task: null, lease: null, draft: null };
  return {
    task: claimed.status
      ? toTask({ id: claimed.task_id, project_id: claimed.project_id!, status: claimed.status as TaskStatus, priority: claimed.priority!, data: claimed.data, created_at: new Date(claimed.created_at!) })
      : toTask((await findTask(ctx.db.db, claimed.task_id))!),
    lease: { workItemId: claimed.work_item_id, token: claimed.lease_token, expiresAt: new Date(claimed.lease_expires_at).toISOString() },
    draft: null,
  };
}

/** The project's settings for a labeler of it, in one query; 404 for non-members, 403 for members without the role. */
async function settingsForRole(ctx: ServiceContext, projectId: string, userId: string): Promise<ProjectSettings> {
  const row = await ctx.db.db
    .selectFrom('projects as p')
    .leftJoin('project_members as m', (j) => j.onRef('m.project_id', '=', 'p.id').on('m.user_id', '=', userId))
    .select(['p.settings', (eb) => eb.fn.agg<string[]>('array_agg', ['m.role']).as('roles')])
    .where('p.id', '=', projectId)
    .groupBy('p.id')
    .executeTakeFirst();
  const roles = (row?.roles ?? []).filter(Boolean);
  if (!row || roles.length === 0) throw new NotFound('Project');
  if (!roles.includes('labeler')) throw new Forbidden('This needs the labeler role in this project');
  return ProjectSettingsSchema.parse(row.settings);
}

/** Locks the work item behind a lease token and checks it is this user's lease; 409 otherwise. */
async function lockLease(q: Tx, taskId: string, userId: string, token: string) {
  const item = await lockWorkItemByToken(q, taskId, token);
  if (!item || item.status !== 'leased' || item.leased_by !== userId) throw new Conflict(LEASE_LOST);
  return item;
}

/** Extends a live lease by the project's TTL (the open labeling page calls this periodically). */
export async function heartbeat(ctx: ServiceContext, taskId: string, userId: string, token: string): Promise<Lease> {
  const { settings } = await labelerTaskContext(ctx, taskId, userId);
  const expiresAt = new Date(ctx.clock().getTime() + settings.leaseTtlMs);
  const item = await ctx.db.db.transaction().execute(async (tx) => {
    const it = await lockLease(tx, taskId, userId, token);
    await extendLease(tx, it.id, expiresAt);
    return it;
  });
  return { workItemId: item.id, token, expiresAt: expiresAt.toISOString() };
}

/** Saves the labeler's work in progress under their lease (autosave). */
export async function saveDraft(ctx: ServiceContext, taskId: string, userId: string, token: string, document: AnnotationDocument): Promise<{ savedAt: string }> {
  const { ontology, data } = await labelerTaskContext(ctx, taskId, userId);
  validateDocument(document, ontology, data);
  const now = ctx.clock();
  await ctx.db.db.transaction().execute(async (tx) => {
    const item = await lockLease(tx, taskId, userId, token);
    await upsertDraft(tx, { workItemId: item.id, userId, document, now });
  });
  return { savedAt: now.toISOString() };
}

/**
 * Gives a leased task back without doing it, with a reason. It keeps its place in line for others;
 * this labeler will not be offered it again.
 */
export async function skip(ctx: ServiceContext, taskId: string, userId: string, token: string, reason: string): Promise<{ taskId: string }> {
  await labelerTaskContext(ctx, taskId, userId);
  const now = ctx.clock();
  await ctx.db.db.transaction().execute(async (tx) => {
    const item = await lockLease(tx, taskId, userId, token);
    await setWorkItemStatus(tx, item.id, 'available');
    await recordPass(tx, { taskId, stage: item.stage, userId, outcome: 'skipped', reason, now });
    await transitionTask(tx, { id: taskId, from: 'leased', to: 'pending', actorId: userId, reason: `skipped: ${reason}`, now });
  });
  return { taskId };
}

/**
 * Submits a labeler's annotation. Idempotent by `submissionId`: a repeat returns the first result.
 * Refused with 409 when the lease was lost; nothing is written then, and the draft stays.
 * With no review passes in the project, the task completes at once (response, webhook).
 */
export async function submit(ctx: ServiceContext, taskId: string, userId: string, body: SubmitBody): Promise<SubmitResponse> {
  const earlier = await findAnnotationBySubmission(ctx.db.db, body.submissionId);
  if (earlier) return repeatResult(ctx, earlier, taskId, userId);
  const { ontology, data, settings, task, projectName } = await labelerTaskContext(ctx, taskId, userId);
  validateDocument(body.document, ontology, data);
  const now = ctx.clock();
  const outcome = await ctx.db.db.transaction().execute(async (tx) => {
    const item = await lockWorkItemByToken(tx, taskId, body.leaseToken);
    // Why re-check after locking: two copies of one submit race here; the loser waits on the row
    // lock, then must find the winner's annotation instead of reporting a lost lease.
    const raced = await findAnnotationBySubmission(tx, body.submissionId);
    if (raced) return { repeat: raced } as const;
    if (!item || item.status !== 'leased' || item.leased_by !== userId) throw new Conflict(LEASE_LOST);
    const annotationId = randomUUID();
    await insertAnnotation(tx, { id: annotationId, taskId, workItemId: item.id, userId, submissionId: body.submissionId, document: body.document, now });
    await setWorkItemStatus(tx, item.id, 'done');
    await recordPass(tx, { taskId, stage: item.stage, userId, outcome: 'submitted', reason: null, now });
    await transitionTask(tx, { id: taskId, from: 'leased', to: 'submitted', actorId: userId, reason: 'submitted', now });
    if (settings.reviewPasses === 0) {
      await completeTask(tx, { task, projectName, ontology }, body.document, userId, 'no review passes', now);
      return { annotationId, status: 'completed' } as const;
    }
    return { annotationId, status: 'submitted' } as const;
  });
  if ('repeat' in outcome && outcome.repeat) return repeatResult(ctx, outcome.repeat, taskId, userId);
  return { annotationId: outcome.annotationId!, taskId, status: outcome.status! };
}

async function repeatResult(
  ctx: ServiceContext,
  earlier: { id: string; task_id: string; user_id: string },
  taskId: string,
  userId: string,
): Promise<SubmitResponse> {
  if (earlier.task_id !== taskId || earlier.user_id !== userId) throw new Conflict('This submissionId was already used for other work');
  const task = await findTask(ctx.db.db, taskId);
  return { annotationId: earlier.id, taskId, status: task!.status };
}
