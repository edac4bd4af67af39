import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../../../test/build-test-app.js';
import { type Staff, signupTenant } from '../../../../../test/factories/staff.js';
import { CARD_PANELS, DEFAULT_HEALTH_RULES } from '../../../../shared/crm/card.schemas.js';

let t: TestApp;
let a: Staff;
let b: Staff;
const ids = { accountA: '', accountA2: '', contactA: '', accountB: '', contactB: '' };

const call = (who: Staff, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
  t.app.inject({ method, url: `/api/v1${url}`, headers: who.headers, ...(payload ? { payload } : {}) });
const created = async (who: Staff, url: string, payload: object) => {
  const res = await call(who, 'POST', url, payload);
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
};

beforeAll(async () => {
  t = await buildTestApp();
  a = await signupTenant(t.app);
  b = await signupTenant(t.app);
  ids.accountA = await created(a, '/accounts', { name: 'A Customer', phones: ['+972502345678'] });
  ids.accountA2 = await created(a, '/accounts', { name: 'A Duplicate' });
  ids.contactA = await created(a, '/contacts', { firstName: 'Dana', accountId: ids.accountA });
  ids.accountB = await created(b, '/accounts', { name: 'B Customer' });
  ids.contactB = await created(b, '/contacts', { firstName: 'Beni', accountId: ids.accountB });
  await created(a, '/tasks', { title: 'A task', accountId: ids.accountA });
});
afterAll(() => t.close());

describe('customer card and merge tenancy', () => {
  it("another tenant's card is 404", async () => {
    expect((await call(b, 'GET', `/accounts/${ids.accountA}/card`)).statusCode).toBe(404);
    expect((await call(a, 'GET', `/accounts/${ids.accountA}/card`)).statusCode).toBe(200);
  });

  it("cannot merge another tenant's record in either direction; nothing changes", async () => {
    const cases = [
      [b, `/accounts/${ids.accountB}/merge`, ids.accountA],
      [b, `/accounts/${ids.accountA}/merge`, ids.accountB],
      [b, `/accounts/${ids.accountA}/merge`, ids.accountA2],
      [b, `/contacts/${ids.contactB}/merge`, ids.contactA],
      [b, `/contacts/${ids.contactA}/merge`, ids.contactB],
    ] as const;
    for (const [who, url, sourceId] of cases) {
      const res = await call(who, 'POST', url, { sourceId, version: 1 });
      expect(res.statusCode, `${url} ← ${sourceId}`).toBe(404);
    }
    const card = (await call(a, 'GET', `/accounts/${ids.accountA}/card`)).json();
    expect(card.account).toMatchObject({ name: 'A Customer', version: 1, deletedAt: null });
    expect(card.contacts.map((c: { id: string }) => c.id)).toEqual([ids.contactA]);
    expect(card.openTasks).toHaveLength(1);
    expect((await call(a, 'GET', `/accounts/${ids.accountA2}`)).json().deletedAt).toBeNull();
    expect((await call(b, 'GET', `/accounts/${ids.accountB}`)).json()).toMatchObject({ version: 1 });
    expect((await call(b, 'GET', `/contacts/${ids.contactB}`)).json().deletedAt).toBeNull();
  });

  it('health rules and card layout are per tenant', async () => {
    const rules = { ...DEFAULT_HEALTH_RULES, overdueTasks: { enabled: false, yellowAt: 1, redAt: 3 } };
    const layout = { panels: [...CARD_PANELS].reverse().map((id) => ({ id, visible: true })) };
    expect((await call(b, 'PUT', '/settings/health-rules', rules)).statusCode).toBe(200);
    expect((await call(b, 'PUT', '/settings/card-layout', layout)).statusCode).toBe(200);
    expect((await call(a, 'GET', '/settings/health-rules')).json()).toEqual(DEFAULT_HEALTH_RULES);
    expect((await call(a, 'GET', '/settings/card-layout')).json().panels[0].id).toBe('header');
    expect((await call(b, 'GET', '/settings/card-layout')).json()).toEqual(layout);
  });
});
