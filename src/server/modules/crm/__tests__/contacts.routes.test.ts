import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../../../test/build-test-app.js';
import { type Staff, signupTenant } from '../../../../../test/factories/staff.js';
import { fixedClock } from '../../../platform/clock.js';
import { searchDocuments } from '../../search/index.js';

const NOW = '2025-09-23T09:00:00.000Z';
let t: TestApp;
let owner: Staff;
const clock = fixedClock(NOW);

beforeAll(async () => {
  t = await buildTestApp({ clock });
  owner = await signupTenant(t.app);
});
afterAll(() => t.close());

const req = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object, headers = {}) =>
  t.app.inject({ method, url: `/api/v1${url}`, headers: { ...owner.headers, ...headers }, payload });

const newAccount = async (name: string) => {
  const res = await req('POST', '/accounts', { name });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; name: string };
};

const timelineTypes = async (q: string) =>
  (await req('GET', `/timeline?${q}`)).json().items.map((e: { type: string }) => e.type);

describe('contacts', () => {
  it('creates a contact on an account with E.164 phones, consents stamped by the clock, a timeline and search row', async () => {
    const acme = await newAccount('אקמי תעשיות');
    const res = await req('POST', '/contacts', {
      firstName: 'נועה',
      lastName: 'לוי',
      title: 'סמנכ"לית כספים',
      accountId: acme.id,
      phones: ['050-234 5678', { number: '04-6901234', label: 'office' }],
      emails: ['Noa@Acme.co.il'],
      birthday: '1985-04-12',
      preferredLanguage: 'he',
      preferredChannel: 'whatsapp',
      consents: {
        email: { granted: true, source: 'web_form' },
        sms: { granted: false, source: 'phone call' },
      },
      tags: ['vip'],
    });
    expect(res.statusCode, res.body).toBe(201);
    const c = res.json();
    expect(c).toMatchObject({
      firstName: 'נועה',
      lastName: 'לוי',
      fullName: 'נועה לוי',
      accountId: acme.id,
      accounts: [{ accountId: acme.id, name: 'אקמי תעשיות', role: null, isPrimary: true }],
      emails: ['noa@acme.co.il'],
      birthday: '1985-04-12',
      consents: {
        email: { granted: true, source: 'web_form', at: NOW },
        sms: { granted: false, source: 'phone call', at: NOW },
      },
      version: 1,
    });
    expect(c.phones).toEqual([
      { raw: '050-234 5678', e164: '+972502345678' },
      { raw: '04-6901234', e164: '+97246901234', label: 'office' },
    ]);
    expect(c.number).toBeGreaterThanOrEqual(1001);
    expect(res.headers.etag).toBe('"1"');

    expect(await timelineTypes(`accountId=${acme.id}`)).toEqual(
      expect.arrayContaining(['contact.created', 'consent.changed', 'account.created']),
    );
    expect(await timelineTypes(`contactId=${c.id}`)).toEqual(['consent.changed', 'contact.created']);

    const [doc] = await t.database.systemTx((tx) =>
      tx
        .select()
        .from(searchDocuments)
        .where(and(eq(searchDocuments.entityType, 'contact'), eq(searchDocuments.entityId, c.id))),
    );
    expect(doc).toMatchObject({ title: 'נועה לוי', subtitle: 'אקמי תעשיות · סמנכ"לית כספים' });
    expect(doc?.keys).toEqual(
      expect.arrayContaining(['972502345678', '0502345678', 'noa@acme.co.il', String(c.number)]),
    );
    expect(doc?.normText).toContain('אקמי');
  });

  it('belongs to several accounts with roles; the account lists its contacts', async () => {
    const a = await newAccount('Multi A');
    const b = await newAccount('Multi B');
    const res = await req('POST', '/contacts', {
      firstName: 'Dan',
      lastName: 'Cohen',
      accounts: [
        { accountId: a.id, role: 'CFO' },
        { accountId: b.id, role: 'Board member', isPrimary: true },
      ],
    });
    expect(res.statusCode, res.body).toBe(201);
    const c = res.json();
    expect(c.accountId).toBe(b.id);
    expect(c.accounts).toEqual([
      { accountId: b.id, name: 'Multi B', role: 'Board member', isPrimary: true },
      { accountId: a.id, name: 'Multi A', role: 'CFO', isPrimary: false },
    ]);
    const ofA = (await req('GET', `/accounts/${a.id}/contacts`)).json();
    expect(ofA.items.map((x: { id: string }) => x.id)).toEqual([c.id]);
    const filtered = (await req('GET', `/contacts?accountId=${b.id}`)).json();
    expect(filtered.items.map((x: { id: string }) => x.id)).toEqual([c.id]);
    // Both accounts' timelines show the new contact.
    expect(await timelineTypes(`accountId=${a.id}`)).toContain('contact.created');
    expect(await timelineTypes(`accountId=${b.id}`)).toContain('contact.created');

    // accountId in a PATCH makes that account primary; the other link stays.
    const patched = await req('PATCH', `/contacts/${c.id}`, { accountId: a.id }, { 'if-match': '"1"' });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json().accounts).toEqual([
      { accountId: a.id, name: 'Multi A', role: 'CFO', isPrimary: true },
      { accountId: b.id, name: 'Multi B', role: 'Board member', isPrimary: false },
    ]);
    // `accounts` replaces the set.
    const replaced = await req(
      'PATCH',
      `/contacts/${c.id}`,
      { accounts: [{ accountId: b.id }] },
      { 'if-match': '"2"' },
    );
    expect(replaced.json().accounts).toEqual([
      { accountId: b.id, name: 'Multi B', role: null, isPrimary: true },
    ]);
    expect((await req('GET', `/accounts/${a.id}/contacts`)).json().items).toHaveLength(0);
    expect(await timelineTypes(`accountId=${a.id}`)).toContain('field.changed');
  });

  it('rejects a bad phone, email, future birthday and unknown account with 400 naming each field, writing nothing', async () => {
    const res = await req('POST', '/contacts', {
      firstName: 'Bad Input',
      phones: ['050-1234567'],
      emails: ['nope'],
      birthday: '2025-09-24',
      accountId: '0190c6a4-0000-7000-8000-000000000000',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors.map((e: { path: string }) => e.path)).toEqual([
      'phones.0',
      'emails.0',
      'birthday',
      'accountId',
    ]);
    const malformed = await req('POST', '/contacts', { firstName: 'Bad Input', birthday: '2025-02-30' });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().errors.map((e: { path: string }) => e.path)).toEqual(['birthday']);
    const future = await req('POST', '/contacts', {
      firstName: 'Bad Input',
      consents: { email: { granted: true, source: 'form', at: '2026-01-01T00:00:00Z' } },
    });
    expect(future.statusCode).toBe(400);
    expect(future.json().errors.map((e: { path: string }) => e.path)).toEqual(['consents.email.at']);
    expect((await req('GET', '/contacts?q=Bad%20Input')).json().items).toHaveLength(0);
  });

  it('a consent change is a timeline entry and an audit row; an unchanged consent is not', async () => {
    const acc = await newAccount('Consent Co');
    const c = (
      await req('POST', '/contacts', {
        firstName: 'Consent',
        lastName: 'Ledger',
        accountId: acc.id,
        consents: { email: { granted: true, source: 'web_form', at: '2025-09-01T08:00:00Z' } },
      })
    ).json();
    expect(c.consents.email).toEqual({ granted: true, source: 'web_form', at: '2025-09-01T08:00:00.000Z' });
    clock.advance(60_000);
    const withdrawn = await req(
      'PATCH',
      `/contacts/${c.id}`,
      { consents: { email: { granted: false, source: 'unsubscribe link' } } },
      { 'if-match': '"1"' },
    );
    expect(withdrawn.statusCode, withdrawn.body).toBe(200);
    expect(withdrawn.json().consents.email).toEqual({
      granted: false,
      source: 'unsubscribe link',
      at: '2025-09-23T09:01:00.000Z',
    });
    const same = await req(
      'PATCH',
      `/contacts/${c.id}`,
      { consents: { email: { granted: false, source: 'unsubscribe link' } } },
      { 'if-match': '"2"' },
    );
    expect(same.json().consents.email.at).toBe('2025-09-23T09:01:00.000Z');

    const entries = (await req('GET', `/timeline?contactId=${c.id}&type=consent.changed`)).json().items;
    expect(entries).toHaveLength(2);
    expect(entries[0]).toMatchObject({
      accountId: acc.id,
      data: {
        changes: [
          {
            channel: 'email',
            from: { granted: true, source: 'web_form' },
            to: { granted: false, source: 'unsubscribe link' },
          },
        ],
      },
    });
    const audit = (await req('GET', '/audit-log?limit=100'))
      .json()
      .items.filter(
        (r: { action: string; targetId: string }) =>
          r.action === 'contact.consent_changed' && r.targetId === c.id,
      );
    expect(audit).toHaveLength(2);
  });

  it('PATCH needs the version it read; a stale write gets 409 with the current record', async () => {
    const c = (await req('POST', '/contacts', { firstName: 'Versioned' })).json();
    expect((await req('PATCH', `/contacts/${c.id}`, { title: 'CEO' })).statusCode).toBe(428);
    const ok = await req('PATCH', `/contacts/${c.id}`, { title: 'CEO' }, { 'if-match': '"1"' });
    expect(ok.json()).toMatchObject({ title: 'CEO', version: 2 });
    const stale = await req('PATCH', `/contacts/${c.id}`, { title: 'CTO' }, { 'if-match': '"1"' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ code: 'VERSION_CONFLICT', current: { title: 'CEO', version: 2 } });
  });

  it('lists with filters (consent, tag, text, custom field), sort and cursor paging', async () => {
    const cf = await req('POST', '/custom-fields', {
      entity: 'contact',
      key: 'shoe_size',
      type: 'number',
      labelHe: 'מידת נעליים',
      labelEn: 'Shoe size',
    });
    expect(cf.statusCode, cf.body).toBe(201);
    const names = ['Zohar', 'Avi', 'Michal'];
    for (const [i, n] of names.entries()) {
      const r = await req('POST', '/contacts', {
        firstName: n,
        lastName: 'Paged',
        tags: ['paged'],
        customFields: { shoe_size: 40 + i },
        consents: i === 1 ? { sms: { granted: true, source: 'paper form' } } : {},
      });
      expect(r.statusCode, r.body).toBe(201);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/contacts?tag=paged&limit=2&sort=name${cursor ? `&cursor=${cursor}` : ''}`;
      const page = (await req('GET', url)).json();
      seen.push(...page.items.map((i: { firstName: string }) => i.firstName));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['Avi', 'Michal', 'Zohar']);
    const bySize = (await req('GET', '/contacts?tag=paged&sort=-cf.shoe_size')).json();
    expect(bySize.items.map((i: { firstName: string }) => i.firstName)).toEqual(['Michal', 'Avi', 'Zohar']);
    const consenting = (await req('GET', '/contacts?tag=paged&hasConsent=sms')).json();
    expect(consenting.items.map((i: { firstName: string }) => i.firstName)).toEqual(['Avi']);
    const byCf = (await req('GET', `/contacts?cf=${encodeURIComponent('{"shoe_size":40}')}`)).json();
    expect(byCf.items.map((i: { firstName: string }) => i.firstName)).toEqual(['Zohar']);
    const byText = (await req('GET', '/contacts?q=hal%20Pag')).json();
    expect(byText.items.map((i: { firstName: string }) => i.firstName)).toEqual(['Michal']);
    const unknownCf = await req('POST', '/contacts', { firstName: 'X', customFields: { nope: 1 } });
    expect(unknownCf.statusCode).toBe(400);
    expect(unknownCf.json().errors[0].path).toBe('customFields.nope');
  });

  it('deletes to the trash, restores, and bulk-tags', async () => {
    const c = (await req('POST', '/contacts', { firstName: 'Trash', lastName: 'Me' })).json();
    expect((await req('DELETE', `/contacts/${c.id}`)).statusCode).toBe(204);
    expect((await req('GET', `/contacts/${c.id}`)).statusCode).toBe(404);
    const trash = (await req('GET', '/contacts?includeDeleted=true')).json();
    expect(trash.items.map((i: { id: string }) => i.id)).toContain(c.id);
    const restored = await req('POST', `/contacts/${c.id}/restore`);
    expect(restored.statusCode).toBe(200);
    expect(restored.json().deletedAt).toBeNull();
    const bulk = await req('POST', '/contacts/bulk', { action: 'tag', ids: [c.id], tag: 'restored' });
    expect(bulk.json()).toEqual({ affected: 1 });
    expect((await req('GET', `/contacts/${c.id}`)).json().tags).toEqual(['restored']);
  });
});
