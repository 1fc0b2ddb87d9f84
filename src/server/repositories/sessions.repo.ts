import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';

type Q = Kysely<Database>;

export async function insertSession(q: Q, s: { id: string; userId: string; now: Date; expiresAt: Date }) {
  await q.insertInto('sessions').values({ id: s.id, user_id: s.userId, created_at: s.now, expires_at: s.expiresAt }).execute();
}

/** The user behind a live session, or undefined when the session is unknown or expired. */
export function findSessionUser(q: Q, id: string, now: Date) {
  return q
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select(['users.id', 'users.email', 'users.name', 'sessions.expires_at'])
    .where('sessions.id', '=', id)
    .where('sessions.expires_at', '>', now)
    .executeTakeFirst();
}

export async function deleteSession(q: Q, id: string) {
  await q.deleteFrom('sessions').where('id', '=', id).execute();
}
