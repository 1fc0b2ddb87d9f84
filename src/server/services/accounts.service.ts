import type { CreateAccountBody, User } from '../../shared/auth.schema';
import { Conflict } from '../errors';
import { requireOwnerOfAnyProject } from './access';
import { findUserByEmail } from '../repositories/users.repo';
import { createUser } from './auth.service';
import type { ServiceContext } from './context';

/** Creates an account for a team member. Only people who own a project may create accounts. */
export async function createAccount(ctx: ServiceContext, callerId: string, body: CreateAccountBody): Promise<User> {
  await requireOwnerOfAnyProject(ctx, callerId, 'create accounts');
  if (await findUserByEmail(ctx.db.db, body.email)) throw new Conflict(`An account with the email ${body.email} exists already`);
  try {
    return await createUser(ctx, body);
  } catch (e) {
    // Two owners creating the same email at once: the unique index decides.
    if ((e as { code?: string }).code === '23505') throw new Conflict(`An account with the email ${body.email} exists already`);
    throw e;
  }
}
