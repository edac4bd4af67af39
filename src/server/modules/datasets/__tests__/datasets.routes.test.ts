import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../../../test/build-test-app.js';
import { type Staff, signupTenant } from '../../../../../test/factories/staff.js';
import { call, createAccount, createApiKey, createStock, STOCK, stockRow } from './datasets-fixtures.js';

let t: TestApp;
let a: Staff;
let accA: string;

beforeAll(async () => {
  t = await buildTestApp();
  a = await signupTenant(t.app);
  accA = await createAccount(t, a, 'Galil Foods', 'C100');
});
afterAll(() => t.close());

describe('dataset definitions', () => {
  it('creates, lists, reads, updates and deletes a definition', async () => {
    const created = await createStock(t, a, { key: 'defs' });
    expect(created).toMatchObject({
      key: 'defs',
      ownerRefSystem: 'priority',
      portalVisible: true,
      lastGoodAt: null,
    });
    expect(
      (await call(t, a, 'GET', '/api/v1/datasets')).json().items.map((d: { key: string }) => d.key),
    ).toContain('defs');
    expect((await call(t, a, 'GET', '/api/v1/datasets/defs')).json().labelEn).toBe('Stock');
    const patched = await call(t, a, 'PATCH', '/api/v1/datasets/defs', {
      labelEn: 'Inventory',
      portalVisible: false,
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json()).toMatchObject({ labelEn: 'Inventory', portalVisible: false, version: 2 });
    expect((await call(t, a, 'DELETE', '/api/v1/datasets/defs')).statusCode).toBe(204);
    expect((await call(t, a, 'GET', '/api/v1/datasets/defs')).statusCode).toBe(404);
  });

  it('refuses inconsistent definitions with field errors', async () => {
    const bad = await call(t, a, 'POST', '/api/v1/datasets', {
      ...STOCK,
      key: 'bad',
      fields: [...STOCK.fields, STOCK.fields[0]],
      recordKey: ['PARTNAME', 'NOPE'],
      ownerField: 'MISSING',
      defaultSort: 'ALSO_MISSING',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    const paths = bad.json().errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(
      expect.arrayContaining(['fields.10.key', 'recordKey.1', 'ownerField', 'defaultSort']),
    );
    const slug = await call(t, a, 'POST', '/api/v1/datasets', { ...STOCK, key: 'Not A Slug' });
    expect(slug.statusCode).toBe(400);
    expect(slug.json().errors[0].path).toBe('key');
    await createStock(t, a, { key: 'dup' });
    const dup = await call(t, a, 'POST', '/api/v1/datasets', { ...STOCK, key: 'dup' });
    expect(dup.statusCode).toBe(400);
    expect(dup.json().errors).toEqual([{ path: 'key', message: 'A dataset with this key exists' }]);
  });
});

describe('push API', () => {
  it('upserts with an API key, is idempotent, and reports updates', async () => {
    await createStock(t, a, { key: 'push1' });
    const key = await createApiKey(t, a, ['datasets:write']);
    const records = [stockRow(1, 'C100'), stockRow(2, 'C100'), stockRow(3, 'C100')];
    const first = await call(t, key, 'PUT', '/api/v1/datasets/push1/records', { mode: 'upsert', records });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toEqual({ inserted: 3, updated: 0, deleted: 0, unchanged: 0, rejected: [] });
    const again = await call(t, key, 'PUT', '/api/v1/datasets/push1/records', { mode: 'upsert', records });
    expect(again.json()).toEqual({ inserted: 0, updated: 0, deleted: 0, unchanged: 3, rejected: [] });
    const changed = await call(t, key, 'PUT', '/api/v1/datasets/push1/records', {
      records: [stockRow(2, 'C100', { QTY: 5 }), stockRow(4, 'C100')],
    });
    expect(changed.json()).toMatchObject({ inserted: 1, updated: 1, unchanged: 0 });
    const list = (await call(t, a, 'GET', '/api/v1/datasets/push1/records?sort=QTY')).json();
    expect(list.items.map((r: { data: { QTY: number } }) => r.data.QTY)).toEqual([5, 10, 30, 40]);
    expect(list.items[0]).toMatchObject({
      key: 'P-0002\u001fKarmiel',
      ownerRef: 'C100',
      accountId: accA,
      accountName: 'Galil Foods',
    });
    // Normalised to UTC.
    expect(list.items[0].data.UDATE).toBe('2026-01-15T08:00:00.000Z');
    // The definition now says when the data was last good.
    expect((await call(t, a, 'GET', '/api/v1/datasets/push1')).json().lastGoodAt).not.toBeNull();
  });

  it('an API key without datasets:write is refused', async () => {
    const key = await createApiKey(t, a, ['datasets:read']);
    const res = await call(t, key, 'PUT', '/api/v1/datasets/push1/records', { records: [] });
    expect(res.statusCode).toBe(403);
  });

  it('a malformed record rejects itself only', async () => {
    await createStock(t, a, { key: 'push2' });
    const res = await call(t, a, 'PUT', '/api/v1/datasets/push2/records', {
      records: [
        stockRow(1, 'C100'),
        stockRow(2, 'C100', { QTY: 'many', ARRIVED: '2026-02-30' }),
        'not an object',
        stockRow(3, 'C100', { CUSTNAME: '' }),
        stockRow(4, 'C100', { DOC: 'javascript:alert(1)', UDATE: '2026-01-15T10:00:00' }),
        stockRow(5, 'C100', { PARTNAME: null }),
      ],
    });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.inserted).toBe(1);
    expect(body.rejected.map((r: { index: number }) => r.index)).toEqual([1, 2, 3, 4, 5]);
    expect(body.rejected[0].errors).toEqual([
      'QTY: expected a number',
      'ARRIVED: expected a date YYYY-MM-DD',
    ]);
    expect(body.rejected[1].errors).toEqual(['record: expected an object']);
    expect(body.rejected[2].errors).toEqual(['CUSTNAME: required (owner)']);
    expect(body.rejected[3].errors).toEqual([
      'UDATE: expected an ISO date-time with a time zone offset',
      'DOC: expected an http or https URL',
    ]);
    expect(body.rejected[4].errors).toEqual(['PARTNAME: required (record key)']);
  });

  it('replace deletes what the batch lacks, but nothing when any record is rejected', async () => {
    await createStock(t, a, { key: 'push3' });
    await call(t, a, 'PUT', '/api/v1/datasets/push3/records', {
      records: [1, 2, 3, 4].map((i) => stockRow(i, 'C100')),
    });
    const withReject = await call(t, a, 'PUT', '/api/v1/datasets/push3/records', {
      mode: 'replace',
      records: [stockRow(1, 'C100', { QTY: 1 }), stockRow(2, 'C100', { QTY: 'x' })],
    });
    expect(withReject.json()).toMatchObject({ updated: 1, deleted: 0 });
    expect((await call(t, a, 'GET', '/api/v1/datasets/push3/records')).json().items).toHaveLength(4);
    const clean = await call(t, a, 'PUT', '/api/v1/datasets/push3/records', {
      mode: 'replace',
      records: [stockRow(1, 'C100', { QTY: 1 }), stockRow(5, 'C100')],
    });
    expect(clean.json()).toEqual({ inserted: 1, updated: 0, deleted: 3, unchanged: 1, rejected: [] });
    const keys = (await call(t, a, 'GET', '/api/v1/datasets/push3/records'))
      .json()
      .items.map((r: { key: string }) => r.key);
    expect(keys).toEqual(['P-0001\u001fHaifa', 'P-0005\u001fHaifa']);
  });

  it('10,001 records → 413 problem+json; 10,000 are taken', async () => {
    await createStock(t, a, { key: 'push4' });
    const many = (n: number) => Array.from({ length: n }, (_, i) => stockRow(i, 'C100'));
    const tooMany = await call(t, a, 'PUT', '/api/v1/datasets/push4/records', { records: many(10_001) });
    expect(tooMany.statusCode).toBe(413);
    expect(tooMany.headers['content-type']).toContain('application/problem+json');
    expect(tooMany.json().code).toBe('PAYLOAD_TOO_LARGE');
    const ok = await call(t, a, 'PUT', '/api/v1/datasets/push4/records', { records: many(10_000) });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().inserted).toBe(10_000);
  }, 60_000);

  it('keeps records of unknown owners aside, lists them, and re-matches after the account is fixed', async () => {
    await createStock(t, a, { key: 'push5' });
    await call(t, a, 'PUT', '/api/v1/datasets/push5/records', {
      records: [stockRow(1, 'C100'), stockRow(2, 'C999'), stockRow(3, 'C999'), stockRow(4, 'C777')],
    });
    const unmatched = (await call(t, a, 'GET', '/api/v1/datasets/push5/unmatched-owners')).json();
    expect(unmatched.items).toEqual([
      { ownerRef: 'C999', records: 2 },
      { ownerRef: 'C777', records: 1 },
    ]);
    const orphans = (await call(t, a, 'GET', '/api/v1/datasets/push5/records?owner=unmatched')).json().items;
    expect(orphans.map((r: { accountId: string | null }) => r.accountId)).toEqual([null, null, null]);
    expect(orphans.map((r: { accountName: string | null }) => r.accountName)).toEqual([null, null, null]);
    const accNew = await createAccount(t, a, 'Late Customer', 'C999');
    expect((await call(t, a, 'POST', '/api/v1/datasets/push5/rematch')).json()).toEqual({ changed: 2 });
    const owned = (await call(t, a, 'GET', '/api/v1/datasets/push5/records?owner=C999')).json().items;
    expect(owned.map((r: { accountId: string }) => r.accountId)).toEqual([accNew, accNew]);
  });

  it('bad query input is a 400, not a 500', async () => {
    expect((await call(t, a, 'GET', '/api/v1/datasets/push1/records?sort=NOPE')).statusCode).toBe(400);
    expect((await call(t, a, 'GET', '/api/v1/datasets/push1/records?cursor=garbage')).statusCode).toBe(400);
    expect(
      (await call(t, a, 'PUT', '/api/v1/datasets/push1/records', { mode: 'merge', records: [] })).statusCode,
    ).toBe(400);
    expect((await call(t, a, 'PUT', '/api/v1/datasets/nope/records', { records: [] })).statusCode).toBe(404);
  });
});
