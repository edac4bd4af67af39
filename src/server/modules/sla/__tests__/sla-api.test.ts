// The module's public API as the tickets module will use it: inside its own tenant transaction.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../../../test/build-test-app.js';
import { type Staff, signupTenant } from '../../../../../test/factories/staff.js';
import type { Tx } from '../../../platform/db/database.js';
import {
  addBusinessMinutes,
  ensureDefaultCalendar,
  ensureDefaultPolicies,
  loadCalendar,
  planSla,
  resolveSla,
} from '../index.js';

let t: TestApp;
let owner: Staff;
beforeAll(async () => {
  t = await buildTestApp();
  owner = await signupTenant(t.app);
});
afterAll(() => t.close());

const inTenant = <T>(who: Staff, fn: (tx: Tx) => Promise<T>) =>
  t.database.tenantTx({ role: 'staff', tenantId: who.tenant.id }, fn);

describe('SLA public API', () => {
  it('resolveSla creates the defaults on first use and returns the policy and calendar to plan with', async () => {
    const now = new Date('2026-04-01T09:00:00Z'); // Erev Pesach, 12:00 in Israel
    const resolved = await inTenant(owner, (tx) =>
      resolveSla(tx, { tenantId: owner.tenant.id, now, ticket: { priority: 'urgent', channel: 'email' } }),
    );
    expect(resolved).not.toBeNull();
    if (!resolved) return;
    expect(resolved.policy.targets.urgent).toEqual({ firstResponse: 60, nextResponse: 120, resolution: 480 });
    expect(resolved.calendar.timezone).toBe('Asia/Jerusalem');
    expect(resolved.calendar.holidays.get('2026-04-02')).toMatchObject({ kind: 'closed' });
    const plan = planSla({
      policy: resolved.policy,
      calendar: resolved.calendar,
      priority: 'urgent',
      events: [{ type: 'created', at: now }],
      now,
    });
    // 60 minutes on the short eve (12:00–13:00) → due 13:00 that day.
    expect(plan.targets.firstResponse?.dueAt.toISOString()).toBe('2026-04-01T10:00:00.000Z');
    // 480: 60 on the eve, Pesach I closed, weekend, Sun 5 Apr 08:00 + 420 → 15:00 (UTC+3).
    expect(plan.targets.resolution?.dueAt.toISOString()).toBe('2026-04-05T12:00:00.000Z');
  });

  it('the defaults are created once, and the first matching policy by position wins', async () => {
    const fresh = await signupTenant(t.app);
    const now = new Date('2026-01-15T10:00:00Z');
    const ids = await inTenant(fresh, async (tx) => {
      const c1 = await ensureDefaultCalendar(tx, fresh.tenant.id, now);
      const c2 = await ensureDefaultCalendar(tx, fresh.tenant.id, now);
      await ensureDefaultPolicies(tx, fresh.tenant.id, now);
      await ensureDefaultPolicies(tx, fresh.tenant.id, now);
      return [c1.id, c2.id];
    });
    expect(ids[0]).toBe(ids[1]);
    const cal = (
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/business-calendars',
        headers: fresh.headers,
        payload: {
          name: '24/7',
          weeklyHours: Object.fromEntries(
            ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'].map((d) => [d, [['00:00', '24:00']]]),
          ),
        },
      })
    ).json();
    const vip = await t.app.inject({
      method: 'POST',
      url: '/api/v1/sla-policies',
      headers: fresh.headers,
      payload: {
        name: 'VIP 24/7',
        position: 0,
        conditions: { tiers: ['gold'] },
        targets: { normal: { firstResponse: 30 } },
        calendarId: cal.id,
      },
    });
    expect(vip.statusCode, vip.body).toBe(201);
    // The default policy sits at position 0 too; order them explicitly.
    const all = (
      await t.app.inject({ method: 'GET', url: '/api/v1/sla-policies', headers: fresh.headers })
    ).json().items;
    const def = all.find((p: { id: string }) => p.id !== vip.json().id);
    await t.app.inject({
      method: 'PUT',
      url: '/api/v1/sla-policies/order',
      headers: fresh.headers,
      payload: { ids: [vip.json().id, def.id] },
    });
    const [gold, plain] = await inTenant(fresh, async (tx) => [
      await resolveSla(tx, { tenantId: fresh.tenant.id, now, ticket: { priority: 'normal', tier: 'gold' } }),
      await resolveSla(tx, {
        tenantId: fresh.tenant.id,
        now,
        ticket: { priority: 'normal', tier: 'standard' },
      }),
    ]);
    expect(gold?.policy.name).toBe('VIP 24/7');
    expect(gold?.calendar.id).toBe(cal.id);
    // Saturday counts on a round-the-clock calendar.
    const sat = new Date('2026-01-17T10:00:00Z');
    expect(gold && addBusinessMinutes(gold.calendar, sat, 30).toISOString()).toBe('2026-01-17T10:30:00.000Z');
    expect(plain?.policy.id).toBe(def.id);
    expect(plain?.calendar.id).toBe(ids[0]);
  });

  it('the default calendar takes the year in Israel (31 Dec 23:30 UTC is already 1 Jan there)', async () => {
    const fresh = await signupTenant(t.app);
    const cal = await inTenant(fresh, async (tx) => {
      const row = await ensureDefaultCalendar(tx, fresh.tenant.id, new Date('2026-12-31T23:30:00Z'));
      return loadCalendar(tx, row.id);
    });
    const years = new Set([...cal.holidays.keys()].map((d) => d.slice(0, 4)));
    expect([...years].sort()).toEqual(['2027', '2028']);
  });
});
