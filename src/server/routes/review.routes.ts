import type { FastifyInstance } from 'fastify';
import { ReviewDecisionBodySchema } from '../../shared/review.schema';
import { SaveDraftBodySchema } from '../../shared/task.schema';
import { parseInput } from '../errors';
import type { ServiceContext } from '../services/context';
import { claimReview, decideReview, saveReviewDraft, taskHistory } from '../services/review.service';
import { plantReviewGold, reviewerQuality } from '../services/review-gold.service';
import { PlantReviewGoldBodySchema } from '../../shared/review.schema';
import { idParams, requireUser } from './http';

/** Review passes (reviewers) and task history (owners and reviewers). */
export function reviewRoutes(ctx: ServiceContext) {
  return async (app: FastifyInstance) => {
    app.post('/api/projects/:projectId/review/next', async (req) => {
      const user = await requireUser(ctx, req);
      const { projectId } = idParams(req, 'projectId');
      return claimReview(ctx, projectId, user.id);
    });

    app.post('/api/tasks/:taskId/review', async (req) => {
      const user = await requireUser(ctx, req);
      const { taskId } = idParams(req, 'taskId');
      const body = parseInput(ReviewDecisionBodySchema, req.body, 'body');
      return decideReview(ctx, taskId, user.id, body);
    });

    app.put('/api/tasks/:taskId/review/draft', async (req) => {
      const user = await requireUser(ctx, req);
      const { taskId } = idParams(req, 'taskId');
      const body = parseInput(SaveDraftBodySchema, req.body, 'body');
      return saveReviewDraft(ctx, taskId, user.id, body.leaseToken, body.document);
    });

    app.post('/api/tasks/:taskId/review-gold', async (req) => {
      const user = await requireUser(ctx, req);
      const { taskId } = idParams(req, 'taskId');
      const body = parseInput(PlantReviewGoldBodySchema, req.body, 'body');
      return plantReviewGold(ctx, taskId, user.id, body.planted);
    });

    app.get('/api/projects/:projectId/reviewer-quality', async (req) => {
      const user = await requireUser(ctx, req);
      const { projectId } = idParams(req, 'projectId');
      return { reviewers: await reviewerQuality(ctx, projectId, user.id) };
    });

    app.get('/api/tasks/:taskId/history', async (req) => {
      const user = await requireUser(ctx, req);
      const { taskId } = idParams(req, 'taskId');
      return taskHistory(ctx, taskId, user.id);
    });
  };
}
