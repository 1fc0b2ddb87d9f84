import { createHmac, randomBytes } from 'node:crypto';
import { ProjectSettingsSchema } from '../../shared/project.schema';
import { NotFound } from '../errors';
import { safeRequest } from '../net/safe-http';
import { findTask } from '../repositories/tasks.repo';
import { claimDueDeliveries, listAttempts, listDeliveriesOfTask, recordAttempt } from '../repositories/webhooks.repo';
import { requireRole } from './access';
import { enqueueCallback } from './completion.service';
import type { ServiceContext } from './context';

/** Deliveries keep being retried for this long after they were written, then give up as `failed`. */
export const WEBHOOK_GIVE_UP_MS = 24 * 3600_000;

/** Wait before retry `attempt` (1-based): 10 s, 20 s, 40 s, … capped at one hour. */
export function backoffMs(attempt: number): number {
  return Math.min(3600_000, 10_000 * 2 ** Math.max(0, attempt - 1));
}

/**
 * The signature header value: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>" with the project's callback key>`.
 * Receivers recompute it over the raw body and refuse old timestamps (replays).
 */
export function signPayload(secret: string, timestampSec: number, body: string): string {
  const mac = createHmac('sha256', secret).update(`${timestampSec}.${body}`).digest('hex');
  return `t=${timestampSec},v1=${mac}`;
}

/** The project's callback key (sent as `scale-callback-auth` and keying `labelbench-signature`); owners only. */
export async function getCallbackKey(ctx: ServiceContext, projectId: string, userId: string): Promise<string> {
  await requireRole(ctx, projectId, userId, ['owner']);
  const row = await ctx.db.db.selectFrom('projects').select('callback_key').where('id', '=', projectId).executeTakeFirst();
  if (!row) throw new NotFound('Project');
  return row.callback_key;
}

/**
 * Replaces the project's callback key with a fresh random one (owners only). Deliveries sent from now on carry
 * the new key; receivers must be given it, so the app asks before rotating.
 */
export async function rotateCallbackKey(ctx: ServiceContext, projectId: string, userId: string): Promise<string> {
  await requireRole(ctx, projectId, userId, ['owner']);
  const key = `whsec_${randomBytes(24).toString('base64url')}`;
  await ctx.db.db.updateTable('projects').set({ callback_key: key }).where('id', '=', projectId).execute();
  return key;
}

/**
 * Sends the webhooks that are due, at most `limit`, from this process. Each delivery is taken with a
 * short lock so no other process sends it at the same time; a process that dies mid-send leaves the
 * lock to expire and the delivery to be retried (at least once, never lost). Returns how many it tried.
 */
export async function deliverDueWebhooks(ctx: ServiceContext, workerId: string, limit = 20): Promise<number> {
  const now = ctx.clock();
  const lockMs = ctx.config.webhookTimeoutMs * 3;
  const due = await claimDueDeliveries(ctx.db.db, workerId, now, lockMs, limit);
  await Promise.all(due.map((d) => deliverOne(ctx, workerId, d)));
  return due.length;
}

async function deliverOne(ctx: ServiceContext, workerId: string, d: { id: string; task_id: string; url: string; body: unknown; attempts: number; created_at: Date; event: string }) {
  const project = await ctx.db.db
    .selectFrom('tasks')
    .innerJoin('projects as p', 'p.id', 'tasks.project_id')
    .select(['p.callback_key', 'p.settings'])
    .where('tasks.id', '=', d.task_id)
    .executeTakeFirstOrThrow();
  const settings = ProjectSettingsSchema.parse(project.settings);
  const body = JSON.stringify(d.body);
  const started = Date.now();
  let statusCode: number | null = null;
  let error: string | null = null;
  try {
    const res = await safeRequest(d.url, {
      method: 'POST',
      body,
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Labelbench-Webhooks/1',
        'scale-callback-auth': project.callback_key,
        'labelbench-signature': signPayload(project.callback_key, Math.floor(ctx.clock().getTime() / 1000), body),
        'labelbench-delivery': d.id,
        'labelbench-event': d.event,
      },
      timeoutMs: ctx.config.webhookTimeoutMs,
      maxBytes: 64 * 1024,
      allowPrivate: settings.allowPrivateUrls,
      maxRedirects: 0,
    });
    statusCode = res.status;
    if (res.status < 200 || res.status >= 300) error = `HTTP ${res.status}`;
  } catch (e) {
    error = e instanceof Error ? e.message : String(e);
  }
  const now = ctx.clock();
  const attempt = d.attempts + 1;
  const ok = error === null;
  const giveUp = !ok && now.getTime() + backoffMs(attempt) - d.created_at.getTime() > WEBHOOK_GIVE_UP_MS;
  await ctx.db.db.transaction().execute(async (tx) => {
    await recordAttempt(tx, {
      deliveryId: d.id,
      workerId,
      now,
      statusCode,
      error,
      durationMs: Date.now() - started,
      outcome: ok ? 'delivered' : giveUp ? 'failed' : 'retry',
      nextAttemptAt: new Date(now.getTime() + (ok || giveUp ? 0 : backoffMs(attempt))),
    });
    if (ok || giveUp) await tx.updateTable('tasks').set({ callback_succeeded: ok }).where('id', '=', d.task_id).execute();
  });
}

/** A task's deliveries with their attempts, for owners. */
export async function taskDeliveries(ctx: ServiceContext, taskId: string, userId: string) {
  const task = await findTask(ctx.db.db, taskId);
  if (!task) throw new NotFound('Task');
  await requireRole(ctx, task.project_id, userId, ['owner']);
  const deliveries = await listDeliveriesOfTask(ctx.db.db, taskId);
  const attempts = await listAttempts(ctx.db.db, deliveries.map((d) => d.id));
  return deliveries.map((d) => ({
    id: d.id,
    event: d.event,
    url: d.url,
    status: d.status,
    attempts: attempts
      .filter((a) => a.delivery_id === d.id)
      .map((a) => ({ at: a.at.toISOString(), statusCode: a.status_code, error: a.error, durationMs: a.duration_ms })),
    nextAttemptAt: d.status === 'pending' ? d.next_attempt_at.toISOString() : null,
    createdAt: d.created_at.toISOString(),
    deliveredAt: d.delivered_at?.toISOString() ?? null,
  }));
}

/** Queues the task's callback again (owner's redeliver button). */
export async function redeliver(ctx: ServiceContext, taskId: string, userId: string): Promise<void> {
  const task = await findTask(ctx.db.db, taskId);
  if (!task) throw new NotFound('Task');
  await requireRole(ctx, task.project_id, userId, ['owner']);
  if (!task.callback_url) throw new NotFound('Callback URL of this task');
  const project = await ctx.db.db.selectFrom('projects').select('name').where('id', '=', task.project_id).executeTakeFirstOrThrow();
  await ctx.db.db.transaction().execute((tx) => enqueueCallback(tx, taskId, project.name, 'task.redelivered', ctx.clock()));
}
