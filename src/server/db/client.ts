import { PGlite } from '@electric-sql/pglite';
import { Kysely, PGliteDialect, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './schema';

/** A database connection: the typed query builder plus what Kysely does not cover. */
export type Db = {
  kind: 'pglite' | 'postgres';
  db: Kysely<Database>;
  /** Runs a multi-statement SQL script (migrations) in one round trip, outside the query builder. */
  execScript(sql: string): Promise<void>;
  /**
   * Runs `fn` while holding a PostgreSQL session advisory lock, so that processes starting together
   * (migrations, demo seeding) take turns. The lock lives on one dedicated connection, since a session
   * lock must be released by the connection that took it. On PGlite (one process per data folder) it just runs `fn`.
   */
  withAdvisoryLock<T>(key: number, fn: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
};

export type DbOptions = { url: string } | { dataDir: string } | { pglite: PGlite };

/** Opens PostgreSQL (`url`) or embedded PGlite (`dataDir`, or an already-open instance). */
export async function openDb(options: DbOptions): Promise<Db> {
  if ('url' in options) {
    // Why a pool of 10: several server processes share one PostgreSQL; each keeps its own pool small.
    // Why these timeouts: a transaction left open by a bug must not hold row locks (and the queue) for
    // long; no request of ours runs a statement for more than seconds.
    const pool = new pg.Pool({
      connectionString: options.url,
      max: 10,
      options: '-c idle_in_transaction_session_timeout=30000 -c statement_timeout=60000',
    });
    pool.on('error', () => {
      /* an idle client lost its connection; the pool replaces it */
    });
    return {
      kind: 'postgres',
      db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }),
      async execScript(sql) {
        const client = await pool.connect();
        try {
          await client.query(sql);
        } finally {
          client.release();
        }
      },
      async withAdvisoryLock(key, fn) {
        const client = await pool.connect();
        try {
          await client.query('SELECT pg_advisory_lock($1)', [key]);
          try {
            return await fn();
          } finally {
            await client.query('SELECT pg_advisory_unlock($1)', [key]);
          }
        } finally {
          client.release();
        }
      },
      async close() {
        await pool.end();
      },
    };
  }
  const pglite = 'pglite' in options ? options.pglite : await PGlite.create(options.dataDir);
  const db = new Kysely<Database>({ dialect: new PGliteDialect({ pglite }) });
  return {
    kind: 'pglite',
    db,
    async execScript(sql) {
      await pglite.exec(sql);
    },
    withAdvisoryLock(_key, fn) {
      return fn();
    },
    async close() {
      await db.destroy();
      if (!pglite.closed) await pglite.close();
    },
  };
}
