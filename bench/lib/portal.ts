// Portal-side helpers for benchmarks: a signed-in portal contact made through the real endpoints,
// and the bare baseline's portal-scoped SQL (what Database.tenantTx does for a portal actor, by hand).
import { randomBytes } from 'node:crypto';
import type { InjectOptions } from 'fastify';
import pg from 'pg';
import type { App } from '../../src/server/app.js';
import type { BareValue } from './bare.js';
import type { BenchDatabase } from './database.js';
import type { SignedInStaff } from './seed.js';

export type SignedInPortalUser = {
  contactId: string;
  accountId: string;
  /** Ready to send: `{ cookie: 'kesher_portal_session=…' }`. */
  headers: { cookie: string };
};

const inject = async (app: App, opts: InjectOptions, want: number) => {
  const res = await app.inject(opts);
  if (res.statusCode !== want) throw new Error(`${res.statusCode} ${res.body}`);
  return res;
};

/**
 * A portal user of `accountId` (a new contact of it): staff grants access, the customer accepts
 * the invite link, as in the product; the session cookie comes from accept-invite.
 */
export const signupPortalUser = async (
  app: App,
  staff: SignedInStaff,
  accountId: string,
  scope: 'own' | 'account' = 'account',
): Promise<SignedInPortalUser> => {
  const tag = randomBytes(3).toString('hex');
  const contact = await inject(
    app,
    {
      method: 'POST',
      url: '/api/v1/contacts',
      headers: staff.headers,
      payload: {
        firstName: 'נועה',
        lastName: `לקוחה ${tag}`,
        accountId,
        emails: [`noa-${tag}@customer.test`],
      },
    },
    201,
  );
  const contactId = (contact.json() as { id: string }).id;
  const grant = await inject(
    app,
    {
      method: 'POST',
      url: `/api/v1/contacts/${contactId}/portal-access`,
      headers: staff.headers,
      payload: { enabled: true, scope, accountId },
    },
    200,
  );
  const { inviteUrl } = grant.json() as { inviteUrl: string };
  const token = decodeURIComponent(/token=([^\s&"]+)/.exec(inviteUrl)?.[1] ?? '');
  const accept = await inject(
    app,
    {
      method: 'POST',
      url: '/api/portal/v1/auth/accept-invite',
      remoteAddress: `10.${[...randomBytes(3)].join('.')}`,
      payload: { token, password: `Portal-${randomBytes(8).toString('hex')}-42` },
    },
    204,
  );
  const cookie = accept.cookies.find((c) => c.name === 'kesher_portal_session')?.value;
  if (!cookie) throw new Error('accept-invite set no kesher_portal_session cookie');
  return { contactId, accountId, headers: { cookie: `kesher_portal_session=${cookie}` } };
};

export type PortalScope = {
  tenantId: string;
  accountId: string;
  contactId: string;
  scope: 'own' | 'account';
};

const PORTAL_SCOPE_SQL = `select set_config('app.tenant_id', $1, true), set_config('app.account_id', $2, true),
  set_config('app.contact_id', $3, true), set_config('app.portal_scope', $4, true)`;

export type BarePortalDb = {
  via: string;
  /** One statement in its own transaction as kesher_portal with the portal settings, so RLS applies. */
  portalQuery<T>(p: PortalScope, text: string, values: BareValue[]): Promise<T[]>;
  close(): Promise<void>;
};

const literal = (v: BareValue): string => {
  if (v === null) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return String(v);
  return pg.escapeLiteral(v instanceof Date ? v.toISOString() : v);
};
const inline = (text: string, values: BareValue[]) =>
  text.replace(/\$(\d+)\b/g, (_m, n: string) => literal(values[Number(n) - 1] as BareValue));

/** Like openBareDb (bare.ts), for the portal role. */
export const openBarePortalDb = (bench: BenchDatabase, poolSize: number): BarePortalDb => {
  if (bench.engine === 'pglite') {
    const { database } = bench;
    return {
      via: 'same PGlite instance via database.executeSql (one script = one implicit transaction)',
      async portalQuery<T>(p: PortalScope, text: string, values: BareValue[]) {
        const scope = inline(PORTAL_SCOPE_SQL, [p.tenantId, p.accountId, p.contactId, p.scope]);
        const script = `${scope};\nset local role kesher_portal;\n${inline(text, values)}`;
        return (await database.executeSql(script)).rows as T[];
      },
      close: async () => {},
    };
  }
  if (!bench.url) throw new Error('pg bench database has no url');
  const pool = new pg.Pool({ connectionString: bench.url, max: poolSize });
  pool.on('error', () => {});
  return {
    via: `own pg.Pool (max ${poolSize}), BEGIN; set_config; SET LOCAL ROLE kesher_portal; query; COMMIT`,
    async portalQuery<T>(p: PortalScope, text: string, values: BareValue[]) {
      const client = await pool.connect();
      try {
        await client.query('begin');
        await client.query(PORTAL_SCOPE_SQL, [p.tenantId, p.accountId, p.contactId, p.scope]);
        await client.query('set local role kesher_portal');
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
