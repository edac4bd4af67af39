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

// Sunday 11 January 2026, 09:00 in Israel (UTC+2): a plain business day (Sun–Thu 08:00–17:00).
const START = '2026-01-11T07:00:00Z';
const clock = fixedClock(START);

let t: TestApp;
let owner: Staff;
let agent: Staff;
let call: ReturnType<typeof api>;
let requester: { id: string };
let account: { id: string };
const events: DomainEvent[] = [];

beforeAll(async () => {
  t = await buildTicketsApp(clock);
  call = api(t);
  owner = await signupTenant(t.app);
  agent = await inviteAndAccept(t.app, owner, { role: 'agent', name: 'Avi Agent' });
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

describe('creating a ticket', () => {
  it('numbers it, defaults the account to the requester’s, and plans the SLA in business time', async () => {
    clock.set(START);
    const res = await call(owner, 'POST', '/tickets', {
      subject: 'המדפסת במשרד לא מדפיסה',
      description: '<p>שלום,</p><script>alert(1)</script><p>המדפסת <b>תקועה</b></p>',
      requesterId: requester.id,
      priority: 'normal',
      channel: 'email',
    });
    expect(res.statusCode, res.body).toBe(201);
    const tk = res.json();
    expect(tk).toMatchObject({
      status: 'new',
      requesterId: requester.id,
      accountId: account.id,
      channel: 'email',
      version: 1,
      requester: { name: 'דנה לוי', email: 'dana@galil.co.il' },
    });
    expect(tk.number).toBeGreaterThanOrEqual(1001);
    expect(tk.descriptionHtml).not.toContain('script');
    expect(tk.descriptionHtml).toContain('<b>תקועה</b>');
    expect(tk.descriptionText).toBe('שלום,\n\nהמדפסת תקועה');
    // Normal: first response 480 business minutes → Sunday 17:00 (15:00Z). Resolution 2880 →
    // 480 on Sunday + 4 × 540 (Mon–Thu) = 2640, Friday and Saturday closed, Sunday 08:00 + 240.
    expect(tk.sla).toMatchObject({
      firstResponseDueAt: '2026-01-11T15:00:00.000Z',
      resolutionDueAt: '2026-01-18T10:00:00.000Z',
      policyId: expect.any(String),
      paused: false,
    });
    expect(res.headers.etag).toBe('"1"');
    const created = eventsOf('ticket.created', tk.id);
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({
      tenantId: owner.tenant.id,
      payload: { ticketId: tk.id, number: tk.number, sla: { resolutionDueAt: '2026-01-18T10:00:00.000Z' } },
    });
    expect(created[0]?.at.toISOString()).toBe('2026-01-11T07:00:00.000Z');

    const next = await openTicket(t, owner, { requesterId: requester.id, priority: 'urgent' });
    expect(next.number).toBe(tk.number + 1);
    // Urgent: 60 / 480 business minutes.
    expect(next.sla).toMatchObject({
      firstResponseDueAt: '2026-01-11T08:00:00.000Z',
      resolutionDueAt: '2026-01-11T15:00:00.000Z',
    });
  });

  it('puts the ticket on the customer’s timeline and in search', async () => {
    const tk = await openTicket(t, owner, { requesterId: requester.id, subject: 'Router keeps rebooting' });
    const tl = await call(owner, 'GET', `/timeline?accountId=${account.id}&type=ticket.created`);
    expect(tl.statusCode, tl.body).toBe(200);
    expect(tl.json().items.map((e: { refId: string }) => e.refId)).toContain(tk.id);
    const byContact = await call(owner, 'GET', `/timeline?contactId=${requester.id}&type=ticket.created`);
    expect(byContact.json().items.map((e: { refId: string }) => e.refId)).toContain(tk.id);
    const found = await call(owner, 'GET', `/search?q=${tk.number}&types=ticket`);
    expect(found.statusCode, found.body).toBe(200);
    expect(found.json().results[0]).toMatchObject({
      id: tk.id,
      title: `#${tk.number} Router keeps rebooting`,
    });
    const byWord = await call(owner, 'GET', '/search?q=router&types=ticket');
    expect(byWord.json().results.map((r: { id: string }) => r.id)).toContain(tk.id);
  });

  it('applies the policy that matches the account tier', async () => {
    const gold = await customer(t, owner, { accountName: 'VIP בע"מ', tier: 'gold', firstName: 'Noa' });
    const policy = await call(owner, 'POST', '/sla-policies', {
      name: 'Gold',
      position: 0,
      conditions: { tiers: ['gold'] },
      targets: { normal: { firstResponse: 30, resolution: 120 } },
    });
    expect(policy.statusCode, policy.body).toBe(201);
    const list = (await call(owner, 'GET', '/sla-policies')).json().items as Array<{ id: string }>;
    const others = list.filter((p) => p.id !== policy.json().id).map((p) => p.id);
    await call(owner, 'PUT', '/sla-policies/order', { ids: [policy.json().id, ...others] });
    clock.set(START);
    const tk = await openTicket(t, owner, { requesterId: gold.contact.id });
    expect(tk.sla).toMatchObject({
      policyId: policy.json().id,
      firstResponseDueAt: '2026-01-11T07:30:00.000Z',
      resolutionDueAt: '2026-01-11T09:00:00.000Z',
    });
    const plain = await openTicket(t, owner, { requesterId: requester.id });
    expect(plain.sla?.policyId).not.toBe(policy.json().id);
  });

  it('refuses an unknown requester, account, assignee or team with 400 naming the field, creating nothing', async () => {
    const before = (await call(owner, 'GET', '/tickets/counts')).json();
    const missing = '0190c6a4-0000-7000-8000-000000000000';
    for (const [field, body] of [
      ['requesterId', { requesterId: missing }],
      ['accountId', { requesterId: requester.id, accountId: missing }],
      ['assigneeId', { requesterId: requester.id, assigneeId: missing }],
      ['teamId', { requesterId: requester.id, teamId: missing }],
    ] as const) {
      const res = await call(owner, 'POST', '/tickets', { subject: 'x', ...body });
      expect(res.statusCode, field).toBe(400);
      expect(res.json().errors[0].path).toBe(field);
    }
    const noSubject = await call(owner, 'POST', '/tickets', { requesterId: requester.id });
    expect(noSubject.statusCode).toBe(400);
    expect((await call(owner, 'GET', '/tickets/counts')).json()).toEqual(before);
  });
});

describe('inbox views', () => {
  let viewer: Staff;
  let ids: Record<string, string>;
  beforeAll(async () => {
    // A tenant of its own, so the views hold exactly these tickets.
    viewer = await signupTenant(t.app);
    const me = viewer.user.id;
    const { contact } = await customer(t, viewer, { firstName: 'Yael', lastName: 'Cohen' });
    clock.set(START);
    const mk = async (name: string, over: Record<string, unknown>) =>
      [name, (await openTicket(t, viewer, { requesterId: contact.id, subject: name, ...over })).id] as const;
    ids = Object.fromEntries([
      await mk('low-mine', { priority: 'low', assigneeId: me }),
      await mk('urgent-unassigned', { priority: 'urgent' }),
      await mk('high-mine', { priority: 'high', assigneeId: me }),
      await mk('normal-pending', { priority: 'normal', assigneeId: me }),
      await mk('normal-solved', { priority: 'normal' }),
    ]);
    const patch = async (id: string | undefined, body: object) => {
      const cur = (await call(viewer, 'GET', `/tickets/${id}`)).json();
      const r = await call(viewer, 'PATCH', `/tickets/${id}`, body, { 'if-match': `"${cur.version}"` });
      expect(r.statusCode, r.body).toBe(200);
    };
    await patch(ids['normal-pending'], { status: 'pending_customer' });
    await patch(ids['normal-solved'], { status: 'solved' });
  });

  const view = async (q: string) => {
    const res = await call(viewer, 'GET', `/tickets?${q}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as {
      items: Array<{ id: string; subject: string; requesterName: string }>;
      nextCursor: string | null;
    };
  };
  const subjects = async (q: string) => (await view(q)).items.map((i) => i.subject);

  it('lists each view sorted by SLA due, soonest (or breached) first, with the requester’s name', async () => {
    expect(await subjects('view=open')).toEqual(['urgent-unassigned', 'high-mine', 'low-mine']);
    expect((await view('view=open')).items[0]?.requesterName).toBe('Yael Cohen');
    expect(await subjects('view=mine')).toEqual(['high-mine', 'normal-pending', 'low-mine']);
    expect(await subjects('view=unassigned')).toEqual(['urgent-unassigned']);
    expect(await subjects('view=pending')).toEqual(['normal-pending']);
    expect(await subjects('view=solved_recently')).toEqual(['normal-solved']);
    expect(await subjects('view=team')).toEqual([]);
    expect(await subjects('view=open&priority=low,high')).toEqual(['high-mine', 'low-mine']);
    expect(await subjects('view=mine&status=pending_customer')).toEqual(['normal-pending']);
    expect(await subjects('q=urgent')).toEqual(['urgent-unassigned']);
    const urgent = (await call(viewer, 'GET', `/tickets/${ids['urgent-unassigned']}`)).json();
    expect(await subjects(`q=%23${urgent.number}`)).toEqual(['urgent-unassigned']);
    // Everything, solved last (its SLA is done).
    expect((await subjects('')).at(-1)).toBe('normal-solved');
  });

  it('"breaching" lists running tickets past their warning time; a solved one drops off after 7 days', async () => {
    expect(await subjects('view=breaching')).toEqual([]);
    // Urgent's first response (60 min) warns at 48 minutes.
    clock.set('2026-01-11T07:50:00Z');
    expect(await subjects('view=breaching')).toEqual(['urgent-unassigned']);
    clock.set('2026-01-19T07:00:00Z');
    try {
      expect(await subjects('view=solved_recently')).toEqual([]);
    } finally {
      clock.set(START);
    }
  });

  it('pages by keyset cursor without gaps or repeats', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await view(`limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.items.map((i) => i.subject));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(5);
    expect(new Set(seen).size).toBe(5);
    expect((await call(viewer, 'GET', '/tickets?cursor=nonsense')).statusCode).toBe(400);
    expect((await call(viewer, 'GET', '/tickets?status=bogus')).statusCode).toBe(400);
  });

  it('badge counts come from the counters and match the views', async () => {
    const res = await call(viewer, 'GET', '/tickets/counts');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      views: { mine: 3, unassigned: 1, team: 0, open: 3, pending: 1 },
      byStatus: { new: 3, open: 0, pending_customer: 1, on_hold: 0, solved: 1, closed: 0 },
      mineByStatus: { new: 2, pending_customer: 1 },
    });
  });
});

describe('changing a ticket', () => {
  it('PATCH needs the version it read; a stale write gets 409 with the current ticket', async () => {
    const tk = await openTicket(t, owner, { requesterId: requester.id });
    const none = await call(owner, 'PATCH', `/tickets/${tk.id}`, { priority: 'high' });
    expect(none.statusCode).toBe(428);
    const ok = await call(owner, 'PATCH', `/tickets/${tk.id}`, { tags: ['printer'] }, { 'if-match': '"1"' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ tags: ['printer'], version: 2 });
    expect(ok.headers.etag).toBe('"2"');
    const stale = await call(owner, 'PATCH', `/tickets/${tk.id}`, { tags: ['x'] }, { 'if-match': '"1"' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({
      code: 'VERSION_CONFLICT',
      current: { version: 2, tags: ['printer'] },
    });
  });

  it('a priority change re-plans the SLA from the start and says so in events', async () => {
    clock.set(START);
    const tk = await openTicket(t, owner, { requesterId: requester.id, priority: 'low' });
    clock.set('2026-01-11T07:10:00Z');
    const res = await call(
      owner,
      'PATCH',
      `/tickets/${tk.id}`,
      { priority: 'urgent' },
      { 'if-match': '"1"' },
    );
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().sla).toMatchObject({
      priority: 'urgent',
      firstResponseDueAt: '2026-01-11T08:00:00.000Z',
      resolutionDueAt: '2026-01-11T15:00:00.000Z',
    });
    expect(eventsOf('ticket.priority_changed', tk.id)[0]?.payload).toMatchObject({
      from: 'low',
      to: 'urgent',
    });
    expect(eventsOf('ticket.sla_updated', tk.id)[0]?.payload).toMatchObject({
      number: tk.number,
      sla: { firstResponseDueAt: '2026-01-11T08:00:00.000Z' },
    });
    clock.set(START);
  });

  it('waiting for the customer pauses the clock: due times move out by the paused business time', async () => {
    clock.set(START);
    const tk = await openTicket(t, owner, { requesterId: requester.id, priority: 'urgent' });
    clock.set('2026-01-11T07:20:00Z');
    const paused = await call(
      owner,
      'PATCH',
      `/tickets/${tk.id}`,
      { status: 'pending_customer' },
      { 'if-match': '"1"' },
    );
    expect(paused.statusCode, paused.body).toBe(200);
    expect(paused.json().sla).toMatchObject({ paused: true });
    expect(paused.json().sla.targets.firstResponse.status).toBe('paused');
    clock.set('2026-01-11T09:20:00Z'); // two hours later
    const back = await call(owner, 'PATCH', `/tickets/${tk.id}`, { status: 'open' }, { 'if-match': '"2"' });
    expect(back.json().sla).toMatchObject({
      paused: false,
      // 60 minutes, 20 used before the pause: 40 left from 11:20 Israel → 12:00 (10:00Z).
      firstResponseDueAt: '2026-01-11T10:00:00.000Z',
    });
    expect(back.json().sla.targets.firstResponse.pausedMinutes).toBe(120);
    clock.set(START);
  });

  it('refuses a status the ticket cannot reach with 409 and the allowed ones', async () => {
    const tk = await openTicket(t, owner, { requesterId: requester.id });
    const bad = await call(owner, 'PATCH', `/tickets/${tk.id}`, { status: 'closed' }, { 'if-match': '"1"' });
    expect(bad.statusCode).toBe(409);
    expect(bad.json()).toMatchObject({
      code: 'INVALID_STATUS_TRANSITION',
      allowed: ['open', 'pending_customer', 'on_hold', 'solved'],
    });
    const steps: Array<[string, number]> = [
      ['solved', 200],
      ['open', 200],
      ['solved', 200],
      ['closed', 200],
    ];
    let version = 1;
    for (const [status, code] of steps) {
      const r = await call(owner, 'PATCH', `/tickets/${tk.id}`, { status }, { 'if-match': `"${version}"` });
      expect(r.statusCode, `${status}: ${r.body}`).toBe(code);
      version = r.json().version;
    }
    const final = await call(
      owner,
      'PATCH',
      `/tickets/${tk.id}`,
      { status: 'open' },
      { 'if-match': `"${version}"` },
    );
    expect(final.statusCode).toBe(409);
    expect(final.json()).toMatchObject({ code: 'INVALID_STATUS_TRANSITION', allowed: [] });
    const changes = eventsOf('ticket.status_changed', tk.id).map((e) => [e.payload.from, e.payload.to]);
    expect(changes).toEqual([
      ['new', 'solved'],
      ['solved', 'open'],
      ['open', 'solved'],
      ['solved', 'closed'],
    ]);
    const detail = (await call(owner, 'GET', `/tickets/${tk.id}`)).json();
    expect(detail.events.filter((e: { type: string }) => e.type === 'status_changed')).toHaveLength(4);
    expect(detail).toMatchObject({
      status: 'closed',
      closedAt: expect.any(String),
      solvedAt: expect.any(String),
    });
    const tl = await call(owner, 'GET', `/timeline?accountId=${account.id}&type=ticket.status_changed`);
    expect(tl.json().items.filter((e: { refId: string }) => e.refId === tk.id)).toHaveLength(4);
  });

  it('bulk updates each ticket on its own and lists the ones it could not change', async () => {
    const a = await openTicket(t, owner, { requesterId: requester.id });
    const b = await openTicket(t, owner, { requesterId: requester.id });
    const closed = await openTicket(t, owner, { requesterId: requester.id });
    await call(owner, 'PATCH', `/tickets/${closed.id}`, { status: 'solved' }, { 'if-match': '"1"' });
    await call(owner, 'PATCH', `/tickets/${closed.id}`, { status: 'closed' }, { 'if-match': '"2"' });
    const missing = '0190c6a4-0000-7000-8000-000000000000';
    const res = await call(owner, 'POST', '/tickets/bulk', {
      ids: [a.id, b.id, closed.id, missing],
      set: { status: 'open', assigneeId: agent.user.id, addTags: ['bulk'] },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      affected: 2,
      failed: [
        { id: closed.id, code: 'INVALID_STATUS_TRANSITION', message: expect.any(String) },
        { id: missing, code: 'NOT_FOUND', message: 'Ticket not found' },
      ],
    });
    const got = (await call(owner, 'GET', `/tickets/${a.id}`)).json();
    expect(got).toMatchObject({
      status: 'open',
      assigneeId: agent.user.id,
      tags: ['bulk'],
      assignee: { name: 'Avi Agent' },
    });
    expect(eventsOf('ticket.assigned', a.id)[0]?.payload).toMatchObject({ assigneeId: agent.user.id });
    const badUser = await call(owner, 'POST', '/tickets/bulk', { ids: [a.id], set: { assigneeId: missing } });
    expect(badUser.statusCode).toBe(400);
  });

  it('the trash takes a ticket out of views and badges; restore brings it back', async () => {
    const tenant = await signupTenant(t.app);
    const { contact } = await customer(t, tenant);
    const tk = await openTicket(t, tenant, { requesterId: contact.id });
    expect((await call(tenant, 'GET', '/tickets/counts')).json().views.open).toBe(1);
    expect((await call(tenant, 'DELETE', `/tickets/${tk.id}`)).statusCode).toBe(204);
    expect((await call(tenant, 'GET', `/tickets/${tk.id}`)).statusCode).toBe(404);
    expect((await call(tenant, 'GET', '/tickets?view=open')).json().items).toEqual([]);
    expect((await call(tenant, 'GET', '/tickets/counts')).json().views.open).toBe(0);
    const back = await call(tenant, 'POST', `/tickets/${tk.id}/restore`);
    expect(back.statusCode, back.body).toBe(200);
    expect((await call(tenant, 'GET', '/tickets/counts')).json().views.open).toBe(1);
  });

  it('validates ticket custom fields and links a parent ticket (never a cycle)', async () => {
    const def = await call(owner, 'POST', '/custom-fields', {
      entity: 'ticket',
      key: 'serial',
      type: 'text',
      labelHe: 'מספר סידורי',
      labelEn: 'Serial',
      required: false,
      validation: { maxLength: 5 },
    });
    expect(def.statusCode, def.body).toBe(201);
    const bad = await call(owner, 'POST', '/tickets', {
      subject: 'x',
      requesterId: requester.id,
      customFields: { serial: 'far-too-long' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe('customFields.serial');
    const parent = await openTicket(t, owner, { requesterId: requester.id, customFields: { serial: 'A1' } });
    const child = await openTicket(t, owner, { requesterId: requester.id, parentId: parent.id });
    const detail = (await call(owner, 'GET', `/tickets/${parent.id}`)).json();
    expect(detail.children.map((c: { id: string }) => c.id)).toEqual([child.id]);
    expect(detail.customFields).toEqual({ serial: 'A1' });
    const cycle = await call(
      owner,
      'PATCH',
      `/tickets/${parent.id}`,
      { parentId: child.id },
      { 'if-match': '"1"' },
    );
    expect(cycle.statusCode).toBe(400);
    expect(cycle.json().errors[0].path).toBe('parentId');
  });
});

describe('status labels', () => {
  it('are configurable per tenant in Hebrew and English; only administrators change them', async () => {
    const got = await call(agent, 'GET', '/settings/ticket-statuses');
    expect(got.statusCode).toBe(200);
    expect(got.json().labels.pending_customer).toEqual({ he: 'ממתינה ללקוח', en: 'Pending customer' });
    const labels = { ...got.json().labels, pending_customer: { he: 'אצל הלקוח', en: 'With customer' } };
    expect((await call(agent, 'PUT', '/settings/ticket-statuses', { labels })).statusCode).toBe(403);
    const put = await call(owner, 'PUT', '/settings/ticket-statuses', { labels });
    expect(put.statusCode, put.body).toBe(200);
    const tk = await openTicket(t, owner, { requesterId: requester.id });
    const detail = (await call(agent, 'GET', `/tickets/${tk.id}`)).json();
    expect(detail.statusLabels.pending_customer).toEqual({ he: 'אצל הלקוח', en: 'With customer' });
    const missing = await call(owner, 'PUT', '/settings/ticket-statuses', {
      labels: { new: { he: 'x', en: 'y' } },
    });
    expect(missing.statusCode).toBe(400);
  });
});
