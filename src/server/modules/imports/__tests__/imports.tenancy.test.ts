import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../../../test/build-test-app.js';
import { type Staff, signupTenant } from '../../../../../test/factories/staff.js';
import { upload } from './import-helpers.js';

let t: TestApp;
let a: Staff;
let b: Staff;
beforeAll(async () => {
  t = await buildTestApp();
  a = await signupTenant(t.app);
  b = await signupTenant(t.app);
});
afterAll(() => t.close());

describe('imports tenancy', () => {
  it("another tenant's import is 404 on every route and stays as it was", async () => {
    const up = await upload(t.app, a.headers, 'account', {
      name: 'a.csv',
      data: Buffer.from('שם חברה,טלפון\nTenancy Co,050-1234567\nTenancy Two,04-6901234\n'),
    });
    expect(up.statusCode, up.body).toBe(201);
    const id = up.json().id as string;
    const pv = await t.app.inject({
      method: 'POST',
      url: `/api/v1/imports/${id}/preview`,
      headers: a.headers,
      payload: { mapping: up.json().suggestedMapping, duplicatePolicy: 'skip' },
    });
    expect(pv.statusCode, pv.body).toBe(200);

    const asB = (method: 'GET' | 'POST', url: string, payload?: object) =>
      t.app.inject({ method, url, headers: b.headers, ...(payload ? { payload } : {}) });
    for (const res of [
      await asB('GET', `/api/v1/imports/${id}`),
      await asB('GET', `/api/v1/imports/${id}/rejected.csv`),
      await asB('POST', `/api/v1/imports/${id}/preview`, { mapping: {}, duplicatePolicy: 'skip' }),
      await asB('POST', `/api/v1/imports/${id}/commit`, {}),
    ]) {
      expect(res.statusCode, res.body).toBe(404);
      expect(res.json().code).toBe('NOT_FOUND');
    }
    expect((await asB('GET', '/api/v1/imports')).json().items).toEqual([]);

    const mine = (
      await t.app.inject({ method: 'GET', url: `/api/v1/imports/${id}`, headers: a.headers })
    ).json();
    expect(mine).toMatchObject({ status: 'previewed', counts: { created: 1, rejected: 1, total: 2 } });
    const accountsOf = async (who: Staff) =>
      (await t.app.inject({ method: 'GET', url: '/api/v1/accounts?q=Tenancy', headers: who.headers })).json()
        .items;
    expect(await accountsOf(a)).toEqual([]);
    expect(await accountsOf(b)).toEqual([]);
  });

  it('needs a signed-in user with crm:write to upload', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/imports', payload: {} });
    expect(res.statusCode).toBe(401);
  });
});
