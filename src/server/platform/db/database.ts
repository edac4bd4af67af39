import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { btree_gin } from '@electric-sql/pglite/contrib/btree_gin';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { sql } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';

export type Db = PgDatabase<PgQueryResultHKT>;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type Engine = 'pglite' | 'pg';

/** Rows of a raw `tx.execute(sql…)`: both drivers return `{ rows }`. */
export const rowsOf = <T>(result: unknown): T[] => (result as { rows: T[] }).rows;

/** Who a transaction runs as. RLS policies read these settings; see migrations/*_rls.sql. */
export type TenantScope =
  | { role: 'staff'; tenantId: string; userId?: string | undefined }
  | {
      role: 'portal';
      tenantId: string;
      accountId: string;
      contactId: string;
      /** `own`: only the contact's own tickets; `account`: all of the account's (policies read it). */
      portalScope: 'own' | 'account';
    };

export type Database = {
  engine: Engine;
  /** Runs fn in one transaction as the tenant's database role, so RLS applies whatever the query. */
  tenantTx<T>(scope: TenantScope, fn: (tx: Tx) => Promise<T>): Promise<T>;
  /**
   * Runs fn as the connection's owner, bypassing RLS. Only for lookups before a tenant is known
   * (login by workspace, session by token hash, signup) and platform maintenance.
   */
  systemTx<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  /**
   * System path without a transaction: each statement autocommits (one round trip). For the hot,
   * single-statement lookups of every request (session by token hash); callers filter by tenant
   * themselves. Never call it from inside a transaction callback.
   */
  systemQuery<T>(fn: (db: Db) => Promise<T>): Promise<T>;
  /** Raw SQL for pg-boss; parameters go through the driver, never string concatenation. */
  executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
  ping(): Promise<void>;
  /** Applies pending migrations (drizzle-kit SQL plus custom SQL) on either engine. */
  migrate(): Promise<void>;
  migrationsApplied(): Promise<boolean>;
  close(): Promise<void>;
  /** The embedded instance, when engine is pglite (tests clone it; maintenance vacuums it). */
  pglite?: PGlite;
  /** The connection string, when engine is pg (a dedicated LISTEN client for realtime). */
  url?: string;
};

export const MIGRATIONS_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../../migrations',
);

export type OpenDbOptions =
  | { engine: 'pg'; url: string; poolSize?: number }
  | { engine: 'pglite'; dataDir?: string; loadDataDir?: Blob };

/** Opens PGlite (embedded, default) or a pg Pool; same schema, same code path above this line. */
export const openDatabase = async (opts: OpenDbOptions): Promise<Database> => {
  if (opts.engine === 'pg') return openPg(opts.url, opts.poolSize ?? 10);
  return openPglite(opts.dataDir, opts.loadDataDir);
};

// One statement sets the tenant, the actor and the role: `set_config('role', …, true)` is
// SET LOCAL ROLE, so RLS applies from the next statement on. Role names are constants.
const scopeStatement = (scope: TenantScope) =>
  scope.role === 'staff'
    ? sql`select set_config('app.tenant_id', ${scope.tenantId}, true),
             set_config('app.user_id', ${scope.userId ?? ''}, true),
             set_config('app.account_id', '', true),
             set_config('role', 'kesher_staff', true)`
    : sql`select set_config('app.tenant_id', ${scope.tenantId}, true),
             set_config('app.account_id', ${scope.accountId}, true),
             set_config('app.contact_id', ${scope.contactId}, true),
             set_config('app.portal_scope', ${scope.portalScope}, true),
             set_config('role', 'kesher_portal', true)`;

// Work to do once a transaction has committed (publish events, kick a job): registered with
// `afterCommit(tx, fn)`, run only when the outermost transaction succeeds.
const commitHooks = new WeakMap<object, Array<() => void>>();

/** Runs fn after the transaction commits; never if it rolls back. */
export const afterCommit = (tx: Tx, fn: () => void): void => {
  const hooks = commitHooks.get(tx);
  if (!hooks) throw new Error('afterCommit: not inside a Kesher transaction');
  hooks.push(fn);
};

const runTx = async <T>(db: Db, fn: (tx: Tx) => Promise<T>): Promise<T> => {
  const hooks: Array<() => void> = [];
  const result = await db.transaction(async (tx) => {
    commitHooks.set(tx, hooks);
    return fn(tx);
  });
  for (const h of hooks) h();
  return result;
};

const makeTenantTx =
  (db: Db) =>
  <T>(scope: TenantScope, fn: (tx: Tx) => Promise<T>): Promise<T> =>
    runTx(db, async (tx) => {
      await tx.execute(scopeStatement(scope));
      return fn(tx);
    });

let journalLength: number | undefined;
const migrationsAppliedQuery = async (db: Db): Promise<boolean> => {
  journalLength ??= (
    JSON.parse(readFileSync(path.join(MIGRATIONS_DIR, 'meta/_journal.json'), 'utf8')) as {
      entries: unknown[];
    }
  ).entries.length;
  try {
    const res = await db.execute(sql`select count(*)::int as n from drizzle.__drizzle_migrations`);
    const n = rowsOf<{ n: number }>(res)[0]?.n ?? 0;
    return n >= journalLength;
  } catch {
    return false;
  }
};

const openPg = async (url: string, poolSize: number): Promise<Database> => {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  pool.on('error', () => {
    // An idle client lost its connection; the pool replaces it. Nothing to do.
  });
  const db = drizzlePg({ client: pool }) as unknown as Db;
  return {
    engine: 'pg',
    url,
    tenantTx: makeTenantTx(db),
    systemTx: (fn) => runTx(db, fn),
    systemQuery: (fn) => fn(db),
    executeSql: async (text, values) => {
      const r = await pool.query(text, values as unknown[] | undefined);
      return { rows: r.rows };
    },
    ping: async () => {
      await pool.query('select 1');
    },
    migrationsApplied: () => migrationsAppliedQuery(db),
    migrate: () => migrateWithLock(pool),
    close: () => pool.end(),
  };
};

// Several Kesher processes may boot at once against one server: an advisory lock lets one migrate.
const migrateWithLock = async (pool: pg.Pool) => {
  const client = await pool.connect();
  try {
    await client.query('select pg_advisory_lock(7362001)');
    try {
      await migratePg(drizzlePg({ client }), { migrationsFolder: MIGRATIONS_DIR });
    } finally {
      await client.query('select pg_advisory_unlock(7362001)');
    }
  } finally {
    client.release();
  }
};

const openPglite = async (dataDir: string | undefined, loadDataDir: Blob | undefined): Promise<Database> => {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const pglite = await PGlite.create({
    ...(dataDir ? { dataDir } : {}),
    ...(loadDataDir ? { loadDataDir } : {}),
    extensions: { pg_trgm, btree_gin },
  });
  const db = drizzlePglite({ client: pglite }) as unknown as Db;
  return {
    engine: 'pglite',
    // PGlite is one session: its own mutex runs transactions one after another. Never call
    // this Database from inside a transaction callback — pass tx down instead (it would deadlock).
    tenantTx: makeTenantTx(db),
    systemTx: (fn) => runTx(db, fn),
    systemQuery: (fn) => fn(db),
    executeSql: async (text, values) => {
      if (values && values.length > 0) {
        const r = await pglite.query(text, values);
        return { rows: r.rows };
      }
      // pg-boss sends multi-statement scripts without parameters.
      const results = await pglite.exec(text);
      return { rows: results.at(-1)?.rows ?? [] };
    },
    ping: async () => {
      await pglite.query('select 1');
    },
    migrationsApplied: () => migrationsAppliedQuery(db),
    migrate: () => migratePglite(db as never, { migrationsFolder: MIGRATIONS_DIR }),
    close: () => pglite.close(),
    pglite,
  };
};
