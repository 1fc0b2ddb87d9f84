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
  const shape = Object.fromEntries(names.map((n) => [n, z.uuid({ error: 'must be a UUID' })])) as Record<K, z.ZodUUID>;
  return parseInput(z.object(shape), req.params, 'params') as Record<K, string>;
}

export function setSessionCookie(ctx: ServiceContext, reply: FastifyReply, token: string): void {
  reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'strict',
    secure: ctx.config.secureCookies,
    maxAge: Math.floor(ctx.config.sessionTtlMs / 1000),
  });
}
