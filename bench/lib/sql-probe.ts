import pg from 'pg';
import type { Engine } from '../../src/server/platform/db/database.js';

export type SqlCount = { statements: number; transactions: number };

type QueryFn = (this: unknown, ...args: unknown[]) => unknown;

const textOf = (arg: unknown): string =>
  typeof arg === 'string' ? arg : String((arg as { text?: unknown } | null)?.text ?? '');

/**
 * Counts the SQL statements node-postgres sends while `fn` runs (every pool, this process), by
 * wrapping pg.Client#query for that moment only. Run it around a single request with no load
 * running, so the count is that request's. PGlite has no such seam: undefined there.
 */
export const countStatements = async (
  engine: Engine,
  fn: () => Promise<unknown>,
): Promise<SqlCount | undefined> => {
  if (engine !== 'pg') {
    await fn();
    return undefined;
  }
  const proto = pg.Client.prototype as unknown as { query: QueryFn };
  const original = proto.query;
  const count: SqlCount = { statements: 0, transactions: 0 };
  proto.query = function (this: unknown, ...args: unknown[]) {
    count.statements++;
    if (/^\s*begin\b/i.test(textOf(args[0]))) count.transactions++;
    return original.apply(this, args);
  };
  try {
    await fn();
  } finally {
    proto.query = original;
  }
  return count;
};
