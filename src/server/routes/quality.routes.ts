import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AcknowledgeFindingsBodySchema, MakeGoldBodySchema, PracticeAnswerBodySchema, UpdateCourseBodySchema } from '../../shared/quality.schema';
import { parseInput } from '../errors';
import type { ServiceContext } from '../services/context';
import { COURSE_TYPES } from '../services/course-lessons';
import { answerPractice, getCourse, postponeCourse, startPractice, updateCourse } from '../services/courses.service';
import { acknowledge, feedbackInbox, listGoldTasks, makeGold, removeGold } from '../services/gold.service';
import { myPatterns, myQuality, projectQuality } from '../services/patterns.service';
import { idParams, requireUser } from './http';

const CourseParamsSchema = z.object({ projectId: z.uuid({ error: 'must be a UUID' }), type: z.enum(COURSE_TYPES, { error: `one of ${COURSE_TYPES.join(', ')}` }) });

/** Gold tasks, quality pages, patterns and courses. */
export function qualityRoutes(ctx: ServiceContext) {
  return async (app: FastifyInstance) => {
    app.post('/api/tasks/:taskId/gold', async (req) => {
      const user = await requireUser(ctx, req);
      const { taskId } = idParams(req, 'taskId');
      const body = parseInput(MakeGoldBodySchema, req.body ?? {}, 'body');
      return { gold: await makeGold(ctx, taskId, user.id, body.document) };
    });

    app.delete('/api/tasks/:taskId/gold', async (req) => {
      const user = await requireUser(ctx, req);
      const { taskId } = idParams(req, 'taskId');
      await removeGold(ctx, taskId, user.id);
      return { ok: true };
    });

    app.get('/api/projects/:projectId/gold', async (req) => {
      const user = await requireUser(ctx, req);
      const { projectId } = idParams(req, 'projectId');
      return { gold: await listGoldTasks(ctx, projectId, user.id) };
    });

    app.get('/api/projects/:projectId/quality/me', async (req) => {
      const user = await requireUser(ctx, req);
      const { projectId } = idParams(req, 'projectId');
      return { quality: await myQuality(ctx, projectId, user.id) };
    });

    app.get('/api/projects/:projectId/patterns/me', async (req) => {
      const user = await requireUser(ctx, req);
      const { projectId } = idParams(req, 'projectId');
      return { patterns: await myPatterns(ctx, projectId, user.id) };
    });

    app.get('/api/projects/:projectId/feedback', async (req) => {
      const user = await requireUser(ctx, req);
      const { projectId } = idParams(req, 'projectId');
      return { inbox: await feedbackInbox(ctx, projectId, user.id) };
    });

    app.post('/api/findings/acknowledge', async (req) => {
      const user = await requireUser(ctx, req);
      const body = parseInput(AcknowledgeFindingsBodySchema, req.body, 'body');
      return acknowledge(ctx, user.id, body.ids);
    });

    app.get('/api/projects/:projectId/quality', async (req) => {
      const user = await requireUser(ctx, req);
      const { projectId } = idParams(req, 'projectId');
      return { labelers: await projectQuality(ctx, projectId, user.id) };
    });

    app.get('/api/projects/:projectId/courses/:type', async (req) => {
      const user = await requireUser(ctx, req);
      const { projectId, type } = parseInput(CourseParamsSchema, req.params, 'params');
      return { course: await getCourse(ctx, projectId, type, user.id) };
    });

    app.put('/api/projects/:projectId/courses/:type', async (req) => {
      const user = await requireUser(ctx, req);
      const { projectId, type } = parseInput(CourseParamsSchema, req.params, 'params');
      const body = parseInput(UpdateCourseBodySchema, req.body, 'body');
      return { course: await updateCourse(ctx, projectId, type, user.id, body) };
    });

    app.post('/api/projects/:projectId/courses/:type/postpone', async (req) => {
      const user = await requireUser(ctx, req);
      const { projectId, type } = parseInput(CourseParamsSchema, req.params, 'params');
      return postponeCourse(ctx, projectId, type, user.id);
    });

    app.post('/api/projects/:projectId/courses/:type/attempts', async (req, reply) => {
      const user = await requireUser(ctx, req);
      const { projectId, type } = parseInput(CourseParamsSchema, req.params, 'params');
      reply.code(201);
      return { attempt: await startPractice(ctx, projectId, type, user.id) };
    });

    app.post('/api/course-attempts/:attemptId/answers', async (req) => {
      const user = await requireUser(ctx, req);
      const { attemptId } = idParams(req, 'attemptId');
      const body = parseInput(PracticeAnswerBodySchema, req.body, 'body');
      return { result: await answerPractice(ctx, attemptId, user.id, body.taskId, body.document) };
    });
  };
}
