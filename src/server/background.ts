import { randomBytes } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { ServiceContext } from './services/context';
import { sweepExpiredLeases } from './services/queue.service';
import { deliverDueWebhooks } from './services/webhooks.service';
import { archiveFinishedWork } from './services/archive.service';

export type BackgroundTimings = { sweepEveryMs: number; webhooksEveryMs: number; archiveEveryMs: number };

/**
 * Work each server process does on timers: return expired leases to the queue (so the owner's view is
 * right even when nobody claims), send due webhooks, and move finished work items to the archive (every
 * 10 minutes). Every process runs all three; the SQL makes that safe.
 * Returns a function that stops the timers and waits for running work.
 */
export function startBackgroundWork(ctx: ServiceContext, log: FastifyBaseLogger, options: Partial<BackgroundTimings> = {}): () => Promise<void> {
  const opts = { sweepEveryMs: 5000, webhooksEveryMs: 1000, archiveEveryMs: 10 * 60_000, ...options };
  const workerId = `${process.pid}-${randomBytes(4).toString('hex')}`;
  const running = new Set<Promise<unknown>>();
  const every = (ms: number, name: string, job: () => Promise<unknown>) => {
    let busy = false;
    const timer = setInterval(() => {
      if (busy) return;
      busy = true;
      const p = job()
        .catch((err: unknown) => log.error({ err }, `${name} failed`))
        .finally(() => {
          busy = false;
          running.delete(p);
        });
      running.add(p);
    }, ms);
    timer.unref();
    return timer;
  };
  const timers = [
    every(opts.sweepEveryMs, 'lease sweep', () => sweepExpiredLeases(ctx, null)),
    every(opts.webhooksEveryMs, 'webhook delivery', async () => {
      // Drain in batches while there is a backlog.
      while ((await deliverDueWebhooks(ctx, workerId, 20)) === 20);
    }),
    every(opts.archiveEveryMs, 'work item archive', () => archiveFinishedWork(ctx)),
  ];
  return async () => {
    timers.forEach(clearInterval);
    await Promise.allSettled([...running]);
  };
}
