import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';

type Q = Kysely<Database>;

export function findUserByEmail(q: Q, email: string) {
  return q.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
}

export function findUserById(q: Q, id: string) {
  return q.selectFrom('users').select(['id', 'email', 'name']).where('id', '=', id).executeTakeFirst();
}

export async function insertUser(q: Q, user: { id: string; email: string; name: string; passwordHash: string; now: Date }) {
  await q
    .insertInto('users')
    .values({ id: user.id, email: user.email, name: user.name, password_hash: user.passwordHash, created_at: user.now })
    .execute();
}

export async function recordFailedLogin(q: Q, id: string, now: Date) {
  await q
    .updateTable('users')
    .set((eb) => ({ failed_logins: eb('failed_logins', '+', 1), last_failed_login_at: now }))
    .where('id', '=', id)
    .execute();
}

export async function clearFailedLogins(q: Q, id: string) {
  await q.updateTable('users').set({ failed_logins: 0, last_failed_login_at: null }).where('id', '=', id).execute();
}
