import type pg from 'pg';

/** One hot-path statement waiting to run: its prepared name and text, and its values as SQL literals. */
type Item = { name: string; text: string; literals: string[]; resolve: (rows: unknown[]) => void; reject: (e: unknown) => void };

/**
 * Runs the queue's hot statements on PostgreSQL in batches: while `maxInFlight` batches are out, statements
 * that arrive wait, and the next connection to come free takes up to `maxBatch` of them at once, as one
 * simple-protocol message `EXECUTE a(…); EXECUTE b(…); …`.
 *
 * Why: under load (many labelers submitting at once) each statement alone costs a round trip, a wake-up of its
 * backend and a commit with its WAL flush; a batch pays those once (group commit). Alone (one labeler, or a
 * quiet server) a statement goes out at once, in a batch of one, so nothing waits that did not have to.
 *
 * Why a batch is all or nothing, then retried one by one: a multi-statement message runs as one implicit
 * transaction, so if one statement fails, none of the batch is kept. Each statement is then run again alone
 * on the same connection, and only the one that fails again is refused, with its own error. The hot
 * statements are written to answer "no row" rather than fail in the usual refusals (lease lost, already
 * submitted), so retries are rare. Rows locked by a batch stay locked until its last statement ends: the
 * claims' SKIP LOCKED steps past them, and the submits' rows (a lease, its task) are the holder's alone.
 *
 * Each statement is prepared (PREPARE, by name) once per connection, the first time that connection runs it.
 */
export function statementBatcher(pool: pg.Pool, opts: { maxInFlight: number; maxBatch: number }) {
  const waiting: Item[] = [];
  const preparedOn = new WeakMap<pg.PoolClient, Set<string>>();
  let inFlight = 0;

  const execute = (i: Item) => `EXECUTE ${i.name}${i.literals.length ? `(${i.literals.join(', ')})` : ''}`;

  async function prepare(client: pg.PoolClient, batch: Item[]): Promise<Item[]> {
    let names = preparedOn.get(client);
    if (!names) preparedOn.set(client, (names = new Set()));
    const ready: Item[] = [];
    for (const item of batch) {
      if (!names.has(item.name)) {
        try {
          await client.query(`PREPARE ${item.name} AS ${item.text}`);
          names.add(item.name);
        } catch (e) {
          // A statement that cannot be prepared fails alone (its text is wrong); a broken connection fails all.
          if (!isStatementError(e)) throw e;
          item.reject(e);
          continue;
        }
      }
      ready.push(item);
    }
    return ready;
  }

  async function run(batch: Item[]): Promise<void> {
    let client: pg.PoolClient | null = null;
    let broken: Error | undefined;
    try {
      client = await pool.connect();
      const ready = await prepare(client, batch);
      if (ready.length === 1) {
        ready[0]!.resolve((await client.query(execute(ready[0]!))).rows);
      } else if (ready.length > 1) {
        let results: pg.QueryResult[] | null = null;
        try {
          results = (await client.query(ready.map(execute).join(';\n'))) as unknown as pg.QueryResult[];
        } catch (e) {
          if (!isStatementError(e)) throw e;
        }
        if (results) ready.forEach((item, k) => item.resolve(results[k]!.rows));
        else {
          for (const item of ready) {
            await client.query(execute(item)).then((r) => item.resolve(r.rows), (e: unknown) => {
              if (!isStatementError(e)) throw e;
              item.reject(e);
            });
          }
        }
      }
    } catch (e) {
      broken = e instanceof Error ? e : new Error(String(e));
      // Whatever was not answered yet fails with the connection's error (resolve/reject after the first is a no-op).
      for (const item of batch) item.reject(e);
    } finally {
      client?.release(broken);
      inFlight--;
      pump();
    }
  }

  function pump(): void {
    while (inFlight < opts.maxInFlight && waiting.length > 0) {
      inFlight++;
      void run(waiting.splice(0, opts.maxBatch));
    }
  }

  return {
    /** Runs prepared statement `name` (text `text`) with `literals` (see literalsOf), in the next batch. */
    run(name: string, text: string, literals: string[]): Promise<unknown[]> {
      return new Promise((resolve, reject) => {
        waiting.push({ name, text, literals, resolve, reject });
        pump();
      });
    },
  };
}

/**
 * Whether `e` is an error of the statement (PostgreSQL answered with an SQLSTATE; the connection is fine
 * and the transaction is over), rather than of the connection. Class 08 (connection exception) and 57P
 * (the server shutting the session) mean the connection is gone.
 */
function isStatementError(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && !code.startsWith('08') && !code.startsWith('57P');
}
