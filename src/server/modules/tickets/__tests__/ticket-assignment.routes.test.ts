import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  api,
  buildTicketsApp,
  customer,
  inviteAndAccept,
  openTicket,
  type Staff,
  signupTenant,
  type TestApp,
} from './ticket-helpers.js';

let t: TestApp;
let owner: Staff;
let agents: Staff[];
let call: ReturnType<typeof api>;
let requester: { id: string };

beforeAll(async () => {
  t = await buildTicketsApp();
  call = api(t);
  owner = await signupTenant(t.app);
  agents = [];
  for (const name of ['Avi', 'Bat', 'Chen']) {
    agents.push(await inviteAndAccept(t.app, owner, { role: 'agent', name }));
  }
  requester = (await customer(t, owner)).contact;
});
afterAll(() => t.close());

const team = async (name: string, assignmentMode: string, members: Staff[]) => {
  const res = await call(owner, 'POST', '/teams', {
    name,
    assignmentMode,
    memberIds: members.map((m) => m.user.id),
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as {
    id: string;
    version: number;
    members: Array<{ userId: string; available: boolean }>;
  };
};
const away = (who: Staff, status: 'away' | 'available') => call(who, 'PUT', '/me/availability', { status });
const byId = (id: string | null) => agents.find((a) => a.user.id === id)?.user.name ?? String(id);

describe('teams', () => {
  it('only administrators manage teams; agents read them', async () => {
    const denied = await call(agents[0] as Staff, 'POST', '/teams', { name: 'Nope' });
    expect(denied.statusCode).toBe(403);
    const created = await team('Billing', 'manual', [agents[0] as Staff]);
    expect(created.members).toEqual([{ userId: agents[0]?.user.id, name: 'Avi', available: true }]);
    const dup = await call(owner, 'POST', '/teams', { name: 'Billing' });
    expect(dup.statusCode).toBe(400);
    const listed = await call(agents[1] as Staff, 'GET', '/teams');
    expect(listed.json().items.map((x: { name: string }) => x.name)).toContain('Billing');
    const members = await call(owner, 'PUT', `/teams/${created.id}/members`, {
      userIds: [agents[0]?.user.id, agents[1]?.user.id],
    });
    expect(members.json().members).toHaveLength(2);
    const patched = await call(
      owner,
      'PATCH',
      `/teams/${created.id}`,
      { assignmentMode: 'round_robin' },
      { 'if-match': '"1"' },
    );
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json()).toMatchObject({ assignmentMode: 'round_robin', version: 2 });
    const stranger = await call(owner, 'PUT', `/teams/${created.id}/members`, {
      userIds: ['0190c6a4-0000-7000-8000-000000000000'],
    });
    expect(stranger.statusCode).toBe(400);
    expect((await call(owner, 'DELETE', `/teams/${created.id}`)).statusCode).toBe(204);
    expect((await call(owner, 'GET', `/teams/${created.id}`)).statusCode).toBe(404);
  });
});

describe('automatic assignment', () => {
  it('round-robin takes turns among available members and skips an agent who is away', async () => {
    const rr = await team('Support RR', 'round_robin', agents);
    const assign = async () =>
      byId((await openTicket(t, owner, { requesterId: requester.id, teamId: rr.id })).assigneeId);
    expect([await assign(), await assign(), await assign(), await assign()]).toEqual([
      'Avi',
      'Bat',
      'Chen',
      'Avi',
    ]);
    expect((await away(agents[1] as Staff, 'away')).json()).toMatchObject({ status: 'away' });
    expect((await call(agents[1] as Staff, 'GET', '/me/availability')).json().status).toBe('away');
    expect([await assign(), await assign(), await assign()]).toEqual(['Chen', 'Avi', 'Chen']);
    await away(agents[1] as Staff, 'available');
    expect(await assign()).toBe('Avi');
    expect(await assign()).toBe('Bat');
  });

  it('least-open gives the ticket to the available member with the fewest open tickets', async () => {
    const tenant = await signupTenant(t.app);
    const crew: Staff[] = [];
    for (const name of ['Dana', 'Eli', 'Fay'])
      crew.push(await inviteAndAccept(t.app, tenant, { role: 'agent', name }));
    const { contact } = await customer(t, tenant);
    const res = await call(tenant, 'POST', '/teams', {
      name: 'Least',
      assignmentMode: 'least_open',
      memberIds: crew.map((c) => c.user.id),
    });
    const teamId = res.json().id;
    const nameOf = (id: string | null) => crew.find((c) => c.user.id === id)?.user.name;
    // Dana already has three open tickets, Eli one, Fay none.
    for (const [who, n] of [
      [crew[0], 3],
      [crew[1], 1],
    ] as const) {
      for (let i = 0; i < n; i++)
        await openTicket(t, tenant, { requesterId: contact.id, assigneeId: who?.user.id });
    }
    await away(crew[2] as Staff, 'away');
    const next = async () =>
      nameOf((await openTicket(t, tenant, { requesterId: contact.id, teamId })).assigneeId);
    // Fay is away: Eli (1) gets it, then Eli (2) again, then Dana and Eli tie at 3 → they take turns.
    expect(await next()).toBe('Eli');
    expect(await next()).toBe('Eli');
    const third = await next();
    const fourth = await next();
    expect([third, fourth].sort()).toEqual(['Dana', 'Eli']);
    await away(crew[2] as Staff, 'available');
    expect(await next()).toBe('Fay');
    // The badges read the same counters the assignment did.
    const counts = (await call(crew[0] as Staff, 'GET', '/tickets/counts')).json();
    expect(counts.views.mine).toBe(4);
    expect(counts.teams).toEqual([{ teamId, active: 5, unassigned: 0 }]);
  });

  it('a manual team leaves tickets unassigned; moving a ticket to an automatic team assigns it', async () => {
    const manual = await team('Manual desk', 'manual', agents);
    const tk = await openTicket(t, owner, { requesterId: requester.id, teamId: manual.id });
    expect(tk.assigneeId).toBeNull();
    const auto = await team('Auto desk', 'round_robin', [agents[2] as Staff]);
    const moved = await call(owner, 'PATCH', `/tickets/${tk.id}`, { teamId: auto.id }, { 'if-match': '"1"' });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json()).toMatchObject({
      teamId: auto.id,
      assigneeId: agents[2]?.user.id,
      team: { name: 'Auto desk' },
    });
    const detail = (await call(owner, 'GET', `/tickets/${tk.id}`)).json();
    expect(detail.events.filter((e: { type: string }) => e.type === 'assigned').at(-1)).toMatchObject({
      to: agents[2]?.user.id,
      data: { auto: true },
    });
    // Naming an assignee wins over the team's mode.
    const named = await call(
      owner,
      'PATCH',
      `/tickets/${tk.id}`,
      { teamId: manual.id, assigneeId: agents[0]?.user.id },
      { 'if-match': '"2"' },
    );
    expect(named.json()).toMatchObject({ teamId: manual.id, assigneeId: agents[0]?.user.id });
    // An agent's team view lists the team's tickets.
    const view = await call(agents[0] as Staff, 'GET', '/tickets?view=team');
    expect(view.json().items.map((i: { id: string }) => i.id)).toContain(tk.id);
  });
});
