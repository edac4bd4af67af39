import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../../../test/build-test-app.js';
import { type Staff, signupTenant } from '../../../../../test/factories/staff.js';
import { call, createAccount, createApiKey, createStock, stockRow } from './datasets-fixtures.js';

let t: TestApp;
let a: Staff;
let b: Staff;

beforeAll(async () => {
  t = await buildTestApp();
  a = await signupTenant(t.app);
  b = await signupTenant(t.app);
  await createAccount(t, a, 'Galil Foods', 'C100');
  const ds = await createStock(t, a);
  await call(t, a, 'PUT', '/api/v1/datasets/stock/records', {
    records: [stockRow(1, 'C100'), stockRow(2, 'C9')],
  });
  expect(ds.key).toBe('stock');
});
afterAll(() => t.close());

describe('datasets across tenants', () => {
  it("another tenant's staff and API keys get 404 everywhere and change nothing", async () => {
    const keyB = await createApiKey(t, b, ['datasets:read', 'datasets:write']);
    for (const who of [b, keyB]) {
      const attempts = [
        await call(t, who, 'GET', '/api/v1/datasets/stock'),
        await call(t, who, 'PATCH', '/api/v1/datasets/stock', { labelEn: 'Hijacked' }),
        await call(t, who, 'GET', '/api/v1/datasets/stock/records'),
        await call(t, who, 'GET', '/api/v1/datasets/stock/unmatched-owners'),
        await call(t, who, 'POST', '/api/v1/datasets/stock/rematch'),
        await call(t, who, 'PUT', '/api/v1/datasets/stock/records', { mode: 'replace', records: [] }),
        await call(t, who, 'DELETE', '/api/v1/datasets/stock'),
      ];
      for (const r of attempts) expect(r.statusCode, r.body).toBe(404);
      expect((await call(t, who, 'GET', '/api/v1/datasets')).json().items).toEqual([]);
    }
    const mine = await call(t, a, 'GET', '/api/v1/datasets/stock');
    expect(mine.json()).toMatchObject({ labelEn: 'Stock', version: 1 });
    expect((await call(t, a, 'GET', '/api/v1/datasets/stock/records')).json().items).toHaveLength(2);
    // The same key is free in the other tenant.
    await createStock(t, b);
    expect((await call(t, b, 'GET', '/api/v1/datasets/stock/records')).json().items).toEqual([]);
  });
});
