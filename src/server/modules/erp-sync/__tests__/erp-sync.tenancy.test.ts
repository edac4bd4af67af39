import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../../../test/build-test-app.js';
import { type Staff, signupTenant } from '../../../../../test/factories/staff.js';
import { connectorRowOf, createStockDataset, STOCK_MAPPING } from './erp-sync.fixtures.js';

// Another tenant's connector is 404 on every route, and stays unchanged.
describe('erp-sync tenancy', () => {
  let t: TestApp;
  let a: Staff;
  let b: Staff;
  let connectorId: string;
  let datasetB: string;

  beforeAll(async () => {
    t = await buildTestApp();
    a = await signupTenant(t.app);
    b = await signupTenant(t.app);
    const datasetA = await createStockDataset(t.app, a.tenant.id);
    datasetB = await createStockDataset(t.app, b.tenant.id);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/connectors',
      headers: a.headers,
      payload: {
        name: 'A stock',
        kind: 'priority',
        datasetId: datasetA,
        config: {
          serviceRoot: 'http://127.0.0.1:9/odata/Priority/tabula.ini/a/',
          entity: 'LOGPART',
          select: ['PARTNAME'],
        },
        credentials: { kind: 'basic', username: 'u', password: 'secret-pass' },
        mapping: STOCK_MAPPING,
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    connectorId = res.json().id;
  });
  afterAll(() => t?.close());

  it("another tenant's connector is 404 everywhere and unchanged", async () => {
    const base = `/api/v1/connectors/${connectorId}`;
    const calls = [
      { method: 'GET' as const, url: base },
      { method: 'PATCH' as const, url: base, payload: { name: 'hijacked', version: 1 } },
      { method: 'DELETE' as const, url: base },
      { method: 'POST' as const, url: `${base}/test` },
      { method: 'POST' as const, url: `${base}/run`, payload: { mode: 'full' } },
      { method: 'GET' as const, url: `${base}/runs` },
    ];
    for (const c of calls) {
      const res = await t.app.inject({ ...c, headers: b.headers });
      expect(res.statusCode, `${c.method} ${c.url}`).toBe(404);
    }
    const list = await t.app.inject({ method: 'GET', url: '/api/v1/connectors', headers: b.headers });
    expect(list.json().items).toEqual([]);
    const row = await connectorRowOf(t.app, a.tenant.id, connectorId);
    expect(row).toMatchObject({ name: 'A stock', version: 1, lastRunAt: null });
  });

  it("a connector cannot point at another tenant's dataset", async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/connectors',
      headers: a.headers,
      payload: {
        name: 'cross',
        kind: 'priority',
        datasetId: datasetB,
        config: {
          serviceRoot: 'http://127.0.0.1:9/odata/Priority/tabula.ini/a/',
          entity: 'LOGPART',
          select: ['PARTNAME'],
        },
        credentials: { kind: 'pat', token: 'PAT-TOKEN-9999' },
        mapping: STOCK_MAPPING,
      },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([{ path: 'datasetId', message: 'No such dataset' }]);
  });

  it('without portal:manage a user cannot create connectors', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/connectors', payload: {} });
    expect(res.statusCode).toBe(401);
  });
});
