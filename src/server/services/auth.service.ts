import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { User } from '../../shared/auth.schema';
import { TooManyRequests, Unauthorized } from '../errors';
import { deleteSession, findSessionUser, insertSession } from '../repositories/sessions.repo';
import { clearFailedLogins, findUserByEmail, insertUser, recordFailedLogin } from '../repositories/users.repo';
import { hashPassword, verifyPassword } from './passwords';
import { perDb } from './per-db';
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
  const id = sessionId(token);
  sessionCache(ctx.db).delete(id);
  await deleteSession(ctx.db.db, id);
}

/**
 * Recently seen sessions, per database handle (so per process). Why: every API call checks its session,
 * and on the labeling hot path that lookup was one of a handful of round trips per request. The trade-off:
 * after sign-out in another process, a session may still be honoured here for up to SESSION_CACHE_MS.
 */
const sessionCache = perDb<{ user: User; expiresAtMs: number; cachedAtMs: number }>();
const SESSION_CACHE_MS = 5000;
const SESSION_CACHE_MAX = 10_000;

/** The user a session cookie belongs to, or null. */
export async function userForToken(ctx: ServiceContext, token: string | undefined): Promise<User | null> {
  if (!token || token.length > 200) return null;
  const id = sessionId(token);
  const nowMs = ctx.clock().getTime();
  const cache = sessionCache(ctx.db);
  const hit = cache.get(id);
  if (hit && nowMs - hit.cachedAtMs < SESSION_CACHE_MS && nowMs >= hit.cachedAtMs && nowMs < hit.expiresAtMs) return hit.user;
  const row = await findSessionUser(ctx.db.db, id, ctx.clock());
  if (!row) {
    cache.delete(id);
    return null;
  }
  if (cache.size >= SESSION_CACHE_MAX) cache.clear();
  const user = { id: row.id, email: row.email, name: row.name };
  cache.set(id, { user, expiresAtMs: row.expires_at.getTime(), cachedAtMs: nowMs });
  return user;
}

export async function createUser(ctx: ServiceContext, u: { email: string; name: string; password: string }): Promise<User> {
  const id = randomUUID();
  await insertUser(ctx.db.db, { id, email: u.email.toLowerCase(), name: u.name, passwordHash: await hashPassword(u.password), now: ctx.clock() });
  return { id, email: u.email.toLowerCase(), name: u.name };
}
