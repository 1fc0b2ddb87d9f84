import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import type { Db } from './db/client';
import type { BlobStore } from './media/blob-store';
import { DomainError } from './errors';
import { authRoutes } from './routes/auth.routes';
import { projectRoutes } from './routes/projects.routes';
import { taskRoutes } from './routes/tasks.routes';
import { apiKeyRoutes } from './routes/api-keys.routes';
import { customerRoutes } from './routes/customer.routes';
import { mediaRoutes } from './routes/media.routes';
import { exportRoutes } from './routes/export.routes';
import { reviewRoutes } from './routes/review.routes';
import { instructionRoutes } from './routes/instructions.routes';
import { qualityRoutes } from './routes/quality.routes';
import { defaultConfig, type AppConfig, type ServiceContext } from './services/context';

export type AppDeps = {
  db: Db;
  clock?: () => Date;
  /** Fastify logger options; false for none. */
  logger?: boolean | object;
  config?: Partial<AppConfig>;
  blobs: BlobStore;
  /** Draws in [0, 1) for sampling decisions; tests inject a seeded one. */
  random?: () => number;
};

declare module 'fastify' {
  interface FastifyInstance {
    routeList: { method: string; url: string }[];
  }
}

/** Builds the HTTP app with everything injected; tests call it with `app.inject`. */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const ctx: ServiceContext = {
    db: deps.db,
    clock: deps.clock ?? (() => new Date()),
    config: { ...defaultConfig, ...deps.config },
    blobs: deps.blobs,
    random: deps.random,
  };
  // Why 32 MiB: an annotation of thousands of polygons is several MiB of JSON.
  const app = Fastify({ logger: deps.logger ?? false, bodyLimit: 32 * 1024 * 1024 });
  await app.register(fastifyCookie);
  // Media uploads arrive as the raw body with their own type, handed on unread: the upload route streams
  // it to disk (bounded memory for files of hundreds of MiB) and enforces the media size limit itself.
  app.addContentTypeParser(/^(image|audio)\/[\w.+-]+$/, (_req, payload, done) => done(null, payload));
  // Every route registered, for the malformed-input test and for documentation.
  const routeList: { method: string; url: string }[] = [];
  app.addHook('onRoute', (r) => {
    for (const method of [r.method].flat()) if (method !== 'HEAD') routeList.push({ method, url: r.url });
  });
  app.decorate('routeList', routeList);

  app.setErrorHandler((err: FastifyError, req, reply) => {
    if (err instanceof DomainError) {
      return reply.code(err.status).send(err.fields ? { error: err.message, fields: err.fields } : { error: err.message });
    }
    // Fastify's own 4xx: malformed JSON, empty body, wrong content type, body too large.
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
      const message = err.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || err instanceof SyntaxError ? `Malformed JSON body: ${err.message}` : err.message;
      return reply.code(err.statusCode).send({ error: message, fields: { body: message } });
    }
    req.log.error(err);
    return reply.code(500).send({ error: 'Internal error; it has been logged' });
  });

  await app.register(authRoutes(ctx));
  await app.register(projectRoutes(ctx));
  await app.register(taskRoutes(ctx));
  await app.register(apiKeyRoutes(ctx));
  await app.register(mediaRoutes(ctx));
  await app.register(exportRoutes(ctx));
  await app.register(reviewRoutes(ctx));
  await app.register(instructionRoutes(ctx));
  await app.register(qualityRoutes(ctx));
  await app.register(customerRoutes(ctx), { prefix: '/v1' });

  const staticDir = ctx.config.staticDir;
  const hasSpa = staticDir !== null && existsSync(path.join(staticDir, 'index.html'));
  // Registered either way: media routes use its sendFile (ranges, ETags) even when no SPA is served.
  await app.register(fastifyStatic, { root: hasSpa ? path.resolve(staticDir) : tmpdir(), serve: hasSpa, wildcard: false });

  app.setNotFoundHandler((req, reply) => {
    const url = req.url.split('?')[0] ?? '';
    if (hasSpa && req.method === 'GET' && !url.startsWith('/api/') && !path.extname(url)) {
      // Client-side routes (/label/…, /projects/…) get the SPA shell.
      return reply.type('text/html').sendFile('index.html');
    }
    return reply.code(404).send({ error: `No route ${req.method} ${url}` });
  });

  return app;
}
