import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { makeWorld, type World } from '../test/builders';
import { backends } from '../test/test-db';

/** Columns of tasks that the queue writes on a status change (claim, submit, review, completion, lease sweep). */
const STATUS_COLUMNS = ['status', 'version', 'updated_at', 'completed_at', 'response'];

describe.each(backends)('task status changes as HOT updates on %s', (backend) => {
  let w: World;
  afterEach(() => w.dispose());

  it('indexes no column of tasks that a status change writes (an index on one would end HOT updates)', async () => {
    w = await makeWorld(backend, { tasks: 0 });
    const { rows } = await sql<{ name: string; columns: string[]; extra: string | null }>`
      SELECT c.relname AS name,
             ARRAY(SELECT a.attname::text FROM pg_attribute a WHERE a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)) AS columns,
             concat_ws(' ', pg_get_expr(i.indexprs, i.indrelid), pg_get_expr(i.indpred, i.indrelid)) AS extra
      FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
      WHERE i.indrelid = 'tasks'::regclass`.execute(w.db.db);
    expect(rows.length).toBeGreaterThan(0);
    for (const index of rows) {
      for (const col of STATUS_COLUMNS) {
        expect(index.columns, index.name).not.toContain(col);
        expect(index.extra ?? '', index.name).not.toMatch(new RegExp(`\\b${col}\\b`));
      }
    }
  });

  it('keeps room on full pages, so a status change stays on its page and writes no index entry', async () => {
    w = await makeWorld(backend, { tasks: 1 });
    // Enough copies of the task to fill several pages.
    await sql`INSERT INTO tasks SELECT (jsonb_populate_record(t, jsonb_build_object('id', gen_random_uuid()))).* FROM tasks t, generate_series(1, 600)`.execute(w.db.db);
    const { rows: [first] } = await sql<{ id: string }>`SELECT id FROM tasks WHERE ctid = '(0,1)'::tid`.execute(w.db.db);
    const hot = await w.db.db.transaction().execute(async (trx) => {
      await sql`UPDATE tasks SET status = 'leased', version = version + 1, updated_at = now() WHERE id = ${first!.id}`.execute(trx);
      const { rows: [r] } = await sql<{ n: string }>`SELECT pg_stat_get_xact_tuples_hot_updated('tasks'::regclass) AS n`.execute(trx);
      return Number(r!.n);
    });
    expect(hot).toBe(1);
  });
});
