import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { openDb, type Db } from '../db/client';

export const TEMPLATE_DIR = path.resolve('.tmp');
export const TEMPLATE_TARBALL = path.join(TEMPLATE_DIR, 'pglite-template.tar');
/** One template per checkout (named from its folder), so two checkouts can run their tests on one PostgreSQL at once. */
export const PG_TEMPLATE_DB = `labelbench_test_template_${createHash('sha256').update(path.resolve('.')).digest('hex').slice(0, 8)}`;

export type Backend = 'pglite' | 'postgres';

/** The backends server tests run on: PGlite always, PostgreSQL too when TEST_DATABASE_URL is set. */
export const backends: Backend[] = process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];

/** The same server URL pointing at the `postgres` maintenance database, for CREATE/DROP DATABASE. */
export function adminUrl(url: string): string {
  const u = new URL(url);
  u.pathname = '/postgres';
  return u.toString();
}

export type TestDb = Db & { dispose(): Promise<void> };

/** A fresh, migrated database of the given backend, copied from the template made in global setup. */
export async function openTestDb(backend: Backend): Promise<TestDb> {
  if (backend === 'pglite') {
    const tar = await readFile(TEMPLATE_TARBALL);
    const pglite = await PGlite.create({ loadDataDir: new Blob([tar]) });
    const db = await openDb({ pglite });
    return { ...db, dispose: () => db.close() };
  }
  const url = process.env.TEST_DATABASE_URL!;
  const name = `labelbench_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl(url) });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${PG_TEMPLATE_DB}`);
  await admin.end();
  const u = new URL(url);
  u.pathname = `/${name}`;
  const db = await openDb({ url: u.toString() });
  return {
    ...db,
    async dispose() {
      await db.close();
      const a = new pg.Client({ connectionString: adminUrl(url) });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}
