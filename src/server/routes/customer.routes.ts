import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import type { FastifyError, FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ScaleListQuerySchema } from '../../shared/scale.schema';
import { BadRequest, DomainError, Unauthorized, parseInput } from '../errors';
import { customerForKey, type Customer } from '../services/api-keys.service';
import type { ServiceContext } from '../services/context';
import { uploadCustomerFile } from '../services/customer-files.service';
import { customerMaskPng } from '../services/customer-masks.service';
import { cancelCustomerTask, createCustomerTask, getCustomerTask, listCustomerTasks } from '../services/customer-tasks.service';

/**
 * The customer API under /v1, in Scale's shape so Scale's clients work unchanged: HTTP Basic with the
 * API key as user name and an empty password; success is 200; errors are `{ status_code, error }`.
 */
export function customerRoutes(ctx: ServiceContext) {
  return async (app: FastifyInstance) => {
    app.setErrorHandler((err: FastifyError, req, reply) => {
      if (err instanceof DomainError) {
        return reply.code(err.status).send({ status_code: err.status, error: err.message, ...(err.fields ? { fields: err.fields } : {}) });
      }
      if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
        return reply.code(err.statusCode).send({ status_code: err.statusCode, error: err.message });
      }
      req.log.error(err);
      return reply.code(500).send({ status_code: 500, error: 'Internal error; it has been logged' });
    });
    // Per API key (per process; several processes each allow this much). Scale's clients expect 429.
    await app.register(rateLimit, {
      max: ctx.config.customerRequestsPerMinute,
      timeWindow: 60_000,
      keyGenerator: (req) => createHash('sha256').update(req.headers.authorization ?? req.ip).digest('hex'),
      errorResponseBuilder: (_req, c) =>
        Object.assign(new Error(`Rate limit of ${c.max} requests per minute for this key exceeded; retry in ${c.after}`), { statusCode: 429 }),
    });
    app.setNotFoundHandler((req, reply) => reply.code(404).send({ status_code: 404, error: `No route ${req.method} ${req.url.split('?')[0]}` }));

    const customer = async (req: FastifyRequest): Promise<Customer> => {
      const header = req.headers.authorization ?? '';
      const m = /^Basic\s+(.+)$/i.exec(header);
      const key = m ? Buffer.from(m[1]!, 'base64').toString('utf8').split(':')[0] ?? '' : '';
      const c = key ? await customerForKey(ctx, key) : null;
      if (!c) throw new Unauthorized('Give your API key as the HTTP Basic user name (with an empty password)');
      return c;
    };
    const taskIdParam = (req: FastifyRequest) => parseInput(z.object({ taskId: z.uuid({ error: 'not a task id' }) }), req.params, 'params').taskId;

    app.post('/task/:type', async (req) => {
      const c = await customer(req);
      const { type } = parseInput(z.object({ type: z.string().max(100) }), req.params, 'params');
      return createCustomerTask(ctx, c, type, req.body);
    });
    app.get('/task/:taskId', async (req) => getCustomerTask(ctx, await customer(req), taskIdParam(req)));
    app.post('/task/:taskId/cancel', async (req) => cancelCustomerTask(ctx, await customer(req), taskIdParam(req)));
    for (const kind of ['labels', 'color'] as const) {
      app.get(`/task/:taskId/mask/${kind}.png`, async (req, reply) => {
        const png = await customerMaskPng(ctx, await customer(req), taskIdParam(req), kind);
        return reply.type('image/png').send(Buffer.from(png));
      });
    }
    app.get('/tasks', async (req) => listCustomerTasks(ctx, await customer(req), parseInput(ScaleListQuerySchema, req.query, 'query')));

    // Files to attach to tasks later, as Scale's `/v1/files/upload`: multipart/form-data with the file in
    // `file` (Scale's clients), or the raw body with its type (`curl --data-binary`, `?filename=`).
    // Why the multipart limit is one byte over ours: a larger file then reaches receiveToFile over the
    // limit and is refused as too large, rather than cut short by the parser and stored truncated.
    await app.register(multipart, { limits: { fileSize: ctx.config.mediaMaxBytes + 1, files: 1, fields: 20 } });
    app.post('/files/upload', async (req, reply) => {
      const c = await customer(req);
      try {
        if (req.isMultipart()) {
          const part = await req.file();
          if (!part) throw new BadRequest('Send the file in the form field `file`', { file: 'is required' });
          return await uploadCustomerFile(ctx, c, part.file, { filename: part.filename || null, mimetype: part.mimetype, expectedBytes: null });
        }
        if (!(req.body instanceof Readable)) throw new BadRequest('Send the file as multipart/form-data (field `file`), or as the raw body with its type (image/jpeg, audio/wav, …)', { file: 'is required' });
        const { filename } = parseInput(z.object({ filename: z.string().max(500).optional() }), req.query, 'query');
        const declared = Number(req.headers['content-length']);
        const mimetype = String(req.headers['content-type'] ?? '').split(';')[0]!.trim();
        return await uploadCustomerFile(ctx, c, req.body, { filename: filename ?? null, mimetype, expectedBytes: Number.isFinite(declared) ? declared : null });
      } catch (e) {
        // The rest of a body refused before its end is not wanted: close the connection once the answer is out.
        if (!req.raw.complete) reply.header('connection', 'close');
        throw e;
      }
    });
  };
}
