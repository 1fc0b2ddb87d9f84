import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { LocalBlobStore } from '../media/blob-store';
import type { Ontology } from '../../shared/project.schema';
import type { CreateTaskBody } from '../../shared/task.schema';
import { buildApp } from '../app';
import { createUser } from '../services/auth.service';
import { defaultConfig, type AppConfig, type ServiceContext } from '../services/context';
import { addProjectMember, createProject } from '../services/projects.service';
import { createTask } from '../services/tasks.service';
import { openTestDb, type Backend, type TestDb } from './test-db';

export const PASSWORD = 'test-password-1';

export const ontology: Ontology = {
  classes: [
    { id: 'car', name: 'Car', color: '#e6194b', hotkey: '1', attributes: [{ id: 'occluded', name: 'Occluded', type: 'checkbox' }] },
    { id: 'pedestrian', name: 'Pedestrian', color: '#3cb44b', hotkey: '2', attributes: [{ id: 'occluded', name: 'Occluded', type: 'checkbox' }] },
  ],
};

export function makeImageTask(overrides: Partial<CreateTaskBody> = {}): CreateTaskBody {
  return { data: { kind: 'image', imageUrl: '/demo/images/street-01.jpg', width: 800, height: 600 }, priority: 0, ...overrides };
}

export type World = {
  app: FastifyInstance;
  db: TestDb;
  ctx: ServiceContext;
  /** A settable clock: tests move time forward instead of sleeping. */
  clock: { now: Date; advance(ms: number): void };
  projectId: string;
  users: Record<'owner' | 'labeler' | 'labeler2' | 'labeler3' | 'reviewer' | 'reviewer2' | 'outsider', { id: string; email: string }>;
  cookie(who: keyof World['users']): Promise<string>;
  dispose(): Promise<void>;
};

/** A fresh database and app with an image project, an owner, two labelers, a reviewer and an outsider. */
export async function makeWorld(backend: Backend, opts: { tasks?: number; leaseTtlMs?: number; reviewPasses?: number; allowPrivateUrls?: boolean; config?: Partial<AppConfig>; random?: () => number } = {}): Promise<World> {
  const db = await openTestDb(backend);
  const clock = { now: new Date('2026-01-05T09:00:00Z'), advance(ms: number) { this.now = new Date(this.now.getTime() + ms); } };
  const config = { ...defaultConfig, loginFailureDelayMs: 0, ...opts.config };
  const blobDir = await mkdtemp(path.join(tmpdir(), 'labelbench-blobs-'));
  const ctx: ServiceContext = { db, clock: () => clock.now, config, blobs: new LocalBlobStore(blobDir), random: opts.random };
  const app = await buildApp({ db, clock: ctx.clock, config, blobs: ctx.blobs, random: opts.random });
  const mk = (name: string) => createUser(ctx, { email: `${name}@test.example`, name, password: PASSWORD });
  const users = {
    owner: await mk('owner'),
    labeler: await mk('labeler'),
    labeler2: await mk('labeler2'),
    labeler3: await mk('labeler3'),
    reviewer: await mk('reviewer'),
    reviewer2: await mk('reviewer2'),
    outsider: await mk('outsider'),
  };
  const project = await createProject(ctx, users.owner.id, {
    name: 'Streets', kind: 'image', instructions: 'Box every car.', ontology, settings: { leaseTtlMs: opts.leaseTtlMs ?? 600_000, maxAttempts: 3, reviewPasses: opts.reviewPasses ?? 0, allowPrivateUrls: opts.allowPrivateUrls ?? false },
  });
  await addProjectMember(ctx, project.id, users.owner.id, users.labeler.email, 'labeler');
  await addProjectMember(ctx, project.id, users.owner.id, users.labeler2.email, 'labeler');
  await addProjectMember(ctx, project.id, users.owner.id, users.labeler3.email, 'labeler');
  await addProjectMember(ctx, project.id, users.owner.id, users.reviewer.email, 'reviewer');
  await addProjectMember(ctx, project.id, users.owner.id, users.reviewer2.email, 'reviewer');
  for (let i = 0; i < (opts.tasks ?? 3); i++) {
    await createTask(ctx, project.id, users.owner.id, makeImageTask());
    clock.advance(1000);
  }
  const cookies = new Map<string, string>();
  return {
    app, db, ctx, clock, projectId: project.id, users,
    async cookie(who) {
      const cached = cookies.get(who);
      if (cached) return cached;
      const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: users[who].email, password: PASSWORD } });
      if (res.statusCode !== 200) throw new Error(`sign-in as ${who} failed: ${res.body}`);
      const cookie = String(res.headers['set-cookie']).split(';')[0]!;
      cookies.set(who, cookie);
      return cookie;
    },
    async dispose() {
      await app.close();
      await db.dispose();
      await rm(blobDir, { recursive: true, force: true });
    },
  };
}

/** The customer API's HTTP Basic header for an API key (the key as user name, an empty password). */
export function basicAuth(key: string): { authorization: string } {
  return { authorization: `Basic ${Buffer.from(`${key}:`).toString('base64')}` };
}

/** A new API key of the world's owner, for the customer API, with `projectId` (the world's project unless given) as its default project. */
export async function ownerApiAuth(w: World, projectId = w.projectId): Promise<{ authorization: string }> {
  const res = await w.app.inject({ method: 'POST', url: '/api/api-keys', headers: { cookie: await w.cookie('owner') }, payload: { name: 'test key', defaultProjectId: projectId } });
  return basicAuth(res.json().key.key);
}
