import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { User } from '../../shared/auth.schema';
import { Unauthorized, parseInput } from '../errors';
import { userForToken } from '../services/auth.service';
import type { ServiceContext } from '../services/context';

export const SESSION_COOKIE = 'lb_session';

/** The signed-in user of a request, or 401. */
export async function requireUser(ctx: ServiceContext, req: FastifyRequest): Promise<User> {
  const user = await userForToken(ctx, req.cookies[SESSION_COOKIE]);
  if (!user) throw new Unauthorized();
  return user;
}

/** Path parameters that are ids: checked as UUIDs so a malformed id is a 400, never a database error. */
export function idParams<K extends string>(req: FastifyRequest, ...names: K[]): Record<K, string> {
  const key = names.join(',');
  let schema = idParamSchemas.get(key);
  if (!schema) {
    schema = z.object(Object.fromEntries(names.map((n) => [n, z.uuid({ error: 'must be a UUID' })])));
    idParamSchemas.set(key, schema);
  }
  return parseInput(schema, req.params, 'params') as Record<K, string>;
}

/** Why kept: zod compiles an object schema on its first parse; a schema built per request paid that every time. */
const idParamSchemas = new Map<string, z.ZodObject<Record<string, z.ZodUUID>>>();

export function setSessionCookie(ctx: ServiceContext, reply: FastifyReply, token: string): void {
  reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'strict',
    secure: ctx.config.secureCookies,
    maxAge: Math.floor(ctx.config.sessionTtlMs / 1000),
  });
}
