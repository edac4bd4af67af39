// The service dashboard against a seeded day on the desk, with a fixed clock (Sunday, business
// hours in Israel, so business minutes equal wall minutes here).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../platform/clock.js';
import {
  api,
  buildTicketsApp,
  customer,
  inviteAndAccept,
  openTicket,
  type Staff,
  signupTenant,
  type TestApp,
} from '../../tickets/__tests__/ticket-helpers.js';

const START = '2026-01-11T07:00:00Z'; // Sunday 09:00 in Israel
const at = (minutes: number) => new Date(Date.parse(START) + minutes * 60_000);
const clock = fixedClock(START);
let t: TestApp;
let owner: Staff;
let agent: Staff;
let manager: Staff;
let call: ReturnType<typeof api>;
const tk: Record<string, { id: string; number: number }> = {};

const reply = async (who: Staff, id: string) => {
  const r = await call(who, 'POST', `/tickets/${id}/messages`, { body: 'Answer', visibility: 'public' });
  expect(r.statusCode, r.body).toBe(201);
};

beforeAll(async () => {
  t = await buildTicketsApp(clock);
  call = api(t);
  owner = await signupTenant(t.app);
  agent = await inviteAndAccept(t.app, owner, { role: 'agent', name: 'Avi Agent' });
  manager = await inviteAndAccept(t.app, owner, { role: 'manager', name: 'Mali Manager' });
  const requesterId = (await customer(t, owner)).contact.id;
  const mk = (priority: string, assigneeId?: string) =>
    openTicket(t, owner, { requesterId, priority, ...(assigneeId ? { assigneeId } : {}) });
  tk.A = await mk('high', agent.user.id);
  tk.B = await mk('urgent');
  tk.C = await mk('normal', owner.user.id);
  tk.D = await mk('low', agent.user.id);
  tk.E = await mk('high', agent.user.id);
  tk.F = await mk('urgent');
  clock.set(at(30));
  await reply(agent, tk.A.id); // first response after 30 min: met
  clock.set(at(90));
  await reply(owner, tk.C.id); // 90 min: met
  clock.set(at(120));
  const c = await call(owner, 'GET', `/tickets/${tk.C.id}`);
  const solve = await call(
    owner,
    'PATCH',
    `/tickets/${tk.C.id}`,
    { status: 'solved' },
    {
      'if-match': `"${c.json().version}"`,
    },
  );
  expect(solve.statusCode, solve.body).toBe(200);
  clock.set(at(180));
  await reply(owner, tk.B.id); // 180 min against a 60 min target: breached
  const away = await call(agent, 'PUT', '/me/availability', { status: 'away' });
  expect(away.statusCode, away.body).toBe(200);
  // 10:30Z: F (urgent, due 08:00Z) is breached; E (high, due 11:00Z, warns at 10:12Z) is at risk.
  clock.set(at(210));
});
afterAll(() => t.close());

const dashboard = (who: Staff, query = 'from=2026-01-11&to=2026-01-12') =>
  call(who, 'GET', `/dashboards/service?${query}`);

describe('GET /dashboards/service', () => {
  it('matches the seeded day', async () => {
    const res = await dashboard(manager);
    expect(res.statusCode, res.body).toBe(200);
    const d = res.json();
    expect(d.from).toBe('2026-01-11T00:00:00.000Z');
    expect(d.open.total).toBe(5);
    expect(
      Object.fromEntries(
        d.open.byPriority.map((p: { priority: string; count: number }) => [p.priority, p.count]),
      ),
    ).toEqual({
      low: 1,
      normal: 0,
      high: 2,
      urgent: 2,
    });
    const byStatus = Object.fromEntries(
      d.open.byStatus.map((s: { status: string; count: number }) => [s.status, s.count]),
    );
    expect(byStatus.new + byStatus.open).toBe(5);
    expect(byStatus.solved).toBeUndefined();

    expect(d.breached.count).toBe(1);
    expect(d.breached.items).toEqual([
      expect.objectContaining({
        id: tk.F?.id,
        number: tk.F?.number,
        priority: 'urgent',
        dueAt: '2026-01-11T08:00:00.000Z',
      }),
    ]);
    expect(d.atRisk.count).toBe(1);
    expect(d.atRisk.items).toEqual([
      expect.objectContaining({ id: tk.E?.id, assigneeId: agent.user.id, assigneeName: 'Avi Agent' }),
    ]);
    expect(d.agents).toContainEqual({ userId: agent.user.id, name: 'Avi Agent', open: 3, available: false });

    // First responses 30, 90 and 180 minutes: median 90, p90 = 90 + 0.8 × 90 = 162.
    expect(d.firstResponse.businessMinutes).toEqual({ count: 3, median: 90, p90: 162 });
    expect(d.firstResponse.wallMinutes).toEqual({ count: 3, median: 90, p90: 162 });
    expect(d.resolution.wallMinutes).toEqual({ count: 1, median: 120, p90: 120 });
    expect(d.resolution.businessMinutes).toEqual({ count: 1, median: 120, p90: 120 });
    expect(d.slaCompliance.firstResponse).toEqual({ met: 2, breached: 1, percent: 66.7 });
    expect(d.slaCompliance.resolution).toEqual({ met: 1, breached: 0, percent: 100 });
    expect(d.csat).toEqual({ count: 0, average: null, satisfiedPercent: null });
    expect(d.trend).toEqual([
      { date: '2026-01-11', created: 6, solved: 1 },
      { date: '2026-01-12', created: 0, solved: 0 },
    ]);
  });

  it('a period without the tickets has no times, and a team filter narrows the open figures', async () => {
    const d = (await dashboard(manager, 'from=2025-12-01&to=2025-12-02')).json();
    expect(d.firstResponse.wallMinutes).toEqual({ count: 0, median: null, p90: null });
    expect(d.open.total).toBe(5); // open is "now", not the period
    const team = await call(owner, 'POST', '/teams', { name: 'Empty desk' });
    expect(team.statusCode, team.body).toBe(201);
    const byTeam = (await dashboard(manager, `teamId=${team.json().id}`)).json();
    expect(byTeam.open.total).toBe(0);
    expect(byTeam.breached.items).toEqual([]);
  });

  it('rejects a reversed or too long period and an unknown time zone, and needs reports:read', async () => {
    expect((await dashboard(manager, 'from=2026-01-12&to=2026-01-11')).statusCode).toBe(400);
    expect((await dashboard(manager, 'from=2024-01-01&to=2026-01-11')).statusCode).toBe(400);
    expect((await dashboard(manager, 'timezone=Mars/Olympus')).statusCode).toBe(400);
    expect((await dashboard(agent)).statusCode).toBe(403);
  });

  it('exports the same figures as CSV with a BOM', async () => {
    const res = await call(manager, 'GET', '/dashboards/service.csv?from=2026-01-11&to=2026-01-12');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(res.body).toContain(`breached_ticket,${tk.F?.number},`);
    expect(res.body).toContain('first_response_business_minutes,median,90,p90,162\r\n');
    expect(res.body).toContain('trend,2026-01-11,6,1\r\n');
  });
});
