import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../../../test/build-test-app.js';
import { inviteAndAccept, type Staff, signupTenant } from '../../../../../test/factories/staff.js';
import { fixedClock } from '../../../platform/clock.js';
import { dueReminders } from '../tasks.service.js';

type Task = { id: string; title: string; version: number; status: string; dueAt: string | null };

// Tuesday 10 March 2026, 12:00 in Israel (UTC+2: summer time starts on 27 March).
const NOW = '2026-03-10T10:00:00.000Z';
const clock = fixedClock(NOW);

let t: TestApp;
let owner: Staff;
let agent: Staff;
let accountId: string;

const req = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object, headers = {}) =>
  t.app.inject({ method, url, headers: { ...owner.headers, ...headers }, ...(payload ? { payload } : {}) });

const newTask = async (payload: object, who = owner): Promise<Task> => {
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/tasks', headers: who.headers, payload });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
};

const titles = async (query: string, who = owner) => {
  const res = await t.app.inject({ method: 'GET', url: `/api/v1/tasks?${query}`, headers: who.headers });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().items.map((x: Task) => x.title) as string[];
};

beforeAll(async () => {
  // Sessions must outlive the clock jumps below.
  t = await buildTestApp({ clock, config: { sessionIdleMs: 30 * 86_400_000 } });
  owner = await signupTenant(t.app);
  agent = await inviteAndAccept(t.app, owner, { role: 'agent' });
  accountId = (await req('POST', '/api/v1/accounts', { name: 'Tasks Ltd' })).json().id;
});
afterAll(() => t.close());

describe('tasks', () => {
  it('creates a task assigned to its author by default, with links checked in the tenant', async () => {
    const task = await newTask({ title: 'Call back', accountId, dueAt: '2026-03-11T08:00:00Z' });
    expect(task).toMatchObject({
      title: 'Call back',
      assigneeId: owner.user.id,
      createdBy: owner.user.id,
      priority: 'normal',
      status: 'open',
      accountId,
      dueAt: '2026-03-11T08:00:00.000Z',
      version: 1,
    });
    const bad = await req('POST', '/api/v1/tasks', {
      title: 'Dangling',
      dealId: '0190c6a4-0000-7000-8000-000000000001',
      ticketId: '0190c6a4-0000-7000-8000-000000000002',
      dueAt: '2026-03-11T08:00:00Z',
      reminderAt: '2026-03-12T08:00:00Z',
    });
    expect(bad.statusCode).toBe(400);
    expect(
      bad
        .json()
        .errors.map((e: { path: string }) => e.path)
        .sort(),
    ).toEqual(['dealId', 'reminderAt', 'ticketId']);
    expect(await titles('q=Dangling')).toEqual([]);
  });

  it('filters by due date in Israel time: overdue, today, this week', async () => {
    const tag = 'due';
    // 23:30 on 9 March in Israel: yesterday, so overdue.
    await newTask({ title: `${tag} yesterday`, dueAt: '2026-03-09T21:30:00Z' });
    const doneLate = await newTask({ title: `${tag} done late`, dueAt: '2026-03-09T08:00:00Z' });
    await req('POST', `/api/v1/tasks/${doneLate.id}/complete`, {});
    // Earlier today, still today (and overdue).
    await newTask({ title: `${tag} this morning`, dueAt: '2026-03-10T06:00:00Z' });
    // 23:30 tonight in Israel, though already 11 March in UTC terms it is not: still today.
    await newTask({ title: `${tag} tonight`, dueAt: '2026-03-10T21:30:00Z' });
    // 00:30 tomorrow in Israel (22:30 UTC today): not today, but this week.
    await newTask({ title: `${tag} after midnight`, dueAt: '2026-03-10T22:30:00Z' });
    // Last minute of the 7-day window (16 March, 23:59 Israel) and just past it.
    await newTask({ title: `${tag} end of week`, dueAt: '2026-03-16T21:59:00Z' });
    await newTask({ title: `${tag} next week`, dueAt: '2026-03-16T22:01:00Z' });
    await newTask({ title: `${tag} someday` });

    expect(await titles(`q=${tag}&due=overdue`)).toEqual([`${tag} yesterday`, `${tag} this morning`]);
    expect(await titles(`q=${tag}&due=today`)).toEqual([`${tag} this morning`, `${tag} tonight`]);
    expect(await titles(`q=${tag}&due=week`)).toEqual([
      `${tag} this morning`,
      `${tag} tonight`,
      `${tag} after midnight`,
      `${tag} end of week`,
    ]);
    // Moving the clock to the next day moves "today" with it.
    clock.set('2026-03-11T10:00:00Z');
    try {
      expect(await titles(`q=${tag}&due=today`)).toEqual([`${tag} after midnight`]);
    } finally {
      clock.set(NOW);
    }
    // Undated tasks sort last.
    expect((await titles(`q=${tag}&status=open`)).at(-1)).toBe(`${tag} someday`);
  });

  it('mine / assigneeId, priority sort and cursor paging', async () => {
    await newTask({ title: 'agent low', priority: 'low' }, agent);
    await newTask({ title: 'agent urgent', priority: 'urgent' }, agent);
    await newTask({ title: 'agent high', priority: 'high' }, agent);
    expect(await titles('mine=true&sort=-priority', agent)).toEqual([
      'agent urgent',
      'agent high',
      'agent low',
    ]);
    expect(await titles(`assigneeId=${agent.user.id}&sort=priority`)).toEqual([
      'agent low',
      'agent high',
      'agent urgent',
    ]);
    expect(await titles('mine=true&q=agent')).toEqual([]);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/api/v1/tasks?mine=true&sort=-priority&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page = (await t.app.inject({ method: 'GET', url, headers: agent.headers })).json();
      seen.push(...page.items.map((x: Task) => x.title));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['agent urgent', 'agent high', 'agent low']);
  });

  it('completes (timeline task.done, channel internal) and reopens; versions are honoured', async () => {
    const contact = await req('POST', '/api/v1/contacts', { firstName: 'Yael', accountId });
    expect(contact.statusCode, contact.body).toBe(201);
    const task = await newTask({ title: 'Send the quote', contactId: contact.json().id });
    const stale = await req('POST', `/api/v1/tasks/${task.id}/complete`, { version: 7 });
    expect(stale.statusCode).toBe(409);
    clock.advance(60_000);
    const done = await req('POST', `/api/v1/tasks/${task.id}/complete`, { version: 1 });
    clock.set(NOW);
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({
      status: 'done',
      doneAt: '2026-03-10T10:01:00.000Z',
      doneBy: owner.user.id,
      version: 2,
    });
    // Idempotent: completing again changes nothing.
    const again = await req('POST', `/api/v1/tasks/${task.id}/complete`);
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json().version).toBe(2);

    // Only a contact was linked: the entry lands on the contact and each of its accounts.
    const tl = (await req('GET', `/api/v1/timeline?accountId=${accountId}&type=task.done`)).json();
    expect(tl.items).toHaveLength(1);
    expect(tl.items[0]).toMatchObject({
      channel: 'internal',
      title: 'Send the quote',
      contactId: contact.json().id,
    });
    const ctl = (await req('GET', `/api/v1/timeline?contactId=${contact.json().id}&type=task.done`)).json();
    expect(ctl.items).toHaveLength(1);

    const reopened = await req('POST', `/api/v1/tasks/${task.id}/reopen`, {}, { 'if-match': '"2"' });
    expect(reopened.json()).toMatchObject({ status: 'open', doneAt: null, doneBy: null, version: 3 });
  });

  it('PATCH needs If-Match; delete goes to the trash and restores', async () => {
    const task = await newTask({ title: 'Patch me' });
    expect((await req('PATCH', `/api/v1/tasks/${task.id}`, { priority: 'high' })).statusCode).toBe(428);
    const ok = await req(
      'PATCH',
      `/api/v1/tasks/${task.id}`,
      { priority: 'high', dueAt: null },
      { 'if-match': '"1"' },
    );
    expect(ok.json()).toMatchObject({ priority: 'high', version: 2 });
    const stale = await req(
      'PATCH',
      `/api/v1/tasks/${task.id}`,
      { title: 'Lost update' },
      { 'if-match': '"1"' },
    );
    expect(stale.statusCode).toBe(409);
    expect(stale.json().current).toMatchObject({ title: 'Patch me', version: 2 });
    const badLink = await req(
      'PATCH',
      `/api/v1/tasks/${task.id}`,
      { leadId: '0190c6a4-0000-7000-8000-000000000003' },
      { 'if-match': '"2"' },
    );
    expect(badLink.statusCode).toBe(400);
    expect(badLink.json().errors[0].path).toBe('leadId');

    expect((await req('DELETE', `/api/v1/tasks/${task.id}`)).statusCode).toBe(204);
    expect((await req('GET', `/api/v1/tasks/${task.id}`)).statusCode).toBe(404);
    expect(await titles('includeDeleted=true&q=Patch')).toEqual(['Patch me']);
    expect((await req('POST', `/api/v1/tasks/${task.id}/restore`)).json().deletedAt).toBeNull();
  });
});

describe('dueReminders', () => {
  it('finds open tasks whose reminder time has come, across tenants, once per window', async () => {
    const other = await signupTenant(t.app);
    const mk = async (who: Staff, title: string, reminderAt: string) =>
      newTask({ title, reminderAt, dueAt: '2026-03-20T08:00:00Z' }, who);
    const due1 = await mk(owner, 'remind 1', '2026-03-10T09:00:00Z');
    const due2 = await mk(other, 'remind 2', '2026-03-10T09:30:00Z');
    await mk(owner, 'remind later', '2026-03-10T11:00:00Z');
    const done = await mk(owner, 'remind done', '2026-03-10T09:10:00Z');
    await req('POST', `/api/v1/tasks/${done.id}/complete`);
    const trashed = await mk(owner, 'remind trashed', '2026-03-10T09:20:00Z');
    await req('DELETE', `/api/v1/tasks/${trashed.id}`);

    const now = new Date(NOW);
    const all = await t.database.systemTx((tx) => dueReminders(tx, now));
    expect(all.map((r) => r.id)).toEqual([due1.id, due2.id]);
    expect(all[1]).toMatchObject({ title: 'remind 2', assigneeId: other.user.id });
    const since = await t.database.systemTx((tx) =>
      dueReminders(tx, now, { since: new Date('2026-03-10T09:00:00Z') }),
    );
    expect(since.map((r) => r.id)).toEqual([due2.id]);
    // Within a tenant transaction RLS keeps it to that tenant.
    const mine = await t.database.tenantTx({ role: 'staff', tenantId: owner.tenant.id }, (tx) =>
      dueReminders(tx, now),
    );
    expect(mine.map((r) => r.id)).toEqual([due1.id]);
  });
});
