import type { InferResult, Selectable } from 'kysely';
import { OntologySchema, ProjectSettingsSchema, type Ontology, type ProjectSettings } from '../../shared/project.schema';
import { TaskDataSchema, type TaskData } from '../../shared/task.schema';
import type { TasksTable } from '../db/schema';
import { NotFound } from '../errors';
import type { ServiceContext } from './context';

export type LabelerTaskContext = {
  task: Selectable<TasksTable>;
  projectId: string;
  projectName: string;
  ontology: Ontology;
  settings: ProjectSettings;
  data: TaskData;
  /** The task has a gold answer (its live leases are gold leases). */
  isGold: boolean;
};

/**
 * A task with its project's rules, for a labeler of that project, in one query (this is on the hot path
 * of every heartbeat, autosave and submit). Anyone without one of `roles` there gets 404, as for a missing task.
 */
export async function labelerTaskContext(ctx: ServiceContext, taskId: string, userId: string, roles: readonly ('labeler' | 'reviewer')[] = ['labeler']): Promise<LabelerTaskContext> {
  const query = ctx.db.db
    .selectFrom('tasks')
    .innerJoin('projects as p', 'p.id', 'tasks.project_id')
    .innerJoin('project_members as m', (j) => j.onRef('m.project_id', '=', 'p.id').on('m.role', 'in', roles))
    .leftJoin('gold_answers as g', 'g.task_id', 'tasks.id')
    .selectAll('tasks')
    .select('g.task_id as gold_task_id')
    .select(['p.name as project_name', 'p.ontology as project_ontology', 'p.settings as project_settings'])
    .where('tasks.id', '=', taskId)
    .where('m.user_id', '=', userId);
  const [row] = await ctx.db.prepared<InferResult<typeof query>[number]>(query.compile());
  if (!row) throw new NotFound('Task');
  const { project_name, project_ontology, project_settings, gold_task_id, ...task } = row;
  return {
    task,
    projectId: task.project_id,
    projectName: project_name,
    ontology: OntologySchema.parse(project_ontology),
    settings: ProjectSettingsSchema.parse(project_settings),
    data: TaskDataSchema.parse(task.data),
    isGold: gold_task_id !== null,
  };
}
