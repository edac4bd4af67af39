import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../../../test/build-test-app.js';
import { type Staff, signupTenant } from '../../../../../test/factories/staff.js';
import { uuidv7 } from '../../../platform/ids.js';
import { indexSearchDocument, type SearchDocumentInput } from '../index.js';

let t: TestApp;
let owner: Staff;
const ids: Record<string, string> = {};
let galilNumber = 0;

const createAccount = async (payload: object) => {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/accounts',
    headers: owner.headers,
    payload,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; number: number };
};

// Contacts, leads and deals have their own services; here only their search rows matter.
const indexDoc = (doc: Omit<SearchDocumentInput, 'tenantId' | 'entityId'>) => {
  const entityId = uuidv7();
  return t.database
    .tenantTx({ role: 'staff', tenantId: owner.tenant.id }, (tx) =>
      indexSearchDocument(tx, { ...doc, tenantId: owner.tenant.id, entityId }),
    )
    .then(() => entityId);
};

beforeAll(async () => {
  t = await buildTestApp();
  owner = await signupTenant(t.app);
  ids.cohenNiqqud = (await createAccount({ name: 'משה כֹּהֵן' })).id;
  ids.hacohen = (await createAccount({ name: 'הכהן ובניו' })).id;
  ids.shimon = (await createAccount({ name: 'שמעון פרץ סחר' })).id;
  ids.yosef = (await createAccount({ name: 'יוסף מוסכים' })).id;
  const galil = await createAccount({
    name: 'Galil Logistics',
    companyNumber: '51-538585-4',
    phones: ['+972502345678'],
    emails: ['Office@Galil.co.il'],
    externalRefs: { priority: 'C-10023' },
  });
  ids.galil = galil.id;
  galilNumber = galil.number;
  ids.cohenContact = await indexDoc({
    entityType: 'contact',
    title: 'דנה כהן',
    subtitle: 'Galil Logistics',
    phonesE164: ['+97246901234'],
    emails: ['dana@galil.co.il'],
    identifiers: [2001],
  });
  ids.cohenDeal = await indexDoc({ entityType: 'deal', title: 'הרחבת חוזה כהן' });
  ids.lead = await indexDoc({ entityType: 'lead', title: 'Ronit Cohen', subtitle: 'Web form' });
  ids.ticket = await indexDoc({ entityType: 'ticket', title: 'כהן — תקלה במשלוח' });
});
afterAll(() => t.close());

type Hit = { type: string; id: string; title: string; subtitle: string | null; score: number };
type Body = { results: Hit[]; groups: Array<{ type: string; results: Hit[] }> };

const search = async (q: string, extra = '', headers = owner.headers): Promise<Body> => {
  const res = await t.app.inject({
    method: 'GET',
    url: `/api/v1/search?q=${encodeURIComponent(q)}${extra}`,
    headers,
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};
const idsOf = (b: Body) => b.results.map((r) => r.id);

describe('GET /api/v1/search', () => {
  it('finds Hebrew names with or without niqqud, with or without a one-letter prefix', async () => {
    const cohen = await search('כהן');
    expect(idsOf(cohen)).toEqual(expect.arrayContaining([ids.cohenNiqqud, ids.hacohen, ids.cohenContact]));
    // With niqqud in the query too.
    expect(idsOf(await search('כֹּהֵן'))).toContain(ids.cohenNiqqud);
    // "הכהן" finds "כהן" (prefix stripped from the query) and the literal "הכהן" ranks first.
    const hacohen = await search('הכהן', '&types=account');
    expect(idsOf(hacohen)).toEqual(expect.arrayContaining([ids.cohenNiqqud, ids.hacohen]));
    expect(hacohen.results[0]?.id).toBe(ids.hacohen);
  });

  it('matches word prefixes, final letters folded, and two letters', async () => {
    expect(idsOf(await search('שמעו'))).toContain(ids.shimon);
    expect(idsOf(await search('יוספ'))).toContain(ids.yosef);
    expect(idsOf(await search('יוסף'))).toContain(ids.yosef);
    expect(idsOf(await search('פרץ'))).toContain(ids.shimon);
    expect(idsOf(await search('כה'))).toEqual(expect.arrayContaining([ids.cohenNiqqud, ids.cohenContact]));
    // Letters from the middle of a word are not a word start ("מעון" is: ש is a prefix letter).
    expect(idsOf(await search('מעון'))).toContain(ids.shimon);
    expect(idsOf(await search('עון'))).not.toContain(ids.shimon);
    // One letter finds nothing.
    expect((await search('כ')).results).toEqual([]);
  });

  it('is case-insensitive in English and tolerates a typo', async () => {
    for (const q of ['gal', 'GALIL', 'Logist', 'galil log']) {
      expect(idsOf(await search(q)), q).toContain(ids.galil);
    }
    expect(idsOf(await search('logistcs'))).toContain(ids.galil);
    expect(idsOf(await search('cohen'))).toContain(ids.lead);
  });

  it('finds a phone typed in any format', async () => {
    for (const q of ['050-234 5678', '0502345678', '+972502345678', '+972 50-234-5678', '972502345678']) {
      const body = await search(q);
      expect(body.results[0], q).toMatchObject({ id: ids.galil, type: 'account', score: 3 });
    }
    expect(idsOf(await search('04-690 1234'))).toEqual([ids.cohenContact]);
    expect((await search('050-234 5679')).results).toEqual([]);
  });

  it('finds an email exactly or by prefix', async () => {
    expect((await search('office@galil.co.il')).results[0]).toMatchObject({ id: ids.galil, score: 3 });
    expect((await search('OFFICE@galil.co.il')).results[0]?.id).toBe(ids.galil);
    expect(idsOf(await search('office@gal'))).toEqual([ids.galil]);
    expect(idsOf(await search('dana@'))).toEqual([ids.cohenContact]);
  });

  it('finds a company number with or without dashes, a record number and an external id', async () => {
    expect(idsOf(await search('51-538585-4'))).toEqual([ids.galil]);
    expect(idsOf(await search('515385854'))).toEqual([ids.galil]);
    expect(idsOf(await search(String(galilNumber)))).toContain(ids.galil);
    expect(idsOf(await search('2001'))).toEqual([ids.cohenContact]);
    expect(idsOf(await search('c-10023'))).toEqual([ids.galil]);
  });

  it('groups by type, best group first, best first within a group, limit per type', async () => {
    const body = await search('כהן');
    const types = body.groups.map((g) => g.type);
    expect(new Set(types).size).toBe(types.length);
    expect(types).toEqual(expect.arrayContaining(['account', 'contact', 'deal']));
    // The tickets module registers tickets (for holders of tickets:read, as the owner is).
    expect(types).toContain('ticket');
    expect(body.results).toEqual(body.groups.flatMap((g) => g.results));
    for (const g of body.groups) {
      const scores = g.results.map((r) => r.score);
      expect(scores).toEqual([...scores].sort((a, b) => b - a));
    }
    const best = body.groups.map((g) => g.results[0]?.score ?? 0);
    expect(best).toEqual([...best].sort((a, b) => b - a));
    const one = await search('כהן', '&types=account&limit=1');
    expect(one.groups).toHaveLength(1);
    expect(one.results).toHaveLength(1);
    expect(one.results[0]?.type).toBe('account');
  });

  it('ranks an exact key above a word prefix above a similar name', async () => {
    const id = await indexDoc({ entityType: 'contact', title: 'Ranker Test', identifiers: ['rank99'] });
    const similar = await indexDoc({ entityType: 'contact', title: 'Rankr Tost' });
    const prefix = await indexDoc({ entityType: 'contact', title: 'rank99 Zed' });
    const body = await search('rank99', '&types=contact');
    expect(idsOf(body).slice(0, 2)).toEqual([id, prefix]);
    expect(body.results[0]?.score).toBe(3);
    expect(body.results[1]?.score).toBeGreaterThanOrEqual(2);
    expect(idsOf(body)).not.toContain(similar);
  });

  it('drops records moved to the trash', async () => {
    const a = await createAccount({ name: 'Trashable Widgets' });
    expect(idsOf(await search('Trashable'))).toEqual([a.id]);
    await t.app.inject({ method: 'DELETE', url: `/api/v1/accounts/${a.id}`, headers: owner.headers });
    expect((await search('Trashable')).results).toEqual([]);
  });

  it('rejects unknown types and an empty query with 400', async () => {
    const bad = await t.app.inject({
      method: 'GET',
      url: '/api/v1/search?q=abc&types=account,widgets',
      headers: owner.headers,
    });
    expect(bad.statusCode).toBe(400);
    const empty = await t.app.inject({ method: 'GET', url: '/api/v1/search?q=', headers: owner.headers });
    expect(empty.statusCode).toBe(400);
    const anon = await t.app.inject({ method: 'GET', url: '/api/v1/search?q=abc' });
    expect(anon.statusCode).toBe(401);
  });
});
