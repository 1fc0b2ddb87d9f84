import type { FastifyInstance } from 'fastify';
import { CreateApiKeyBodySchema } from '../../shared/scale.schema';
import { parseInput } from '../errors';
import { createApiKey, listApiKeys, revokeApiKey } from '../services/api-keys.service';
import type { ServiceContext } from '../services/context';
import { getCallbackKey, rotateCallbackKey } from '../services/webhooks.service';
import { idParams, requireUser } from './http';

/** Owners manage their customer API keys, and each project's webhook key, in the app. */
export function apiKeyRoutes(ctx: ServiceContext) {
  return async (app: FastifyInstance) => {
    app.get('/api/api-keys', async (req) => ({ keys: await listApiKeys(ctx, (await requireUser(ctx, req)).id) }));

    app.post('/api/api-keys', async (req, reply) => {
      const user = await requireUser(ctx, req);
      const body = parseInput(CreateApiKeyBodySchema, req.body, 'body');
      reply.code(201);
      return { key: await createApiKey(ctx, user.id, body) };
    });

    app.post('/api/api-keys/:keyId/revoke', async (req) => {
      const user = await requireUser(ctx, req);
      const { keyId } = idParams(req, 'keyId');
      await revokeApiKey(ctx, user.id, keyId);
      return { ok: true };
    });

    // The project's webhook key: what receivers check `scale-callback-auth` against and verify signatures with.
    app.get('/api/projects/:projectId/callback-key', async (req) => {
      const user = await requireUser(ctx, req);
      return { key: await getCallbackKey(ctx, idParams(req, 'projectId').projectId, user.id) };
    });
    app.post('/api/projects/:projectId/callback-key/rotate', async (req) => {
      const user = await requireUser(ctx, req);
      return { key: await rotateCallbackKey(ctx, idParams(req, 'projectId').projectId, user.id) };
    });
  };
}
