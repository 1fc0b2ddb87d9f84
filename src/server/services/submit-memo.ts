import type { Ontology, ProjectSettings } from '../../shared/project.schema';
import type { TaskData } from '../../shared/task.schema';
import type { Db } from '../db/client';
import { perDb } from './per-db';

/**
 * What this server process remembers of the projects it serves and the leases it handed out, so that the
 * usual claim and submit take one statement each. A claim needs the project's settings (to know no gate is
 * open, see claimIfPlain); a labeler's submit needs, before it writes, the task's data, type and params and
 * its project's name, ontology and settings.
 *
 * Why this is safe: nothing here decides anything on its own. A submit using it writes only when the
 * project's `config_version` is still the remembered one (0010: the database raises it on every change of
 * name, ontology or settings) and the caller is still a labeler there (see `submitUnderLease`'s guard);
 * task data, type and params do not change after creation. When anything is missing, stale or refused,
 * the submit goes the full way (read the context, validate, write), which also gives every error answer.
 * Tasks with a callback are never remembered: their webhook carries the whole task, params included.
 */

/**
 * A project's configuration as this process last read it, at `version`. Claims read only the settings;
 * a full submit reads the name and ontology too, which a submit by the remembered way needs.
 */
export type ProjectConfig = { version: number; settings: ProjectSettings; name?: string; ontology?: Ontology };
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

/** Remembers what was just read of a project; the parts not read this time are kept while the version is the same. */
export function rememberProjectConfig(db: Db, projectId: string, config: ProjectConfig): void {
  const earlier = projectConfigs(db).get(projectId);
  remember(projectConfigs(db), projectId, earlier?.version === config.version ? { ...earlier, ...config } : config, MAX_PROJECTS);
}

export function knownProjectConfig(db: Db, projectId: string): ProjectConfig | undefined {
  return projectConfigs(db).get(projectId);
}

export function rememberClaim(db: Db, token: string, task: ClaimedTask): void {
  remember(claimedTasks(db), token, task, MAX_LEASES);
}

/**
 * The remembered task and project of the lease `token`, when this process handed it out for `taskId` to
 * `userId` and knows the project's configuration; the entry is used up either way.
 */
export function takeClaim(db: Db, token: string, taskId: string, userId: string): { task: ClaimedTask; project: Required<ProjectConfig> } | null {
  const leases = claimedTasks(db);
  const task = leases.get(token);
  if (!task) return null;
  leases.delete(token);
  if (task.taskId !== taskId || task.userId !== userId) return null;
  const { version, settings, name, ontology } = projectConfigs(db).get(task.projectId) ?? {};
  return version !== undefined && settings && name !== undefined && ontology ? { task, project: { version, settings, name, ontology } } : null;
}
