import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../../../test/build-test-app.js';
import { inviteAndAccept, type Staff, signupTenant } from '../../../../../test/factories/staff.js';
import { fixedClock } from '../../../platform/clock.js';

// Israel is on summer time (UTC+3) throughout: 4–10 May 2026. 3 May 2026 is a Sunday.
const clock = fixedClock('2026-05-04T06:00:00Z');

let t: TestApp;
let owner: Staff;
let manager: Staff;
let dana: Staff;
let yossi: Staff;
let accountId: string;

const as = (who: Staff, method: 'GET' | 'POST', url: string, payload?: object) =>
  t.app.inject({ method, url, headers: who.headers, ...(payload ? { payload } : {}) });

const log = async (who: Staff, kind: string, occurredAt: string, extra: object = {}) => {
  const res = await as(who, 'POST', '/api/v1/activities', { kind, accountId, occurredAt, ...extra });
  expect(res.statusCode, res.body).toBe(201);
};

const completeTaskAt = async (who: Staff, at: string) => {
  const task = (await as(who, 'POST', '/api/v1/tasks', { title: `task ${at}` })).json();
  clock.set(at);
  expect((await as(who, 'POST', `/api/v1/tasks/${task.id}/complete`)).statusCode).toBe(200);
};

const winDealAt = async (who: Staff, at: string, amount: string, currency = 'ILS') => {
  const deal = (await as(who, 'POST', '/api/v1/deals', { name: `deal ${at}`, amount, currency })).json();
  const won = (await as(who, 'GET', '/api/v1/pipelines'))
    .json()
    .items[0].stages.find((s: { kind: string }) => s.kind === 'won');
  clock.set(at);
  const res = await as(who, 'POST', `/api/v1/deals/${deal.id}/move`, {
    stageId: won.id,
    version: deal.version,
  });
  expect(res.statusCode, res.body).toBe(200);
};

const report = (who: Staff, q: string) => as(who, 'GET', `/api/v1/reports/activity?${q}`);

beforeAll(async () => {
  t = await buildTestApp({ clock, config: { sessionIdleMs: 30 * 86_400_000 } });
  owner = await signupTenant(t.app);
  manager = await inviteAndAccept(t.app, owner, { role: 'manager', name: 'Maya Manager' });
  dana = await inviteAndAccept(t.app, owner, { role: 'agent', name: 'Dana' });
  yossi = await inviteAndAccept(t.app, owner, { role: 'agent', name: 'Yossi' });
  accountId = (await as(owner, 'POST', '/api/v1/accounts', { name: 'Report Co' })).json().id;

  // Dana, Monday 4 May (Israel).
  await log(dana, 'call', '2026-05-04T07:00:00Z');
  await log(dana, 'call', '2026-05-04T08:00:00Z', { direction: 'inbound' });
  await log(dana, 'email', '2026-05-04T09:00:00Z', { direction: 'outbound' });
  await log(dana, 'email', '2026-05-04T09:30:00Z', { direction: 'inbound' }); // received, not sent
  await log(dana, 'sms', '2026-05-04T10:00:00Z');
  await log(dana, 'note', '2026-05-04T10:30:00Z'); // counted nowhere
  // 00:30 on Tuesday 5 May in Israel, though still 4 May in UTC.
  await log(dana, 'meeting', '2026-05-04T21:30:00Z');
  await completeTaskAt(dana, '2026-05-04T12:00:00Z');
  await winDealAt(dana, '2026-05-04T13:00:00Z', '12500.50');
  await winDealAt(dana, '2026-05-04T14:00:00Z', '1000.25');
  await winDealAt(dana, '2026-05-04T15:00:00Z', '300', 'USD');
  // Yossi, Sunday 10 May 00:30 Israel = still 9 May 21:30 UTC: outside a report ending 9 May.
  await log(yossi, 'visit', '2026-05-08T08:00:00Z');
  await log(yossi, 'call', '2026-05-09T21:30:00Z');
  await completeTaskAt(yossi, '2026-05-05T08:00:00Z');
});
afterAll(() => t.close());

describe('activity report', () => {
  it('counts per agent and Israel day, for a manager', async () => {
    const res = await report(manager, 'from=2026-05-03&to=2026-05-09&groupBy=day');
    expect(res.statusCode, res.body).toBe(200);
    const { rows, totals } = res.json();
    const zero = { calls: 0, emails: 0, sms: 0, meetings: 0, visits: 0, tasksDone: 0, dealsWon: 0 };
    expect(rows).toEqual([
      {
        userId: dana.user.id,
        userName: 'Dana',
        period: '2026-05-04',
        ...zero,
        calls: 2,
        emails: 1,
        sms: 1,
        tasksDone: 1,
        dealsWon: 3,
        dealsWonAmount: '13500.75',
        dealsWonOtherCurrencies: { USD: '300.00' },
        ticketsHandled: 0,
      },
      {
        userId: dana.user.id,
        userName: 'Dana',
        period: '2026-05-05',
        ...zero,
        meetings: 1,
        dealsWonAmount: '0.00',
        dealsWonOtherCurrencies: {},
        ticketsHandled: 0,
      },
      {
        userId: yossi.user.id,
        userName: 'Yossi',
        period: '2026-05-05',
        ...zero,
        tasksDone: 1,
        dealsWonAmount: '0.00',
        dealsWonOtherCurrencies: {},
        ticketsHandled: 0,
      },
      {
        userId: yossi.user.id,
        userName: 'Yossi',
        period: '2026-05-08',
        ...zero,
        visits: 1,
        dealsWonAmount: '0.00',
        dealsWonOtherCurrencies: {},
        ticketsHandled: 0,
      },
    ]);
    expect(totals).toEqual({
      calls: 2,
      emails: 1,
      sms: 1,
      meetings: 1,
      visits: 1,
      tasksDone: 2,
      dealsWon: 3,
      dealsWonAmount: '13500.75',
      dealsWonOtherCurrencies: { USD: '300.00' },
      ticketsHandled: 0,
    });
  });

  it('groups by week starting on Sunday and filters by user', async () => {
    const res = await report(owner, `from=2026-05-03&to=2026-05-10&groupBy=week&userId=${yossi.user.id}`);
    expect(res.statusCode, res.body).toBe(200);
    // 10 May (Sunday) opens a new week; Yossi's late call on it lands there.
    expect(
      res
        .json()
        .rows.map((r: { period: string; calls: number; visits: number; tasksDone: number }) => [
          r.period,
          r.calls,
          r.visits,
          r.tasksDone,
        ]),
    ).toEqual([
      ['2026-05-03', 0, 1, 1],
      ['2026-05-10', 1, 0, 0],
    ]);
  });

  it('an agent sees only their own rows and may not ask for someone else', async () => {
    const mine = await report(yossi, 'from=2026-05-03&to=2026-05-09');
    expect(mine.statusCode).toBe(200);
    expect(new Set(mine.json().rows.map((r: { userId: string }) => r.userId))).toEqual(
      new Set([yossi.user.id]),
    );
    expect(mine.json().totals.calls).toBe(0);
    const other = await report(yossi, `from=2026-05-03&to=2026-05-09&userId=${dana.user.id}`);
    expect(other.statusCode).toBe(403);
  });

  it('validates the range', async () => {
    expect((await report(manager, 'from=2026-05-09&to=2026-05-03')).statusCode).toBe(400);
    expect((await report(manager, 'from=2024-01-01&to=2026-05-03')).statusCode).toBe(400);
  });

  it('another tenant sees none of it', async () => {
    const other = await signupTenant(t.app);
    const res = await report(other, 'from=2026-05-03&to=2026-05-09');
    expect(res.json().rows).toEqual([]);
  });
});
