import { randomBytes, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { AnnotationDocument } from '../../shared/annotation.schema';
import { OntologySchema, ProjectSettingsSchema, type ProjectSettings } from '../../shared/project.schema';
import type { ClaimResponse, Lease, SubmitBody, SubmitResponse } from '../../shared/task.schema';
import { AnnotationDocumentSchema } from '../../shared/annotation.schema';
import { TaskDataSchema } from '../../shared/task.schema';
import type { Database, TasksTable } from '../db/schema';
import { Conflict, NotFound } from '../errors';
import { findAnnotationBySubmission, findDraft, insertAnnotation, upsertDraft } from '../repositories/annotations.repo';
import { findProject } from '../repositories/projects.repo';
import { findTask, transitionTask } from '../repositories/tasks.repo';
import {
  claimNext,
  extendLease,
  findLiveLease,
  lockWorkItem,
  releaseExpiredLeases,
  setWorkItemStatus,
} from '../repositories/work-items.repo';
import { requireRole } from './access';
import type { ServiceContext } from './context';
import { toTask } from './tasks.service';
import { validateDocument } from './document-rules';

const LEASE_LOST =
  'Your lease on this task has ended (it expired or the task went to someone else). Your draft is kept; take the next task to go on.';

async function projectSettings(ctx: ServiceContext, projectId: string): Promise<ProjectSettings> {
  const project = await findProject(ctx.db.db, projectId);
  if (!project) throw new NotFound('Project');
  return ProjectSettingsSchema.parse(project.settings);
}

/** Moves a task between statuses, re-reading its version inside the caller's transaction. */
async function moveTask(
  q: Kysely<Database>,
  taskId: string,
  from: TasksTable['status'],
  to: TasksTable['status'],
  actorId: string | null,
  reason: string,
  now: Date,
): Promise<void> {
  const task = await findTask(q, taskId);
  if (!task || task.status !== from) return;
  await transitionTask(q, { id: taskId, version: task.version, from, to, actorId, reason, now });
}

/**
 * Returns expired leases of a project to the queue, or gives the task up as `error` once it has
 * used the project's maximum attempts. Runs before each claim, in its own short transaction, so no
 * timer in any one process is needed for expiry.
 */
export async function sweepExpiredLeases(ctx: ServiceContext, projectId: string, settings: ProjectSettings): Promise<number> {
  const now = ctx.clock();
  return ctx.db.db.transaction().execute(async (tx) => {
    const released = await releaseExpiredLeases(tx, projectId, now);
    for (const item of released) {
      if (item.attempts >= settings.maxAttempts) {
        await setWorkItemStatus(tx, item.id, 'canceled');
        await moveTask(tx, item.task_id, 'leased', 'error', null, `lease expired ${item.attempts} times`, now);
      } else {
        await moveTask(tx, item.task_id, 'leased', 'pending', null, 'lease expired', now);
      }
    }
    return released.length;
  });
}

/**
 * Leases the next labeling task of a project to a labeler. Asking again while holding a live
 * lease returns the same task and lease (with any saved draft), so a reload never loses a place.
 */
export async function claimNextTask(ctx: ServiceContext, projectId: string, userId: string): Promise<ClaimResponse> {
  await requireRole(ctx, projectId, userId, ['labeler']);
  const settings = await projectSettings(ctx, projectId);
  const held = await findLiveLease(ctx.db.db, projectId, 'label', userId, ctx.clock());
  if (held) {
    const task = await findTask(ctx.db.db, held.task_id);
    const draft = await findDraft(ctx.db.db, held.id);
    return {
      task: toTask(task!),
      lease: { workItemId: held.id, token: held.lease_token!, expiresAt: held.lease_expires_at!.toISOString() },
      draft: draft ? AnnotationDocumentSchema.parse(draft.document) : null,
    };
  }
  await sweepExpiredLeases(ctx, projectId, settings);
  const now = ctx.clock();
  const token = randomBytes(24).toString('base64url');
  const claimed = await ctx.db.db.transaction().execute(async (tx) => {
    const item = await claimNext(tx, { projectId, stage: 'label', userId, token, expiresAt: new Date(now.getTime() + settings.leaseTtlMs) });
    if (!item) return null;
    await moveTask(tx, item.task_id, 'pending', 'leased', userId, 'claimed', now);
    return item;
  });
  if (!claimed) return { task: null, lease: null, draft: null };
  const task = await findTask(ctx.db.db, claimed.task_id);
  return {
    task: toTask(task!),
    lease: { workItemId: claimed.id, token: claimed.lease_token, expiresAt: new Date(claimed.lease_expires_at).toISOString() },
    draft: null,
  };
}

/** Locks the work item behind a lease token and checks it is this user's live lease; 409 otherwise. */
async function lockLease(q: Kysely<Database>, taskId: string, workItemId: string | undefined, userId: string, token: string) {
  const lookup = workItemId ?? (await q.selectFrom('work_items').select('id').where('task_id', '=', taskId).where('lease_token', '=', token).executeTakeFirst())?.id;
  const item = lookup ? await lockWorkItem(q, lookup) : undefined;
  if (!item || item.task_id !== taskId || item.status !== 'leased' || item.lease_token !== token || item.leased_by !== userId) {
    throw new Conflict(LEASE_LOST);
  }
  return item;
}

/** Extends a live lease by the project's TTL (the open labeling page calls this periodically). */
export async function heartbeat(ctx: ServiceContext, taskId: string, userId: string, token: string): Promise<Lease> {
  const task = await findTask(ctx.db.db, taskId);
  if (!task) throw new NotFound('Task');
  const settings = await projectSettings(ctx, task.project_id);
  const expiresAt = new Date(ctx.clock().getTime() + settings.leaseTtlMs);
  const item = await ctx.db.db.transaction().execute(async (tx) => {
    const it = await lockLease(tx, taskId, undefined, userId, token);
    await extendLease(tx, it.id, expiresAt);
    return it;
  });
  return { workItemId: item.id, token, expiresAt: expiresAt.toISOString() };
}

/** Saves the labeler's work in progress under their lease (autosave). */
export async function saveDraft(ctx: ServiceContext, taskId: string, userId: string, token: string, document: AnnotationDocument): Promise<{ savedAt: string }> {
  const { ontology, data } = await taskAndProject(ctx, taskId, userId);
  validateDocument(document, ontology, data);
  const now = ctx.clock();
  await ctx.db.db.transaction().execute(async (tx) => {
    const item = await lockLease(tx, taskId, undefined, userId, token);
    await upsertDraft(tx, { workItemId: item.id, userId, document, now });
  });
  return { savedAt: now.toISOString() };
}

/**
 * Submits a labeler's annotation. Idempotent by `submissionId`: a repeat returns the first result.
 * Refused with 409 when the lease was lost; nothing is written then, and the draft stays.
 */
export async function submit(ctx: ServiceContext, taskId: string, userId: string, body: SubmitBody): Promise<SubmitResponse> {
  const earlier = await findAnnotationBySubmission(ctx.db.db, body.submissionId);
  if (earlier) return repeatResult(ctx, earlier, taskId, userId);
  const { ontology, data } = await taskAndProject(ctx, taskId, userId);
  validateDocument(body.document, ontology, data);
  const now = ctx.clock();
  const outcome = await ctx.db.db.transaction().execute(async (tx) => {
    const itemId = (await tx.selectFrom('work_items').select('id').where('task_id', '=', taskId).where('lease_token', '=', body.leaseToken).executeTakeFirst())?.id;
    // Why re-check after locking: two copies of one submit race here; the loser waits on the row
    // lock, then must find the winner's annotation instead of reporting a lost lease.
    if (itemId) await lockWorkItem(tx, itemId);
    const raced = await findAnnotationBySubmission(tx, body.submissionId);
    if (raced) return { repeat: raced } as const;
    const item = await lockLease(tx, taskId, itemId, userId, body.leaseToken);
    const annotationId = randomUUID();
    await insertAnnotation(tx, { id: annotationId, taskId, workItemId: item.id, userId, submissionId: body.submissionId, document: body.document, now });
    await setWorkItemStatus(tx, item.id, 'done');
    await moveTask(tx, taskId, 'leased', 'submitted', userId, 'submitted', now);
    return { annotationId } as const;
  });
  if ('repeat' in outcome && outcome.repeat) return repeatResult(ctx, outcome.repeat, taskId, userId);
  return { annotationId: outcome.annotationId, taskId, status: 'submitted' };
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

/** The task and its project, for a labeler of that project (anyone else gets 404, as for a missing task). */
async function taskAndProject(ctx: ServiceContext, taskId: string, userId: string) {
  const task = await findTask(ctx.db.db, taskId);
  if (!task) throw new NotFound('Task');
  await requireRole(ctx, task.project_id, userId, ['labeler']).catch(() => {
    throw new NotFound('Task');
  });
  const project = await findProject(ctx.db.db, task.project_id);
  if (!project) throw new NotFound('Task');
  return { task, ontology: OntologySchema.parse(project.ontology), data: TaskDataSchema.parse(task.data) };
}
