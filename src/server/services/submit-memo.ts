import type { Ontology, ProjectSettings } from '../../shared/project.schema';
import type { TaskData } from '../../shared/task.schema';
import type { Db } from '../db/client';
import { perDb } from './per-db';

/**
 * What a labeler's submit needs to know before it writes — the task's data, type and params, and its
 * project's name, ontology and settings — remembered by the server process that handed out the lease, so
 * that the usual submit writes in one statement instead of reading all that again first.
 *
 * Why this is safe: nothing here decides anything on its own. A submit using it writes only when the
 * project's `config_version` is still the remembered one (0010: the database raises it on every change of
 * name, ontology or settings) and the caller is still a labeler there (see `submitUnderLease`'s guard);
 * task data, type and params do not change after creation. When anything is missing, stale or refused,
 * the submit goes the full way (read the context, validate, write), which also gives every error answer.
 * Tasks with a callback are never remembered: their webhook carries the whole task, params included.
 */
export type ProjectConfig = { version: number; name: string; ontology: Ontology; settings: ProjectSettings };
export type ClaimedTask = { taskId: string; userId: string; projectId: string; type: string; data: TaskData; params: unknown };

const projectConfigs = perDb<ProjectConfig>();
/** By lease token: one entry per lease this process handed out and has not yet seen submitted. */
const claimedTasks = perDb<ClaimedTask>();

/**
 * Bounds: a process serving many projects or holding many leases forgets the oldest (a lease whose entry
 * is gone only takes the full way at submit). A lease that is never submitted stays until pushed out.
 */
const MAX_PROJECTS = 10_000;
const MAX_LEASES = 50_000;

function remember<V>(map: Map<string, V>, key: string, value: V, max: number): void {
  map.delete(key);
  if (map.size >= max) map.delete(map.keys().next().value!);
  map.set(key, value);
}

export function rememberProjectConfig(db: Db, projectId: string, config: ProjectConfig): void {
  remember(projectConfigs(db), projectId, config, MAX_PROJECTS);
}

export function rememberClaim(db: Db, token: string, task: ClaimedTask): void {
  remember(claimedTasks(db), token, task, MAX_LEASES);
}

/**
 * The remembered task and project of the lease `token`, when this process handed it out for `taskId` to
 * `userId` and knows the project's configuration; the entry is used up either way.
 */
export function takeClaim(db: Db, token: string, taskId: string, userId: string): { task: ClaimedTask; project: ProjectConfig } | null {
  const leases = claimedTasks(db);
  const task = leases.get(token);
  if (!task) return null;
  leases.delete(token);
  if (task.taskId !== taskId || task.userId !== userId) return null;
  const project = projectConfigs(db).get(task.projectId);
  return project ? { task, project } : null;
}
