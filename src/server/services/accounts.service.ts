import type { CreateAccountBody, User } from '../../shared/auth.schema';
import { Conflict, Forbidden } from '../errors';
import { findUserByEmail } from '../repositories/users.repo';
import { createUser } from './auth.service';
import type { ServiceContext } from './context';

/** Creates an account for a team member. Only people who own a project may create accounts. */
export async function createAccount(ctx: ServiceContext, callerId: string, body: CreateAccountBody): Promise<User> {
  const owns = await ctx.db.db
    .selectFrom('project_members')
    .select('project_id')
    .where('user_id', '=', callerId)
    .where('role', '=', 'owner')
    .limit(1)
    .executeTakeFirst();
  if (!owns) throw new Forbidden('Only project owners can create accounts');
  if (await findUserByEmail(ctx.db.db, body.email)) throw new Conflict(`An account with the email ${body.email} exists already`);
  try {
    return await createUser(ctx, body);
  } catch (e) {
    // Two owners creating the same email at once: the unique index decides.
    if ((e as { code?: string }).code === '23505') throw new Conflict(`An account with the email ${body.email} exists already`);
    throw e;
  }
}
