import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { AnnotationDocument } from '../../shared/annotation.schema';
import { OntologySchema } from '../../shared/project.schema';
import type { Database } from '../db/schema';
import { findProject } from '../repositories/projects.repo';
import { findTask, transitionTask } from '../repositories/tasks.repo';
import { insertDelivery } from '../repositories/webhooks.repo';
import type { ServiceContext } from './context';
import { toScaleResponse, toScaleTask } from './scale-format';

/**
 * Completes a submitted task inside the caller's transaction: stores the customer-facing response and,
 * when the task has a callback URL, writes the webhook to the outbox in the same transaction.
 */
export async function completeTask(
  _ctx: ServiceContext,
  tx: Kysely<Database>,
  taskId: string,
  doc: AnnotationDocument,
  actorId: string | null,
  reason: string,
  now: Date,
): Promise<void> {
  const task = await findTask(tx, taskId);
  const project = task && (await findProject(tx, task.project_id));
  if (!task || !project || task.status !== 'submitted') return;
  const response = toScaleResponse(task, doc, OntologySchema.parse(project.ontology));
  await tx.updateTable('tasks').set({ response: JSON.stringify(response) }).where('id', '=', taskId).execute();
  await transitionTask(tx, { id: taskId, version: task.version, from: 'submitted', to: 'completed', actorId, reason, now });
  await enqueueCallback(tx, taskId, project.name, 'task.completed', now);
}

/** Writes the task's callback (Scale's `{ task, response, task_id }`) to the outbox, if it has a callback URL. */
export async function enqueueCallback(tx: Kysely<Database>, taskId: string, projectName: string, event: string, now: Date): Promise<void> {
  const task = await findTask(tx, taskId);
  if (!task?.callback_url) return;
  const scaleTask = toScaleTask(task, projectName);
  await insertDelivery(tx, {
    id: randomUUID(),
    taskId,
    event,
    url: task.callback_url,
    body: { task: scaleTask, response: scaleTask.response ?? null, task_id: taskId },
    now,
  });
}
