// The functions the notifications and escalations features call (index.ts): a ticket as a
// notification shows it, the SLA sweep's list, and the re-plan the escalation job runs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../platform/clock.js';
import type { DomainEvent } from '../../../platform/events/event-bus.js';
import {
  applyTicketEscalation,
  getTicketForNotification,
  listTicketsDueForSlaCheck,
  recomputeTicketSla,
} from '../index.js';
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

const START = '2026-01-11T07:00:00Z'; // Sunday 09:00 in Israel
const clock = fixedClock(START);
let t: TestApp;
let owner: Staff;
let agent: Staff;
let call: ReturnType<typeof api>;
const events: DomainEvent[] = [];

beforeAll(async () => {
  t = await buildTicketsApp(clock);
  call = api(t);
  owner = await signupTenant(t.app);
  agent = await inviteAndAccept(t.app, owner, { role: 'agent', name: 'Avi Agent' });
  t.app.kesher.events.subscribe('*', (e) => {
    events.push(e);
  });
});
afterAll(() => t.close());

const inTenant = <T>(who: Staff, fn: Parameters<TestApp['database']['tenantTx']>[1]) =>
  t.database.tenantTx({ role: 'staff', tenantId: who.tenant.id }, fn) as Promise<T>;

describe('getTicketForNotification', () => {
  it('gives the requester (language, email, phone), account, assignee, team, SLA and last public message', async () => {
    const { contact, account } = await customer(t, owner);
    await call(owner, 'PATCH', `/contacts/${contact.id}`, { preferredLanguage: 'en' }, { 'if-match': '"1"' });
    const teamRes = await call(owner, 'POST', '/teams', { name: 'Desk', managerId: owner.user.id });
    const tk = await openTicket(t, owner, {
      requesterId: contact.id,
      assigneeId: agent.user.id,
      teamId: teamRes.json().id,
    });
    await call(agent, 'POST', `/tickets/${tk.id}/messages`, { body: 'We are on it', visibility: 'public' });
    await call(agent, 'POST', `/tickets/${tk.id}/messages`, { body: 'secret note', visibility: 'internal' });
    const n = await inTenant(owner, (tx) => getTicketForNotification(tx, tk.id));
    expect(n).toMatchObject({
      id: tk.id,
      number: tk.number,
      status: 'open',
      priority: 'normal',
      requester: {
        contactId: contact.id,
        name: 'דנה לוי',
        email: 'dana@galil.co.il',
        phone: '+972502345678',
        preferredLanguage: 'en',
      },
      account: { id: account.id, name: 'גליל הובלות בע"מ', tier: 'standard' },
      assignee: { id: agent.user.id, name: 'Avi Agent', email: agent.email },
      team: { id: teamRes.json().id, name: 'Desk', managerId: owner.user.id },
      sla: { resolutionDueAt: '2026-01-18T10:00:00.000Z' },
      lastPublicMessage: { bodyText: 'We are on it', authorKind: 'agent', authorName: 'Avi Agent' },
    });
    const other = await signupTenant(t.app);
    expect(await inTenant(other, (tx) => getTicketForNotification(tx, tk.id))).toBeNull();
  });
});

describe('SLA checks', () => {
  it('lists tickets whose warning or breach is due, and the re-plan records it once', async () => {
    clock.set(START);
    const { contact } = await customer(t, owner, { firstName: 'Urgent' });
    const tk = await openTicket(t, owner, { requesterId: contact.id, priority: 'urgent' });
    // Urgent first response: 60 minutes, warning at 80% → 09:48 Israel (07:48Z).
    expect(tk.sla).toMatchObject({ nextCheckAt: '2026-01-11T07:48:00.000Z' });
    const due = (now: string) =>
      t.database.systemTx((tx) => listTicketsDueForSlaCheck(tx, new Date(now), 100));
    expect((await due('2026-01-11T07:47:00Z')).map((r) => r.ticketId)).not.toContain(tk.id);
    const atWarn = await due('2026-01-11T07:48:00Z');
    expect(atWarn).toContainEqual({
      tenantId: owner.tenant.id,
      ticketId: tk.id,
      nextCheckAt: new Date('2026-01-11T07:48:00Z'),
    });

    const run = (now: string) =>
      inTenant(owner, (tx) =>
        recomputeTicketSla(tx, owner.tenant.id, tk.id, new Date(now), { events: t.app.kesher.events }),
      );
    const warned = (await run('2026-01-11T07:48:00Z')) as Awaited<ReturnType<typeof recomputeTicketSla>>;
    expect(warned.transitions).toEqual([{ target: 'firstResponse', from: 'running', to: 'warning' }]);
    expect(warned.sla?.nextCheckAt).toBe('2026-01-11T08:00:00.000Z');
    const breached = (await run('2026-01-11T08:00:00Z')) as Awaited<ReturnType<typeof recomputeTicketSla>>;
    expect(breached.transitions).toEqual([{ target: 'firstResponse', from: 'warning', to: 'breached' }]);
    // Then the resolution target's warning is the next thing to check.
    expect(breached.sla?.nextCheckAt).toBe('2026-01-11T13:24:00.000Z');
    const again = (await run('2026-01-11T08:01:00Z')) as Awaited<ReturnType<typeof recomputeTicketSla>>;
    expect(again.transitions).toEqual([]);

    const detail = (await call(owner, 'GET', `/tickets/${tk.id}`)).json();
    // No user changed the ticket: its version (If-Match of agents' open screens) stays.
    expect(detail.version).toBe(1);
    expect(detail.events.filter((e: { type: string }) => e.type.startsWith('sla_'))).toEqual([
      expect.objectContaining({
        type: 'sla_warning',
        actorKind: 'system',
        data: { target: 'firstResponse' },
      }),
      expect.objectContaining({
        type: 'sla_breached',
        actorKind: 'system',
        data: { target: 'firstResponse' },
      }),
    ]);
    expect(detail.sla.targets.firstResponse).toMatchObject({
      status: 'breached',
      breachedAt: '2026-01-11T08:00:00.000Z',
    });
    const published = events.filter((e) => e.type === 'ticket.sla_updated' && e.payload.ticketId === tk.id);
    expect(published.map((e) => e.payload.transitions)).toEqual([
      [{ target: 'firstResponse', from: 'running', to: 'warning' }],
      [{ target: 'firstResponse', from: 'warning', to: 'breached' }],
    ]);
    // A breached ticket tops the breaching view.
    clock.set('2026-01-11T08:01:00Z');
    const view = (await call(owner, 'GET', '/tickets?view=breaching')).json();
    expect(view.items[0]?.id).toBe(tk.id);
    clock.set(START);
  });
});

describe('applyTicketEscalation', () => {
  it('raises the priority and reassigns as the system: re-planned SLA, audit trail, events', async () => {
    clock.set(START);
    const { contact } = await customer(t, owner, { firstName: 'Escalate' });
    const tk = await openTicket(t, owner, { requesterId: contact.id, priority: 'low' });
    const res = await inTenant<Awaited<ReturnType<typeof applyTicketEscalation>>>(owner, (tx) =>
      applyTicketEscalation(
        tx,
        owner.tenant.id,
        tk.id,
        { priority: 'urgent', assigneeId: agent.user.id },
        new Date(START),
        {
          events: t.app.kesher.events,
        },
      ),
    );
    expect(res).toMatchObject({ priority: 'urgent', assigneeId: agent.user.id });
    expect(res.sla?.firstResponseDueAt).toBe('2026-01-11T08:00:00.000Z');
    const detail = (await call(owner, 'GET', `/tickets/${tk.id}`)).json();
    const systemEvents = detail.events.filter((e: { actorKind: string }) => e.actorKind === 'system');
    expect(systemEvents.map((e: { type: string }) => e.type)).toEqual(['priority_changed', 'assigned']);
    const mine = events.filter((e) => e.payload.ticketId === tk.id).map((e) => e.type);
    expect(mine).toEqual(
      expect.arrayContaining(['ticket.priority_changed', 'ticket.assigned', 'ticket.sla_updated']),
    );
    const ghost = inTenant(owner, (tx) =>
      applyTicketEscalation(
        tx,
        owner.tenant.id,
        tk.id,
        { assigneeId: '0190c6a4-0000-7000-8000-000000000000' },
        new Date(START),
      ),
    );
    await expect(ghost).rejects.toThrow();
  });
});
