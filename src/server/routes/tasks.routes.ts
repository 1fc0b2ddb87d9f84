import type { FastifyInstance } from 'fastify';
import { LeaseTokenBodySchema, SaveDraftBodySchema, SkipBodySchema, SubmitBodySchema } from '../../shared/task.schema';
import { TASK_IMAGE_HEADER } from '../../shared/http-headers';
import { parseInput } from '../errors';
import type { ServiceContext } from '../services/context';
import { heartbeat, saveDraft, skip } from '../services/queue.service';
import { submit } from '../services/submit.service';
import { getLatestAnnotation, getTask } from '../services/tasks.service';
import { redeliver, taskDeliveries } from '../services/webhooks.service';
import { idParams, requireUser } from './http';

export function taskRoutes(ctx: ServiceContext) {
  return async (app: FastifyInstance) => {
    app.get('/api/tasks/:taskId', async (req) => {
      const user = await requireUser(ctx, req);
      const { taskId } = idParams(req, 'taskId');
      return { task: await getTask(ctx, taskId, user.id) };
    });

    app.get('/api/tasks/:taskId/annotation', async (req) => {
      const user = await requireUser(ctx, req);
      const { taskId } = idParams(req, 'taskId');
      return { annotation: await getLatestAnnotation(ctx, taskId, user.id) };
    });

    app.post('/api/tasks/:taskId/heartbeat', async (req) => {
      const user = await requireUser(ctx, req);
      const { taskId } = idParams(req, 'taskId');
      const body = parseInput(LeaseTokenBodySchema, req.body, 'body');
      return { lease: await heartbeat(ctx, taskId, user.id, body.leaseToken) };
    });

    app.put('/api/tasks/:taskId/draft', async (req) => {
      const user = await requireUser(ctx, req);
      const { taskId } = idParams(req, 'taskId');
      const body = parseInput(SaveDraftBodySchema, req.body, 'body');
      return saveDraft(ctx, taskId, user.id, body.leaseToken, body.document);
    });

    app.get('/api/tasks/:taskId/webhooks', async (req) => {
      const user = await requireUser(ctx, req);
      const { taskId } = idParams(req, 'taskId');
      return { deliveries: await taskDeliveries(ctx, taskId, user.id) };
    });

    app.post('/api/tasks/:taskId/webhooks/redeliver', async (req, reply) => {
      const user = await requireUser(ctx, req);
      const { taskId } = idParams(req, 'taskId');
      await redeliver(ctx, taskId, user.id);
      reply.code(202);
      return { ok: true };
    });

    app.post('/api/tasks/:taskId/skip', async (req) => {
      const user = await requireUser(ctx, req);
      const { taskId } = idParams(req, 'taskId');
      const body = parseInput(SkipBodySchema, req.body, 'body');
      return skip(ctx, taskId, user.id, body.leaseToken, body.reason);
    });

    app.post('/api/tasks/:taskId/submit', async (req, reply) => {
      const user = await requireUser(ctx, req);
      const { taskId } = idParams(req, 'taskId');
      const body = parseInput(SubmitBodySchema, req.body, 'body');
      const result = await submit(ctx, taskId, user.id, body);
      // The next task's image in a header, as the claim route sends it (see there).
      const nextData = result.next?.task?.data;
      if (nextData?.kind === 'image') reply.header(TASK_IMAGE_HEADER, encodeURIComponent(nextData.imageUrl));
      return result;
    });
  };
}
