import type { Db } from './database.js';

/**
 * A statement built once per database handle and sent as a named prepared statement. Drizzle
 * assembles SQL from the table objects on every call, which on the per-request session lookup cost
 * more CPU than the query itself; a prepared query keeps its text, and PostgreSQL its plan, per
 * connection. Only for the system path's handle (systemQuery): a transaction's handle is per call.
 */
export const preparedPerDb = <P>(build: (db: Db) => P) => {
  const cache = new WeakMap<Db, P>();
  return (db: Db): P => {
    let p = cache.get(db);
    if (!p) {
      p = build(db);
      cache.set(db, p);
    }
    return p;
  };
};
