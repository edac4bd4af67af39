// Another tenant's dashboard never counts or lists this tenant's tickets, nor filters by its team.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  api,
  buildTicketsApp,
  customer,
  openTicket,
  type Staff,
  signupTenant,
  type TestApp,
} from '../../tickets/__tests__/ticket-helpers.js';

let t: TestApp;
let owner: Staff;
let other: Staff;

beforeAll(async () => {
  t = await buildTicketsApp();
  owner = await signupTenant(t.app);
  other = await signupTenant(t.app);
  const requesterId = (await customer(t, owner)).contact.id;
  await openTicket(t, owner, { requesterId, priority: 'urgent', assigneeId: owner.user.id });
});
afterAll(() => t.close());

describe('service dashboard tenancy', () => {
  it("shows another tenant none of this tenant's tickets, agents or teams", async () => {
    const call = api(t);
    const mine = (await call(owner, 'GET', '/dashboards/service')).json();
    expect(mine.open.total).toBe(1);
    expect(mine.agents).toHaveLength(1);

    const theirs = await call(other, 'GET', '/dashboards/service');
    expect(theirs.statusCode, theirs.body).toBe(200);
    expect(theirs.json()).toMatchObject({
      open: { total: 0 },
      breached: { count: 0, items: [] },
      atRisk: { count: 0, items: [] },
      agents: [],
      firstResponse: { wallMinutes: { count: 0 } },
    });
    expect(theirs.json().trend.every((d: { created: number }) => d.created === 0)).toBe(true);

    const team = await call(owner, 'POST', '/teams', { name: 'Desk' });
    const byTeam = await call(other, 'GET', `/dashboards/service?teamId=${team.json().id}`);
    expect(byTeam.json().open.total).toBe(0);
    const csv = await call(other, 'GET', '/dashboards/service.csv');
    expect(csv.body).toContain('open,total,0\r\n');
    // Unchanged for the owner.
    expect((await call(owner, 'GET', '/dashboards/service')).json().open.total).toBe(1);
  });
});
