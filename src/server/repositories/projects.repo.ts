import type { Kysely } from 'kysely';
import type { Database, ProjectMembersTable } from '../db/schema';

type Q = Kysely<Database>;
type Role = ProjectMembersTable['role'];

export async function insertProject(
  q: Q,
  p: { id: string; name: string; kind: 'image' | 'audio'; instructions: string; ontology: unknown; settings: unknown; now: Date },
) {
  await q
    .insertInto('projects')
    .values({
      id: p.id,
      name: p.name,
      kind: p.kind,
      instructions: p.instructions,
      ontology: JSON.stringify(p.ontology),
      settings: JSON.stringify(p.settings),
      created_at: p.now,
    })
    .execute();
}

export async function addMember(q: Q, projectId: string, userId: string, role: Role) {
  await q
    .insertInto('project_members')
    .values({ project_id: projectId, user_id: userId, role })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export function findProject(q: Q, id: string) {
  return q.selectFrom('projects').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Projects the user belongs to, each with the user's roles in it. */
export function listProjectsOfUser(q: Q, userId: string) {
  return q
    .selectFrom('projects')
    .innerJoin('project_members as m', 'm.project_id', 'projects.id')
    .selectAll('projects')
    .select((eb) => eb.fn.agg<Role[]>('array_agg', ['m.role']).as('roles'))
    .where('m.user_id', '=', userId)
    .groupBy('projects.id')
    .orderBy('projects.created_at')
    .execute();
}

export async function rolesOf(q: Q, projectId: string, userId: string): Promise<Role[]> {
  const rows = await q
    .selectFrom('project_members')
    .select('role')
    .where('project_id', '=', projectId)
    .where('user_id', '=', userId)
    .execute();
  return rows.map((r) => r.role);
}
