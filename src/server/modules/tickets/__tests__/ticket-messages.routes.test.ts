import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../platform/clock.js';
import type { DomainEvent } from '../../../platform/events/event-bus.js';
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

// Sunday 11 January 2026, 09:00 in Israel.
const START = '2026-01-11T07:00:00Z';
const clock = fixedClock(START);

let t: TestApp;
let owner: Staff;
let agent: Staff;
let colleague: Staff;
let call: ReturnType<typeof api>;
let requester: { id: string };
let account: { id: string };
const events: DomainEvent[] = [];

beforeAll(async () => {
  t = await buildTicketsApp(clock);
  call = api(t);
  owner = await signupTenant(t.app);
  agent = await inviteAndAccept(t.app, owner, { role: 'agent', name: 'Avi Agent' });
  colleague = await inviteAndAccept(t.app, owner, { role: 'agent', name: 'Rina Colleague' });
  const c = await customer(t, owner);
  requester = c.contact;
  account = c.account;
  t.app.kesher.events.subscribe('*', (e) => {
    events.push(e);
  });
});
afterAll(() => t.close());

const eventsOf = (type: string, ticketId: string) =>
  events.filter((e) => e.type === type && e.payload.ticketId === ticketId);
const post = (who: Staff, id: string, body: object, headers: Record<string, string> = {}) =>
  call(who, 'POST', `/tickets/${id}/messages`, body, headers);
const detail = async (id: string) => (await call(owner, 'GET', `/tickets/${id}`)).json();
const setStatus = async (id: string, status: string) => {
  const cur = await detail(id);
  const r = await call(owner, 'PATCH', `/tickets/${id}`, { status }, { 'if-match': `"${cur.version}"` });
  expect(r.statusCode, r.body).toBe(200);
  return r.json();
};

describe('replies and notes', () => {
  it('the first public reply is the first response: SLA target met, ticket opened, customer timeline', async () => {
    clock.set(START);
    const tk = await openTicket(t, owner, { requesterId: requester.id, channel: 'email' });
    clock.set('2026-01-11T07:30:00Z');
    const note = await post(agent, tk.id, { body: 'checking with the vendor', visibility: 'internal' });
    expect(note.statusCode, note.body).toBe(201);
    expect(note.json().ticket).toMatchObject({ status: 'new' });
    expect((await detail(tk.id)).firstResponseAt).toBeNull();

    clock.set('2026-01-11T08:00:00Z');
    const res = await post(agent, tk.id, { body: 'שלום דנה,\nאנחנו על זה.', visibility: 'public' });
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    expect(body.message).toMatchObject({
      visibility: 'public',
      authorKind: 'agent',
      authorUserId: agent.user.id,
      authorName: 'Avi Agent',
      bodyHtml: '<p>שלום דנה,<br />אנחנו על זה.</p>',
      bodyText: 'שלום דנה,\nאנחנו על זה.',
      channel: 'email',
    });
    expect(body.ticket).toMatchObject({ status: 'open', version: 3 });
    expect(body.ticket.sla.targets.firstResponse).toMatchObject({
      status: 'met',
      completedAt: '2026-01-11T08:00:00.000Z',
    });
    expect(body.ticket.sla.firstResponseDueAt).toBeNull();
    const d = await detail(tk.id);
    expect(d).toMatchObject({
      firstResponseAt: '2026-01-11T08:00:00.000Z',
      lastAgentMessageAt: '2026-01-11T08:00:00.000Z',
    });
    expect(d.messages.map((m: { visibility: string }) => m.visibility)).toEqual(['internal', 'public']);
    expect(d.lastPublicMessageId).toBe(body.message.id);

    const added = eventsOf('ticket.message_added', tk.id).map((e) => e.payload);
    expect(added).toEqual([
      expect.objectContaining({ visibility: 'internal', authorKind: 'agent', number: tk.number }),
      expect.objectContaining({ visibility: 'public', authorKind: 'agent', messageId: body.message.id }),
    ]);
    const tl = await call(owner, 'GET', `/timeline?accountId=${account.id}&type=ticket.message`);
    const mine = tl.json().items.filter((e: { refId: string }) => e.refId === tk.id);
    // Only the public reply reaches the customer's timeline, in the ticket's channel.
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ channel: 'email', summary: 'שלום דנה,\nאנחנו על זה.' });
    clock.set(START);
  });

  it('statusAfter moves the ticket (pending customer pauses the SLA); an unreachable one is 409', async () => {
    const tk = await openTicket(t, owner, { requesterId: requester.id });
    const res = await post(agent, tk.id, {
      body: 'Which model?',
      visibility: 'public',
      statusAfter: 'pending_customer',
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().ticket).toMatchObject({ status: 'pending_customer', sla: { paused: true } });
    const bad = await post(agent, tk.id, { body: 'x', visibility: 'public', statusAfter: 'closed' });
    expect(bad.statusCode).toBe(409);
    expect(bad.json()).toMatchObject({
      code: 'INVALID_STATUS_TRANSITION',
      allowed: ['open', 'solved', 'on_hold'],
    });
    // Nothing of the refused reply was written.
    expect((await detail(tk.id)).messages).toHaveLength(1);
  });

  it('sanitises HTML replies', async () => {
    const tk = await openTicket(t, owner, { requesterId: requester.id });
    const res = await post(agent, tk.id, {
      body: '<p dir="rtl" onclick="x()">ראה <a href="javascript:alert(1)">כאן</a> ו<a href="https://kesher.example/kb">מאמר</a></p><img src=x onerror=alert(1)>',
      visibility: 'public',
    });
    const html = res.json().message.bodyHtml as string;
    expect(html).not.toMatch(/onclick|onerror|javascript|<img/);
    expect(html).toContain('<p dir="rtl">');
    expect(html).toContain('href="https://kesher.example/kb"');
    expect(html).toContain('rel="noopener noreferrer nofollow"');
  });

  it('@mentions in internal notes name colleagues (event for notifications); unknown ids stay text', async () => {
    const tk = await openTicket(t, owner, { requesterId: requester.id });
    const ghost = '0190c6a4-0000-7000-8000-000000000000';
    const res = await post(agent, tk.id, {
      body: `@[Rina Colleague](${colleague.user.id}) can you look? cc @[Ghost](${ghost})`,
      visibility: 'internal',
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().message).toMatchObject({
      mentions: [colleague.user.id],
      bodyText: '@Rina Colleague can you look? cc @Ghost',
    });
    expect(res.json().message.bodyHtml).toContain(
      `<span data-mention="${colleague.user.id}">@Rina Colleague</span>`,
    );
    expect(eventsOf('ticket.message_added', tk.id).at(-1)?.payload).toMatchObject({
      visibility: 'internal',
      mentions: [colleague.user.id],
    });
    // In a public reply the markup is not parsed into mentions.
    const pub = await post(agent, tk.id, {
      body: `Thanks @[Rina](${colleague.user.id})`,
      visibility: 'public',
    });
    expect(pub.json().message.mentions).toEqual([]);
  });
});

describe('stale view', () => {
  it('a reply based on an older view gets 409 STALE_VIEW with the new messages, unless forced', async () => {
    const tk = await openTicket(t, owner, { requesterId: requester.id });
    const first = await post(agent, tk.id, { body: 'First answer', visibility: 'public' });
    const seen = (await detail(tk.id)).lastPublicMessageId;
    expect(seen).toBe(first.json().message.id);
    // Meanwhile the customer writes (recorded by a colleague) and another agent adds a note.
    const cust = await post(colleague, tk.id, {
      body: 'It is still broken',
      visibility: 'public',
      author: 'customer',
    });
    expect(cust.statusCode, cust.body).toBe(201);
    await post(colleague, tk.id, { body: 'internal aside', visibility: 'internal' });

    const stale = await post(agent, tk.id, {
      body: 'Try restarting',
      visibility: 'public',
      basedOnMessageId: seen,
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ code: 'STALE_VIEW' });
    expect(stale.json().newMessages.map((m: { id: string }) => m.id)).toEqual([cust.json().message.id]);
    expect((await detail(tk.id)).messages).toHaveLength(3);

    // The same by the ticket version the agent read (If-Match).
    const byVersion = await post(
      agent,
      tk.id,
      { body: 'Try restarting', visibility: 'public' },
      { 'if-match': '"2"' },
    );
    expect(byVersion.statusCode).toBe(409);
    expect(byVersion.json().newMessages).toHaveLength(1);

    const forced = await post(agent, tk.id, {
      body: 'Try restarting',
      visibility: 'public',
      basedOnMessageId: seen,
      force: true,
    });
    expect(forced.statusCode, forced.body).toBe(201);
    // Up to date: no warning.
    const fresh = await post(agent, tk.id, {
      body: 'And then?',
      visibility: 'public',
      basedOnMessageId: forced.json().message.id,
    });
    expect(fresh.statusCode).toBe(201);
    // Notes are never held back; a message id of another ticket is a 400.
    const other = await openTicket(t, owner, { requesterId: requester.id });
    const wrong = await post(agent, other.id, { body: 'x', visibility: 'public', basedOnMessageId: seen });
    expect(wrong.statusCode).toBe(400);
  });
});

describe('customer replies', () => {
  it('a reply to a ticket waiting for the customer opens it and starts the next-response clock', async () => {
    clock.set(START);
    const tk = await openTicket(t, owner, { requesterId: requester.id });
    await post(agent, tk.id, { body: 'Which model?', visibility: 'public', statusAfter: 'pending_customer' });
    clock.set('2026-01-11T09:00:00Z');
    const res = await post(agent, tk.id, { body: 'HP 400', visibility: 'public', author: 'customer' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().message).toMatchObject({
      authorKind: 'customer',
      authorContactId: requester.id,
      authorName: 'דנה לוי',
    });
    expect(res.json().ticket).toMatchObject({ status: 'open' });
    // Normal next response: 960 business minutes from 11:00 Israel → 360 today, 540 Monday, 60 Tuesday.
    expect(res.json().ticket.sla.nextResponseDueAt).toBe('2026-01-13T07:00:00.000Z');
    expect(eventsOf('ticket.message_added', tk.id).at(-1)?.payload).toMatchObject({ authorKind: 'customer' });
    expect((await detail(tk.id)).lastCustomerMessageAt).toBe('2026-01-11T09:00:00.000Z');
    const internal = await post(agent, tk.id, { body: 'x', visibility: 'internal', author: 'customer' });
    expect(internal.statusCode).toBe(400);
    clock.set(START);
  });

  it('reopens a ticket solved within the reopen window; later, or once closed, starts a follow-up', async () => {
    clock.set(START);
    const tk = await openTicket(t, owner, { requesterId: requester.id, tags: ['printer'] });
    await setStatus(tk.id, 'solved');
    clock.set('2026-01-14T07:00:00Z'); // 3 days later, inside the default 7
    const reopened = await post(agent, tk.id, {
      body: 'It broke again',
      visibility: 'public',
      author: 'customer',
    });
    expect(reopened.json()).toMatchObject({ followUp: false, ticket: { id: tk.id, status: 'open' } });
    expect(eventsOf('ticket.status_changed', tk.id).at(-1)?.payload).toMatchObject({
      from: 'solved',
      to: 'open',
    });

    // The tenant shortens the window to 2 days; solved 3 days ago is too old to reopen.
    expect((await call(owner, 'PUT', '/settings/tickets', { reopenWithinDays: 2 })).statusCode).toBe(200);
    await setStatus(tk.id, 'solved');
    clock.set('2026-01-17T07:00:00Z');
    const late = await post(agent, tk.id, { body: 'Again!', visibility: 'public', author: 'customer' });
    expect(late.statusCode, late.body).toBe(201);
    expect(late.json()).toMatchObject({ followUp: true, ticket: { status: 'new' } });
    const followUp = late.json().ticket.id;
    expect(followUp).not.toBe(tk.id);
    expect(await detail(followUp)).toMatchObject({
      parentId: tk.id,
      tags: ['printer'],
      requesterId: requester.id,
    });
    expect((await detail(followUp)).messages.map((m: { bodyText: string }) => m.bodyText)).toEqual([
      'Again!',
    ]);
    expect((await detail(tk.id)).status).toBe('solved');
    expect((await detail(tk.id)).children.map((c: { id: string }) => c.id)).toEqual([followUp]);

    // Closed: always a follow-up.
    await setStatus(followUp, 'solved');
    await setStatus(followUp, 'closed');
    const afterClose = await post(agent, followUp, {
      body: 'One more',
      visibility: 'public',
      author: 'customer',
    });
    expect(afterClose.json()).toMatchObject({ followUp: true });
    expect((await detail(afterClose.json().ticket.id)).parentId).toBe(followUp);
    // Agents cannot write on a closed ticket.
    const agentOnClosed = await post(agent, followUp, { body: 'hello', visibility: 'public' });
    expect(agentOnClosed.statusCode).toBe(409);
    expect(agentOnClosed.json().code).toBe('TICKET_CLOSED');
    await call(owner, 'PUT', '/settings/tickets', { reopenWithinDays: 7 });
    clock.set(START);
  });
});

describe('merging', () => {
  it('closes the merged ticket, points it at the one kept, and carries its followers and text over', async () => {
    const kept = await openTicket(t, owner, {
      requesterId: requester.id,
      subject: 'Printer broken',
      followers: [agent.user.id],
    });
    const dup = await openTicket(t, owner, {
      requesterId: requester.id,
      subject: 'Printer still broken',
      description: 'Same problem as before',
      followers: [colleague.user.id],
      cc: ['boss@galil.co.il'],
    });
    const res = await call(owner, 'POST', `/tickets/${dup.id}/merge`, { targetId: kept.id });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      id: kept.id,
      followers: [agent.user.id, colleague.user.id],
      cc: ['boss@galil.co.il'],
    });
    const merged = await detail(dup.id);
    expect(merged).toMatchObject({ status: 'closed', mergedIntoId: kept.id });
    expect(merged.events.map((e: { type: string }) => e.type)).toContain('merged');
    const note = (await detail(kept.id)).messages.at(-1);
    expect(note).toMatchObject({ authorKind: 'system', visibility: 'internal' });
    expect(note.bodyText).toContain(`#${dup.number}`);
    expect(note.bodyText).toContain('Same problem as before');
    expect(eventsOf('ticket.merged', dup.id)[0]?.payload).toMatchObject({
      targetId: kept.id,
      targetNumber: kept.number,
    });

    const again = await call(owner, 'POST', `/tickets/${dup.id}/merge`, { targetId: kept.id });
    expect(again.statusCode).toBe(409);
    const into = await call(owner, 'POST', `/tickets/${kept.id}/merge`, { targetId: dup.id });
    expect(into.statusCode).toBe(400);
    const self = await call(owner, 'POST', `/tickets/${kept.id}/merge`, { targetId: kept.id });
    expect(self.statusCode).toBe(400);
  });
});
