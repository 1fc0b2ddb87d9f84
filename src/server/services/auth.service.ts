import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { User } from '../../shared/auth.schema';
import { TooManyRequests, Unauthorized } from '../errors';
import { deleteSession, findSessionUser, insertSession } from '../repositories/sessions.repo';
import { clearFailedLogins, findUserByEmail, insertUser, recordFailedLogin } from '../repositories/users.repo';
import { hashPassword, verifyPassword } from './passwords';
import type { ServiceContext } from './context';

/** The cookie holds a random token; the database keeps only its SHA-256. */
function sessionId(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

// A real hash to compare against when the email is unknown, so timing does not reveal which emails exist.
const dummyHash = hashPassword(randomBytes(16).toString('hex'));

export async function signIn(ctx: ServiceContext, email: string, password: string): Promise<{ user: User; token: string }> {
  const { db, clock, config } = ctx;
  const now = clock();
  const row = await findUserByEmail(db.db, email);
  if (
    row &&
    row.failed_logins >= config.maxFailedLogins &&
    row.last_failed_login_at &&
    now.getTime() - row.last_failed_login_at.getTime() < config.loginLockoutMs
  ) {
    const minutes = Math.ceil((config.loginLockoutMs - (now.getTime() - row.last_failed_login_at.getTime())) / 60_000);
    throw new TooManyRequests(`Too many failed sign-ins for this account; try again in ${minutes} min`);
  }
  const ok = await verifyPassword(password, row?.password_hash ?? (await dummyHash));
  if (!row || !ok) {
    if (row) await recordFailedLogin(db.db, row.id, now);
    if (config.loginFailureDelayMs > 0) await sleep(config.loginFailureDelayMs);
    throw new Unauthorized('Wrong email or password');
  }
  if (row.failed_logins > 0) await clearFailedLogins(db.db, row.id);
  const token = randomBytes(32).toString('base64url');
  await insertSession(db.db, {
    id: sessionId(token),
    userId: row.id,
    now,
    expiresAt: new Date(now.getTime() + config.sessionTtlMs),
  });
  return { user: { id: row.id, email: row.email, name: row.name }, token };
}

export async function signOut(ctx: ServiceContext, token: string): Promise<void> {
  await deleteSession(ctx.db.db, sessionId(token));
}

/** The user a session cookie belongs to, or null. */
export async function userForToken(ctx: ServiceContext, token: string | undefined): Promise<User | null> {
  if (!token || token.length > 200) return null;
  return (await findSessionUser(ctx.db.db, sessionId(token), ctx.clock())) ?? null;
}

export async function createUser(ctx: ServiceContext, u: { email: string; name: string; password: string }): Promise<User> {
  const id = randomUUID();
  await insertUser(ctx.db.db, { id, email: u.email.toLowerCase(), name: u.name, passwordHash: await hashPassword(u.password), now: ctx.clock() });
  return { id, email: u.email.toLowerCase(), name: u.name };
}
