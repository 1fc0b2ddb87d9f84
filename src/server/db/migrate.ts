import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import type { Db } from './client';

const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

/** Any fixed number; it names the advisory lock that serialises migrations across processes. */
const MIGRATION_LOCK_KEY = 74_651_203;

/**
 * Applies every migration in db/migrations (files `NNNN_name.sql`) not yet recorded in
 * `schema_migrations`, in order, each in its own transaction. Forward-only.
 *
 * Why an advisory lock around the whole run: two server processes starting together against
 * one PostgreSQL would otherwise both see a migration as missing and both apply it.
 * Returns the names applied.
 */
export async function migrate(db: Db): Promise<string[]> {
  const files = (await readdir(MIGRATIONS_DIR)).filter((f) => /^\d{4}_[\w-]+\.sql$/.test(f)).sort();
  const applied: string[] = [];
  await db.withAdvisoryLock(MIGRATION_LOCK_KEY, async () => {
    await db.execScript(`
      CREATE TABLE IF NOT EXISTS schema_migrations (
        name text PRIMARY KEY,
        applied_at timestamptz NOT NULL DEFAULT now()
      );`);
    const done = new Set((await db.db.selectFrom('schema_migrations').select('name').execute()).map((r) => r.name));
    for (const file of files) {
      const name = file.replace(/\.sql$/, '');
      if (done.has(name)) continue;
      const sql = await readFile(path.join(MIGRATIONS_DIR, file), 'utf8');
      await db.execScript(
        `BEGIN;\n${sql}\nINSERT INTO schema_migrations (name) VALUES ('${name}');\nCOMMIT;`,
      );
      applied.push(name);
    }
  });
  return applied;
}
