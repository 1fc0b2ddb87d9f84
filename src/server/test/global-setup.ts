import { mkdir, writeFile } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { openDb } from '../db/client';
import { migrate } from '../db/migrate';
import { PG_TEMPLATE_DB, TEMPLATE_DIR, TEMPLATE_TARBALL, adminUrl } from './test-db';

/**
 * Migrates one template database per backend once per test run: a new PGlite takes seconds and
 * most of a gigabyte to create, while loading a dumped data folder takes a fraction of that.
 * On PostgreSQL the template is a database every test file copies with CREATE DATABASE … TEMPLATE.
 */
export default async function setup(): Promise<void> {
  await mkdir(TEMPLATE_DIR, { recursive: true });
  const pglite = new PGlite();
  const db = await openDb({ pglite });
  await migrate(db);
  const dump = await pglite.dumpDataDir('none');
  await writeFile(TEMPLATE_TARBALL, Buffer.from(await dump.arrayBuffer()));
  await db.close();

  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    const admin = new pg.Client({ connectionString: adminUrl(url) });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${PG_TEMPLATE_DB} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${PG_TEMPLATE_DB}`);
    await admin.end();
    const tdb = await openDb({ url: withDatabase(url, PG_TEMPLATE_DB) });
    await migrate(tdb);
    await tdb.close();
  }
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}
