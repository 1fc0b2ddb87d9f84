import { randomBytes } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import pg from 'pg';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openDb } from './client';
import { migrate } from './migrate';
import { adminUrl } from '../test/test-db';

const url = process.env.TEST_DATABASE_URL;

describe.runIf(url)('migrations on PostgreSQL', () => {
  it('apply once when two processes start together', async () => {
    const name = `labelbench_migrate_${randomBytes(5).toString('hex')}`;
    const admin = new pg.Client({ connectionString: adminUrl(url!) });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    const u = new URL(url!);
    u.pathname = `/${name}`;
    const a = await openDb({ url: u.toString() });
    const b = await openDb({ url: u.toString() });
    try {
      const [ra, rb] = await Promise.all([migrate(a), migrate(b)]);
      const all = (await readdir(new URL('./migrations', import.meta.url))).map((f) => f.replace(/\.sql$/, '')).sort();
      expect(all.length).toBeGreaterThanOrEqual(2);
      // One process applied them all; the other waited on the lock and found nothing to do.
      expect([ra, rb].sort((x, y) => x.length - y.length)).toEqual([[], all]);
      const rows = await a.db.selectFrom('schema_migrations').select('name').orderBy('name').execute();
      expect(rows.map((r) => r.name)).toEqual(all);
      // Running again applies nothing.
      expect(await migrate(b)).toEqual([]);
    } finally {
      await a.close();
      await b.close();
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    }
  });
});

describe.runIf(url)('connections to PostgreSQL', () => {
  it('end transactions left idle, so a stuck one cannot hold queue locks', async () => {
    const db = await openDb({ url: url! });
    try {
      const r = await sql<{ v: string }>`SELECT current_setting('idle_in_transaction_session_timeout') AS v`.execute(db.db);
      expect(r.rows[0]!.v).toBe('30s');
    } finally {
      await db.close();
    }
  });
});
