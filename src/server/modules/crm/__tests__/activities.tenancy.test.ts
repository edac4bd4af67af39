import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../../../test/build-test-app.js';
import { type Staff, signupTenant } from '../../../../../test/factories/staff.js';

let t: TestApp;
let a: Staff;
let b: Staff;
let activity: { id: string };
let accountA: string;
let contactA: string;

const as = (
  who: Staff,
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  url: string,
  payload?: object,
  headers = {},
) => t.app.inject({ method, url, headers: { ...who.headers, ...headers }, ...(payload ? { payload } : {}) });

beforeAll(async () => {
  t = await buildTestApp();
  a = await signupTenant(t.app);
  b = await signupTenant(t.app);
  accountA = (await as(a, 'POST', '/api/v1/accounts', { name: 'A only' })).json().id;
  contactA = (await as(a, 'POST', '/api/v1/contacts', { firstName: 'Only A', accountId: accountA })).json()
    .id;
  activity = (
    await as(a, 'POST', '/api/v1/activities', { kind: 'call', accountId: accountA, body: 'Secret call' })
  ).json();
});
afterAll(() => t.close());

describe('activities across tenants', () => {
  it('another tenant gets 404 on every route of an activity and changes nothing', async () => {
    const attempts = [
      await as(b, 'GET', `/api/v1/activities/${activity.id}`),
      await as(b, 'PATCH', `/api/v1/activities/${activity.id}`, { body: 'Hijacked' }, { 'if-match': '"1"' }),
      await as(b, 'DELETE', `/api/v1/activities/${activity.id}`),
    ];
    for (const r of attempts) expect(r.statusCode, r.body).toBe(404);
    expect((await as(b, 'GET', '/api/v1/activities')).json().items).toEqual([]);
    expect((await as(b, 'GET', `/api/v1/activities?accountId=${accountA}`)).json().items).toEqual([]);
    const mine = (await as(a, 'GET', `/api/v1/activities/${activity.id}`)).json();
    expect(mine).toMatchObject({ body: 'Secret call', version: 1, deletedAt: null });
  });

  it("logging against another tenant's account or contact is a 400, and touches nothing there", async () => {
    const res = await as(b, 'POST', '/api/v1/activities', {
      kind: 'call',
      accountId: accountA,
      contactId: contactA,
      body: 'Poach',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors.map((e: { path: string }) => e.path)).toEqual(['accountId', 'contactId']);
    const tl = (await as(a, 'GET', `/api/v1/timeline?accountId=${accountA}`)).json();
    expect(tl.items.map((e: { summary: string | null }) => e.summary)).not.toContain('Poach');
    expect((await as(a, 'GET', `/api/v1/contacts/${contactA}`)).json().lastContactedAt).toBeNull();
    expect((await as(b, 'GET', `/api/v1/timeline?accountId=${accountA}`)).json().items).toEqual([]);
  });
});
