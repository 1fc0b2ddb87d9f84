import type { FastifyInstance } from 'fastify';
import { AnswerFlagBodySchema, InstructionFlagBodySchema, PublishInstructionsBodySchema } from '../../shared/instructions.schema';
import { parseInput } from '../errors';
import type { ServiceContext } from '../services/context';
import {
  answerInstructionFlag, calibrationReport, flagDigest, flagInstructions, instructionVersions, publishInstructions,
} from '../services/instructions.service';
import { idParams, requireUser } from './http';

/** "Instructions unclear" flags, instruction versions and the calibration report. */
export function instructionRoutes(ctx: ServiceContext) {
  return async (app: FastifyInstance) => {
    app.post('/api/tasks/:taskId/instruction-flags', async (req, reply) => {
      const user = await requireUser(ctx, req);
      const { taskId } = idParams(req, 'taskId');
      const body = parseInput(InstructionFlagBodySchema, req.body, 'body');
      reply.code(201);
      return flagInstructions(ctx, taskId, user.id, body);
    });

    app.get('/api/projects/:projectId/instruction-flags', async (req) => {
      const user = await requireUser(ctx, req);
      const { projectId } = idParams(req, 'projectId');
      return flagDigest(ctx, projectId, user.id);
    });

    app.post('/api/projects/:projectId/instruction-flags/:flagId/answer', async (req) => {
      const user = await requireUser(ctx, req);
      const { projectId, flagId } = idParams(req, 'projectId', 'flagId');
      const body = parseInput(AnswerFlagBodySchema, req.body, 'body');
      await answerInstructionFlag(ctx, projectId, flagId, user.id, body.answer);
      return { ok: true };
    });

    app.post('/api/projects/:projectId/instructions', async (req) => {
      const user = await requireUser(ctx, req);
      const { projectId } = idParams(req, 'projectId');
      const body = parseInput(PublishInstructionsBodySchema, req.body, 'body');
      return publishInstructions(ctx, projectId, user.id, body.text, body.note);
    });

    app.get('/api/projects/:projectId/instructions/versions', async (req) => {
      const user = await requireUser(ctx, req);
      const { projectId } = idParams(req, 'projectId');
      return { versions: await instructionVersions(ctx, projectId, user.id) };
    });

    app.get('/api/projects/:projectId/calibration', async (req) => {
      const user = await requireUser(ctx, req);
      const { projectId } = idParams(req, 'projectId');
      return calibrationReport(ctx, projectId, user.id);
    });
  };
}
