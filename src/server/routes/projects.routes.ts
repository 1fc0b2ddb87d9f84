import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AddMemberBodySchema, CreateProjectBodySchema, UpdateProjectBodySchema } from '../../shared/project.schema';
import { CreateTaskBodySchema, TasksFromUrlsBodySchema } from '../../shared/task.schema';
import { TASK_IMAGE_HEADER } from '../../shared/http-headers';
import { queueStats, tasksFromUrls, uploadMedia } from '../services/owner-data.service';
import { parseInput } from '../errors';
import type { ServiceContext } from '../services/context';
import { addProjectMember, createProject, getProject, listProjects, updateProject } from '../services/projects.service';
import { claimNextTask, peekNextTask } from '../services/queue.service';
import { createTask, listTasks } from '../services/tasks.service';
import { idParams, requireUser } from './http';

const PageQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
});

export function projectRoutes(ctx: ServiceContext) {
  return async (app: FastifyInstance) => {
    app.get('/api/projects', async (req) => {
      const user = await requireUser(ctx, req);
      return { projects: await listProjects(ctx, user.id) };
    });

    app.post('/api/projects', async (req, reply) => {
      const user = await requireUser(ctx, req);
      const body = parseInput(CreateProjectBodySchema, req.body, 'body');
      reply.code(201);
      return { project: await createProject(ctx, user.id, body) };
    });

    app.get('/api/projects/:projectId', async (req) => {
      const user = await requireUser(ctx, req);
      const { projectId } = idParams(req, 'projectId');
      return { project: await getProject(ctx, projectId, user.id) };
    });

    app.put('/api/projects/:projectId', async (req) => {
      const user = await requireUser(ctx, req);
      const { projectId } = idParams(req, 'projectId');
      const body = parseInput(UpdateProjectBodySchema, req.body, 'body');
      return { project: await updateProject(ctx, projectId, user.id, body) };
    });

    app.get('/api/projects/:projectId/queue', async (req) => {
      const user = await requireUser(ctx, req);
      const { projectId } = idParams(req, 'projectId');
      return queueStats(ctx, projectId, user.id);
    });

    app.post('/api/projects/:projectId/uploads', async (req, reply) => {
      const user = await requireUser(ctx, req);
      const { projectId } = idParams(req, 'projectId');
      const { filename } = parseInput(z.object({ filename: z.string().max(500).optional() }), req.query, 'query');
      if (!(req.body instanceof Readable)) {
        reply.code(415);
        return { error: 'Send the file as the raw body with its type (image/jpeg, image/png, audio/wav, …)', fields: { 'content-type': 'must be an image/* or audio/* type' } };
      }
      const declared = Number(req.headers['content-length']);
      try {
        const task = await uploadMedia(ctx, projectId, user.id, req.body, filename ?? null, Number.isFinite(declared) ? declared : null);
        reply.code(201);
        return { task };
      } catch (e) {
        // The rest of a body refused before its end (too large, stalled) is not wanted: close the connection once the answer is out.
        if (!req.raw.complete) reply.header('connection', 'close');
        throw e;
      }
    });

    app.post('/api/projects/:projectId/tasks/from-urls', async (req) => {
      const user = await requireUser(ctx, req);
      const { projectId } = idParams(req, 'projectId');
      const body = parseInput(TasksFromUrlsBodySchema, req.body, 'body');
      return tasksFromUrls(ctx, projectId, user.id, body.urls);
    });

    app.post('/api/projects/:projectId/members', async (req) => {
      const user = await requireUser(ctx, req);
      const { projectId } = idParams(req, 'projectId');
      const body = parseInput(AddMemberBodySchema, req.body, 'body');
      await addProjectMember(ctx, projectId, user.id, body.email, body.role);
      return { ok: true };
    });

    app.get('/api/projects/:projectId/tasks', async (req) => {
      const user = await requireUser(ctx, req);
      const { projectId } = idParams(req, 'projectId');
      const page = parseInput(PageQuerySchema, req.query, 'query');
      return { tasks: await listTasks(ctx, projectId, user.id, page.limit, page.offset) };
    });

    app.post('/api/projects/:projectId/tasks', async (req, reply) => {
      const user = await requireUser(ctx, req);
      const { projectId } = idParams(req, 'projectId');
      const body = parseInput(CreateTaskBodySchema, req.body, 'body');
      reply.code(201);
      return { task: await createTask(ctx, projectId, user.id, body) };
    });

    app.post('/api/projects/:projectId/queue/next', async (req, reply) => {
      const user = await requireUser(ctx, req);
      const { projectId } = idParams(req, 'projectId');
      const claim = await claimNextTask(ctx, projectId, user.id);
      // The image's URL in a header too: the labeling page starts its download when the headers arrive,
      // while a body of thousands of pre-annotations is still on its way and being parsed.
      // (Percent-encoded whole, so any URL survives the header exactly.)
      if (claim.task?.data.kind === 'image') reply.header(TASK_IMAGE_HEADER, encodeURIComponent(claim.task.data.imageUrl));
      return claim;
    });

    app.get('/api/projects/:projectId/queue/peek', async (req) => {
      const user = await requireUser(ctx, req);
      const { projectId } = idParams(req, 'projectId');
      return peekNextTask(ctx, projectId, user.id);
    });
  };
}
