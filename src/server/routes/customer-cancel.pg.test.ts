import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeWorld, ownerApiAuth, type World } from '../test/builders';
import { startMediaServer } from '../test/media-server';

/**
 * A customer's cancel racing a change of the same task, on PostgreSQL (PGlite runs one statement at a time,
 * so there is no race to stage there). Another transaction holds the task mid-change; the cancel must wait
 * for it and then cancel the task as it is now, never leave it half canceled.
 */
describe.runIf(process.env.TEST_DATABASE_URL)('a customer cancel racing the reaper on PostgreSQL', () => {
  let w: World;
  let media: Awaited<ReturnType<typeof startMediaServer>>;
  let auth: { authorization: string };
  beforeAll(async () => {
    w = await makeWorld('postgres', { tasks: 0, allowPrivateUrls: true });
    media = await startMediaServer();
    auth = await ownerApiAuth(w);
  });
  afterAll(async () => {
    await media.close();
    await w.dispose();
  });

  /** Waits until some session of this database waits for a row lock (the cancel, blocked). */
  async function someoneWaitsForALock() {
    for (let i = 0; i < 100; i++) {
      const { rows } = await sql<{ n: string }>`SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`.execute(w.db.db);
      if (Number(rows[0]!.n) > 0) return;
      await sleep(50);
    }
    throw new Error('the cancel never waited for the lock');
  }

  it('cancels a task whose lease the reaper is returning at that moment, work and all', async () => {
    const task = (await w.app.inject({
      method: 'POST', url: '/v1/task/imageannotation', headers: auth,
      payload: { attachment: media.url('/street.jpg'), geometries: { box: { objects_to_annotate: ['car'] } } },
    })).json();
    const claim = (await w.app.inject({ method: 'POST', url: `/api/projects/${w.projectId}/queue/next`, headers: { cookie: await w.cookie('labeler') } })).json();
    expect(claim.task.id).toBe(task.task_id);

    // What the reaper's statement does, held open: the work item back to available, then its task to pending.
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let changed!: () => void;
    const held = new Promise<void>((r) => (changed = r));
    const reaper = w.db.db.transaction().execute(async (tx) => {
      await sql`UPDATE work_items SET status = 'available', leased_by = NULL, lease_token = NULL, lease_expires_at = NULL WHERE task_id = ${task.task_id}`.execute(tx);
      await sql`UPDATE tasks SET status = 'pending', version = version + 1 WHERE id = ${task.task_id}`.execute(tx);
      changed();
      await gate;
    });
    await held;
    const cancel = w.app.inject({ method: 'POST', url: `/v1/task/${task.task_id}/cancel`, headers: auth });
    await someoneWaitsForALock();
    release();
    await reaper;

    const res = await cancel;
    expect(res.statusCode).toBe(200);
    expect(res.json().status).toBe('canceled');
    const row = await w.db.db.selectFrom('tasks').select('status').where('id', '=', task.task_id).executeTakeFirstOrThrow();
    expect(row.status).toBe('canceled');
    const items = await w.db.db.selectFrom('work_items').select('status').where('task_id', '=', task.task_id).execute();
    expect(items.map((i) => i.status)).toEqual(['canceled']);
    const events = await w.db.db.selectFrom('task_events').select(['from_status', 'to_status']).where('task_id', '=', task.task_id).orderBy('id').execute();
    expect(events.at(-1)).toEqual({ from_status: 'pending', to_status: 'canceled' });
  });
});
