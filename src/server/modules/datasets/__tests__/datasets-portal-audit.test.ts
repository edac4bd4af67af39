import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../../../test/build-test-app.js';
import { createPortalUser, type PortalUserFixture } from '../../../../../test/factories/portal.js';
import { type Staff, signupTenant } from '../../../../../test/factories/staff.js';
import { call, createAccount, createStock, stockRow } from './datasets-fixtures.js';

// Portal data views are audit-logged: opening a table (its first page) and each export leave one
// row, written in the portal transaction (kesher_portal may append its own rows only) with the
// portal actor.
let t: TestApp;
let a: Staff;
let p: PortalUserFixture;
let datasetId: string;

type AuditItem = {
  action: string;
  actorKind: string;
  actorId: string | null;
  targetKind: string | null;
  targetId: string | null;
  details: Record<string, unknown>;
};
const datasetAudit = async (who: Staff = a): Promise<AuditItem[]> => {
  const res = await call(t, who, 'GET', '/api/v1/audit-log?limit=200');
  expect(res.statusCode, res.body).toBe(200);
  return (res.json().items as AuditItem[]).filter((i) => i.action.startsWith('portal.dataset_'));
};

beforeAll(async () => {
  t = await buildTestApp();
  a = await signupTenant(t.app);
  const account = await createAccount(t, a, 'Galil Foods', 'C100');
  datasetId = (await createStock(t, a)).id;
  const records = Array.from({ length: 30 }, (_, i) => stockRow(i + 1, 'C100'));
  expect((await call(t, a, 'PUT', '/api/v1/datasets/stock/records', { records })).statusCode).toBe(200);
  p = await createPortalUser(t.app, a, { accountId: account, scope: 'account' });
});
afterAll(() => t.close());

describe('portal dataset views are audited', () => {
  it('opening a table writes one row with the portal actor, the dataset and the query; later pages add none', async () => {
    const before = (await datasetAudit()).length;
    const first = await call(
      t,
      p,
      'GET',
      '/api/portal/v1/datasets/stock/records?limit=10&q=Part&filter.WARHSNAME=Haifa',
    );
    expect(first.statusCode, first.body).toBe(200);
    const rows = await datasetAudit();
    expect(rows).toHaveLength(before + 1);
    expect(rows[0]).toMatchObject({
      action: 'portal.dataset_viewed',
      actorKind: 'portal',
      actorId: p.contactId,
      targetKind: 'dataset',
      targetId: datasetId,
      details: { dataset: 'stock', search: 'Part', filters: { WARHSNAME: 'Haifa' }, rows: 10 },
    });

    // Walking on through the cursor is the same view.
    let cursor: string | null = first.json().nextCursor;
    let pages = 1;
    while (cursor) {
      const next = await call(
        t,
        p,
        'GET',
        `/api/portal/v1/datasets/stock/records?limit=10&q=Part&filter.WARHSNAME=Haifa&cursor=${encodeURIComponent(cursor)}`,
      );
      expect(next.statusCode, next.body).toBe(200);
      cursor = next.json().nextCursor;
      pages++;
    }
    expect(pages).toBeGreaterThan(1);
    expect(await datasetAudit()).toHaveLength(before + 1);
  });

  it('each export writes one row with its format and row count', async () => {
    const before = (await datasetAudit()).length;
    const csv = await call(t, p, 'GET', '/api/portal/v1/datasets/stock/export?format=csv&lang=he');
    expect(csv.statusCode, csv.body).toBe(200);
    const xlsx = await call(
      t,
      p,
      'GET',
      '/api/portal/v1/datasets/stock/export?format=xlsx&lang=en&filter.WARHSNAME=Karmiel',
    );
    expect(xlsx.statusCode).toBe(200);
    const rows = await datasetAudit();
    expect(rows).toHaveLength(before + 2);
    expect(rows[1]).toMatchObject({
      action: 'portal.dataset_exported',
      actorKind: 'portal',
      actorId: p.contactId,
      targetId: datasetId,
      details: { dataset: 'stock', format: 'csv', rows: 30, filters: {} },
    });
    expect(rows[0]).toMatchObject({
      action: 'portal.dataset_exported',
      details: { format: 'xlsx', rows: 15, filters: { WARHSNAME: 'Karmiel' } },
    });
  });

  it('a refused view (hidden or unknown dataset, bad filter) writes nothing; another tenant sees no rows', async () => {
    await createStock(t, a, { key: 'hidden', portalVisible: false });
    const before = (await datasetAudit()).length;
    expect((await call(t, p, 'GET', '/api/portal/v1/datasets/hidden/records')).statusCode).toBe(404);
    expect((await call(t, p, 'GET', '/api/portal/v1/datasets/nope/export')).statusCode).toBe(404);
    const badFilter = await call(t, p, 'GET', '/api/portal/v1/datasets/stock/records?filter.COST=99');
    expect(badFilter.statusCode).toBe(400);
    expect(await datasetAudit()).toHaveLength(before);

    const other = await signupTenant(t.app);
    expect(await datasetAudit(other)).toEqual([]);
  });
});
