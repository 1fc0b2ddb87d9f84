import { releaseExpiredLeases } from '../repositories/work-items.repo';
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
  await releaseExpiredLeases(ctx.db.db, projectId, now);
}
