import type { Db } from '../db/client';

/**
 * In-process state kept per database handle (so per server process, and fresh for every test's database):
 * `of(db)` is that handle's map, made on first use and dropped with the handle.
 */
export function perDb<V>(): (db: Db) => Map<string, V> {
  const maps = new WeakMap<Db, Map<string, V>>();
  return (db) => {
    let m = maps.get(db);
    if (!m) maps.set(db, (m = new Map()));
    return m;
  };
}
