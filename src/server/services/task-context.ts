import { sql, type InferResult, type Selectable } from 'kysely';
import { OntologySchema, ProjectSettingsSchema, type Ontology, type ProjectSettings } from '../../shared/project.schema';
import { TaskDataSchema, type TaskData } from '../../shared/task.schema';
import type { TasksTable } from '../db/schema';
import { NotFound } from '../errors';
import type { ServiceContext } from './context';

/**
 * The task's own columns in a context: all but its pre-annotations and response, which can be megabytes
 * (3,000 polygons) and which no caller needs, and the customer's params (as large, with a hypothesis) unless asked for.
 */
export type TaskContextRow = Omit<Selectable<TasksTable>, 'prefill' | 'response' | 'params'>;

export type LabelerTaskContext = {
  task: TaskContextRow;
  /** The customer's params: only with `withParams` (submit builds Scale's response from them), else undefined. */
  params: unknown;
  projectId: string;
  projectName: string;
  ontology: Ontology;
  settings: ProjectSettings;
  data: TaskData;
  /** The task has a gold answer (its live leases are gold leases). */
  isGold: boolean;
  /** The project's configuration version (raised on every change of name, ontology or settings). */
  configVersion: number;
};

/**
 * A task with its project's rules, for a labeler of that project, in one query (this is on the hot path
 * of every heartbeat, autosave and submit). Anyone without one of `roles` there gets 404, as for a missing task.
 */
export async function labelerTaskContext(
  ctx: ServiceContext,
  taskId: string,
  userId: string,
  roles: readonly ('labeler' | 'reviewer')[] = ['labeler'],
  opts: { withParams?: boolean } = {},
): Promise<LabelerTaskContext> {
  const query = ctx.db.db
    .selectFrom('tasks')
    .innerJoin('projects as p', 'p.id', 'tasks.project_id')
    .innerJoin('project_members as m', (j) => j.onRef('m.project_id', '=', 'p.id').on('m.role', 'in', roles))
    .leftJoin('gold_answers as g', 'g.task_id', 'tasks.id')
    .select([
      'tasks.id', 'tasks.project_id', 'tasks.customer_id', 'tasks.blob_id', 'tasks.type', 'tasks.status', 'tasks.priority', 'tasks.data', 'tasks.version',
      'tasks.created_at', 'tasks.updated_at', 'tasks.completed_at', 'tasks.callback_url', 'tasks.callback_succeeded', 'tasks.instruction',
      'tasks.metadata', 'tasks.unique_id', 'tasks.batch', 'tasks.error_reason',
    ])
    .select(opts.withParams ? sql<unknown>`tasks.params`.as('params') : sql<unknown>`NULL`.as('params'))
    .select('g.task_id as gold_task_id')
    .select(['p.name as project_name', 'p.ontology as project_ontology', 'p.settings as project_settings', 'p.config_version as project_config_version'])
    .where('tasks.id', '=', taskId)
    .where('m.user_id', '=', userId);
  const [row] = await ctx.db.prepared<InferResult<typeof query>[number]>(query.compile());
  if (!row) throw new NotFound('Task');
  const { project_name, project_ontology, project_settings, project_config_version, gold_task_id, params, ...task } = row;
  return {
    task,
    params: opts.withParams ? params : undefined,
    projectId: task.project_id,
    projectName: project_name,
    ontology: OntologySchema.parse(project_ontology),
    settings: ProjectSettingsSchema.parse(project_settings),
    data: TaskDataSchema.parse(task.data),
    isGold: gold_task_id !== null,
    configVersion: project_config_version,
  };
}
