import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { literalsOf } from './client';
import { backends, openTestDb, type TestDb } from '../test/test-db';

describe('literalsOf', () => {
  it('quotes strings by doubling single quotes and writes dates, numbers and booleans as quoted text', () => {
    expect(literalsOf(["it's", null, undefined, 3, 2.5, true, 12n, new Date('2026-12-02T10:00:00.123Z')])).toEqual([
      "'it''s'", 'NULL', 'NULL', "'3'", "'2.5'", "'true'", "'12'", "'2026-12-02T10:00:00.123Z'",
    ]);
  });

  it('gives up (null: use bind parameters) on values without a plain literal form', () => {
    for (const v of [[1, 2], { a: 1 }, new Uint8Array([1]), Number.NaN, Infinity, new Date('nope'), 'a\0b']) {
      expect(literalsOf(['fine', v])).toBeNull();
    }
  });
});

describe.each(backends)('Db.prepared on %s', (backend) => {
  let db: TestDb;
  afterEach(async () => {
    await db?.dispose();
  });

  const echo = (v: { text: string; at: Date; n: number; flag: boolean; doc: string }) =>
    sql<{ text: string; at: Date; n: number; flag: boolean; doc: unknown; len: number }>`
      SELECT ${v.text}::text AS text, ${v.at}::timestamptz AS at, ${v.n}::int AS n, ${v.flag}::boolean AS flag,
             ${v.doc}::jsonb AS doc, length(${v.text}::text) AS len`;

  it('returns exactly the values it was given, whatever quotes and backslashes they hold', async () => {
    db = await openTestDb(backend);
    const nasty = [`'); DROP TABLE users; --`, `\\'' \\\\ ''`, 'plain', 'ünïcødé ✓ 𝄞', `$$ $1 $tag$ "q"`, ''];
    for (const text of nasty) {
      const doc = JSON.stringify({ text, list: [text, "o'k"] });
      const at = new Date('2026-12-02T10:00:00.123Z');
      const [row] = await db.prepared<{ text: string; at: Date; n: number; flag: boolean; doc: unknown; len: number }>(echo({ text, at, n: -7, flag: false, doc }).compile(db.db));
      expect(row).toEqual({ text, at, n: -7, flag: false, doc: JSON.parse(doc), len: [...text].length });
    }
    // The users table is still there after the injection attempt.
    expect(await db.db.selectFrom('users').select('id').execute()).toBeInstanceOf(Array);
  });

  it('runs concurrent first calls of one statement, nulls, and falls back for array parameters', async () => {
    db = await openTestDb(backend);
    const q = (i: number | null) => sql<{ v: number | null }>`SELECT ${i}::int + 1 AS v`.compile(db.db);
    const rows = await Promise.all([1, 2, 3, 4, 5, null].map((i) => db.prepared<{ v: number | null }>(q(i))));
    expect(rows.map((r) => r[0]!.v)).toEqual([2, 3, 4, 5, 6, null]);
    const arr = sql<{ n: number }>`SELECT cardinality(${[1, 2, 3]}::int[]) AS n`.compile(db.db);
    expect((await db.prepared<{ n: number }>(arr))[0]!.n).toBe(3);
  });

  it('runs a relaxed statement with an asynchronous commit of its own, returning its rows and keeping its write', async () => {
    db = await openTestDb(backend);
    const mode = sql<{ sync: string }>`SELECT current_setting('synchronous_commit') AS sync`.compile(db.db);
    expect(await db.prepared(mode, { relaxed: true })).toEqual([{ sync: 'off' }]);
    const write = (email: string) =>
      sql<{ email: string }>`INSERT INTO users (id, email, name, password_hash, created_at)
        VALUES (gen_random_uuid(), ${email}, 'R', 'x', now()) RETURNING email`.compile(db.db);
    expect(await db.prepared(write('relaxed@test.example'), { relaxed: true })).toEqual([{ email: 'relaxed@test.example' }]);
    expect(await db.db.selectFrom('users').select('email').where('email', '=', 'relaxed@test.example').execute()).toHaveLength(1);
    // The setting ends with the statement, also when it fails.
    await expect(db.prepared(write('relaxed@test.example'), { relaxed: true })).rejects.toMatchObject({ code: '23505' });
    expect(await db.prepared(mode)).toEqual([{ sync: 'on' }]);
  });

  it('answers each of many concurrent statements with its own rows, batched into shared transactions on PostgreSQL', async () => {
    db = await openTestDb(backend);
    // txid_current() is the statement's transaction: statements of one batch share it.
    const q = (i: number) => sql<{ i: number; xid: string }>`SELECT ${i}::int AS i, txid_current()::text AS xid`.compile(db.db);
    for (const relaxed of [false, true]) {
      const ids = Array.from({ length: 60 }, (_, i) => i);
      const rows = await Promise.all(ids.map((i) => db.prepared<{ i: number; xid: string }>(q(i), { relaxed })));
      expect(rows.map((r) => r[0]!.i)).toEqual(ids);
      const transactions = new Set(rows.map((r) => r[0]!.xid)).size;
      if (backend === 'postgres') expect(transactions).toBeLessThan(30);
      else expect(transactions).toBe(60);
    }
  });

  it('keeps every other write of a batch exactly once when one statement in it fails, and refuses only that one', async () => {
    db = await openTestDb(backend);
    const write = (email: string) =>
      sql<{ email: string }>`INSERT INTO users (id, email, name, password_hash, created_at)
        VALUES (gen_random_uuid(), ${email}, 'B', 'x', now()) RETURNING email`.compile(db.db);
    await db.prepared(write('taken@test.example'));
    const emails = Array.from({ length: 40 }, (_, i) => `batch-${i}@test.example`);
    // The duplicate sits in the middle of the burst, so on PostgreSQL it lands in a batch with others.
    const burst = [...emails.slice(0, 20), 'taken@test.example', ...emails.slice(20)];
    const settled = await Promise.allSettled(burst.map((e) => db.prepared<{ email: string }>(write(e))));
    const refused = settled.flatMap((r, k) => (r.status === 'rejected' ? [{ email: burst[k], code: (r.reason as { code?: string }).code }] : []));
    expect(refused).toEqual([{ email: 'taken@test.example', code: '23505' }]);
    expect(settled.flatMap((r) => (r.status === 'fulfilled' ? [r.value[0]!.email] : []))).toEqual(emails);
    const stored = await db.db.selectFrom('users').select('email').where('email', 'like', 'batch-%').execute();
    expect(stored.map((r) => r.email).sort()).toEqual([...emails].sort());
  });

  it('passes a statement’s error through and keeps working after it', async () => {
    db = await openTestDb(backend);
    const fail = (v: string) => sql`SELECT ${v}::uuid AS id`.compile(db.db);
    await expect(db.prepared(fail('not-a-uuid'))).rejects.toMatchObject({ code: '22P02' });
    const id = '2b1f0c1e-6c7a-4f3e-9a51-0d6f5c1e2a3b';
    expect(await db.prepared(fail(id))).toEqual([{ id }]);
  });
});
