import type { FastifyInstance } from 'fastify';
import type { ServiceContext } from '../services/context';
import { mediaForUser, peaksForUser } from '../services/media.service';
import { parseInput } from '../errors';
import { z } from 'zod';
import { idParams, requireUser } from './http';

/** Stored media, with HTTP range requests (seeking in long audio) and the same access rules as tasks. */
export function mediaRoutes(ctx: ServiceContext) {
  return async (app: FastifyInstance) => {
    app.get('/api/media/:blobId', async (req, reply) => {
      const user = await requireUser(ctx, req);
      const { blobId } = idParams(req, 'blobId');
      const file = await mediaForUser(ctx, blobId, user.id);
      reply.header('content-type', file.contentType);
      reply.header('cache-control', 'private, max-age=3600');
      return reply.sendFile(file.name, file.root, { contentType: false, acceptRanges: true });
    });

    // Waveform peaks of stored audio: the index without `res`, one level's 16-bit min/max pairs with it.
    app.get('/api/media/:blobId/peaks', async (req, reply) => {
      const user = await requireUser(ctx, req);
      const { blobId } = idParams(req, 'blobId');
      const { res } = parseInput(z.object({ res: z.coerce.number().int().min(1).max(1_000_000).optional() }), req.query, 'query');
      const file = await peaksForUser(ctx, blobId, user.id, res ?? null);
      reply.header('content-type', res ? 'application/octet-stream' : 'application/json; charset=utf-8');
      reply.header('cache-control', 'private, max-age=3600');
      return reply.sendFile(file.name, file.root, { contentType: false });
    });
  };
}
