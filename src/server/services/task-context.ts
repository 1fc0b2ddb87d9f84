import { OntologySchema, ProjectSettingsSchema, type Ontology, type ProjectSettings } from '../../shared/project.schema';
import { TaskDataSchema, type TaskData } from '../../shared/task.schema';
import { NotFound } from '../errors';
import { findProject } from '../repositories/projects.repo';
import { findTask } from '../repositories/tasks.repo';
import { requireRole } from './access';
import type { ServiceContext } from './context';

export type LabelerTaskContext = {
  projectId: string;
  ontology: Ontology;
  settings: ProjectSettings;
  data: TaskData;
};

/** A task with its project's rules, for a labeler of that project (anyone else gets 404, as for a missing task). */
export async function labelerTaskContext(ctx: ServiceContext, taskId: string, userId: string): Promise<LabelerTaskContext> {
  const task = await findTask(ctx.db.db, taskId);
  if (!task) throw new NotFound('Task');
  await requireRole(ctx, task.project_id, userId, ['labeler']).catch(() => {
    throw new NotFound('Task');
  });
  const project = await findProject(ctx.db.db, task.project_id);
  if (!project) throw new NotFound('Task');
  return {
    projectId: project.id,
    ontology: OntologySchema.parse(project.ontology),
    settings: ProjectSettingsSchema.parse(project.settings),
    data: TaskDataSchema.parse(task.data),
  };
}
