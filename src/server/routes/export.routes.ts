import type { FastifyInstance } from 'fastify';
import { ExportQuerySchema } from '../../shared/export.schema';
import { parseInput } from '../errors';
import type { ServiceContext } from '../services/context';
import { exportProject } from '../services/export.service';
import { idParams, requireUser } from './http';

export function exportRoutes(ctx: ServiceContext) {
  return async (app: FastifyInstance) => {
    /** `?format=coco|yolo|yolo-seg|voc|labelbench` → a JSON file or a zip, as a download (owners). */
    app.get('/api/projects/:projectId/export', async (req, reply) => {
      const user = await requireUser(ctx, req);
      const { projectId } = idParams(req, 'projectId');
      const { format } = parseInput(ExportQuerySchema, req.query, 'query');
      const file = await exportProject(ctx, projectId, user.id, format);
      reply.type(file.contentType).header('content-disposition', `attachment; filename="${file.fileName}"`);
      return typeof file.body === 'string' ? file.body : Buffer.from(file.body.buffer, file.body.byteOffset, file.body.byteLength);
    });
  };
}
