import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../../../../test/build-test-app.js';
import { inviteAndAccept, type Staff, signupTenant } from '../../../../../test/factories/staff.js';
import { fixedClock } from '../../../platform/clock.js';
import { apiOf, buildDeskApp, mailsTo, openTicket, requester } from './desk-fixtures.js';

// Sunday 8 March 2026, 09:00 in Jerusalem: a business morning. Urgent tickets: first response in
// 60 business minutes, warning at 80% (48 minutes).
const clock = fixedClock('2026-03-08T07:00:00Z');
let t: TestApp;
let owner: Staff;
let agent: Staff;
let manager: Staff;
let teamId: string;
let call: ReturnType<typeof apiOf>;
beforeAll(async () => {
  t = await buildDeskApp(clock);
  call = apiOf(t);
  owner = await signupTenant(t.app, { locale: 'he' });
  agent = await inviteAndAccept(t.app, owner, { role: 'agent', name: 'Yossi Agent' });
  manager = await inviteAndAccept(t.app, owner, { role: 'manager', name: 'Rina Manager' });
  const team = await call(owner, 'POST', '/teams', {
    name: 'Support',
    managerId: manager.user.id,
    memberIds: [agent.user.id],
  });
  expect(team.statusCode, team.body).toBe(201);
  teamId = team.json().id;
});
afterAll(() => t.close());

const runCheck = () => t.app.kesher.notifications.escalations.runSlaCheck(clock.now());
const minutes = (n: number) => clock.advance(n * 60_000);
const ticketMails = async (who: Staff) =>
  (await mailsTo(t, who.email)).filter((m) => m.kind.startsWith('ticket.sla_')).map((m) => m.kind);
const inboxEvents = async (who: Staff) =>
  (
    (await call(who, 'GET', '/notifications/inbox')).json().items as Array<{ event: string; title: string }>
  ).filter((i) => i.event.startsWith('sla_'));

describe('sla.check', () => {
  it('fires the warning, then the breach, once each, to the assignee and the team manager', async () => {
    const r = await requester(t, owner);
    const tk = await openTicket(t, owner, {
      requesterId: r.id,
      priority: 'urgent',
      assigneeId: agent.user.id,
      teamId,
    });
    minutes(40);
    expect((await runCheck()).fired).toBe(0);
    expect(await inboxEvents(agent)).toEqual([]);

    minutes(10); // 50 minutes: past the 48-minute warning
    expect(await runCheck()).toMatchObject({ checked: 1, fired: 1, failed: 0 });
    expect(await runCheck()).toMatchObject({ fired: 0 });
    const warned = await inboxEvents(agent);
    expect(warned).toHaveLength(1);
    expect(warned[0]?.title).toBe(`אזהרת SLA בפנייה ${tk.number}: תגובה ראשונה עד יום ראשון 10:00`);
    expect(await ticketMails(agent)).toEqual(['ticket.sla_warning']);
    expect(await ticketMails(manager)).toEqual(['ticket.sla_warning']);
    // Only the team's manager: the owner (no team role) hears nothing.
    expect(await inboxEvents(owner)).toEqual([]);

    minutes(11); // 61 minutes: breached
    expect(await runCheck()).toMatchObject({ fired: 1 });
    minutes(5);
    expect(await runCheck()).toMatchObject({ fired: 0 });
    expect(await ticketMails(agent)).toEqual(['ticket.sla_warning', 'ticket.sla_breached']);
    expect((await inboxEvents(manager)).map((i) => i.event)).toEqual(['sla_breached', 'sla_warning']);
    const [breachMail] = (await mailsTo(t, manager.email)).filter((m) => m.kind === 'ticket.sla_breached');
    expect(breachMail?.subject).toBe(`[#${tk.number}] חריגה מ-SLA: תגובה ראשונה`);
    expect(breachMail?.html).toContain(`/tickets/${tk.id}`);

    const breaches = await call(
      manager,
      'GET',
      '/escalations/breaches?from=2026-03-08T00:00:00Z&to=2026-03-09T00:00:00Z',
    );
    expect(breaches.statusCode, breaches.body).toBe(200);
    expect(breaches.json().items).toEqual([
      expect.objectContaining({
        ticketId: tk.id,
        ticketNumber: tk.number,
        target: 'firstResponse',
        threshold: 'breach',
        dueAt: '2026-03-08T08:00:00.000Z',
        firedAt: '2026-03-08T08:01:00.000Z',
        assigneeId: agent.user.id,
      }),
    ]);
    const outside = await call(manager, 'GET', '/escalations/breaches?from=2026-03-09T00:00:00Z');
    expect(outside.json().items).toEqual([]);
  });

  it('a check that comes late sends only the breach; a ticket without a team goes to managers and admins', async () => {
    const admin = await inviteAndAccept(t.app, owner, { role: 'admin', name: 'Avi Admin' });
    const r = await requester(t, owner);
    const tk = await openTicket(t, owner, { requesterId: r.id, priority: 'urgent' });
    minutes(75);
    expect(await runCheck()).toMatchObject({ fired: 1 });
    expect((await inboxEvents(admin)).map((i) => i.event)).toEqual(['sla_breached']);
    expect((await inboxEvents(manager)).filter((i) => i.title.includes(String(tk.number)))).toHaveLength(1);
    expect(await ticketMails(admin)).toEqual(['ticket.sla_breached']);
  });

  it('breaches are for managers: an agent gets 403', async () => {
    expect((await call(agent, 'GET', '/escalations/breaches')).statusCode).toBe(403);
  });
});

describe('escalation rules', () => {
  it('stores per-policy settings, checking the user to reassign to', async () => {
    const policies = await call(owner, 'GET', '/sla-policies');
    const policyId = policies.json().items[0].id;
    const bad = await call(owner, 'PUT', `/escalations/rules/${policyId}`, {
      onBreach: { raisePriority: true, reassignTo: '0190c6a4-0000-7000-8000-000000000000' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe('onBreach.reassignTo');
    const ok = await call(owner, 'PUT', `/escalations/rules/${policyId}`, {
      onBreach: { raisePriority: true, reassignTo: manager.user.id },
    });
    expect(ok.statusCode, ok.body).toBe(200);
    const list = (await call(owner, 'GET', '/escalations/rules')).json().items;
    expect(list).toContainEqual({
      policyId,
      escalation: {
        onWarning: { raisePriority: false, reassignTo: null },
        onBreach: { raisePriority: true, reassignTo: manager.user.id },
      },
      updatedAt: clock.now().toISOString(),
    });
    expect((await call(agent, 'PUT', `/escalations/rules/${policyId}`, {})).statusCode).toBe(403);
    const unknown = await call(owner, 'PUT', '/escalations/rules/0190c6a4-0000-7000-8000-000000000000', {});
    expect(unknown.statusCode).toBe(404);
  });

  it('on breach, the rule raises the priority and reassigns the ticket as a system change', async () => {
    const policyId = (await call(owner, 'GET', '/sla-policies')).json().items[0].id;
    const rule = await call(owner, 'PUT', `/escalations/rules/${policyId}`, {
      onBreach: { raisePriority: true, reassignTo: manager.user.id },
    });
    expect(rule.statusCode, rule.body).toBe(200);
    const r = await requester(t, owner);
    const tk = await openTicket(t, owner, { requesterId: r.id, priority: 'high', assigneeId: agent.user.id });
    minutes(600); // ten hours later: the high ticket's first response (240 business minutes) is breached
    await runCheck();
    const res = await call(owner, 'GET', `/tickets/${tk.id}`);
    expect(res.statusCode, res.body).toBe(200);
    const after = res.json();
    expect(after.priority).toBe('urgent');
    expect(after.assigneeId).toBe(manager.user.id);
  });
});
