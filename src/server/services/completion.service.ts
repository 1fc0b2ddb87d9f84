import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { AnnotationDocument } from '../../shared/annotation.schema';
import type { Ontology } from '../../shared/project.schema';
import type { Database, TasksTable } from '../db/schema';
import { findTask, transitionTask } from '../repositories/tasks.repo';
import { insertDelivery } from '../repositories/webhooks.repo';
import { toScaleResponse, toScaleTask } from './scale-format';

/**
 * Completes a submitted task inside the caller's transaction: stores the customer-facing response and,
 * when the task has a callback URL, writes the webhook to the outbox in the same transaction.
 * `task` is the row as read before submit; only its inputs (data, params, callback) are used.
 */
export async function completeTask(
  tx: Kysely<Database>,
  p: { task: Selectable<TasksTable>; projectName: string; ontology: Ontology },
  doc: AnnotationDocument,
  actorId: string | null,
  reason: string,
  now: Date,
): Promise<void> {
  const response = toScaleResponse(p.task, doc, p.ontology);
  const moved = await transitionTask(tx, { id: p.task.id, from: 'submitted', to: 'completed', actorId, reason, now, response });
  if (!moved || !p.task.callback_url) return;
  const done = { ...p.task, status: 'completed' as const, completed_at: now, updated_at: now, response };
  await writeCallback(tx, done, p.projectName, 'task.completed', now);
}

/** Writes the task's callback (Scale's `{ task, response, task_id }`) to the outbox, if it has a callback URL. */
export async function enqueueCallback(tx: Kysely<Database>, taskId: string, projectName: string, event: string, now: Date): Promise<void> {
  const task = await findTask(tx, taskId);
  if (task) await writeCallback(tx, task, projectName, event, now);
}

async function writeCallback(tx: Kysely<Database>, task: Selectable<TasksTable>, projectName: string, event: string, now: Date): Promise<void> {
  if (!task.callback_url) return;
  const scaleTask = toScaleTask(task, projectName);
  await insertDelivery(tx, {
    id: randomUUID(),
    taskId: task.id,
    event,
    url: task.callback_url,
    body: { task: scaleTask, response: scaleTask.response ?? null, task_id: task.id },
    now,
  });
}
