import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../../../test/build-test-app.js';
import { inviteAndAccept, type Staff, signupTenant } from '../../../../../test/factories/staff.js';
import { CARD_PANELS, DEFAULT_HEALTH_RULES } from '../../../../shared/crm/card.schemas.js';
import { fixedClock } from '../../../platform/clock.js';

const T0 = '2026-03-01T10:00:00.000Z';
const DAY = 86_400_000;
const clock = fixedClock(T0);

let t: TestApp;
let owner: Staff;
let agent: Staff;
beforeAll(async () => {
  // Sessions must outlive the months the clock is moved forward.
  t = await buildTestApp({
    clock,
    config: { sessionIdleMs: 1000 * DAY, sessionAbsoluteMs: 1000 * DAY },
  });
  owner = await signupTenant(t.app);
  agent = await inviteAndAccept(t.app, owner, { role: 'agent' });
});
afterAll(() => t.close());

type Reason = { code: string; severity: string; message: string; messageHe: string };

const api = async (method: 'GET' | 'POST' | 'PUT' | 'PATCH', url: string, payload?: object, who = owner) => {
  const res = await t.app.inject({
    method,
    url: `/api/v1${url}`,
    headers: who.headers,
    ...(payload ? { payload } : {}),
  });
  return res;
};
const ok = async (method: 'GET' | 'POST' | 'PUT' | 'PATCH', url: string, payload?: object, who = owner) => {
  const res = await api(method, url, payload, who);
  expect(res.statusCode, `${method} ${url}: ${res.body}`).toBeLessThan(300);
  return res.json();
};
const newAccount = async (name: string) => (await ok('POST', '/accounts', { name })).id as string;
const card = (id: string) => ok('GET', `/accounts/${id}/card`);
const health = async (id: string) => (await card(id)).health as { light: string; reasons: Reason[] };
const at = (ms: number) => new Date(Date.parse(T0) + ms).toISOString();

describe('GET /api/v1/accounts/:id/card', () => {
  it('returns the account with its people, open tasks, last calls, open deals, timeline, layout and fields', async () => {
    clock.set(T0);
    await ok('POST', '/custom-fields', {
      entity: 'account',
      key: 'contract_end',
      type: 'date',
      labelHe: 'סיום חוזה',
      labelEn: 'Contract end',
    });
    const id = await newAccount('כרטיס לקוח בע"מ');
    const dana = await ok('POST', '/contacts', {
      firstName: 'דנה',
      lastName: 'כהן',
      accountId: id,
      phones: ['+972502345678'],
    });
    await ok('POST', '/contacts', { firstName: 'Avi', lastName: 'Levi', accountId: id });
    // 12 open tasks due over the next days (soonest first on the card, 10 of them), one done.
    for (let i = 12; i >= 1; i--) {
      await ok('POST', '/tasks', { title: `Task ${i}`, accountId: id, dueAt: at(i * DAY) });
    }
    const done = await ok('POST', '/tasks', { title: 'Done task', accountId: id, dueAt: at(DAY / 2) });
    await ok('POST', `/tasks/${done.id}/complete`, {});
    // 7 calls and a meeting: the card shows the 5 latest calls.
    for (let i = 1; i <= 7; i++) {
      await ok('POST', '/activities', {
        kind: 'call',
        accountId: id,
        direction: 'outbound',
        subject: `Call ${i}`,
        occurredAt: at(-i * 3_600_000),
        outcome: 'answered',
      });
    }
    await ok('POST', '/activities', {
      kind: 'meeting',
      accountId: id,
      subject: 'Visit',
      occurredAt: at(-60_000),
    });
    await ok('POST', '/deals', {
      name: 'Renewal',
      accountId: id,
      amount: '12500',
      expectedCloseDate: '2026-04-01',
    });

    const c = await card(id);
    expect(c.account).toMatchObject({ id, name: 'כרטיס לקוח בע"מ' });
    expect(c.contacts.map((p: { fullName: string }) => p.fullName).sort()).toEqual(['Avi Levi', 'דנה כהן']);
    expect(c.contacts.find((p: { id: string }) => p.id === dana.id)).toMatchObject({
      phones: [{ e164: '+972502345678' }],
      isPrimary: true,
    });
    expect(c.openTasks.map((x: { title: string }) => x.title)).toEqual(
      Array.from({ length: 10 }, (_, i) => `Task ${i + 1}`),
    );
    expect(c.lastCalls.map((x: { subject: string }) => x.subject)).toEqual([
      'Call 1',
      'Call 2',
      'Call 3',
      'Call 4',
      'Call 5',
    ]);
    expect(c.openDeals).toHaveLength(1);
    expect(c.openDeals[0]).toMatchObject({ name: 'Renewal', accountName: 'כרטיס לקוח בע"מ' });
    expect(c.openTickets).toEqual([]);
    expect(c.timeline.items.length).toBeGreaterThan(5);
    const times = c.timeline.items.map((e: { occurredAt: string }) => e.occurredAt);
    expect(times).toEqual([...times].sort().reverse());
    // Entries the owner made name the owner; the same name the timeline API gives.
    const names = new Set(c.timeline.items.map((e: { actorName: string | null }) => e.actorName));
    expect(names).toContain(owner.user.name);
    expect(
      c.timeline.items.every((e: { actorKind: string; actorName: string | null }) =>
        e.actorKind === 'user' ? e.actorName !== null : e.actorName === null,
      ),
    ).toBe(true);
    expect(c.layout.panels.map((p: { id: string }) => p.id)).toEqual([...CARD_PANELS]);
    expect(c.customFieldDefs.map((d: { key: string }) => d.key)).toEqual(['contract_end']);
    expect(c.health).toEqual({ light: 'green', reasons: [] });
  });

  it('turns yellow with one overdue task and red with three', async () => {
    clock.set(T0);
    const id = await newAccount('Overdue Tasks Ltd');
    const task = (title: string) => ok('POST', '/tasks', { title, accountId: id, dueAt: at(DAY) });
    await task('one');
    expect((await health(id)).light).toBe('green');
    clock.set(at(2 * DAY));
    // A fresh call keeps "days since contact" out of the picture.
    await ok('POST', '/activities', { kind: 'call', accountId: id, outcome: 'answered' });
    expect(await health(id)).toEqual({
      light: 'yellow',
      reasons: [
        {
          code: 'overdue_tasks',
          severity: 'yellow',
          message: '1 overdue task',
          messageHe: 'משימה אחת באיחור',
        },
      ],
    });
    await task('two');
    await task('three');
    const h = await health(id);
    expect(h.light).toBe('red');
    expect(h.reasons).toEqual([
      { code: 'overdue_tasks', severity: 'red', message: '3 overdue tasks', messageHe: '3 משימות באיחור' },
    ]);
  });

  it('counts days since the last customer-facing contact: > 30 yellow, > 90 red; notes do not count', async () => {
    clock.set(T0);
    const id = await newAccount('Quiet Customer');
    expect((await health(id)).light).toBe('green');
    clock.set(at(31 * DAY));
    let h = await health(id);
    expect(h.light).toBe('yellow');
    expect(h.reasons[0]).toMatchObject({ code: 'no_recent_contact', severity: 'yellow' });
    expect(h.reasons[0]?.message).toContain('31 days');
    // An internal note is not contact with the customer.
    await ok('POST', '/activities', { kind: 'note', accountId: id, body: 'Thinking about them' });
    expect((await health(id)).light).toBe('yellow');
    await ok('POST', '/activities', {
      kind: 'email',
      accountId: id,
      subject: 'Hello',
      direction: 'outbound',
    });
    expect((await health(id)).light).toBe('green');
    clock.set(at((31 + 91) * DAY));
    h = await health(id);
    expect(h.light).toBe('red');
    expect(h.reasons[0]).toMatchObject({ code: 'no_recent_contact', severity: 'red' });
    expect(h.reasons[0]?.messageHe).toContain('91');
  });

  it('a contact of the account being called counts as contact with the account', async () => {
    clock.set(T0);
    const id = await newAccount('Through Its People');
    const person = await ok('POST', '/contacts', { firstName: 'Noa', accountId: id });
    clock.set(at(40 * DAY));
    expect((await health(id)).light).toBe('yellow');
    await ok('POST', '/activities', { kind: 'call', contactId: person.id, outcome: 'answered' });
    expect((await health(id)).light).toBe('green');
  });

  it('flags deals past their expected close date and an inactive status as yellow', async () => {
    clock.set('2026-05-10T09:00:00.000Z');
    const id = await newAccount('Late Deals');
    await ok('POST', '/deals', { name: 'On time', accountId: id, expectedCloseDate: '2026-05-10' });
    expect((await health(id)).light).toBe('green');
    await ok('POST', '/deals', { name: 'Late', accountId: id, expectedCloseDate: '2026-05-09' });
    let h = await health(id);
    expect(h.light).toBe('yellow');
    expect(h.reasons.map((r) => r.code)).toEqual(['overdue_deals']);
    await ok('PATCH', `/accounts/${id}`, { status: 'inactive', version: 1 });
    h = await health(id);
    expect(h.reasons.map((r) => r.code).sort()).toEqual(['inactive', 'overdue_deals']);
    expect(h.light).toBe('yellow');
  });

  it('answers 404 for an unknown account', async () => {
    const res = await api('GET', '/accounts/01900000-0000-7000-8000-000000000000/card');
    expect(res.statusCode).toBe(404);
  });
});

describe('health rules settings', () => {
  it('staff read the defaults; only admins change them; the card follows the rules', async () => {
    expect(await ok('GET', '/settings/health-rules', undefined, agent)).toEqual(DEFAULT_HEALTH_RULES);
    clock.set(T0);
    const id = await newAccount('Rules Follow');
    await ok('POST', '/tasks', { title: 'late', accountId: id, dueAt: at(-DAY) });
    expect((await health(id)).light).toBe('yellow');

    const rules = { ...DEFAULT_HEALTH_RULES, overdueTasks: { enabled: true, yellowAt: 2, redAt: 4 } };
    expect((await api('PUT', '/settings/health-rules', rules, agent)).statusCode).toBe(403);
    expect(await ok('PUT', '/settings/health-rules', rules)).toEqual(rules);
    expect(await ok('GET', '/settings/health-rules', undefined, agent)).toEqual(rules);
    expect((await health(id)).light).toBe('green');

    const off = { ...rules, overdueTasks: { ...rules.overdueTasks, enabled: false } };
    await ok('PUT', '/settings/health-rules', off);
    await ok('POST', '/tasks', { title: 'late 2', accountId: id, dueAt: at(-DAY) });
    expect((await health(id)).light).toBe('green');
    await ok('PUT', '/settings/health-rules', DEFAULT_HEALTH_RULES);
  });

  it('rejects thresholds out of order or out of range with 400 naming the field', async () => {
    const bad = await api('PUT', '/settings/health-rules', {
      ...DEFAULT_HEALTH_RULES,
      overdueTasks: { enabled: true, yellowAt: 3, redAt: 1 },
    });
    expect(bad.statusCode).toBe(400);
    expect(JSON.stringify(bad.json().errors)).toContain('overdueTasks');
    const negative = await api('PUT', '/settings/health-rules', {
      ...DEFAULT_HEALTH_RULES,
      daysSinceContact: { enabled: true, yellowAfterDays: -1, redAfterDays: 90 },
    });
    expect(negative.statusCode).toBe(400);
    expect(await ok('GET', '/settings/health-rules')).toEqual(DEFAULT_HEALTH_RULES);
  });
});

describe('card layout settings', () => {
  const reordered = {
    panels: [...CARD_PANELS].reverse().map((id) => ({ id, visible: id !== 'lastCalls' })),
  };

  it('admins reorder and hide panels; the card carries the layout', async () => {
    expect((await api('PUT', '/settings/card-layout', reordered, agent)).statusCode).toBe(403);
    expect(await ok('PUT', '/settings/card-layout', reordered)).toEqual(reordered);
    expect(await ok('GET', '/settings/card-layout', undefined, agent)).toEqual(reordered);
    const id = await newAccount('Layout Follows');
    expect((await card(id)).layout).toEqual(reordered);
  });

  it('needs every panel exactly once', async () => {
    const missing = { panels: reordered.panels.slice(1) };
    const dup = { panels: [...reordered.panels, { id: 'header', visible: false }] };
    const unknown = { panels: [...reordered.panels, { id: 'weather', visible: true }] };
    for (const body of [missing, dup, unknown]) {
      expect((await api('PUT', '/settings/card-layout', body)).statusCode).toBe(400);
    }
    expect(await ok('GET', '/settings/card-layout')).toEqual(reordered);
  });
});
