import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../../../test/build-test-app.js';
import { type Staff, signupTenant } from '../../../../../test/factories/staff.js';

let t: TestApp;
let owner: Staff;
beforeAll(async () => {
  t = await buildTestApp();
  owner = await signupTenant(t.app);
});
afterAll(() => t.close());

type Method = 'GET' | 'POST' | 'PATCH';
const api = (method: Method, url: string, payload?: object, headers: Record<string, string> = {}) =>
  t.app.inject({
    method,
    url: `/api/v1${url}`,
    headers: { ...owner.headers, ...headers },
    ...(payload ? { payload } : {}),
  });
const ok = async (method: Method, url: string, payload?: object, headers?: Record<string, string>) => {
  const res = await api(method, url, payload, headers);
  expect(res.statusCode, `${method} ${url}: ${res.body}`).toBeLessThan(300);
  return res.json();
};
const itemsOf = async (url: string) => (await ok('GET', url)).items as Array<Record<string, unknown>>;
const searchIds = async (q: string, types = 'account,contact') =>
  (await ok('GET', `/search?q=${encodeURIComponent(q)}&types=${types}`)).results.map(
    (r: { id: string }) => r.id,
  );

describe('POST /api/v1/accounts/:id/merge', () => {
  it('keeps every timeline entry, task, activity, deal and contact link; unites lists; trashes the source', async () => {
    const survivor = await ok('POST', '/accounts', {
      name: 'גליל הובלות',
      phones: ['04-6901234'],
      emails: ['office@galil.co.il'],
      tags: ['logistics'],
      externalRefs: { priority: '10023' },
    });
    const source = await ok('POST', '/accounts', {
      name: 'Galil Transport (old)',
      companyNumber: '515385854',
      website: 'https://galil.example',
      phones: ['04-6901234', '+972502345678'],
      emails: ['billing@galil.co.il'],
      tags: ['north'],
      address: { city: 'כרמיאל' },
      externalRefs: { priority: '99999', hashavshevet: '77' },
    });
    const both = await ok('POST', '/contacts', {
      firstName: 'דנה',
      lastName: 'כהן',
      accounts: [
        { accountId: survivor.id, isPrimary: false },
        { accountId: source.id, isPrimary: true },
      ],
    });
    const onlySource = await ok('POST', '/contacts', { firstName: 'Avi', accountId: source.id });
    const task = await ok('POST', '/tasks', { title: 'Call back', accountId: source.id });
    const call = await ok('POST', '/activities', { kind: 'call', accountId: source.id, outcome: 'answered' });
    const deal = await ok('POST', '/deals', { name: 'Fleet renewal', accountId: source.id, amount: '5000' });
    const sourceTimeline = await itemsOf(`/timeline?accountId=${source.id}&limit=100`);
    expect(sourceTimeline.length).toBeGreaterThan(3);

    const res = await ok('POST', `/accounts/${survivor.id}/merge`, { sourceId: source.id, version: 1 });
    expect(res).toMatchObject({
      survivorId: survivor.id,
      sourceId: source.id,
      version: 2,
      moved: { tasks: 1, activities: 1, deals: 1, links: 2 },
    });

    const merged = await ok('GET', `/accounts/${survivor.id}`);
    expect(merged).toMatchObject({
      name: 'גליל הובלות',
      companyNumber: '515385854',
      website: 'https://galil.example',
      address: { city: 'כרמיאל' },
      // The survivor's own value wins; the source's other keys are kept.
      externalRefs: { priority: '10023', hashavshevet: '77' },
      version: 2,
    });
    expect(merged.phones.map((p: { e164: string }) => p.e164)).toEqual(['+97246901234', '+972502345678']);
    expect(merged.emails).toEqual(['office@galil.co.il', 'billing@galil.co.il']);
    expect(merged.tags).toEqual(['logistics', 'north']);

    // The source is in the trash, gone from reads and search.
    expect((await api('GET', `/accounts/${source.id}`)).statusCode).toBe(404);
    expect((await itemsOf('/accounts?includeDeleted=true')).map((a) => a.id)).toContain(source.id);

    // Everything now points at the survivor.
    expect((await ok('GET', `/tasks/${task.id}`)).accountId).toBe(survivor.id);
    expect((await ok('GET', `/activities/${call.id}`)).accountId).toBe(survivor.id);
    expect((await ok('GET', `/deals/${deal.id}`)).accountId).toBe(survivor.id);
    const card = await ok('GET', `/accounts/${survivor.id}/card`);
    expect(card.contacts.map((c: { id: string }) => c.id).sort()).toEqual([both.id, onlySource.id].sort());
    const dana = await ok('GET', `/contacts/${both.id}`);
    expect(dana.accounts.map((l: { accountId: string }) => l.accountId)).toEqual([survivor.id]);
    expect(dana.accountId).toBe(survivor.id);

    // The timeline: every source entry moved, none lost or doubled, plus the merge itself.
    const timeline = await itemsOf(`/timeline?accountId=${survivor.id}&limit=100`);
    // An entry about a person of both accounts was written once per account: one copy stays.
    const sig = (e: Record<string, unknown>) => `${e.type}|${e.refId}|${e.occurredAt}|${e.contactId}`;
    const survivorSigs = timeline.map(sig);
    for (const e of sourceTimeline) expect(survivorSigs).toContain(sig(e));
    expect(new Set(survivorSigs).size).toBe(survivorSigs.length);
    expect(timeline[0]).toMatchObject({
      type: 'record.merged',
      data: { entity: 'account', mergedFrom: source.id, mergedInto: survivor.id },
    });
    expect(await itemsOf(`/timeline?accountId=${source.id}`)).toEqual([]);

    // Search finds the survivor by the source's phone and company number, never the source.
    expect(await searchIds('050-234 5678')).toEqual([survivor.id]);
    expect(await searchIds('51-538585-4')).toEqual([survivor.id]);
    expect(await searchIds('Galil Transport')).not.toContain(source.id);

    const audit = await itemsOf('/audit-log?limit=50');
    expect(audit.find((a) => a.action === 'account.merged')).toMatchObject({
      targetId: survivor.id,
      details: { sourceId: source.id },
    });
    expect(audit.find((a) => a.action === 'account.merged_away')).toMatchObject({
      targetId: source.id,
      details: { mergedInto: survivor.id },
    });
  });

  it('needs the survivor version: missing 428, stale 409 with nothing changed', async () => {
    const a = await ok('POST', '/accounts', { name: 'Versioned Survivor' });
    const b = await ok('POST', '/accounts', { name: 'Versioned Source' });
    const task = await ok('POST', '/tasks', { title: 'stay', accountId: b.id });
    expect((await api('POST', `/accounts/${a.id}/merge`, { sourceId: b.id })).statusCode).toBe(428);
    await ok('PATCH', `/accounts/${a.id}`, { tier: 'gold', version: 1 });
    const stale = await api('POST', `/accounts/${a.id}/merge`, { sourceId: b.id, version: 1 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ code: 'VERSION_CONFLICT', current: { version: 2 } });
    expect((await ok('GET', `/accounts/${b.id}`)).deletedAt).toBeNull();
    expect((await ok('GET', `/tasks/${task.id}`)).accountId).toBe(b.id);
    const viaHeader = await api('POST', `/accounts/${a.id}/merge`, { sourceId: b.id }, { 'if-match': '"2"' });
    expect(viaHeader.statusCode, viaHeader.body).toBe(200);
  });

  it('refuses a merge into itself (400) and an unknown or trashed source (404)', async () => {
    const a = await ok('POST', '/accounts', { name: 'Lonely' });
    const self = await api('POST', `/accounts/${a.id}/merge`, { sourceId: a.id, version: 1 });
    expect(self.statusCode).toBe(400);
    expect(self.json().errors[0].path).toBe('sourceId');
    const unknown = await api('POST', `/accounts/${a.id}/merge`, {
      sourceId: '01900000-0000-7000-8000-000000000000',
      version: 1,
    });
    expect(unknown.statusCode).toBe(404);
    const gone = await ok('POST', '/accounts', { name: 'Already Trashed' });
    const del = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/accounts/${gone.id}`,
      headers: owner.headers,
    });
    expect(del.statusCode).toBe(204);
    expect((await api('POST', `/accounts/${a.id}/merge`, { sourceId: gone.id, version: 1 })).statusCode).toBe(
      404,
    );
  });
});

describe('POST /api/v1/contacts/:id/merge', () => {
  it('moves links, tasks, activities, deals and timeline; unites phones, emails, tags; keeps the newest consent', async () => {
    const acme = await ok('POST', '/accounts', { name: 'Acme Contacts' });
    const other = await ok('POST', '/accounts', { name: 'Other Employer' });
    const survivor = await ok('POST', '/contacts', {
      firstName: 'Yossi',
      lastName: '',
      accountId: acme.id,
      emails: ['yossi@acme.co.il'],
      tags: ['vip'],
    });
    const source = await ok('POST', '/contacts', {
      firstName: 'Yosef',
      lastName: 'Mizrahi',
      title: 'CFO',
      accountId: other.id,
      phones: ['+972502345678'],
      emails: ['yosef.m@gmail.com', 'YOSSI@acme.co.il'],
      tags: ['finance'],
    });
    const task = await ok('POST', '/tasks', { title: 'Send invoice', contactId: source.id });
    const call = await ok('POST', '/activities', { kind: 'call', contactId: source.id, outcome: 'answered' });
    const deal = await ok('POST', '/deals', { name: 'Yosef deal', contactId: source.id });

    const res = await ok('POST', `/contacts/${survivor.id}/merge`, {
      sourceId: source.id,
      version: survivor.version,
    });
    expect(res).toMatchObject({
      survivorId: survivor.id,
      moved: { tasks: 1, activities: 1, deals: 1, links: 1 },
    });

    const merged = await ok('GET', `/contacts/${survivor.id}`);
    expect(merged).toMatchObject({
      firstName: 'Yossi',
      lastName: 'Mizrahi',
      title: 'CFO',
      emails: ['yossi@acme.co.il', 'yosef.m@gmail.com'],
      tags: ['vip', 'finance'],
      accountId: acme.id,
    });
    expect(merged.phones.map((p: { e164: string }) => p.e164)).toEqual(['+972502345678']);
    expect(merged.accounts.map((l: { accountId: string }) => l.accountId).sort()).toEqual(
      [acme.id, other.id].sort(),
    );
    expect((await api('GET', `/contacts/${source.id}`)).statusCode).toBe(404);
    expect((await ok('GET', `/tasks/${task.id}`)).contactId).toBe(survivor.id);
    expect((await ok('GET', `/activities/${call.id}`)).contactId).toBe(survivor.id);
    expect((await ok('GET', `/deals/${deal.id}`)).contactId).toBe(survivor.id);
    const timeline = await itemsOf(`/timeline?contactId=${survivor.id}&limit=100`);
    expect(timeline.some((e) => e.type === 'record.merged')).toBe(true);
    expect(timeline.some((e) => e.refId === call.id)).toBe(true);
    expect(await itemsOf(`/timeline?contactId=${source.id}`)).toEqual([]);
    // The other employer's card now lists the survivor.
    const card = await ok('GET', `/accounts/${other.id}/card`);
    expect(card.contacts.map((c: { id: string }) => c.id)).toEqual([survivor.id]);
    expect(await searchIds('yosef.m@gmail.com', 'contact')).toEqual([survivor.id]);
    expect(await searchIds('0502345678', 'contact')).toEqual([survivor.id]);
  });

  it('keeps the latest marketing consent per channel', async () => {
    const a = await ok('POST', '/contacts', {
      firstName: 'Consent A',
      consents: { email: { granted: true, source: 'web form' } },
    });
    const b = await ok('POST', '/contacts', {
      firstName: 'Consent B',
      consents: { sms: { granted: true, source: 'phone call' } },
    });
    await ok('POST', `/contacts/${a.id}/merge`, { sourceId: b.id, version: a.version });
    const merged = await ok('GET', `/contacts/${a.id}`);
    expect(merged.consents.email).toMatchObject({ granted: true, source: 'web form' });
    expect(merged.consents.sms).toMatchObject({ granted: true, source: 'phone call' });
  });

  it('needs the version and refuses itself', async () => {
    const a = await ok('POST', '/contacts', { firstName: 'Self' });
    const b = await ok('POST', '/contacts', { firstName: 'Other' });
    expect((await api('POST', `/contacts/${a.id}/merge`, { sourceId: b.id })).statusCode).toBe(428);
    expect((await api('POST', `/contacts/${a.id}/merge`, { sourceId: b.id, version: 99 })).statusCode).toBe(
      409,
    );
    expect((await api('POST', `/contacts/${a.id}/merge`, { sourceId: a.id, version: 1 })).statusCode).toBe(
      400,
    );
    expect((await ok('GET', `/contacts/${b.id}`)).deletedAt).toBeNull();
  });
});
