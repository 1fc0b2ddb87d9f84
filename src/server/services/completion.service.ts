import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { Database, TasksTable } from '../db/schema';
import { findProject } from '../repositories/projects.repo';
import { findTask } from '../repositories/tasks.repo';
import { insertDelivery } from '../repositories/webhooks.repo';
import { toScaleTask } from './scale-format';

/** Writes the task's callback (Scale's `{ task, response, task_id }`) to the outbox, if it has a callback URL. */
export async function enqueueCallback(tx: Kysely<Database>, taskId: string, projectName: string, event: string, now: Date): Promise<void> {
  const task = await findTask(tx, taskId);
  if (task) await writeCallback(tx, task, projectName, event, now);
}

/** {@link enqueueCallback} for a task whose project's name the caller does not have at hand. */
export async function enqueueCallbackOfTask(tx: Kysely<Database>, taskId: string, event: string, now: Date): Promise<void> {
  const task = await findTask(tx, taskId);
  if (!task?.callback_url) return;
  const project = await findProject(tx, task.project_id);
  if (project) await writeCallback(tx, task, project.name, event, now);
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
