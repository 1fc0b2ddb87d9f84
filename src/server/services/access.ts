import type { Role } from '../../shared/project.schema';
import { Forbidden, NotFound } from '../errors';
import { rolesOf } from '../repositories/projects.repo';
import type { ServiceContext } from './context';

/**
 * Checks that `userId` holds one of `allowed` roles in the project and returns all their roles there.
 * A non-member gets 404, so project ids cannot be probed; a member without the role gets 403.
 */
export async function requireRole(ctx: ServiceContext, projectId: string, userId: string, allowed: readonly Role[]): Promise<Role[]> {
  const roles = await rolesOf(ctx.db.db, projectId, userId);
  if (roles.length === 0) throw new NotFound('Project');
  if (!roles.some((r) => allowed.includes(r))) throw new Forbidden(`This needs the ${allowed.join(' or ')} role in this project`);
  return roles;
}

/** Checks that `userId` owns at least one project (account and API-key management); 403 `Only project owners can <action>` otherwise. */
export async function requireOwnerOfAnyProject(ctx: ServiceContext, userId: string, action: string): Promise<void> {
  const owns = await ctx.db.db
    .selectFrom('project_members')
    .select('project_id')
    .where('user_id', '=', userId)
    .where('role', '=', 'owner')
    .limit(1)
    .executeTakeFirst();
  if (!owns) throw new Forbidden(`Only project owners can ${action}`);
}
