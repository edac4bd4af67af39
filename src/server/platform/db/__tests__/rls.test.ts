import { eq, type SQL, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../../../test/build-test-app.js';
import { inviteAndAccept, type Staff, signupTenant } from '../../../../../test/factories/staff.js';
import { uuidv7 } from '../../ids.js';
import { mailOutbox } from '../../mail/mail.table.js';
import { type Database, rowsOf, type Tx } from '../database.js';

// RLS is the last line of tenant isolation: these queries deliberately have no `where tenant_id`.
// The platform knows no module, so module tables are queried by name in SQL.
let t: TestApp;
let db: Database;
let a: Staff;
let b: Staff;
/** Every table with a tenant_id column, found in the catalog (new modules are covered as they land). */
let tenantTables: string[];

// Tables the seed below fills for both tenants: the isolation check must see rows in them.
const SEEDED = ['users', 'sessions', 'audit_log', 'api_keys', 'mail_outbox', 'auth_tokens'];

/** The database's own message, under drizzle's "Failed query" wrapper. */
const dbErrorOf = async (p: Promise<unknown>): Promise<string> => {
  try {
    await p;
  } catch (err) {
    const messages: string[] = [];
    for (let e: unknown = err; e instanceof Error; e = e.cause) messages.push(e.message);
    return messages.join(' | ');
  }
  throw new Error('expected the query to fail');
};

const rows = async <T>(tx: Tx, query: SQL): Promise<T[]> => rowsOf<T>(await tx.execute(query));

const seedTenant = async (): Promise<Staff> => {
  const owner = await signupTenant(t.app);
  // An accepted invitation leaves a user, a session, a used token, a mail and audit rows.
  await inviteAndAccept(t.app, owner, { role: 'agent' });
  const key = await t.app.inject({
    method: 'POST',
    url: '/api/v1/api-keys',
    headers: owner.headers,
    payload: { name: 'ERP', scopes: ['crm:read'] },
  });
  expect(key.statusCode, key.body).toBe(201);
  return owner;
};

const asStaffOf = <T>(tenantId: string, fn: (tx: Tx) => Promise<T>) =>
  db.tenantTx({ role: 'staff', tenantId }, fn);

const tenantIdsIn = (tx: Tx, table: string) =>
  rows<{ tenant_id: string }>(tx, sql.raw(`select tenant_id::text from ${table}`));

beforeAll(async () => {
  t = await buildTestApp();
  db = t.database;
  a = await seedTenant();
  b = await seedTenant();
  tenantTables = (
    await db.systemTx((tx) =>
      rows<{ name: string }>(
        tx,
        sql`select c.relname as name from pg_class c
            join pg_namespace n on n.oid = c.relnamespace and n.nspname = 'public'
            where c.relkind in ('r', 'p') and exists (
              select 1 from pg_attribute a
              where a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped)
            order by 1`,
      ),
    )
  ).map((r) => r.name);
});
afterAll(() => t.close());

describe('row-level security', () => {
  it('finds the tenant-owned tables', () => {
    expect(tenantTables).toEqual(expect.arrayContaining(SEEDED));
  });

  it.each(SEEDED)('%s: a query without a where clause returns only the current tenant', async (table) => {
    const all = await db.systemTx((tx) => tenantIdsIn(tx, table));
    const seenByA = await asStaffOf(a.tenant.id, (tx) => tenantIdsIn(tx, table));
    const seenByB = await asStaffOf(b.tenant.id, (tx) => tenantIdsIn(tx, table));
    expect(seenByA.length).toBeGreaterThan(0);
    expect(seenByB.length).toBeGreaterThan(0);
    expect(new Set(seenByA.map((r) => r.tenant_id))).toEqual(new Set([a.tenant.id]));
    expect(new Set(seenByB.map((r) => r.tenant_id))).toEqual(new Set([b.tenant.id]));
    expect(seenByA.length).toBe(all.filter((r) => r.tenant_id === a.tenant.id).length);
  });

  it('every tenant-owned table shows a tenant only its own rows', async () => {
    for (const table of tenantTables) {
      const seen = await asStaffOf(a.tenant.id, (tx) => tenantIdsIn(tx, table));
      expect(
        seen.filter((r) => r.tenant_id !== a.tenant.id),
        table,
      ).toEqual([]);
    }
  });

  it('the drizzle query builder is scoped the same way (mail_outbox)', async () => {
    const mails = await asStaffOf(a.tenant.id, (tx) => tx.select().from(mailOutbox));
    expect(mails.length).toBeGreaterThan(0);
    expect(new Set(mails.map((m) => m.tenantId))).toEqual(new Set([a.tenant.id]));
    const ofB = await asStaffOf(a.tenant.id, (tx) =>
      tx.select().from(mailOutbox).where(eq(mailOutbox.tenantId, b.tenant.id)),
    );
    expect(ofB).toEqual([]);
  });

  it('tenants: a tenant sees exactly its own row', async () => {
    const seen = await asStaffOf(a.tenant.id, (tx) =>
      rows<{ id: string }>(tx, sql`select id::text from tenants`),
    );
    expect(seen).toEqual([{ id: a.tenant.id }]);
  });

  it("refuses to insert a row carrying another tenant's id (WITH CHECK)", async () => {
    const audit = await dbErrorOf(
      asStaffOf(a.tenant.id, (tx) =>
        tx.execute(sql`insert into audit_log (tenant_id, id, actor_kind, action)
                       values (${b.tenant.id}, ${uuidv7()}, 'system', 'forged')`),
      ),
    );
    expect(audit).toMatch(/row-level security/);
    const user = await dbErrorOf(
      asStaffOf(a.tenant.id, (tx) =>
        tx.execute(sql`insert into users (tenant_id, id, email, name, role)
                       values (${b.tenant.id}, ${uuidv7()}, 'spy@evil.test', 'Spy', 'owner')`),
      ),
    );
    expect(user).toMatch(/row-level security/);
    const mail = await dbErrorOf(
      asStaffOf(a.tenant.id, (tx) =>
        tx.insert(mailOutbox).values({
          tenantId: b.tenant.id,
          toAddress: 'x@evil.test',
          subject: 'forged',
          html: '',
          text: '',
          kind: 'forged',
          status: 'outbox',
        }),
      ),
    );
    expect(mail).toMatch(/row-level security/);
    const forged = await db.systemTx((tx) =>
      rows(
        tx,
        sql`select 1 from audit_log where action = 'forged'
            union all select 1 from users where email = 'spy@evil.test'
            union all select 1 from mail_outbox where kind = 'forged'`,
      ),
    );
    expect(forged).toEqual([]);
  });

  it("refuses to move a row to another tenant, and cannot touch another tenant's rows", async () => {
    const moved = await dbErrorOf(
      asStaffOf(a.tenant.id, (tx) =>
        tx.execute(sql`update api_keys set tenant_id = ${b.tenant.id} where tenant_id = ${a.tenant.id}`),
      ),
    );
    expect(moved).toMatch(/row-level security/);

    const updated = await asStaffOf(a.tenant.id, (tx) =>
      rows(tx, sql`update users set name = 'Hijacked' where id = ${b.user.id} returning id`),
    );
    expect(updated).toEqual([]);
    const deleted = await asStaffOf(a.tenant.id, (tx) =>
      rows(tx, sql`delete from sessions where tenant_id = ${b.tenant.id} returning id`),
    );
    expect(deleted).toEqual([]);
    const tenantRenamed = await asStaffOf(a.tenant.id, (tx) =>
      rows(tx, sql`update tenants set name = 'Hijacked' where id = ${b.tenant.id} returning id`),
    );
    expect(tenantRenamed).toEqual([]);

    const [after] = await db.systemTx((tx) =>
      rows<{ name: string; sessions: number; keys: number; tenant: string }>(
        tx,
        sql`select u.name,
                   (select count(*)::int from sessions s where s.tenant_id = u.tenant_id) as sessions,
                   (select count(*)::int from api_keys k where k.tenant_id = ${a.tenant.id}) as keys,
                   (select name from tenants where id = u.tenant_id) as tenant
            from users u where u.id = ${b.user.id}`,
      ),
    );
    expect(after).toEqual({ name: 'Dana Owner', sessions: 2, keys: 1, tenant: b.tenant.name });
  });

  it('keeps the audit log append-only for the application role', async () => {
    const upd = await dbErrorOf(
      asStaffOf(a.tenant.id, (tx) => tx.execute(sql`update audit_log set action = 'rewritten'`)),
    );
    expect(upd).toMatch(/permission denied/);
    const del = await dbErrorOf(asStaffOf(a.tenant.id, (tx) => tx.execute(sql`delete from audit_log`)));
    expect(del).toMatch(/permission denied/);
  });

  it('shows nothing for an unknown tenant id', async () => {
    for (const table of [...tenantTables, 'tenants']) {
      const n = await asStaffOf(uuidv7(), (tx) =>
        rows<{ n: number }>(tx, sql.raw(`select count(*)::int as n from ${table}`)),
      );
      expect(n, table).toEqual([{ n: 0 }]);
    }
  });

  it('shows nothing, without an error, when app.tenant_id is unset or empty', async () => {
    for (const setup of [sql`select 1`, sql`select set_config('app.tenant_id', '', true)`]) {
      const counts = await db.systemTx(async (tx) => {
        await tx.execute(setup);
        await tx.execute(sql.raw('set local role kesher_staff'));
        const out: Record<string, number> = {};
        for (const table of [...SEEDED, 'tenants']) {
          out[table] = (await rows<{ n: number }>(tx, sql.raw(`select count(*)::int as n from ${table}`)))[0]
            ?.n as number;
        }
        return out;
      });
      expect(Object.values(counts)).toEqual(SEEDED.map(() => 0).concat(0));
    }
  });

  it('runs tenant transactions as kesher_staff, and the role and tenant do not outlive them', async () => {
    const query = sql`select current_user as u, current_setting('app.tenant_id', true) as t`;
    const inside = await asStaffOf(a.tenant.id, (tx) => rows<{ u: string; t: string }>(tx, query));
    expect(inside).toEqual([{ u: 'kesher_staff', t: a.tenant.id }]);
    const after = await db.systemTx((tx) => rows<{ u: string; t: string | null }>(tx, query));
    expect(after[0]?.u).not.toBe('kesher_staff');
    expect(after[0]?.t ?? '').toBe('');
  });

  it('the system path (systemTx) sees every tenant', async () => {
    const ids = await db.systemTx((tx) => rows<{ id: string }>(tx, sql`select id::text from tenants`));
    expect(ids.map((r) => r.id)).toEqual(expect.arrayContaining([a.tenant.id, b.tenant.id]));
    const owners = await db.systemTx((tx) =>
      rows<{ tenant_id: string }>(tx, sql`select tenant_id::text from users where role = 'owner'`),
    );
    expect(new Set(owners.map((u) => u.tenant_id))).toEqual(new Set([a.tenant.id, b.tenant.id]));
  });

  it('every tenant-owned table (and tenants) has forced RLS and a policy', async () => {
    const found = await db.systemTx((tx) =>
      rows<{ name: string; enabled: boolean; forced: boolean; policies: number }>(
        tx,
        sql`select c.relname as name, c.relrowsecurity as enabled, c.relforcerowsecurity as forced,
                   (select count(*)::int from pg_policy p where p.polrelid = c.oid) as policies
            from pg_class c
            join pg_namespace n on n.oid = c.relnamespace and n.nspname = 'public'
            where c.relkind in ('r', 'p') order by 1`,
      ),
    );
    const wanted = new Set([...tenantTables, 'tenants']);
    const checked = found.filter((r) => wanted.has(r.name));
    expect(checked).toHaveLength(wanted.size);
    for (const r of checked) {
      expect({ ...r, policies: r.policies > 0 }).toEqual({
        name: r.name,
        enabled: true,
        forced: true,
        policies: true,
      });
    }
  });
});
