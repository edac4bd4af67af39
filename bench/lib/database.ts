import pg from 'pg';
import { type Database, type Engine, openDatabase } from '../../src/server/platform/db/database.js';

export const DEFAULT_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

export type BenchDatabase = {
  engine: Engine;
  database: Database;
  /** The throwaway database's URL (pg only), for baselines that open their own pool. */
  url: string | undefined;
  /** `select version()` */
  serverVersion: string;
  /** Closes the pool (or PGlite) and drops the throwaway database. */
  close(): Promise<void>;
};

/** The same server URL, naming another database. */
export const withDatabaseName = (url: string, name: string) => {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.href;
};

/** One statement on its own connection (CREATE/DROP DATABASE cannot run in a pool's transaction). */
export const adminQuery = async (adminUrl: string, text: string) => {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    return await admin.query(text);
  } finally {
    await admin.end();
  }
};

/**
 * The bench_meta row of a cached data set (its size, generator version, build time), or undefined
 * when the database does not exist yet or has no such table (a build that did not finish).
 */
export const readBenchMeta = async <T>(url: string, columns = '*'): Promise<T | undefined> => {
  const c = new pg.Client({ connectionString: url });
  try {
    await c.connect();
  } catch {
    return undefined; // no such database yet
  }
  try {
    return (await c.query(`select ${columns} from bench_meta`)).rows[0] as T | undefined;
  } catch {
    return undefined;
  } finally {
    await c.end();
  }
};

/**
 * A fresh, migrated database: on pg a new `kesher_bench_<ts>` next to the admin database (dropped
 * by close()), on pglite an in-memory instance.
 */
export const openBenchDatabase = async (opts: {
  engine: Engine;
  adminUrl: string;
  poolSize: number;
}): Promise<BenchDatabase> => {
  if (opts.engine === 'pglite') {
    const database = await openDatabase({ engine: 'pglite' });
    await database.migrate();
    return {
      engine: 'pglite',
      database,
      url: undefined,
      serverVersion: await versionOf(database),
      close: () => database.close(),
    };
  }
  // A name we generate, never input: safe to put in DDL.
  const name = `kesher_bench_${Date.now()}`;
  await adminQuery(opts.adminUrl, `create database ${name}`);
  const url = withDatabaseName(opts.adminUrl, name);
  const drop = () => adminQuery(opts.adminUrl, `drop database if exists ${name} with (force)`);
  try {
    const database = await openDatabase({ engine: 'pg', url, poolSize: opts.poolSize });
    await database.migrate();
    return {
      engine: 'pg',
      database,
      url,
      serverVersion: await versionOf(database),
      close: async () => {
        await database.close().catch(() => {});
        await drop();
      },
    };
  } catch (err) {
    await drop().catch(() => {});
    throw err;
  }
};

const versionOf = async (database: Database) => {
  const { rows } = await database.executeSql('select version() as v');
  return String((rows[0] as { v?: unknown } | undefined)?.v ?? 'unknown');
};
