import { PGlite } from '@electric-sql/pglite';
import { createHash } from 'node:crypto';
import { Kysely, PGliteDialect, PostgresDialect, type CompiledQuery } from 'kysely';
import pg from 'pg';
import { statementBatcher } from './batch';
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
  /**
   * Runs one statement of the queue's hot path (claim, submit) outside any transaction of the caller's, as a
   * named prepared statement: each pooled connection parses and plans it once, not on every call (for the claim
   * and submit CTEs, planning was most of PostgreSQL's time per call).
   *
   * On PostgreSQL statements that arrive together run in batches (db/batch.ts): one round trip and one commit
   * for several, so a statement may share its transaction with others of the same moment. A statement given
   * here must therefore be whole on its own (atomic by itself, never relying on what another statement of the
   * batch did) and take its time as a parameter, not from `now()` (a batch's transaction time).
   *
   * `relaxed` runs it on connections with `synchronous_commit = off`: its commit does not wait for the
   * WAL flush. Only for writes whose loss in a database crash is harmless and visible — a claim: the
   * lease just disappears, the task is claimable again, and the holder's save or submit answers 409
   * (lease lost) with their draft kept. Never for a submit, a draft or anything a customer sees.
   * On PGlite (one connection, in-process) a relaxed statement runs under `SET LOCAL synchronous_commit = off`:
   * its WAL reaches the data folder with the next ordinary commit (any heartbeat, autosave or submit; PGlite has
   * no background WAL writer), which saves a file write per claim (claim-and-submit cycles about 3 % faster).
   */
  prepared<R>(query: CompiledQuery, opts?: { relaxed?: boolean }): Promise<R[]>;
  close(): Promise<void>;
};

/** A stable name per statement text, as PostgreSQL's named prepared statements need (one text per name). */
function statementName(text: string): string {
  return `lb_${createHash('sha1').update(text).digest('hex').slice(0, 16)}`;
}

/**
 * Query parameters as SQL literals for `EXECUTE name(...)`, or null when one of them has no plain literal
 * form here (arrays, binary, objects, NaN, a NUL character): the caller then runs the query with bind
 * parameters. A quoted literal has no type of its own and takes the prepared parameter's type, as a bound
 * text value would; with standard-conforming strings, doubling `'` is the whole of the quoting.
 */
export function literalsOf(values: readonly unknown[]): string[] | null {
  const out: string[] = [];
  for (const v of values) {
    let text: string;
    if (v === null || v === undefined) {
      out.push('NULL');
      continue;
    } else if (typeof v === 'string') text = v;
    else if (typeof v === 'boolean' || typeof v === 'bigint') text = String(v);
    else if (typeof v === 'number' && Number.isFinite(v)) text = String(v);
    else if (v instanceof Date && !Number.isNaN(v.getTime())) text = v.toISOString();
    else return null;
    if (text.includes('\0')) return null;
    out.push(`'${text.replaceAll("'", "''")}'`);
  }
  return out;
}

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
      options: '-c idle_in_transaction_session_timeout=30000 -c statement_timeout=60000 -c standard_conforming_strings=on',
    });
    // Why a second pool: `synchronous_commit` is per session, and only claims run relaxed (see `prepared`).
    // Why 8: a claim (with its context, see claimIfPlain) costs about what a submit does; with 4, claims at
    // 200 concurrent labelers queued for a connection (claim p99 251 ms); with 8, 29–34 ms.
    const relaxedPool = new pg.Pool({
      connectionString: options.url,
      max: 8,
      options: '-c idle_in_transaction_session_timeout=30000 -c statement_timeout=60000 -c standard_conforming_strings=on -c synchronous_commit=off',
    });
    for (const p of [pool, relaxedPool]) {
      p.on('error', () => {
        /* an idle client lost its connection; the pool replaces it */
      });
    }
    const names = new Map<string, string>();
    // Why 2 batches out at a time, of up to 32: on the 2-core machine the benchmark runs on, fewer and fuller
    // batches did most (bench:queue PostgreSQL c16 / c200 in one sitting, cycles/s: 1 → 673 / 704, 2 → 685–804 /
    // 704–1,023, 3 → 606–643 / 788–1,017, 4 → 551–589 / 671–781, 8 → 525 / 650; no batching 417–545 / 429–465).
    const batching = { maxInFlight: 2, maxBatch: 32 };
    const batches = statementBatcher(pool, batching);
    const relaxedBatches = statementBatcher(relaxedPool, batching);
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
      async prepared<R>(query: CompiledQuery, opts?: { relaxed?: boolean }) {
        let name = names.get(query.sql);
        if (!name) names.set(query.sql, (name = statementName(query.sql)));
        const literals = literalsOf(query.parameters);
        if (literals) return (await (opts?.relaxed ? relaxedBatches : batches).run(name, query.sql, literals)) as R[];
        // Values without a literal form: bind parameters, under a name of its own (node-pg's named statements
        // and the batches' PREPAREd ones share the connection's namespace).
        const result = await (opts?.relaxed ? relaxedPool : pool).query({ name: `${name}_b`, text: query.sql, values: query.parameters as unknown[] });
        return result.rows as R[];
      },
      async close() {
        await Promise.all([pool.end(), relaxedPool.end()]);
      },
    };
  }
  const pglite = 'pglite' in options ? options.pglite : await PGlite.create(options.dataDir);
  const db = new Kysely<Database>({ dialect: new PGliteDialect({ pglite }) });
  // Why PREPARE and EXECUTE with the values written as literals: PGlite keeps one session, so a prepared
  // statement lives as long as the database is open, but it refuses bind parameters on EXECUTE. Planning
  // was most of each hot-path statement's time (claim context 0.58 ms as a plain query, 0.15 ms executed).
  // The literals are quoted as standard SQL strings, which needs `standard_conforming_strings` (on by default).
  const conforming = (await pglite.query<{ standard_conforming_strings: string }>('SHOW standard_conforming_strings')).rows[0]?.standard_conforming_strings === 'on';
  const pglitePrepared = new Map<string, Promise<string>>();
  const sqlLiterals = (values: readonly unknown[]) => (conforming ? literalsOf(values) : null);
  return {
    kind: 'pglite',
    db,
    async execScript(sql) {
      await pglite.exec(sql);
    },
    withAdvisoryLock(_key, fn) {
      return fn();
    },
    async prepared<R>(query: CompiledQuery, opts?: { relaxed?: boolean }) {
      const literals = sqlLiterals(query.parameters);
      if (!literals) return (await pglite.query<R>(query.sql, query.parameters as unknown[])).rows;
      let name = pglitePrepared.get(query.sql);
      if (!name) {
        const n = statementName(query.sql);
        name = pglite.exec(`PREPARE ${n} AS ${query.sql}`).then(() => n);
        pglitePrepared.set(query.sql, name);
        name.catch(() => pglitePrepared.delete(query.sql));
      }
      const args = literals.length ? `(${literals.join(', ')})` : '';
      // Why exec (the simple protocol, one message) and not query (parse, describe, bind, execute): a third
      // less time for these statements; the text is one EXECUTE whose values are all quoted literals.
      // Relaxed (see the type's note): one simple-protocol message runs as one transaction, so SET LOCAL covers
      // just this statement, whose commit then skips writing the WAL; the next ordinary commit writes it.
      const results = await pglite.exec(opts?.relaxed ? `SET LOCAL synchronous_commit TO off; EXECUTE ${await name}${args}` : `EXECUTE ${await name}${args}`);
      return (results.at(-1)?.rows ?? []) as R[];
    },
    async close() {
      await db.destroy();
      if (!pglite.closed) await pglite.close();
    },
  };
}
