import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../../../../test/build-test-app.js';
import { inviteAndAccept, type Staff, signupTenant } from '../../../../../test/factories/staff.js';
import { fixedClock } from '../../../platform/clock.js';
import { notificationTemplates } from '../notifications.table.js';
import {
  apiOf,
  buildDeskApp,
  mailsTo,
  notificationRows,
  openTicket,
  patchTicket,
  postMessage,
  requester,
} from './desk-fixtures.js';

// Thursday 5 March 2026, 15:00 in Jerusalem: two business hours left this week.
const clock = fixedClock('2026-03-05T13:00:00Z');
let t: TestApp;
let owner: Staff;
let agent: Staff;
let call: ReturnType<typeof apiOf>;
beforeAll(async () => {
  t = await buildDeskApp(clock);
  call = apiOf(t);
  owner = await signupTenant(t.app, { locale: 'he' });
  agent = await inviteAndAccept(t.app, owner, { role: 'agent', name: 'Yossi Agent' });
});
afterAll(() => t.close());

const minutes = (n: number) => clock.advance(n * 60_000);

describe('acknowledgement', () => {
  it('states the promised first response in the requester’s language (Thursday 15:00 → Sunday 10:00)', async () => {
    const he = await requester(t, owner, { lang: 'he' });
    const en = await requester(t, owner, { lang: 'en' });
    const a = await openTicket(t, owner, { requesterId: he.id, priority: 'high' });
    const b = await openTicket(t, owner, { requesterId: en.id, priority: 'high', subject: 'Printer' });
    const [heMail] = await mailsTo(t, he.email);
    const [enMail] = await mailsTo(t, en.email);
    expect(heMail?.text).toContain('נענה עד יום ראשון 10:00');
    expect(heMail?.subject).toBe(`[#${a.number}] קיבלנו את פנייתך: המדפסת לא עובדת`);
    expect(heMail?.html).toContain('dir="rtl"');
    expect(heMail?.kind).toBe('ticket.ticket_created');
    expect(enMail?.text).toContain('We will answer by Sunday 10:00.');
    expect(enMail?.subject).toBe(`[#${b.number}] We received your request: Printer`);
    expect(enMail?.html).toContain('<html lang="en" dir="ltr">');
  });

  it('falls back to the tenant’s language when the requester prefers one Kesher does not write', async () => {
    const ru = await requester(t, owner, { lang: 'ru', firstName: 'Olga' });
    await openTicket(t, owner, { requesterId: ru.id });
    const [m] = await mailsTo(t, ru.email);
    expect(m?.text).toContain('שלום Olga');
  });
});

describe('every step', () => {
  it('sends the requester one mail per step, in their language, and the ticket shows each delivery', async () => {
    minutes(30);
    const r = await requester(t, owner, { lang: 'en', firstName: 'Noa' });
    const tk = await openTicket(t, owner, { requesterId: r.id, priority: 'normal', subject: 'VPN down' });
    minutes(2);
    await patchTicket(t, owner, tk.id, { assigneeId: agent.user.id });
    minutes(2);
    await postMessage(t, agent, tk.id, { body: '<p>Please restart the router &amp; try again.</p>' });
    await postMessage(t, agent, tk.id, { body: 'Internal: probably the ISP', visibility: 'internal' });
    await postMessage(t, owner, tk.id, { body: 'The customer phoned: still down', author: 'customer' });
    minutes(2);
    await patchTicket(t, agent, tk.id, { status: 'pending_customer' });
    minutes(2);
    await patchTicket(t, agent, tk.id, { status: 'solved' });

    const mails = await mailsTo(t, r.email);
    expect(mails.map((m) => m.kind)).toEqual([
      'ticket.ticket_created',
      'ticket.ticket_assigned',
      'ticket.agent_replied',
      'ticket.pending_customer',
      'ticket.ticket_solved',
    ]);
    for (const m of mails) {
      expect(m.html).toContain('dir="ltr"');
      expect(m.subject).toContain(`[#${tk.number}]`);
      expect(m.text).toContain('Hello Noa');
    }
    expect(mails[1]?.text).toContain('Yossi Agent is now handling your request');
    expect(mails[2]?.text).toContain('Please restart the router & try again.');
    expect(mails[2]?.text).toContain('Yossi Agent replied');
    expect(mails[2]?.text).not.toContain('probably the ISP');
    expect(mails[4]?.html).toMatch(/href="http:\/\/localhost:3000\/csat\/[\w-]+\.[\w-]+"/);

    const res = await call(agent, 'GET', `/tickets/${tk.id}/notifications`);
    expect(res.statusCode, res.body).toBe(200);
    const emails = res.json().items.filter((n: { channel: string }) => n.channel === 'email');
    expect(emails).toHaveLength(5);
    for (const n of emails) {
      expect(n).toMatchObject({ status: 'queued', mailStatus: 'outbox', recipient: r.email, reason: null });
    }
  });

  it('a reply sent with “wait for the customer” is one mail, not two', async () => {
    minutes(5);
    const r = await requester(t, owner, { lang: 'he' });
    const tk = await openTicket(t, owner, { requesterId: r.id });
    minutes(1);
    await postMessage(t, agent, tk.id, { body: 'מה מספר הדגם?', statusAfter: 'pending_customer' });
    const mails = await mailsTo(t, r.email);
    expect(mails.map((m) => m.kind)).toEqual(['ticket.ticket_created', 'ticket.agent_replied']);
    expect(mails[1]?.text).toContain('מה מספר הדגם?');
  });

  it('tells nobody about a team-only change or an unassignment', async () => {
    const r = await requester(t, owner, { lang: 'he' });
    const tk = await openTicket(t, owner, { requesterId: r.id, assigneeId: agent.user.id });
    expect((await mailsTo(t, r.email)).map((m) => m.kind)).toEqual(['ticket.ticket_created']);
    await patchTicket(t, owner, tk.id, { assigneeId: null });
    expect(await mailsTo(t, r.email)).toHaveLength(1);
  });
});

describe('loop protection and rate limits', () => {
  it('never answers an automated address, and says why on the ticket', async () => {
    for (const email of [
      'mailer-daemon@galil.co.il',
      'no-reply@shop.example.com',
      'postmaster@galil.co.il',
    ]) {
      const r = await requester(t, owner, { email });
      const tk = await openTicket(t, owner, { requesterId: r.id });
      expect(await mailsTo(t, email)).toHaveLength(0);
      const [row] = await notificationRows(t, tk.id);
      expect(row).toMatchObject({ status: 'skipped', reason: expect.stringMatching(/Loop protection/) });
    }
  });

  it('customer messages trigger no mail to the customer', async () => {
    const r = await requester(t, owner);
    const tk = await openTicket(t, owner, { requesterId: r.id });
    await postMessage(t, owner, tk.id, { body: 'Out of office until Sunday', author: 'customer' });
    expect(await mailsTo(t, r.email)).toHaveLength(1);
  });

  it('acknowledges one ticket per requester per 10 minutes', async () => {
    minutes(60);
    const r = await requester(t, owner);
    const first = await openTicket(t, owner, { requesterId: r.id });
    minutes(3);
    const second = await openTicket(t, owner, { requesterId: r.id });
    expect(await mailsTo(t, r.email)).toHaveLength(1);
    expect((await notificationRows(t, second.id))[0]).toMatchObject({
      status: 'skipped',
      reason: expect.stringMatching(/Rate limit/),
    });
    minutes(10);
    await openTicket(t, owner, { requesterId: r.id });
    expect(await mailsTo(t, r.email)).toHaveLength(2);
    expect((await notificationRows(t, first.id))[0]?.status).toBe('queued');
  });
});

describe('idempotency', () => {
  it('a redelivered event sends nothing twice', async () => {
    minutes(15);
    const r = await requester(t, owner);
    const tk = await openTicket(t, owner, { requesterId: r.id });
    const event = {
      type: 'ticket.status_changed',
      tenantId: owner.tenant.id,
      at: clock.now(),
      payload: { ticketId: tk.id, number: tk.number, from: 'new', to: 'pending_customer' },
    };
    t.app.kesher.events.publish(event);
    t.app.kesher.events.publish(event);
    await t.app.kesher.events.drain();
    t.app.kesher.events.publish({ ...event, type: 'ticket.created' });
    await t.app.kesher.events.drain();
    expect((await mailsTo(t, r.email)).map((m) => m.kind)).toEqual([
      'ticket.ticket_created',
      'ticket.pending_customer',
    ]);
  });
});

describe('templates', () => {
  it('lists both languages of every event, defaults marked as such', async () => {
    const res = await call(owner, 'GET', '/notification-templates');
    expect(res.statusCode, res.body).toBe(200);
    const items = res.json().items;
    expect(items).toHaveLength(16);
    expect(
      items.find((i: { event: string; locale: string }) => i.event === 'ticket_solved' && i.locale === 'en'),
    ).toMatchObject({
      custom: false,
      placeholders: expect.arrayContaining(['csat.url', 'requester.firstName']),
    });
  });

  it('refuses a placeholder the event does not offer, naming the field; saves nothing', async () => {
    const res = await call(owner, 'PUT', '/notification-templates', {
      templates: [
        { event: 'ticket_created', locale: 'en', template: { subject: 'Hi', body: 'Rate us: {{csat.url}}' } },
      ],
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([
      { path: 'templates.0.template.body', message: 'Unknown placeholder {{csat.url}}' },
    ]);
    const list = await call(owner, 'GET', '/notification-templates');
    expect(list.json().items.every((i: { custom: boolean }) => !i.custom)).toBe(true);
  });

  it('uses a saved override for the next mail, and null restores the default', async () => {
    minutes(15);
    const put = await call(owner, 'PUT', '/notification-templates', {
      templates: [
        {
          event: 'ticket_created',
          locale: 'en',
          template: { subject: 'Got it: #{{ticket.number}}', body: 'Thanks {{requester.firstName}} <3' },
        },
      ],
    });
    expect(put.statusCode, put.body).toBe(200);
    const r = await requester(t, owner, { lang: 'en', firstName: '<b>Ann</b>' });
    const tk = await openTicket(t, owner, { requesterId: r.id });
    const [m] = await mailsTo(t, r.email);
    expect(m?.subject).toBe(`Got it: #${tk.number}`);
    expect(m?.html).toContain('Thanks &lt;b&gt;Ann&lt;/b&gt; &lt;3');
    const reset = await call(owner, 'PUT', '/notification-templates', {
      templates: [{ event: 'ticket_created', locale: 'en', template: null }],
    });
    expect(reset.json().items.every((i: { custom: boolean }) => !i.custom)).toBe(true);
  });

  it('previews with sample data: Hebrew right-to-left; a broken template is a 400', async () => {
    const res = await call(owner, 'POST', '/notification-templates/preview', {
      event: 'ticket_solved',
      locale: 'he',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().html).toContain('<html lang="he" dir="rtl">');
    expect(res.json().subject).toBe('[#1042] פנייתך טופלה');
    const bad = await call(owner, 'POST', '/notification-templates/preview', {
      event: 'ticket_solved',
      locale: 'en',
      template: { subject: '{{#if csat.url}}x', body: 'y' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0]).toMatchObject({ path: 'template.subject' });
  });

  it('a template that cannot render holds the notification with the error; nothing is sent', async () => {
    minutes(15);
    // As if saved by an older version that offered another placeholder (the API refuses it now).
    await t.app.kesher.database.systemTx((tx) =>
      tx.insert(notificationTemplates).values({
        tenantId: owner.tenant.id,
        event: 'ticket_created',
        locale: 'he',
        subject: 'פנייה {{ticket.number}}',
        body: 'שלום {{requester.nickname}}',
      }),
    );
    const r = await requester(t, owner, { lang: 'he' });
    const tk = await openTicket(t, owner, { requesterId: r.id });
    expect(await mailsTo(t, r.email)).toHaveLength(0);
    const res = await call(owner, 'GET', `/tickets/${tk.id}/notifications`);
    expect(res.json().items).toEqual([
      expect.objectContaining({
        event: 'ticket_created',
        status: 'held',
        reason: 'Template error: Unknown placeholder {{requester.nickname}}',
        mailStatus: null,
      }),
    ]);
    await call(owner, 'PUT', '/notification-templates', {
      templates: [{ event: 'ticket_created', locale: 'he', template: null }],
    });
  });

  it('only settings:manage may read or change templates', async () => {
    expect((await call(agent, 'GET', '/notification-templates')).statusCode).toBe(403);
    const res = await call(agent, 'PUT', '/notification-templates', {
      templates: [{ event: 'ticket_created', locale: 'he', template: null }],
    });
    expect(res.statusCode).toBe(403);
  });
});

describe('in-app notifications', () => {
  it('an assignment lands in the assignee’s inbox (not when I assign myself); unread first; read marks it', async () => {
    const agent = await inviteAndAccept(t.app, owner, { role: 'agent', name: 'Avi Agent' });
    const r = await requester(t, owner);
    const a = await openTicket(t, owner, { requesterId: r.id, assigneeId: agent.user.id, subject: 'First' });
    minutes(1);
    const b = await openTicket(t, owner, { requesterId: r.id, subject: 'Second' });
    minutes(1);
    await patchTicket(t, owner, b.id, { assigneeId: agent.user.id });
    await openTicket(t, agent, { requesterId: r.id, assigneeId: agent.user.id, subject: 'Mine' });

    const inbox = await call(agent, 'GET', '/notifications/inbox');
    expect(inbox.statusCode, inbox.body).toBe(200);
    const items = inbox.json().items as Array<{
      id: string;
      ticketId: string;
      title: string;
      readAt: string | null;
    }>;
    expect(items.map((i) => i.ticketId)).toEqual([b.id, a.id]);
    expect(items[0]?.title).toBe(`פנייה ${b.number} הוקצתה לך`);

    const read = await call(agent, 'POST', `/notifications/${items[0]?.id}/read`);
    expect(read.statusCode, read.body).toBe(200);
    expect(read.json().readAt).toBe(clock.now().toISOString());
    const after = await call(agent, 'GET', '/notifications/inbox');
    expect(after.json().items.map((i: { ticketId: string }) => i.ticketId)).toEqual([a.id, b.id]);
    // Someone else's notification is not there for me.
    expect((await call(owner, 'POST', `/notifications/${items[1]?.id}/read`)).statusCode).toBe(404);
    expect((await call(owner, 'GET', '/notifications/inbox')).json().items).toEqual([]);
  });

  it('a mention in an internal note reaches the colleague in-app and by email, with the note', async () => {
    const manager = await inviteAndAccept(t.app, owner, { role: 'manager', name: 'Rina Manager' });
    const r = await requester(t, owner);
    const tk = await openTicket(t, owner, { requesterId: r.id });
    await postMessage(t, agent, tk.id, {
      body: `@[Rina Manager](${manager.user.id}) can you approve a refund?`,
      visibility: 'internal',
    });
    const inbox = (await call(manager, 'GET', '/notifications/inbox')).json().items;
    expect(inbox).toHaveLength(1);
    expect(inbox[0]).toMatchObject({
      event: 'mention',
      title: `Yossi Agent הזכיר/ה אותך בפנייה ${tk.number}`,
    });
    expect(inbox[0].body).toContain('can you approve a refund?');
    const [m] = (await mailsTo(t, manager.email)).filter((x) => x.kind !== 'auth.invite');
    expect(m?.kind).toBe('ticket.mention');
    expect(m?.text).toContain('can you approve a refund?');
    // The requester saw nothing of the note.
    expect((await mailsTo(t, r.email)).map((x) => x.kind)).toEqual(['ticket.ticket_created']);
  });
});

describe('outbox', () => {
  it('lists the tenant’s mail newest first with cursor paging, and shows one with its HTML', async () => {
    const page1 = await call(owner, 'GET', '/outbox?limit=2');
    expect(page1.statusCode, page1.body).toBe(200);
    const p1 = page1.json();
    expect(p1.items).toHaveLength(2);
    expect(p1.nextCursor).toEqual(expect.any(String));
    const page2 = (await call(owner, 'GET', `/outbox?limit=2&cursor=${p1.nextCursor}`)).json();
    const ids = [...p1.items, ...page2.items].map((i: { id: string }) => i.id);
    expect(new Set(ids).size).toBe(4);
    expect([...ids].sort().reverse()).toEqual(ids);
    expect(p1.items[0]).toMatchObject({ status: 'outbox', attempts: 0, lastError: null, sentAt: null });

    const one = await call(owner, 'GET', `/outbox/${p1.items[0].id}`);
    expect(one.statusCode).toBe(200);
    expect(one.json().html).toContain('<!doctype html>');
    expect(one.json().text).toEqual(expect.any(String));
    const filtered = (await call(owner, 'GET', '/outbox?kind=ticket.mention')).json().items;
    expect(filtered.length).toBeGreaterThan(0);
    expect(filtered.every((i: { kind: string }) => i.kind === 'ticket.mention')).toBe(true);
  });

  it('is for settings:manage only', async () => {
    expect((await call(agent, 'GET', '/outbox')).statusCode).toBe(403);
  });
});
