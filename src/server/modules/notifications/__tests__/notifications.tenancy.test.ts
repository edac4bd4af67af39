import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../../../../test/build-test-app.js';
import { inviteAndAccept, type Staff, signupTenant } from '../../../../../test/factories/staff.js';
import { apiOf, buildDeskApp, mailsTo, openTicket, patchTicket, requester } from './desk-fixtures.js';

// Another tenant's notifications, mail, surveys and escalation settings: 404 or absent, unchanged.
let t: TestApp;
let a: Staff;
let aAgent: Staff;
let b: Staff;
let call: ReturnType<typeof apiOf>;
let ticketId: string;
let mailId: string;
let inboxId: string;
let policyId: string;
beforeAll(async () => {
  t = await buildDeskApp();
  call = apiOf(t);
  a = await signupTenant(t.app);
  aAgent = await inviteAndAccept(t.app, a, { role: 'agent' });
  b = await signupTenant(t.app);
  const r = await requester(t, a);
  const tk = await openTicket(t, a, { requesterId: r.id, assigneeId: aAgent.user.id });
  await patchTicket(t, a, tk.id, { status: 'solved' });
  ticketId = tk.id;
  mailId = (await mailsTo(t, r.email))[0]?.id ?? '';
  inboxId = (await call(aAgent, 'GET', '/notifications/inbox')).json().items[0].id;
  policyId = (await call(a, 'GET', '/sla-policies')).json().items[0].id;
  await call(a, 'PUT', `/escalations/rules/${policyId}`, { onBreach: { raisePriority: true } });
});
afterAll(() => t.close());

describe('notifications tenancy', () => {
  it('another tenant gets 404 for the ticket’s deliveries and survey', async () => {
    expect((await call(b, 'GET', `/tickets/${ticketId}/notifications`)).statusCode).toBe(404);
    expect((await call(b, 'GET', `/tickets/${ticketId}/csat`)).statusCode).toBe(404);
    expect((await call(a, 'GET', `/tickets/${ticketId}/notifications`)).json().items.length).toBeGreaterThan(
      1,
    );
  });

  it('another tenant’s outbox shows none of this tenant’s mail', async () => {
    expect((await call(b, 'GET', `/outbox/${mailId}`)).statusCode).toBe(404);
    const ids = (await call(b, 'GET', '/outbox?limit=200')).json().items.map((m: { id: string }) => m.id);
    expect(ids).not.toContain(mailId);
    expect((await call(a, 'GET', `/outbox/${mailId}`)).statusCode).toBe(200);
  });

  it('another tenant cannot mark an in-app notification read', async () => {
    expect((await call(b, 'POST', `/notifications/${inboxId}/read`)).statusCode).toBe(404);
    const mine = (await call(aAgent, 'GET', '/notifications/inbox')).json().items;
    expect(mine.find((i: { id: string }) => i.id === inboxId)?.readAt).toBeNull();
  });

  it('escalation settings and templates stay with their tenant', async () => {
    const put = await call(b, 'PUT', `/escalations/rules/${policyId}`, {
      onBreach: { raisePriority: false },
    });
    expect(put.statusCode).toBe(404);
    const rules = (await call(a, 'GET', '/escalations/rules')).json().items;
    expect(
      rules.find((r: { policyId: string }) => r.policyId === policyId)?.escalation.onBreach.raisePriority,
    ).toBe(true);
    expect(
      (await call(b, 'GET', '/escalations/rules')).json().items.map((r: { policyId: string }) => r.policyId),
    ).not.toContain(policyId);
    await call(b, 'PUT', '/notification-templates', {
      templates: [{ event: 'ticket_created', locale: 'he', template: { subject: 'B', body: 'B' } }],
    });
    const aList = (await call(a, 'GET', '/notification-templates')).json().items;
    expect(aList.every((i: { custom: boolean }) => !i.custom)).toBe(true);
    expect((await call(b, 'GET', '/escalations/breaches')).json().items).toEqual([]);
  });
});
