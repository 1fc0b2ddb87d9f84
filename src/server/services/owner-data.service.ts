import { ProjectSettingsSchema, type QueueStats } from '../../shared/project.schema';
import type { Task } from '../../shared/task.schema';
import type { Readable } from 'node:stream';
import { BadRequest, NotFound, PayloadTooLarge } from '../errors';
import { ingestStream, ingestUrl, MediaError } from '../media/ingest';
import { MediaTooLarge } from '../media/receive-file';
import { findProject } from '../repositories/projects.repo';
import { requireRole } from './access';
import type { ServiceContext } from './context';
import { createTask } from './tasks.service';

async function ownedProject(ctx: ServiceContext, projectId: string, userId: string) {
  await requireRole(ctx, projectId, userId, ['owner']);
  const project = await findProject(ctx.db.db, projectId);
  if (!project) throw new NotFound('Project');
  return project;
}

/**
 * Stores an uploaded media file, streamed to disk as it arrives, and creates its task (owners only).
 * Unreadable media is a 400 with the reason; a body over the media size limit a 413, as soon as the limit
 * is passed (or at once when its Content-Length says so).
 */
export async function uploadMedia(ctx: ServiceContext, projectId: string, userId: string, body: Readable, filename: string | null, expectedBytes: number | null): Promise<Task> {
  const project = await ownedProject(ctx, projectId, userId);
  try {
    const media = await ingestStream(ctx.db.db, ctx.blobs, body, project.kind, filename ? `upload:${filename}` : null, ctx.clock(), {
      maxBytes: ctx.config.mediaMaxBytes,
      expectedBytes,
      idleMs: ctx.config.uploadIdleTimeoutMs,
      ffmpegPath: ctx.config.ffmpegPath,
    });
    return await createTask(ctx, projectId, userId, { data: media.data, priority: 0 }, media.blobId);
  } catch (e) {
    if (e instanceof MediaTooLarge) throw new PayloadTooLarge(`${filename ?? 'The file'}: ${e.message}`);
    if (e instanceof MediaError) throw new BadRequest(`${filename ?? 'The file'}: ${e.message}`, { body: e.message });
    throw e;
  }
}

/** Fetches each URL and creates a task for each readable file; reports per URL. */
export async function tasksFromUrls(ctx: ServiceContext, projectId: string, userId: string, urls: string[]): Promise<{ results: { url: string; task?: Task; error?: string }[] }> {
  const project = await ownedProject(ctx, projectId, userId);
  const settings = ProjectSettingsSchema.parse(project.settings);
  const results: { url: string; task?: Task; error?: string }[] = [];
  // Why one at a time: a paste of hundreds of URLs should not open hundreds of connections at once.
  for (const url of urls) {
    try {
      const media = await ingestUrl(ctx.db.db, ctx.blobs, url, project.kind, {
        maxBytes: ctx.config.mediaMaxBytes,
        timeoutMs: ctx.config.mediaFetchTimeoutMs,
        allowPrivate: settings.allowPrivateUrls,
        ffmpegPath: ctx.config.ffmpegPath,
      }, ctx.clock());
      results.push({ url, task: await createTask(ctx, projectId, userId, { data: media.data, priority: 0 }, media.blobId) });
    } catch (e) {
      if (!(e instanceof MediaError)) throw e;
      results.push({ url, error: e.message });
    }
  }
  return { results };
}

/** Counts by status, who holds what since when, and completions over time (owners and reviewers). */
export async function queueStats(ctx: ServiceContext, projectId: string, userId: string): Promise<QueueStats> {
  await requireRole(ctx, projectId, userId, ['owner', 'reviewer']);
  const now = ctx.clock();
  const counts: Record<string, number> = { pending: 0, leased: 0, submitted: 0, completed: 0, canceled: 0, error: 0 };
  const byStatus = await ctx.db.db
    .selectFrom('tasks')
    .select(['status', (eb) => eb.fn.countAll<string>().as('n')])
    .where('project_id', '=', projectId)
    .groupBy('status')
    .execute();
  for (const r of byStatus) counts[r.status] = Number(r.n);
  const leases = await ctx.db.db
    .selectFrom('work_items as w')
    .innerJoin('users as u', 'u.id', 'w.leased_by')
    .select(['w.task_id', 'u.email', 'u.name', 'w.leased_at', 'w.lease_expires_at'])
    .where('w.project_id', '=', projectId)
    .where('w.status', '=', 'leased')
    .orderBy('w.leased_at')
    .limit(500)
    .execute();
  const dayAgo = new Date(now.getTime() - 24 * 3600_000);
  const hourAgo = new Date(now.getTime() - 3600_000);
  const done = await ctx.db.db
    .selectFrom('tasks')
    .select('completed_at')
    .where('project_id', '=', projectId)
    .where('status', '=', 'completed')
    .where('completed_at', '>', dayAgo)
    .execute();
  const minuteMs = 60_000;
  const firstMinute = Math.floor(now.getTime() / minuteMs) * minuteMs - 59 * minuteMs;
  const perMinute = Array.from({ length: 60 }, (_, i) => ({ minute: new Date(firstMinute + i * minuteMs).toISOString(), completed: 0 }));
  let lastHour = 0;
  for (const d of done) {
    const t = d.completed_at!.getTime();
    if (t > hourAgo.getTime()) lastHour++;
    const slot = Math.floor((t - firstMinute) / minuteMs);
    if (slot >= 0 && slot < 60) perMinute[slot]!.completed++;
  }
  return {
    counts,
    leases: leases.map((l) => ({ taskId: l.task_id, email: l.email, name: l.name, leasedAt: l.leased_at?.toISOString() ?? null, expiresAt: l.lease_expires_at!.toISOString() })),
    throughput: { lastHour, last24h: done.length, perMinute },
  };
}
