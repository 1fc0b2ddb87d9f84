import { releaseExpiredLeases } from '../repositories/work-items.repo';
import { enqueueCallbackOfTask } from './completion.service';
import type { ServiceContext } from './context';
import { perDb } from './per-db';

/** When each project was last swept from a claim, per database handle (so per process). */
const lastClaimSweep = perDb<number>();
/** Claims sweep a project's expired leases at most this often; the background sweeper covers the rest. */
const CLAIM_SWEEP_EVERY_MS = 1000;

/**
 * Sweeps a project's expired leases from a claim (labeling or review), at most once a second per process.
 * Why throttled: the sweep is a statement on every claim otherwise; expired leases still come back in
 * their place within a second (and from the background sweeper when nobody claims).
 */
export async function sweepIfDue(ctx: ServiceContext, projectId: string, now: Date): Promise<void> {
  const swept = lastClaimSweep(ctx.db);
  const last = swept.get(projectId);
  if (last !== undefined && Math.abs(now.getTime() - last) < CLAIM_SWEEP_EVERY_MS) return;
  swept.set(projectId, now.getTime());
  await releaseExpired(ctx, projectId, now);
}

/**
 * Returns expired leases to the queue, or gives a task up as `error` after the project's maximum of attempts
 * (releaseExpiredLeases), and writes the `task.error` callback of each task given up in the same transaction,
 * so a customer hears of it exactly as of an error at creation (the outbox then delivers it). Returns how many
 * leases it released. Safe to run in any process at any time: the release skips rows another sweep holds.
 */
export async function releaseExpired(ctx: ServiceContext, projectId: string | null, now: Date): Promise<number> {
  return ctx.db.db.transaction().execute(async (tx) => {
    const released = await releaseExpiredLeases(tx, projectId, now);
    for (const r of released) if (r.task_failed) await enqueueCallbackOfTask(tx, r.task_id, 'task.error', now);
    return released.length;
  });
}
