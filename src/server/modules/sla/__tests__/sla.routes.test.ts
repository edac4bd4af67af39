import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../../../test/build-test-app.js';
import { inviteAndAccept, type Staff, signupTenant } from '../../../../../test/factories/staff.js';
import { fixedClock } from '../../../platform/clock.js';

// Thursday 15 January 2026, 12:00 in Israel: the default calendar imports 2026 and 2027 holidays.
const clock = fixedClock('2026-01-15T10:00:00Z');

let t: TestApp;
let owner: Staff;
let agent: Staff;

const as = (
  who: Staff | undefined,
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
  url: string,
  payload?: object,
  headers: Record<string, string> = {},
) =>
  t.app.inject({
    method,
    url,
    headers: { ...(who?.headers ?? {}), ...headers },
    ...(payload ? { payload } : {}),
  });

const SPLIT = [
  ['08:00', '12:30'],
  ['13:00', '17:00'],
];
const calendarBody = (over: object = {}) => ({
  name: 'Support (split shift)',
  timezone: 'Asia/Jerusalem',
  weeklyHours: { sun: SPLIT, mon: SPLIT, tue: SPLIT, wed: SPLIT, thu: [['08:00', '13:00']] },
  holidays: [
    { date: '2026-02-10', name: 'Company day', kind: 'closed' },
    { date: '2026-02-11', name: 'Half day', nameHe: 'חצי יום', kind: 'short', hours: [['09:00', '12:00']] },
  ],
  ...over,
});

beforeAll(async () => {
  t = await buildTestApp({ clock });
  owner = await signupTenant(t.app);
  agent = await inviteAndAccept(t.app, owner, { role: 'agent' });
});
afterAll(() => t.close());

describe('business calendars', () => {
  it('the first GET creates the default calendar (Sun–Thu 08:00–17:00, Asia/Jerusalem) with Israeli holidays', async () => {
    const res = await as(owner, 'GET', '/api/v1/business-calendars');
    expect(res.statusCode, res.body).toBe(200);
    const { items, nextCursor } = res.json();
    expect(nextCursor).toBeNull();
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      name: 'שעות פעילות',
      timezone: 'Asia/Jerusalem',
      isDefault: true,
      version: 1,
      weeklyHours: {
        sun: [['08:00', '17:00']],
        thu: [['08:00', '17:00']],
        fri: [],
        sat: [],
      },
    });
    expect(items[0]).not.toHaveProperty('holidays');
    // Idempotent: a second GET creates nothing more.
    expect((await as(owner, 'GET', '/api/v1/business-calendars')).json().items).toHaveLength(1);

    const one = await as(owner, 'GET', `/api/v1/business-calendars/${items[0].id}`);
    expect(one.statusCode).toBe(200);
    expect(one.headers.etag).toBe('"1"');
    const holidays = one.json().holidays as { date: string; kind: string; source: string }[];
    expect(holidays.find((h) => h.date === '2026-04-22')).toMatchObject({
      name: "Yom HaAtzma'ut",
      nameHe: 'יום העצמאות',
      kind: 'closed',
      source: 'hebcal',
      hours: null,
    });
    expect(holidays.find((h) => h.date === '2026-04-01')).toMatchObject({
      kind: 'short',
      hours: [['08:00', '13:00']],
    });
    // This year's and next year's: 15 days each.
    expect(holidays.filter((h) => h.date.startsWith('2026-'))).toHaveLength(15);
    expect(holidays.filter((h) => h.date.startsWith('2027-')).length).toBeGreaterThan(10);
  });

  it('previews due times on the default calendar (weekend, holidays, offsets in the input)', async () => {
    const [cal] = (await as(owner, 'GET', '/api/v1/business-calendars')).json().items;
    const preview = (start: string, minutes: number) =>
      as(agent, 'POST', `/api/v1/business-calendars/${cal.id}/preview`, { start, minutes });
    // Thursday 16:30 + 60 → Sunday 08:30.
    const res = await preview('2026-01-15T16:30:00+02:00', 60);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ start: '2026-01-15T14:30:00.000Z', due: '2026-01-18T06:30:00.000Z' });
    // Erev Pesach 12:00 + 120 → 60 on the short day, Pesach I closed, Sunday 09:00 (UTC+3).
    expect((await preview('2026-04-01T09:00:00Z', 120)).json().due).toBe('2026-04-05T06:00:00.000Z');
    expect((await preview('2026-04-01T09:00:00Z', 0)).json().due).toBe('2026-04-01T09:00:00.000Z');
    const bad = await preview('next tuesday', 10);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map((e: { path: string }) => e.path)).toEqual(['start']);
    expect((await preview('2026-04-01T09:00:00Z', -5)).statusCode).toBe(400);
  });

  it('creates a calendar with several slots a day and manual holidays (the API contract body)', async () => {
    const res = await as(owner, 'POST', '/api/v1/business-calendars', calendarBody());
    expect(res.statusCode, res.body).toBe(201);
    const cal = res.json();
    expect(cal).toMatchObject({
      name: 'Support (split shift)',
      isDefault: false,
      version: 1,
      weeklyHours: { sun: SPLIT, thu: [['08:00', '13:00']], fri: [], sat: [] },
    });
    expect(cal.holidays).toEqual([
      {
        date: '2026-02-10',
        name: 'Company day',
        nameHe: null,
        kind: 'closed',
        hours: null,
        source: 'manual',
      },
      {
        date: '2026-02-11',
        name: 'Half day',
        nameHe: 'חצי יום',
        kind: 'short',
        hours: [['09:00', '12:00']],
        source: 'manual',
      },
    ]);
    // Sun 8 Feb 12:00 + 60 → 30 before lunch, 30 after → 13:30 local (11:30Z).
    const p1 = await as(owner, 'POST', `/api/v1/business-calendars/${cal.id}/preview`, {
      start: '2026-02-08T10:00:00Z',
      minutes: 60,
    });
    expect(p1.json().due).toBe('2026-02-08T11:30:00.000Z');
    // Mon 9 Feb 16:30 + 60: 30 on Monday, Tue 10 closed, Wed 11 short 09:00–12:00 → 09:30.
    const p2 = await as(owner, 'POST', `/api/v1/business-calendars/${cal.id}/preview`, {
      start: '2026-02-09T14:30:00Z',
      minutes: 60,
    });
    expect(p2.json().due).toBe('2026-02-11T07:30:00.000Z');
  });

  it('rejects a slot that ends before it starts, overlapping slots and an unknown time zone, naming the field', async () => {
    const before = (await as(owner, 'GET', '/api/v1/business-calendars')).json().items.length;
    const errorsOf = async (body: object) => {
      const res = await as(owner, 'POST', '/api/v1/business-calendars', body);
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().code).toBe('VALIDATION_FAILED');
      return res.json().errors as { path: string; message: string }[];
    };
    const backwards = await errorsOf(calendarBody({ weeklyHours: { sun: [['17:00', '08:00']] } }));
    expect(backwards.map((e) => e.path)).toEqual(['weeklyHours.sun.0']);
    expect(backwards[0]?.message).toMatch(/end after it starts/);
    const overlap = await errorsOf(
      calendarBody({
        weeklyHours: {
          mon: [
            ['08:00', '12:00'],
            ['11:30', '17:00'],
          ],
        },
      }),
    );
    expect(overlap.map((e) => e.path)).toEqual(['weeklyHours.mon.1']);
    expect(overlap[0]?.message).toMatch(/overlaps/);
    const tz = await errorsOf(calendarBody({ timezone: 'Asia/Nowhere' }));
    expect(tz.map((e) => e.path)).toEqual(['timezone']);
    const badTime = await errorsOf(calendarBody({ weeklyHours: { sun: [['8am', '17:00']] } }));
    expect(badTime[0]?.path).toMatch(/^weeklyHours\.sun\.0/);
    const never = await errorsOf(calendarBody({ weeklyHours: {} }));
    expect(never.map((e) => e.path)).toEqual(['weeklyHours']);
    const holidays = await errorsOf(
      calendarBody({
        holidays: [
          { date: '2026-02-30', name: 'Nope', kind: 'closed' },
          { date: '2026-03-01', name: 'Closed with hours', kind: 'closed', hours: [['08:00', '10:00']] },
          { date: '2026-03-01', name: 'Twice', kind: 'short' },
        ],
      }),
    );
    // Every bad holiday is named at once: an impossible date, hours on a closed day, a date listed twice.
    expect(holidays.map((e) => e.path)).toEqual(['holidays.0.date', 'holidays.1.hours', 'holidays.2.date']);
    expect((await as(owner, 'GET', '/api/v1/business-calendars')).json().items).toHaveLength(before);
  });

  it('PATCH needs the version it read, validates like POST, and replaces the holiday list', async () => {
    const cal = (
      await as(owner, 'POST', '/api/v1/business-calendars', calendarBody({ name: 'Patch me' }))
    ).json();
    const url = `/api/v1/business-calendars/${cal.id}`;
    expect((await as(owner, 'PATCH', url, { name: 'No version' })).statusCode).toBe(428);
    const bad = await as(
      owner,
      'PATCH',
      url,
      { weeklyHours: { sun: [['12:00', '11:00']] } },
      { 'if-match': '"1"' },
    );
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe('weeklyHours.sun.0');
    const ok = await as(
      owner,
      'PATCH',
      url,
      {
        name: 'Patched',
        timezone: 'Europe/London',
        holidays: [
          {
            date: '2026-02-11',
            name: 'Half day',
            nameHe: 'חצי יום',
            kind: 'short',
            hours: [['09:00', '12:00']],
          },
          { date: '2026-03-15', name: 'Offsite', kind: 'closed' },
        ],
      },
      { 'if-match': '"1"' },
    );
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.headers.etag).toBe('"2"');
    expect(ok.json()).toMatchObject({ name: 'Patched', timezone: 'Europe/London', version: 2 });
    expect(ok.json().holidays.map((h: { date: string }) => h.date)).toEqual(['2026-02-11', '2026-03-15']);
    const stale = await as(owner, 'PATCH', url, { name: 'Stale' }, { 'if-match': '"1"' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({
      code: 'VERSION_CONFLICT',
      current: { name: 'Patched', version: 2 },
    });
  });

  it('making a calendar the default unsets the previous one', async () => {
    const cal = (
      await as(owner, 'POST', '/api/v1/business-calendars', calendarBody({ name: 'New default' }))
    ).json();
    const res = await as(owner, 'PATCH', `/api/v1/business-calendars/${cal.id}`, {
      isDefault: true,
      version: 1,
    });
    expect(res.statusCode, res.body).toBe(200);
    const defaults = (await as(owner, 'GET', '/api/v1/business-calendars?limit=200'))
      .json()
      .items.filter((c: { isDefault: boolean }) => c.isDefault);
    expect(defaults.map((c: { id: string }) => c.id)).toEqual([cal.id]);
    expect(
      (await as(owner, 'PATCH', `/api/v1/business-calendars/${cal.id}`, { isDefault: false, version: 2 }))
        .statusCode,
    ).toBe(400);
  });

  it('imports Israeli holidays idempotently; manual holidays on the same date win', async () => {
    const cal = (
      await as(
        owner,
        'POST',
        '/api/v1/business-calendars',
        calendarBody({
          name: 'Import target',
          holidays: [{ date: '2026-04-01', name: 'Our own Erev Pesach', kind: 'closed' }],
        }),
      )
    ).json();
    const url = `/api/v1/business-calendars/${cal.id}/holidays/import`;
    const first = await as(owner, 'POST', url, { year: 2026, country: 'IL' });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ year: 2026, added: 14, updated: 0, keptManual: 1 });
    const again = await as(owner, 'POST', url, { year: 2026, country: 'IL' });
    expect(again.json()).toMatchObject({ added: 0, updated: 0, keptManual: 1 });
    const holidays = (await as(owner, 'GET', `/api/v1/business-calendars/${cal.id}`)).json().holidays as {
      date: string;
      name: string;
      kind: string;
      source: string;
    }[];
    expect(holidays.filter((h) => h.date.startsWith('2026-04-01'))).toEqual([
      expect.objectContaining({ name: 'Our own Erev Pesach', kind: 'closed', source: 'manual' }),
    ]);
    expect(new Set(holidays.map((h) => h.date)).size).toBe(holidays.length);
    expect(holidays.filter((h) => h.source === 'hebcal')).toHaveLength(14);
    // Different eve hours refresh the imported short days only.
    const longer = await as(owner, 'POST', url, {
      year: 2026,
      country: 'IL',
      shortHours: [['08:00', '14:00']],
    });
    expect(longer.json()).toMatchObject({ added: 0, updated: 5, keptManual: 1 });
    const bad = await as(owner, 'POST', url, { year: 2026, country: 'US' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe('country');
  });

  it('deletes to the trash and restores; the default calendar and one in use cannot be deleted', async () => {
    const [def] = (await as(owner, 'GET', '/api/v1/business-calendars?limit=200'))
      .json()
      .items.filter((c: { isDefault: boolean }) => c.isDefault);
    const delDefault = await as(owner, 'DELETE', `/api/v1/business-calendars/${def.id}`);
    expect(delDefault.statusCode).toBe(409);
    expect(delDefault.json().code).toBe('CALENDAR_IN_USE');

    const used = (
      await as(owner, 'POST', '/api/v1/business-calendars', calendarBody({ name: 'Used' }))
    ).json();
    const policy = await as(owner, 'POST', '/api/v1/sla-policies', {
      name: 'Uses a calendar',
      targets: { normal: { firstResponse: 30 } },
      calendarId: used.id,
    });
    expect(policy.statusCode, policy.body).toBe(201);
    expect((await as(owner, 'DELETE', `/api/v1/business-calendars/${used.id}`)).json().code).toBe(
      'CALENDAR_IN_USE',
    );

    const spare = (
      await as(owner, 'POST', '/api/v1/business-calendars', calendarBody({ name: 'Spare' }))
    ).json();
    expect((await as(owner, 'DELETE', `/api/v1/business-calendars/${spare.id}`)).statusCode).toBe(204);
    expect((await as(owner, 'GET', `/api/v1/business-calendars/${spare.id}`)).statusCode).toBe(404);
    const trash = (await as(owner, 'GET', '/api/v1/business-calendars?includeDeleted=true')).json().items;
    expect(trash.map((c: { id: string }) => c.id)).toEqual([spare.id]);
    const restored = await as(owner, 'POST', `/api/v1/business-calendars/${spare.id}/restore`);
    expect(restored.statusCode).toBe(200);
    expect(restored.json()).toMatchObject({ deletedAt: null, isDefault: false });
  });

  it('pages the list with a cursor', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/api/v1/business-calendars?limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page = (await as(owner, 'GET', url)).json();
      seen.push(...page.items.map((c: { id: string }) => c.id));
      cursor = page.nextCursor;
    } while (cursor);
    const all = (await as(owner, 'GET', '/api/v1/business-calendars?limit=200')).json().items;
    expect(seen).toEqual(all.map((c: { id: string }) => c.id));
    expect(seen.length).toBeGreaterThan(3);
    expect((await as(owner, 'GET', '/api/v1/business-calendars?cursor=garbage')).statusCode).toBe(400);
  });
});

describe('SLA policies', () => {
  it('the first GET creates the default policy set (urgent 60/120/480 … low 960/1920/5760)', async () => {
    const fresh = await signupTenant(t.app);
    const res = await as(fresh, 'GET', '/api/v1/sla-policies');
    expect(res.statusCode, res.body).toBe(200);
    const { items } = res.json();
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      position: 0,
      active: true,
      conditions: {},
      pauseStatuses: ['pending_customer', 'on_hold'],
      warnAtPercent: 80,
      calendarId: null,
      targets: {
        urgent: { firstResponse: 60, nextResponse: 120, resolution: 480 },
        high: { firstResponse: 240, nextResponse: 480, resolution: 1440 },
        normal: { firstResponse: 480, nextResponse: 960, resolution: 2880 },
        low: { firstResponse: 960, nextResponse: 1920, resolution: 5760 },
      },
    });
    expect((await as(fresh, 'GET', '/api/v1/sla-policies')).json().items).toHaveLength(1);
  });

  it('creates, updates, reorders and deletes policies', async () => {
    const fresh = await signupTenant(t.app);
    const [def] = (await as(fresh, 'GET', '/api/v1/sla-policies')).json().items;
    const created = await as(fresh, 'POST', '/api/v1/sla-policies', {
      name: 'VIP',
      conditions: { tiers: ['gold'], priorities: ['urgent', 'high'] },
      targets: { urgent: { firstResponse: 15, resolution: 240 }, high: { firstResponse: 60 } },
      warnAtPercent: 75,
    });
    expect(created.statusCode, created.body).toBe(201);
    const vip = created.json();
    expect(vip).toMatchObject({ position: 1, version: 1, pauseStatuses: ['pending_customer', 'on_hold'] });

    const patched = await as(
      fresh,
      'PATCH',
      `/api/v1/sla-policies/${vip.id}`,
      { pauseStatuses: ['pending_customer'], active: false },
      { 'if-match': '"1"' },
    );
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json()).toMatchObject({ pauseStatuses: ['pending_customer'], active: false, version: 2 });
    expect(
      (await as(fresh, 'PATCH', `/api/v1/sla-policies/${vip.id}`, { name: 'x' }, { 'if-match': '"1"' }))
        .statusCode,
    ).toBe(409);

    const order = await as(fresh, 'PUT', '/api/v1/sla-policies/order', { ids: [vip.id, def.id] });
    expect(order.statusCode, order.body).toBe(200);
    const listed = (await as(fresh, 'GET', '/api/v1/sla-policies')).json().items;
    expect(listed.map((p: { id: string; position: number }) => [p.id, p.position])).toEqual([
      [vip.id, 0],
      [def.id, 1],
    ]);
    const incomplete = await as(fresh, 'PUT', '/api/v1/sla-policies/order', { ids: [vip.id] });
    expect(incomplete.statusCode).toBe(400);
    expect(incomplete.json().errors[0].path).toBe('ids');

    expect((await as(fresh, 'DELETE', `/api/v1/sla-policies/${vip.id}`)).statusCode).toBe(204);
    expect((await as(fresh, 'GET', `/api/v1/sla-policies/${vip.id}`)).statusCode).toBe(404);
    expect((await as(fresh, 'GET', '/api/v1/sla-policies')).json().items).toHaveLength(1);
    // Deleting every policy does not bring the defaults back.
    expect((await as(fresh, 'DELETE', `/api/v1/sla-policies/${def.id}`)).statusCode).toBe(204);
    expect((await as(fresh, 'GET', '/api/v1/sla-policies')).json().items).toHaveLength(0);
    const restored = await as(fresh, 'POST', `/api/v1/sla-policies/${vip.id}/restore`);
    expect(restored.json()).toMatchObject({ deletedAt: null, position: 0 });
  });

  it('rejects bad policies naming the field', async () => {
    const errorsOf = async (body: object) => {
      const res = await as(owner, 'POST', '/api/v1/sla-policies', body);
      expect(res.statusCode, res.body).toBe(400);
      return res.json().errors.map((e: { path: string }) => e.path);
    };
    expect(
      await errorsOf({ name: 'x', targets: {}, calendarId: '0190a8d2-0000-7000-8000-000000000000' }),
    ).toEqual(['calendarId']);
    expect(await errorsOf({ name: 'x', targets: {}, warnAtPercent: 150 })).toEqual(['warnAtPercent']);
    expect(await errorsOf({ name: 'x', targets: { normal: { firstResponse: 0 } } })).toEqual([
      'targets.normal.firstResponse',
    ]);
    expect(await errorsOf({ name: 'x', targets: {}, pauseStatuses: ['solved'] })).toEqual([
      'pauseStatuses.0',
    ]);
  });
});

describe('permissions', () => {
  it('agents read calendars and policies and preview, but only settings:manage may change them', async () => {
    const [cal] = (await as(agent, 'GET', '/api/v1/business-calendars')).json().items;
    expect(cal).toBeDefined();
    expect((await as(agent, 'GET', `/api/v1/business-calendars/${cal.id}`)).statusCode).toBe(200);
    const [policy] = (await as(agent, 'GET', '/api/v1/sla-policies')).json().items;
    expect((await as(agent, 'GET', `/api/v1/sla-policies/${policy.id}`)).statusCode).toBe(200);
    const writes = [
      await as(agent, 'POST', '/api/v1/business-calendars', calendarBody()),
      await as(agent, 'PATCH', `/api/v1/business-calendars/${cal.id}`, { name: 'x', version: 1 }),
      await as(agent, 'DELETE', `/api/v1/business-calendars/${cal.id}`),
      await as(agent, 'POST', `/api/v1/business-calendars/${cal.id}/holidays/import`, {
        year: 2026,
        country: 'IL',
      }),
      await as(agent, 'POST', '/api/v1/sla-policies', { name: 'x', targets: {} }),
      await as(agent, 'PATCH', `/api/v1/sla-policies/${policy.id}`, { name: 'x', version: 1 }),
      await as(agent, 'DELETE', `/api/v1/sla-policies/${policy.id}`),
      await as(agent, 'PUT', '/api/v1/sla-policies/order', { ids: [policy.id] }),
    ];
    for (const r of writes) expect(r.statusCode, r.body).toBe(403);
    expect((await as(owner, 'GET', `/api/v1/sla-policies/${policy.id}`)).json().deletedAt).toBeNull();
  });

  it('anonymous callers get 401; an API key with tickets:read may read but not write', async () => {
    expect((await as(undefined, 'GET', '/api/v1/business-calendars')).statusCode).toBe(401);
    expect((await as(undefined, 'GET', '/api/v1/sla-policies')).statusCode).toBe(401);
    const keyRes = await as(owner, 'POST', '/api/v1/api-keys', {
      name: 'helpdesk',
      scopes: ['tickets:read'],
    });
    expect(keyRes.statusCode, keyRes.body).toBe(201);
    const bearer = { authorization: `Bearer ${keyRes.json().key}` };
    expect((await as(undefined, 'GET', '/api/v1/sla-policies', undefined, bearer)).statusCode).toBe(200);
    expect(
      (await as(undefined, 'POST', '/api/v1/sla-policies', { name: 'x', targets: {} }, bearer)).statusCode,
    ).toBe(401);
  });
});
