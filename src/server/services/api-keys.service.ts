import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { NotFound } from '../errors';
import { requireOwnerOfAnyProject } from './access';
import { rolesOf } from '../repositories/projects.repo';
import type { ServiceContext } from './context';

export type ApiKeyInfo = { id: string; name: string; prefix: string; defaultProjectId: string | null; createdAt: string; lastUsedAt: string | null; revokedAt: string | null };

/** The account behind a customer API key. */
export type Customer = { userId: string; keyId: string; defaultProjectId: string | null };

const hashKey = (key: string) => createHash('sha256').update(key).digest('hex');

/** Creates a key for the owner; the key itself is in this answer only. */
export async function createApiKey(ctx: ServiceContext, userId: string, body: { name: string; defaultProjectId?: string }): Promise<ApiKeyInfo & { key: string }> {
  await requireOwnerOfAnyProject(ctx, userId, 'manage API keys');
  if (body.defaultProjectId && !(await rolesOf(ctx.db.db, body.defaultProjectId, userId)).includes('owner')) throw new NotFound('Project');
  const key = `lb_live_${randomBytes(24).toString('base64url')}`;
  const id = randomUUID();
  const now = ctx.clock();
  await ctx.db.db
    .insertInto('api_keys')
    .values({ id, user_id: userId, name: body.name, key_hash: hashKey(key), prefix: key.slice(0, 12), default_project_id: body.defaultProjectId ?? null, created_at: now })
    .execute();
  return { id, name: body.name, prefix: key.slice(0, 12), defaultProjectId: body.defaultProjectId ?? null, createdAt: now.toISOString(), lastUsedAt: null, revokedAt: null, key };
}

export async function listApiKeys(ctx: ServiceContext, userId: string): Promise<ApiKeyInfo[]> {
  const rows = await ctx.db.db.selectFrom('api_keys').selectAll().where('user_id', '=', userId).orderBy('created_at').execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    prefix: r.prefix,
    defaultProjectId: r.default_project_id,
    createdAt: r.created_at.toISOString(),
    lastUsedAt: r.last_used_at?.toISOString() ?? null,
    revokedAt: r.revoked_at?.toISOString() ?? null,
  }));
}

export async function revokeApiKey(ctx: ServiceContext, userId: string, keyId: string): Promise<void> {
  const r = await ctx.db.db
    .updateTable('api_keys')
    .set({ revoked_at: ctx.clock() })
    .where('id', '=', keyId)
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) === 0) throw new NotFound('API key');
}

/** The customer a key belongs to, or null for an unknown or revoked key. */
export async function customerForKey(ctx: ServiceContext, key: string): Promise<Customer | null> {
  if (!key || key.length > 200) return null;
  const row = await ctx.db.db.selectFrom('api_keys').selectAll().where('key_hash', '=', hashKey(key)).where('revoked_at', 'is', null).executeTakeFirst();
  if (!row) return null;
  const now = ctx.clock();
  // Why only once a minute: a write on every API call would cost more than the information is worth.
  if (!row.last_used_at || now.getTime() - row.last_used_at.getTime() > 60_000) {
    await ctx.db.db.updateTable('api_keys').set({ last_used_at: now }).where('id', '=', row.id).execute();
  }
  return { userId: row.user_id, keyId: row.id, defaultProjectId: row.default_project_id };
}
