import { archiveFinishedWorkItems } from '../repositories/archive.repo';
import type { ServiceContext } from './context';

/** Items moved per statement: small enough that a batch holds its row locks for milliseconds. */
export const ARCHIVE_BATCH_SIZE = 500;

/**
 * Moves work items of tasks that ended more than `config.archiveAfterMs` ago out of the hot `work_items`
 * table, batch after batch until none is left (each batch its own statement and transaction). Does nothing
 * when archiving is off (`archiveAfterMs` null). Safe in several processes at once. Returns how many moved.
 */
export async function archiveFinishedWork(ctx: ServiceContext, batchSize = ARCHIVE_BATCH_SIZE): Promise<number> {
  if (ctx.config.archiveAfterMs === null) return 0;
  const before = new Date(ctx.clock().getTime() - ctx.config.archiveAfterMs);
  let total = 0;
  for (;;) {
    const n = await archiveFinishedWorkItems(ctx.db.db, before, batchSize);
    total += n;
    if (n < batchSize) return total;
  }
}
