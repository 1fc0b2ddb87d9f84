import { randomUUID } from 'node:crypto';
import type { Selectable } from 'kysely';
import type { AnnotationRecord, CreateTaskBody, Task, TaskSummary } from '../../shared/task.schema';
import { AnnotationDocumentSchema } from '../../shared/annotation.schema';
import { TaskDataSchema } from '../../shared/task.schema';
import type { AnnotationsTable, TasksTable } from '../db/schema';
import { BadRequest, NotFound } from '../errors';
import { findProject } from '../repositories/projects.repo';
import { findTask, insertTask, listTasksOfProject } from '../repositories/tasks.repo';
import { latestAnnotations } from '../repositories/annotations.repo';
import { findLeaseOfTask, insertWorkItem } from '../repositories/work-items.repo';
import { requireRole } from './access';
import type { ServiceContext } from './context';

/** The app's view of a task row (only the columns it shows). */
export function toTask(row: Pick<Selectable<TasksTable>, 'id' | 'project_id' | 'status' | 'priority' | 'data' | 'created_at'>): Task {
  return {
    id: row.id,
    projectId: row.project_id,
    status: row.status,
    priority: row.priority,
    data: TaskDataSchema.parse(row.data),
    createdAt: row.created_at.toISOString(),
  };
}

export function toAnnotation(row: Selectable<AnnotationsTable>): AnnotationRecord {
  return {
    id: row.id,
    taskId: row.task_id,
    userId: row.user_id,
    submissionId: row.submission_id,
    document: AnnotationDocumentSchema.parse(row.document),
    createdAt: row.created_at.toISOString(),
  };
}

/** Adds a task to a project with one labeling slot waiting in the queue (owners only). */
export async function createTask(ctx: ServiceContext, projectId: string, userId: string, body: CreateTaskBody, blobId: string | null = null): Promise<Task> {
  await requireRole(ctx, projectId, userId, ['owner']);
  const project = await findProject(ctx.db.db, projectId);
  if (!project) throw new NotFound('Project');
  if (body.data.kind !== project.kind) {
    throw new BadRequest(`This is an ${project.kind} project`, { 'data.kind': `must be '${project.kind}'` });
  }
  const id = randomUUID();
  const now = ctx.clock();
  await ctx.db.db.transaction().execute(async (tx) => {
    await insertTask(tx, { id, projectId, priority: body.priority, data: body.data, now, blobId, type: project.kind === 'image' ? 'imageannotation' : 'audiotranscription' });
    await insertWorkItem(tx, { id: randomUUID(), taskId: id, projectId, stage: 'label', priority: body.priority, now });
  });
  const row = await findTask(ctx.db.db, id);
  return toTask(row!);
}

/** A page of a project's tasks with their holders and latest annotations (owners and reviewers). */
export async function listTasks(ctx: ServiceContext, projectId: string, userId: string, limit: number, offset: number): Promise<TaskSummary[]> {
  await requireRole(ctx, projectId, userId, ['owner', 'reviewer']);
  const rows = await listTasksOfProject(ctx.db.db, projectId, limit, offset);
  const annotations = new Map((await latestAnnotations(ctx.db.db, rows.map((r) => r.id))).map((a) => [a.task_id, toAnnotation(a)]));
  return rows.map((r) => ({
    ...toTask(r),
    errorReason: r.error_reason,
    leasedBy: r.leased_by_email,
    leaseExpiresAt: r.lease_expires_at?.toISOString() ?? null,
    latestAnnotation: annotations.get(r.id) ?? null,
  }));
}

/**
 * One task. Owners and reviewers may read any task of their project; a labeler only a task
 * leased to them right now (anything else answers 404, so task ids cannot be probed).
 */
export async function getTask(ctx: ServiceContext, taskId: string, userId: string): Promise<Task> {
  const row = await findTask(ctx.db.db, taskId);
  if (!row) throw new NotFound('Task');
  const roles = await requireRole(ctx, row.project_id, userId, ['owner', 'reviewer', 'labeler']).catch(() => {
    throw new NotFound('Task');
  });
  if (!roles.includes('owner') && !roles.includes('reviewer')) {
    const lease = await findLeaseOfTask(ctx.db.db, taskId, userId, ctx.clock());
    if (!lease) throw new NotFound('Task');
    // A gold task's own status is the customer's (often completed): the labeler sees what any lease shows.
    if (lease.gold) return { ...toTask(row), status: 'leased' };
  }
  return toTask(row);
}

/** The latest submitted annotation of a task (owners and reviewers). */
export async function getLatestAnnotation(ctx: ServiceContext, taskId: string, userId: string): Promise<AnnotationRecord> {
  const row = await findTask(ctx.db.db, taskId);
  if (!row) throw new NotFound('Task');
  await requireRole(ctx, row.project_id, userId, ['owner', 'reviewer']).catch((e: unknown) => {
    throw e instanceof Error && 'status' in e && e.status === 404 ? new NotFound('Task') : e;
  });
  const [latest] = await latestAnnotations(ctx.db.db, [taskId]);
  if (!latest) throw new NotFound('Annotation');
  return toAnnotation(latest);
}
