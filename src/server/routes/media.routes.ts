import type { FastifyInstance } from 'fastify';
import type { ServiceContext } from '../services/context';
import { mediaForUser } from '../services/media.service';
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
  };
}
