import { randomUUID } from 'node:crypto';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { Database } from '../db/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../db/client';
import { LocalBlobStore } from '../media/blob-store';
import { archiveFinishedWorkItems } from '../repositories/archive.repo';
import { archiveFinishedWork } from './archive.service';
import { createUser } from './auth.service';
import { defaultConfig, type ServiceContext } from './context';
import { createProject } from './projects.service';
import { openTestDb, type TestDb } from '../test/test-db';
import { ontology } from '../test/builders';

const TASKS = 1200;
const DAY_MS = 24 * 3600_000;

describe.runIf(process.env.TEST_DATABASE_URL)('the work item archive on PostgreSQL', () => {
  let db: TestDb;
  let other: Db;
  let ctx: ServiceContext;
  let projectId: string;
  let dbUrl: string;
  const now = new Date('2026-03-01T00:00:00Z');

  beforeAll(async () => {
    db = await openTestDb('postgres');
    // A second handle on the same database, as a second server process has.
    const name = (await sql<{ n: string }>`SELECT current_database() AS n`.execute(db.db)).rows[0]!.n;
    const u = new URL(process.env.TEST_DATABASE_URL!);
    u.pathname = `/${name}`;
    dbUrl = u.toString();
    other = await openDb({ url: dbUrl });
    ctx = { db, clock: () => now, config: defaultConfig, blobs: new LocalBlobStore('/tmp/labelbench-unused-blobs') };
    const owner = await createUser(ctx, { email: 'owner@archive.test', name: 'o', password: 'x' });
    projectId = (await createProject(ctx, owner.id, { name: 'p', kind: 'image', instructions: '', ontology, settings: {} })).id;
  });
  afterAll(async () => {
    await other.close();
    await db.dispose();
  });

  /** `n` tasks completed `ageDays` ago, each with one done labeling item. */
  async function finishedTasks(n: number, ageDays: number): Promise<void> {
    const at = new Date(now.getTime() - ageDays * DAY_MS);
    await sql`
      WITH t AS (
        INSERT INTO tasks (id, project_id, status, data, created_at, updated_at, completed_at)
        SELECT gen_random_uuid(), ${projectId}, 'completed', '{}'::jsonb, ${at}, ${at}, ${at} FROM generate_series(1, ${n})
        RETURNING id
      )
      INSERT INTO work_items (id, task_id, project_id, stage, status, priority, queued_at, created_at)
      SELECT gen_random_uuid(), t.id, ${projectId}, 'label', 'done', 0, ${at}, ${at} FROM t`.execute(db.db);
  }
  const count = async (table: 'work_items' | 'work_items_archive') =>
    Number((await db.db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);

  it('two processes archiving at once move every item exactly once', async () => {
    await finishedTasks(TASKS, 10);
    const run = (q: Db) => archiveFinishedWork({ ...ctx, db: q }, 50);
    const moved = await Promise.all([run(db), run(other), run(db), run(other)]);
    expect(moved.reduce((a, b) => a + b, 0)).toBe(TASKS);
    expect(await count('work_items')).toBe(0);
    expect(await count('work_items_archive')).toBe(TASKS);
    // No item is in both tables, nor twice in the view.
    const dup = await sql<{ n: string }>`SELECT count(*) - count(DISTINCT id) AS n FROM work_items_all`.execute(db.db);
    expect(Number(dup.rows[0]!.n)).toBe(0);
  });

  it('moves nothing when the process dies in the middle of a batch', async () => {
    await db.db.deleteFrom('work_items_archive').execute();
    await db.db.deleteFrom('tasks').execute();
    await finishedTasks(100, 10);
    // One connection of its own (no pool), so cutting it concerns this test only.
    const client = new pg.Client({ connectionString: dbUrl });
    client.on('error', () => {});
    await client.connect();
    const single = new Kysely<Database>({ dialect: new PostgresDialect({ pool: { connect: async () => Object.assign(client, { release() {} }), end: async () => {} } as never }) });
    const died = single.transaction().execute(async (tx) => {
      const pid = (await sql<{ pid: number }>`SELECT pg_backend_pid() AS pid`.execute(tx)).rows[0]!.pid;
      expect(await archiveFinishedWorkItems(tx, new Date(now.getTime() - DAY_MS), 100)).toBe(100);
      // The connection is cut before COMMIT, as when the server process is killed.
      await sql`SELECT pg_terminate_backend(${pid})`.execute(other.db);
      await sql`SELECT 1`.execute(tx);
    });
    await expect(died).rejects.toThrow();
    await client.end().catch(() => {});
    expect(await count('work_items')).toBe(100);
    expect(await count('work_items_archive')).toBe(0);
    // The next run moves them.
    expect(await archiveFinishedWork(ctx)).toBe(100);
    expect(await count('work_items')).toBe(0);
  });

  it('leaves items of recently finished and of open tasks', async () => {
    await db.db.deleteFrom('tasks').execute();
    await finishedTasks(5, 3);
    // An open task (rejected in review, back in the queue) whose first labeling item finished long ago.
    const old = new Date(now.getTime() - 30 * DAY_MS);
    const open = randomUUID();
    await db.db.insertInto('tasks').values({ id: open, project_id: projectId, status: 'pending', priority: 0, data: '{}', created_at: old, updated_at: old }).execute();
    await db.db.insertInto('work_items').values({ id: randomUUID(), task_id: open, project_id: projectId, stage: 'label', status: 'done', priority: 0, queued_at: old, created_at: old }).execute();
    expect(await archiveFinishedWork(ctx)).toBe(0);
    expect(await count('work_items')).toBe(6);
  });
});
