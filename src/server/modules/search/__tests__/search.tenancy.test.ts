import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../../../test/build-test-app.js';
import { type Staff, signupTenant } from '../../../../../test/factories/staff.js';
import { rowsOf } from '../../../platform/db/database.js';
import { buildSearchSql, parseSearchQuery } from '../search.service.js';

let t: TestApp;
let a: Staff;
let b: Staff;
let secret: { id: string };
beforeAll(async () => {
  t = await buildTestApp();
  a = await signupTenant(t.app);
  b = await signupTenant(t.app);
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/accounts',
    headers: a.headers,
    payload: {
      name: 'סודי ביותר Secretive Ltd',
      companyNumber: '515385854',
      phones: ['+972502345678'],
      emails: ['ceo@secretive.co.il'],
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  secret = res.json();
  // Tenant B has a namesake of its own, so its searches are not trivially empty.
  await t.app.inject({
    method: 'POST',
    url: '/api/v1/accounts',
    headers: b.headers,
    payload: { name: 'Secretive Brothers' },
  });
});
afterAll(() => t.close());

const search = async (who: Staff, q: string) => {
  const res = await t.app.inject({
    method: 'GET',
    url: `/api/v1/search?q=${encodeURIComponent(q)}`,
    headers: who.headers,
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().results.map((r: { id: string; title: string }) => r.id);
};

describe('search tenancy', () => {
  it("never shows another tenant's records, whatever the query", async () => {
    for (const q of ['סודי', 'secretive', '515385854', '050-234 5678', 'ceo@secretive.co.il', 'ceo@']) {
      expect(await search(a, q), `A: ${q}`).toContain(secret.id);
      expect(await search(b, q), `B: ${q}`).not.toContain(secret.id);
    }
    expect((await search(b, 'secretive')).length).toBe(1);
  });

  it("the statement scoped to one tenant finds nothing in another tenant's transaction", async () => {
    // Even a statement built for tenant A, run in B's transaction, returns nothing: the view
    // reads the transaction's app.tenant_id, as RLS does.
    const query = buildSearchSql(a.tenant.id, parseSearchQuery('secretive'), ['account'], 5);
    if (!query) throw new Error('no query');
    const inB = await t.database.tenantTx({ role: 'staff', tenantId: b.tenant.id }, async (tx) =>
      rowsOf(await tx.execute(query)),
    );
    expect(inB).toEqual([]);
    const inA = await t.database.tenantTx({ role: 'staff', tenantId: a.tenant.id }, async (tx) =>
      rowsOf(await tx.execute(query)),
    );
    expect(inA).toHaveLength(1);
  });

  it('the scoped view shows nothing without a tenant and cannot be written through', async () => {
    const rows = await t.database.systemTx(async (tx) => {
      await tx.execute(sql`set local role kesher_staff`);
      return rowsOf(await tx.execute(sql`select count(*)::int as n from search_documents_scoped`));
    });
    expect(rows).toEqual([{ n: 0 }]);
    await expect(
      t.database.tenantTx({ role: 'staff', tenantId: b.tenant.id }, (tx) =>
        tx.execute(sql`delete from search_documents_scoped`),
      ),
    ).rejects.toThrow();
  });
});
