import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../../../test/build-test-app.js';
import { type Staff, signupTenant } from '../../../../../test/factories/staff.js';
import { fixedClock } from '../../../platform/clock.js';
import { calendarHolidays, slaPolicies } from '../index.js';

let t: TestApp;
let a: Staff;
let b: Staff;
let calA: { id: string; version: number };
let policyA: { id: string };

const as = (
  who: Staff,
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
  url: string,
  payload?: object,
  headers = {},
) => t.app.inject({ method, url, headers: { ...who.headers, ...headers }, ...(payload ? { payload } : {}) });

beforeAll(async () => {
  t = await buildTestApp({ clock: fixedClock('2026-01-15T10:00:00Z') });
  a = await signupTenant(t.app);
  b = await signupTenant(t.app);
  const res = await as(a, 'POST', '/api/v1/business-calendars', {
    name: 'A calendar',
    timezone: 'Asia/Jerusalem',
    weeklyHours: { sun: [['08:00', '17:00']] },
    holidays: [{ date: '2026-02-10', name: 'A day off', kind: 'closed' }],
  });
  expect(res.statusCode, res.body).toBe(201);
  calA = res.json();
  const p = await as(a, 'POST', '/api/v1/sla-policies', {
    name: 'A policy',
    targets: { normal: { firstResponse: 30 } },
    calendarId: calA.id,
  });
  expect(p.statusCode, p.body).toBe(201);
  policyA = p.json();
});
afterAll(() => t.close());

describe('business calendars and SLA policies across tenants', () => {
  it('another tenant gets 404 on every route of a calendar and changes nothing', async () => {
    const url = `/api/v1/business-calendars/${calA.id}`;
    const attempts = [
      await as(b, 'GET', url),
      await as(b, 'PATCH', url, { name: 'Hijacked' }, { 'if-match': '"1"' }),
      await as(b, 'DELETE', url),
      await as(b, 'POST', `${url}/restore`),
      await as(b, 'POST', `${url}/holidays/import`, { year: 2026, country: 'IL' }),
      await as(b, 'POST', `${url}/preview`, { start: '2026-01-18T06:00:00Z', minutes: 60 }),
    ];
    for (const r of attempts) expect(r.statusCode, r.body).toBe(404);
    const listB = (await as(b, 'GET', '/api/v1/business-calendars')).json().items;
    expect(listB.map((c: { id: string }) => c.id)).not.toContain(calA.id);
    expect(listB).toHaveLength(1); // B's own default only

    const mine = (await as(a, 'GET', `/api/v1/business-calendars/${calA.id}`)).json();
    expect(mine).toMatchObject({ name: 'A calendar', version: 1, deletedAt: null });
    expect(mine.holidays.map((h: { date: string }) => h.date)).toEqual(['2026-02-10']);
  });

  it('another tenant gets 404 on a policy, cannot reorder it or point a policy at A’s calendar', async () => {
    const url = `/api/v1/sla-policies/${policyA.id}`;
    const attempts = [
      await as(b, 'GET', url),
      await as(b, 'PATCH', url, { name: 'Hijacked' }, { 'if-match': '"1"' }),
      await as(b, 'DELETE', url),
      await as(b, 'POST', `${url}/restore`),
    ];
    for (const r of attempts) expect(r.statusCode, r.body).toBe(404);
    const reorder = await as(b, 'PUT', '/api/v1/sla-policies/order', { ids: [policyA.id] });
    expect(reorder.statusCode).toBe(400);
    const borrow = await as(b, 'POST', '/api/v1/sla-policies', {
      name: 'Borrowing',
      targets: {},
      calendarId: calA.id,
    });
    expect(borrow.statusCode).toBe(400);
    expect(borrow.json().errors[0].path).toBe('calendarId');
    const listB = (await as(b, 'GET', '/api/v1/sla-policies')).json().items;
    expect(listB.map((p: { id: string }) => p.id)).not.toContain(policyA.id);

    const mine = (await as(a, 'GET', url)).json();
    expect(mine).toMatchObject({ name: 'A policy', version: 1, deletedAt: null, calendarId: calA.id });
  });

  it('row-level security hides A’s rows from B’s transactions even without a where clause', async () => {
    const rows = await t.database.tenantTx({ role: 'staff', tenantId: b.tenant.id }, async (tx) => ({
      holidays: await tx.select().from(calendarHolidays),
      policies: await tx.select().from(slaPolicies),
    }));
    expect(rows.holidays.every((h) => h.tenantId === b.tenant.id)).toBe(true);
    expect(rows.holidays.some((h) => h.calendarId === calA.id)).toBe(false);
    expect(rows.policies.every((p) => p.tenantId === b.tenant.id)).toBe(true);
  });
});
