// The "bare" side of a benchmark: a plain node:http server and hand-written SQL, no framework, no
// ORM. It answers "how fast could this endpoint be on this machine and database?" so Kesher's
// figure can be read as a ratio instead of an absolute number.
import http, { type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import type { BenchDatabase } from './database.js';

export type BareResponse = { status: number; body: unknown };
export type BareHandler = (req: IncomingMessage) => Promise<BareResponse>;

export type BareServer = { url: string; close(): Promise<void> };

/** Routes are `"GET /path"` keys; anything else is a 404. Errors become a bare 500. */
export const startBareServer = async (routes: Record<string, BareHandler>): Promise<BareServer> => {
  const send = (res: http.ServerResponse, status: number, body: unknown) => {
    const json = JSON.stringify(body);
    res.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(json),
    });
    res.end(json);
  };
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const handler = routes[`${req.method} ${path}`];
    if (!handler) return send(res, 404, { code: 'NOT_FOUND' });
    handler(req).then(
      (r) => send(res, r.status, r.body),
      () => send(res, 500, { code: 'INTERNAL' }),
    );
  });
  // Fastify's default, so idle keep-alive connections are treated alike on both sides.
  server.keepAliveTimeout = 72_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};

export type BareValue = string | number | boolean | Date | null;

export type BareDb = {
  /** How queries reach the database, for the report. */
  via: string;
  /**
   * One statement in its own transaction, as `kesher_staff` with `app.tenant_id` set — by hand,
   * what Database.tenantTx does — so RLS costs the baseline what it costs Kesher.
   */
  staffQuery<T>(tenantId: string, text: string, values: BareValue[]): Promise<T[]>;
  close(): Promise<void>;
};

const SCOPE_SQL = `select set_config('app.tenant_id', $1, true), set_config('app.user_id', '', true),
  set_config('app.account_id', '', true)`;

// Only used on PGlite, whose executeSql runs a parameterless multi-statement script atomically.
// Values go through pg's own escaper (E'' form), never raw concatenation.
const literal = (v: BareValue): string => {
  if (v === null) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error(`not a finite number: ${v}`);
    return String(v);
  }
  return pg.escapeLiteral(v instanceof Date ? v.toISOString() : v);
};

const inline = (text: string, values: BareValue[]) =>
  text.replace(/\$(\d+)\b/g, (_m, n: string) => {
    const i = Number(n) - 1;
    if (i < 0 || i >= values.length) throw new Error(`no value for $${n}`);
    return literal(values[i] as BareValue);
  });

/**
 * pg: its own pg.Pool of the same size as Kesher's, BEGIN … COMMIT with bound parameters.
 * pglite: the very PGlite instance Kesher uses, through `database.executeSql` — one
 * parameterless script (scope; set local role; statement), which PostgreSQL runs as one implicit
 * transaction. Several calls cannot share one explicit transaction there: PGlite is a single
 * session and other requests' statements would interleave.
 */
export const openBareDb = (bench: BenchDatabase, poolSize: number): BareDb => {
  if (bench.engine === 'pglite') {
    const { database } = bench;
    return {
      via: 'same PGlite instance via database.executeSql (one script = one implicit transaction)',
      async staffQuery<T>(tenantId: string, text: string, values: BareValue[]) {
        const script = `${inline(SCOPE_SQL, [tenantId])};\nset local role kesher_staff;\n${inline(text, values)}`;
        return (await database.executeSql(script)).rows as T[];
      },
      close: async () => {},
    };
  }
  if (!bench.url) throw new Error('pg bench database has no url');
  const pool = new pg.Pool({ connectionString: bench.url, max: poolSize });
  pool.on('error', () => {});
  return {
    via: `own pg.Pool (max ${poolSize}), BEGIN; set_config; SET LOCAL ROLE; query; COMMIT`,
    async staffQuery<T>(tenantId: string, text: string, values: BareValue[]) {
      const client = await pool.connect();
      try {
        await client.query('begin');
        await client.query(SCOPE_SQL, [tenantId]);
        await client.query('set local role kesher_staff');
        const res = await client.query(text, values);
        await client.query('commit');
        return res.rows as T[];
      } catch (err) {
        await client.query('rollback').catch(() => {});
        throw err;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
};
