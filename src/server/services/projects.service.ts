import { randomUUID } from 'node:crypto';
import type { Selectable } from 'kysely';
import type { CreateProjectBody, Project, Role, UpdateProjectBody } from '../../shared/project.schema';
import { OntologySchema, ProjectSettingsSchema } from '../../shared/project.schema';
import { NotFound } from '../errors';
import { addMember, findProject, insertProject, listProjectsOfUser } from '../repositories/projects.repo';
import { findUserByEmail } from '../repositories/users.repo';
import { publishInstructions } from '../repositories/instructions.repo';
import type { ProjectsTable } from '../db/schema';
import { requireRole } from './access';
import type { ServiceContext } from './context';

export function toProject(row: Selectable<ProjectsTable>, roles: Role[]): Project {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    instructions: row.instructions,
    instructionsVersion: row.instructions_version,
    ontology: OntologySchema.parse(row.ontology),
    settings: ProjectSettingsSchema.parse(row.settings),
    myRoles: [...roles].sort(),
    createdAt: row.created_at.toISOString(),
  };
}

export async function listProjects(ctx: ServiceContext, userId: string): Promise<Project[]> {
  const rows = await listProjectsOfUser(ctx.db.db, userId);
  return rows.map((r) => toProject(r, r.roles));
}

export async function getProject(ctx: ServiceContext, projectId: string, userId: string): Promise<Project> {
  const roles = await requireRole(ctx, projectId, userId, ['owner', 'labeler', 'reviewer']);
  const row = await findProject(ctx.db.db, projectId);
  if (!row) throw new NotFound('Project');
  return toProject(row, roles);
}

/** Creates a project with its creator as owner. */
export async function createProject(ctx: ServiceContext, userId: string, body: CreateProjectBody): Promise<Project> {
  const id = randomUUID();
  const settings = ProjectSettingsSchema.parse(body.settings);
  await ctx.db.db.transaction().execute(async (tx) => {
    await insertProject(tx, { id, name: body.name, kind: body.kind, instructions: body.instructions, ontology: body.ontology, settings, now: ctx.clock() });
    await addMember(tx, id, userId, 'owner');
  });
  return getProject(ctx, id, userId);
}

/** Gives an existing account a role in the project (owners only). */
export async function addProjectMember(ctx: ServiceContext, projectId: string, ownerId: string, email: string, role: Role): Promise<void> {
  await requireRole(ctx, projectId, ownerId, ['owner']);
  const user = await findUserByEmail(ctx.db.db, email);
  if (!user) throw new NotFound('Account');
  await addMember(ctx.db.db, projectId, user.id, role);
}

/** Changes a project's name, instructions, ontology or settings (owners only); settings merge. */
export async function updateProject(ctx: ServiceContext, projectId: string, userId: string, body: UpdateProjectBody): Promise<Project> {
  await requireRole(ctx, projectId, userId, ['owner']);
  await ctx.db.db.transaction().execute(async (tx) => {
    const row = await tx.selectFrom('projects').selectAll().where('id', '=', projectId).forUpdate().executeTakeFirst();
    if (!row) throw new NotFound('Project');
    const settings = ProjectSettingsSchema.parse({ ...ProjectSettingsSchema.parse(row.settings), ...body.settings });
    await tx
      .updateTable('projects')
      .set({
        ...(body.name !== undefined ? { name: body.name } : {}),
        ...(body.ontology !== undefined ? { ontology: JSON.stringify(body.ontology) } : {}),
        settings: JSON.stringify(settings),
      })
      .where('id', '=', projectId)
      .execute();
    // Changed instructions are a new version, so annotations say which text they were made under.
    if (body.instructions !== undefined) await publishInstructions(tx, { projectId, text: body.instructions, note: '', userId, now: ctx.clock() });
  });
  return getProject(ctx, projectId, userId);
}
