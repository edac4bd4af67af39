import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../../../test/build-test-app.js';
import { type Staff, signupTenant } from '../../../../../test/factories/staff.js';
import { fixedClock } from '../../../platform/clock.js';

type Entry = {
  type: string;
  channel: string;
  title: string;
  summary: string | null;
  accountId: string | null;
  contactId: string | null;
  refId: string;
  data: Record<string, unknown>;
};

const NOW = '2026-05-04T09:00:00.000Z';
const clock = fixedClock(NOW);

let t: TestApp;
let owner: Staff;

const req = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object, headers = {}) =>
  t.app.inject({ method, url, headers: { ...owner.headers, ...headers }, ...(payload ? { payload } : {}) });

const log = async (payload: object) => {
  const res = await req('POST', '/api/v1/activities', payload);
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
};

const timeline = async (q: string): Promise<Entry[]> => {
  const res = await req('GET', `/api/v1/timeline?${q}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().items;
};

const newAccount = async (name: string) =>
  (await req('POST', '/api/v1/accounts', { name })).json().id as string;
const newContact = async (payload: object) => {
  const res = await req('POST', '/api/v1/contacts', payload);
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
};
const lastContacted = async (id: string) =>
  (await req('GET', `/api/v1/contacts/${id}`)).json().lastContactedAt;

beforeAll(async () => {
  t = await buildTestApp({ clock, config: { sessionIdleMs: 30 * 86_400_000 } });
  owner = await signupTenant(t.app);
});
afterAll(() => t.close());

describe('activities', () => {
  it('logs a call on the account and contact timelines and marks the contact as contacted', async () => {
    const accountId = await newAccount('Call Co');
    const contactId = await newContact({ firstName: 'Dana', accountId });
    expect(await lastContacted(contactId)).toBeNull();
    const call = await log({
      kind: 'call',
      accountId,
      contactId,
      direction: 'outbound',
      durationSeconds: 185,
      outcome: 'answered',
      body: 'Asked for a quote.\nCall back Sunday.',
    });
    expect(call).toMatchObject({
      kind: 'call',
      authorId: owner.user.id,
      occurredAt: NOW,
      durationSeconds: 185,
      outcome: 'answered',
      version: 1,
    });
    const onAccount = await timeline(`accountId=${accountId}&type=activity.call`);
    expect(onAccount).toHaveLength(1);
    expect(onAccount[0]).toMatchObject({
      channel: 'phone',
      title: 'Asked for a quote.',
      summary: 'Asked for a quote.\nCall back Sunday.',
      contactId,
      refId: call.id,
      data: { direction: 'outbound', durationSeconds: 185, outcome: 'answered' },
    });
    expect(await timeline(`contactId=${contactId}&channel=phone`)).toHaveLength(1);
    expect(await lastContacted(contactId)).toBe(NOW);
  });

  it('with only a contact, the entry goes on every account of the contact', async () => {
    const a1 = await newAccount('Branch North');
    const a2 = await newAccount('Branch South');
    const contactId = await newContact({
      firstName: 'Avi',
      accounts: [{ accountId: a1 }, { accountId: a2 }],
    });
    await log({
      kind: 'meeting',
      contactId,
      subject: 'Quarterly review',
      occurredAt: '2026-05-03T07:00:00Z',
    });
    for (const a of [a1, a2]) {
      const e = await timeline(`accountId=${a}&type=activity.meeting`);
      expect(e.map((x) => [x.channel, x.title, x.contactId])).toEqual([
        ['meeting', 'Quarterly review', contactId],
      ]);
    }
    expect(await lastContacted(contactId)).toBe('2026-05-03T07:00:00.000Z');
    // An older activity logged later does not move last contact back in time.
    await log({ kind: 'sms', contactId, body: 'old one', occurredAt: '2026-04-01T07:00:00Z' });
    expect(await lastContacted(contactId)).toBe('2026-05-03T07:00:00.000Z');
  });

  it('maps each kind to its timeline channel; notes and future meetings are not contact', async () => {
    const accountId = await newAccount('Channels Co');
    const contactId = await newContact({ firstName: 'Rina', accountId });
    const expected: Record<string, string> = {
      note: 'internal',
      call: 'phone',
      meeting: 'meeting',
      email: 'email',
      sms: 'sms',
      visit: 'walk_in',
      fax: 'fax',
      chat: 'chat',
      whatsapp: 'whatsapp',
    };
    await log({ kind: 'note', contactId, body: 'internal only' });
    expect(await lastContacted(contactId)).toBeNull();
    await log({ kind: 'meeting', contactId, subject: 'Next week', occurredAt: '2026-05-11T07:00:00Z' });
    expect(await lastContacted(contactId)).toBeNull();
    for (const kind of Object.keys(expected).filter((k) => k !== 'note' && k !== 'meeting')) {
      await log({ kind, accountId, subject: kind });
    }
    const entries = await timeline(`accountId=${accountId}&limit=50`);
    const got = Object.fromEntries(
      entries
        .filter((e) => e.type.startsWith('activity.'))
        .map((e) => [e.type.replace('activity.', ''), e.channel]),
    );
    expect(got).toEqual(expected);
  });

  it('stores the body exactly as typed (the web escapes it); rejects bad links and call outcomes', async () => {
    const text = '<script>alert("x")</script> & שלום';
    const a = await log({ kind: 'note', body: text, accountId: await newAccount('Plain text') });
    expect((await req('GET', `/api/v1/activities/${a.id}`)).json().body).toBe(text);
    const bad = await req('POST', '/api/v1/activities', {
      kind: 'call',
      outcome: 'maybe',
      contactId: '0190c6a4-0000-7000-8000-000000000009',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map((e: { path: string }) => e.path)).toEqual(['outcome']);
    const badLink = await req('POST', '/api/v1/activities', {
      kind: 'call',
      contactId: '0190c6a4-0000-7000-8000-000000000009',
    });
    expect(badLink.statusCode).toBe(400);
    expect(badLink.json().errors.map((e: { path: string }) => e.path)).toEqual(['contactId']);
  });

  it('lists by kind and record, edits with If-Match and deletes', async () => {
    const accountId = await newAccount('List activities');
    await log({ kind: 'call', accountId, occurredAt: '2026-05-01T08:00:00Z', subject: 'c1' });
    await log({ kind: 'email', accountId, occurredAt: '2026-05-02T08:00:00Z', subject: 'e1' });
    const m = await log({ kind: 'meeting', accountId, occurredAt: '2026-05-03T08:00:00Z', subject: 'm1' });
    const list = (await req('GET', `/api/v1/activities?accountId=${accountId}&kind=call,meeting`)).json();
    expect(list.items.map((x: { subject: string }) => x.subject)).toEqual(['m1', 'c1']);
    expect((await req('GET', '/api/v1/activities?kind=telegram')).statusCode).toBe(400);

    expect((await req('PATCH', `/api/v1/activities/${m.id}`, { outcome: 'held' })).statusCode).toBe(428);
    const ok = await req('PATCH', `/api/v1/activities/${m.id}`, { outcome: 'held' }, { 'if-match': '"1"' });
    expect(ok.json()).toMatchObject({ outcome: 'held', version: 2 });
    expect(
      (await req('PATCH', `/api/v1/activities/${m.id}`, { body: 'x' }, { 'if-match': '"1"' })).statusCode,
    ).toBe(409);

    expect((await req('DELETE', `/api/v1/activities/${m.id}`)).statusCode).toBe(204);
    expect((await req('GET', `/api/v1/activities/${m.id}`)).statusCode).toBe(404);
    const after = (await req('GET', `/api/v1/activities?accountId=${accountId}`)).json();
    expect(after.items.map((x: { subject: string }) => x.subject)).toEqual(['e1', 'c1']);
  });
});
