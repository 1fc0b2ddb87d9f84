import type { FastifyInstance } from 'fastify';
import { CreateAccountBodySchema, LoginBodySchema } from '../../shared/auth.schema';
import { createAccount } from '../services/accounts.service';
import { parseInput } from '../errors';
import { signIn, signOut } from '../services/auth.service';
import type { ServiceContext } from '../services/context';
import { SESSION_COOKIE, requireUser, setSessionCookie } from './http';

export function authRoutes(ctx: ServiceContext) {
  return async (app: FastifyInstance) => {
    app.post('/api/auth/login', async (req, reply) => {
      const body = parseInput(LoginBodySchema, req.body, 'body');
      const { user, token } = await signIn(ctx, body.email, body.password);
      setSessionCookie(ctx, reply, token);
      return { user };
    });

    app.post('/api/auth/logout', async (req, reply) => {
      const token = req.cookies[SESSION_COOKIE];
      if (token) await signOut(ctx, token);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { ok: true };
    });

    app.get('/api/auth/me', async (req) => ({ user: await requireUser(ctx, req) }));

    app.post('/api/accounts', async (req, reply) => {
      const user = await requireUser(ctx, req);
      const body = parseInput(CreateAccountBodySchema, req.body, 'body');
      reply.code(201);
      return { user: await createAccount(ctx, user.id, body) };
    });
  };
}
