import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../../../test/build-test-app.js';
import { inviteAndAccept, type Staff, signupTenant } from '../../../../../test/factories/staff.js';
import { searchDocuments } from '../../search/index.js';

type Stage = { id: string; name: string; kind: string; probability: number; position: number };
type Pipeline = { id: string; name: string; isDefault: boolean; stages: Stage[] };
type Deal = {
  id: string;
  name: string;
  stageId: string;
  rank: number;
  version: number;
  status: string;
  amount: string | null;
  closedAt: string | null;
  lostReason: string | null;
  probability: number | null;
};

let t: TestApp;
let owner: Staff;
let pipeline: Pipeline;
let stage: Record<'new' | 'proposal' | 'negotiation' | 'won' | 'lost', Stage>;

const req = (
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
  url: string,
  payload?: object,
  headers = {},
) =>
  t.app.inject({ method, url, headers: { ...owner.headers, ...headers }, ...(payload ? { payload } : {}) });

const newDeal = async (payload: object): Promise<Deal> => {
  const res = await req('POST', '/api/v1/deals', payload);
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
};

const column = async (stageId: string, pipelineId = pipeline.id) => {
  const board = (await req('GET', `/api/v1/deals/board?pipelineId=${pipelineId}`)).json();
  return board.columns.find((c: { stage: Stage }) => c.stage.id === stageId) as {
    deals: Deal[];
    count: number;
    sums: { currency: string; amount: string }[];
  };
};

const move = (d: Deal, body: object, version = d.version) =>
  req('POST', `/api/v1/deals/${d.id}/move`, { version, ...body });

beforeAll(async () => {
  t = await buildTestApp();
  owner = await signupTenant(t.app, { locale: 'he' });
  const res = await req('GET', '/api/v1/pipelines');
  expect(res.statusCode, res.body).toBe(200);
  pipeline = res.json().items[0];
  const [n, p, ng, w, l] = pipeline.stages;
  if (!n || !p || !ng || !w || !l) throw new Error('default stages missing');
  stage = { new: n, proposal: p, negotiation: ng, won: w, lost: l };
});
afterAll(() => t.close());

describe('pipelines', () => {
  it('creates the default pipeline on first read, in the tenant language, once', async () => {
    expect(pipeline).toMatchObject({ name: 'מכירות', isDefault: true });
    expect(pipeline.stages.map((s) => [s.name, s.probability, s.kind])).toEqual([
      ['חדש', 10, 'open'],
      ['הצעת מחיר', 40, 'open'],
      ['משא ומתן', 70, 'open'],
      ['נסגר בהצלחה', 100, 'won'],
      ['אבוד', 0, 'lost'],
    ]);
    const again = (await req('GET', '/api/v1/pipelines')).json();
    expect(again.items).toHaveLength(1);
    const en = await signupTenant(t.app, { locale: 'en' });
    const enPipelines = (
      await t.app.inject({ method: 'GET', url: '/api/v1/pipelines', headers: en.headers })
    ).json();
    expect(enPipelines.items[0].name).toBe('Sales');
    expect(enPipelines.items[0].stages.map((s: Stage) => s.name)).toEqual([
      'New',
      'Proposal',
      'Negotiation',
      'Won',
      'Lost',
    ]);
  });

  it('edits stages with the full ordered list; a stage with deals needs moveTo (409 otherwise)', async () => {
    const created = await req('POST', '/api/v1/pipelines', {
      name: 'Service contracts',
      stages: [
        { name: 'Lead', probability: 5 },
        { name: 'Quote', probability: 50 },
        { name: 'Signed', probability: 100, kind: 'won' },
        { name: 'Dropped', probability: 0, kind: 'lost' },
      ],
    });
    expect(created.statusCode, created.body).toBe(201);
    const p: Pipeline = created.json();
    expect(p.isDefault).toBe(false);
    const [lead, quote, signed, dropped] = p.stages as [Stage, Stage, Stage, Stage];
    const d = await newDeal({ name: 'Maintenance 2026', pipelineId: p.id });
    expect(d).toMatchObject({ stageId: lead.id, probability: 5 });

    // Rename + reorder + add a stage, keep the others.
    const put = await req('PUT', `/api/v1/pipelines/${p.id}/stages`, {
      stages: [
        { id: quote.id, name: 'Quote sent', probability: 50 },
        { id: lead.id, name: 'Lead', probability: 5 },
        { name: 'Trial', probability: 60 },
        { id: signed.id, name: 'Signed', probability: 100, kind: 'won' },
        { id: dropped.id, name: 'Dropped', probability: 0, kind: 'lost' },
      ],
    });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json().stages.map((s: Stage) => s.name)).toEqual([
      'Quote sent',
      'Lead',
      'Trial',
      'Signed',
      'Dropped',
    ]);

    // Dropping "Lead", which holds a deal, without saying where its deals go.
    const kept = [
      { id: quote.id, name: 'Quote sent', probability: 50 },
      { id: signed.id, name: 'Signed', probability: 100, kind: 'won' },
      { id: dropped.id, name: 'Dropped', probability: 0, kind: 'lost' },
    ];
    const refused = await req('PUT', `/api/v1/pipelines/${p.id}/stages`, { stages: kept });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe('STAGE_NOT_EMPTY');
    expect((await req('GET', `/api/v1/deals/${d.id}`)).json().stageId).toBe(lead.id);

    const ok = await req('PUT', `/api/v1/pipelines/${p.id}/stages`, { stages: kept, moveTo: quote.id });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().stages.map((s: Stage) => s.name)).toEqual(['Quote sent', 'Signed', 'Dropped']);
    expect((await req('GET', `/api/v1/deals/${d.id}`)).json()).toMatchObject({
      stageId: quote.id,
      status: 'open',
    });

    // One stage at a time: DELETE …/stages/:stageId; the last open stage cannot go.
    const lastOpen = await req('DELETE', `/api/v1/pipelines/${p.id}/stages/${quote.id}`);
    expect(lastOpen.statusCode).toBe(400);
    const delSigned = await req('DELETE', `/api/v1/pipelines/${p.id}/stages/${signed.id}`);
    expect(delSigned.statusCode, delSigned.body).toBe(200);
    expect(delSigned.json().stages.map((s: Stage) => s.name)).toEqual(['Quote sent', 'Dropped']);
  });

  it('only settings managers reshape pipelines; agents read them', async () => {
    const agent = await inviteAndAccept(t.app, owner, { role: 'agent' });
    const read = await t.app.inject({ method: 'GET', url: '/api/v1/pipelines', headers: agent.headers });
    expect(read.statusCode).toBe(200);
    const put = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/pipelines/${pipeline.id}/stages`,
      headers: agent.headers,
      payload: { stages: [{ name: 'Only', probability: 10 }] },
    });
    expect(put.statusCode).toBe(403);
    expect((await req('GET', `/api/v1/pipelines/${pipeline.id}`)).json().stages).toHaveLength(5);
  });
});

describe('deals', () => {
  it('creates a deal in the default pipeline: decimal amount, ILS, probability and owner defaulted, indexed', async () => {
    const acc = (await req('POST', '/api/v1/accounts', { name: 'גליל הובלות' })).json();
    const d = await newDeal({ name: 'משאיות 2026', accountId: acc.id, amount: 12500 });
    expect(d).toMatchObject({
      pipelineId: pipeline.id,
      stageId: stage.new.id,
      amount: '12500.00',
      currency: 'ILS',
      probability: 10,
      status: 'open',
      ownerId: owner.user.id,
      accountName: 'גליל הובלות',
      version: 1,
    });
    const usd = await newDeal({ name: 'Export', amount: '99.5', currency: 'usd', probability: 35 });
    expect(usd).toMatchObject({ amount: '99.50', currency: 'USD', probability: 35 });

    const [doc] = await t.database.tenantTx({ role: 'staff', tenantId: owner.tenant.id }, (tx) =>
      tx
        .select()
        .from(searchDocuments)
        .where(and(eq(searchDocuments.entityType, 'deal'), eq(searchDocuments.entityId, d.id))),
    );
    expect(doc?.title).toBe('משאיות 2026');
    expect(doc?.subtitle).toBe('גליל הובלות · ₪12,500.00');

    const tl = (await req('GET', `/api/v1/timeline?accountId=${acc.id}`)).json();
    expect(tl.items.map((e: { type: string }) => e.type)).toContain('deal.created');
  });

  it('rejects bad money and unknown stages with 400 naming the field, writing nothing', async () => {
    const bad = await req('POST', '/api/v1/deals', { name: 'Bad', amount: '12,5', currency: 'XYZ' });
    expect(bad.statusCode).toBe(400);
    expect(
      bad
        .json()
        .errors.map((e: { path: string }) => e.path)
        .sort(),
    ).toEqual(['amount', 'currency']);
    const noStage = await req('POST', '/api/v1/deals', {
      name: 'Bad stage',
      stageId: '0190c6a4-0000-7000-8000-000000000000',
    });
    expect(noStage.statusCode).toBe(400);
    expect(noStage.json().errors[0].path).toBe('stageId');
    expect((await req('GET', '/api/v1/deals?q=Bad')).json().items).toHaveLength(0);
  });

  it('the board lists each stage with its deals in rank order, a count and sums per currency', async () => {
    const p = (await req('POST', '/api/v1/pipelines', { name: 'Board test' })).json() as Pipeline;
    const first = p.stages[0] as Stage;
    const a = await newDeal({ name: 'A', pipelineId: p.id, amount: '100.10' });
    const b = await newDeal({ name: 'B', pipelineId: p.id, amount: '200.20' });
    await newDeal({ name: 'C', pipelineId: p.id, amount: '50', currency: 'EUR' });
    const col = await column(first.id, p.id);
    expect(col.deals.map((d) => d.name)).toEqual(['A', 'B', 'C']);
    expect(col.count).toBe(3);
    expect(col.sums).toEqual([
      { currency: 'EUR', amount: '50.00' },
      { currency: 'ILS', amount: '300.30' },
    ]);
    expect(a.rank).toBeLessThan(b.rank);
    const limited = (await req('GET', `/api/v1/deals/board?pipelineId=${p.id}&perStage=2`)).json();
    expect(limited.columns[0].deals.map((d: Deal) => d.name)).toEqual(['A', 'B']);
    expect(limited.columns[0].count).toBe(3);
  });

  it('moves cards between and within columns, keeping order through many moves', async () => {
    const p = (await req('POST', '/api/v1/pipelines', { name: 'Rank test' })).json() as Pipeline;
    const [s1, s2] = p.stages as [Stage, Stage];
    const cards: Deal[] = [];
    for (const n of ['A', 'B', 'C', 'D']) cards.push(await newDeal({ name: n, pipelineId: p.id }));
    const byName = new Map(cards.map((c) => [c.name, c]));
    const latest = async (name: string) => {
      const d = byName.get(name);
      if (!d) throw new Error(name);
      const fresh: Deal = (await req('GET', `/api/v1/deals/${d.id}`)).json();
      byName.set(name, fresh);
      return fresh;
    };
    const names = async (stageId: string) => (await column(stageId, p.id)).deals.map((d) => d.name);

    const c = await latest('C');
    const a = await latest('A');
    expect((await move(c, { stageId: s1.id, beforeId: a.id })).statusCode).toBe(200);
    expect(await names(s1.id)).toEqual(['C', 'A', 'B', 'D']);

    const a2 = await latest('A');
    const d = await latest('D');
    expect((await move(a2, { stageId: s1.id, afterId: d.id })).statusCode).toBe(200);
    expect(await names(s1.id)).toEqual(['C', 'B', 'D', 'A']);

    const b = await latest('B');
    const moved = await move(b, { stageId: s2.id });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json()).toMatchObject({
      stageId: s2.id,
      probability: s2.probability,
      version: b.version + 1,
    });
    expect(await names(s2.id)).toEqual(['B']);

    // Keep dropping the last card between the first two: the gap halves every time until the
    // column is renumbered; the order must stay exactly what a person dragged.
    const expected = await names(s1.id);
    for (let i = 0; i < 60; i++) {
      const last = expected.at(-1) as string;
      const second = expected[1] as string;
      const card = await latest(last);
      const target = await latest(second);
      const res = await move(card, { stageId: s1.id, beforeId: target.id });
      expect(res.statusCode, res.body).toBe(200);
      expected.splice(expected.length - 1, 1);
      expected.splice(1, 0, last);
    }
    const col = await column(s1.id, p.id);
    expect(col.deals.map((x) => x.name)).toEqual(expected);
    const ranks = col.deals.map((x) => x.rank);
    for (let i = 1; i < ranks.length; i++) expect(ranks[i]).toBeGreaterThan(ranks[i - 1] as number);

    const stranger = await move(await latest('C'), { stageId: s1.id, beforeId: (await latest('B')).id });
    expect(stranger.statusCode).toBe(400);
    expect(stranger.json().errors[0].path).toBe('beforeId');
  });

  it('won and lost: closing needs a lost reason, sets status and closedAt; moving out reopens', async () => {
    const acc = (await req('POST', '/api/v1/accounts', { name: 'Won Lost Ltd' })).json();
    const contact = await req('POST', '/api/v1/contacts', { firstName: 'Noa', accountId: acc.id });
    expect(contact.statusCode, contact.body).toBe(201);
    let d = await newDeal({ name: 'Fleet', accountId: acc.id, contactId: contact.json().id, amount: '5000' });

    const noReason = await move(d, { stageId: stage.lost.id });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().errors.map((e: { path: string }) => e.path)).toEqual(['lostReason']);

    const lost = await move(d, { stageId: stage.lost.id, lostReason: 'Price too high' });
    expect(lost.statusCode, lost.body).toBe(200);
    d = lost.json();
    expect(d).toMatchObject({ status: 'lost', lostReason: 'Price too high', probability: 0 });
    expect(d.closedAt).not.toBeNull();

    const won = await move(d, { stageId: stage.won.id });
    d = won.json();
    expect(d).toMatchObject({ status: 'won', lostReason: null, probability: 100 });
    expect(d.closedAt).not.toBeNull();

    const reopened = await move(d, { stageId: stage.negotiation.id });
    d = reopened.json();
    expect(d).toMatchObject({ status: 'open', closedAt: null, probability: 70 });

    const tl = (
      await req('GET', `/api/v1/timeline?accountId=${acc.id}&type=deal.won,deal.lost,deal.stage_changed`)
    ).json();
    expect(
      tl.items.map((e: { type: string; data: { from: string; to: string } }) => [
        e.type,
        e.data.from,
        e.data.to,
      ]),
    ).toEqual([
      ['deal.stage_changed', 'נסגר בהצלחה', 'משא ומתן'],
      ['deal.won', 'אבוד', 'נסגר בהצלחה'],
      ['deal.lost', 'חדש', 'אבוד'],
    ]);
    const ctl = (await req('GET', `/api/v1/timeline?contactId=${contact.json().id}&type=deal.won`)).json();
    expect(ctl.items).toHaveLength(1);

    // PATCH into a lost stage follows the same rule.
    const patch = await req(
      'PATCH',
      `/api/v1/deals/${d.id}`,
      { stageId: stage.lost.id },
      { 'if-match': `"${d.version}"` },
    );
    expect(patch.statusCode).toBe(400);
    expect(patch.json().errors[0].path).toBe('lostReason');
  });

  it('PATCH and move need the version read; stale ones get 409 with the current deal', async () => {
    const d = await newDeal({ name: 'Versioned deal', amount: '10' });
    expect((await req('PATCH', `/api/v1/deals/${d.id}`, { amount: '20' })).statusCode).toBe(428);
    const ok = await req('PATCH', `/api/v1/deals/${d.id}`, { amount: '20' }, { 'if-match': '"1"' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ amount: '20.00', version: 2 });
    expect(ok.headers.etag).toBe('"2"');
    const stale = await req('PATCH', `/api/v1/deals/${d.id}`, { amount: '30' }, { 'if-match': '"1"' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({
      code: 'VERSION_CONFLICT',
      current: { amount: '20.00', version: 2 },
    });
    const staleMove = await move(d, { stageId: stage.proposal.id }, 1);
    expect(staleMove.statusCode).toBe(409);
    expect((await req('GET', `/api/v1/deals/${d.id}`)).json()).toMatchObject({
      stageId: stage.new.id,
      version: 2,
    });
    const viaHeader = await t.app.inject({
      method: 'POST',
      url: `/api/v1/deals/${d.id}/move`,
      headers: { ...owner.headers, 'if-match': '"2"' },
      payload: { stageId: stage.proposal.id },
    });
    expect(viaHeader.statusCode, viaHeader.body).toBe(200);
  });

  it('lists with filters, amount sort and cursor paging; trash, restore and bulk', async () => {
    const acc = (await req('POST', '/api/v1/accounts', { name: 'List Co' })).json();
    for (const [n, amt] of [
      ['L1', '300'],
      ['L2', '100'],
      ['L3', null],
      ['L4', '200'],
    ] as const) {
      await newDeal({ name: n, accountId: acc.id, amount: amt, tags: ['list'] });
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/api/v1/deals?accountId=${acc.id}&sort=-amount&limit=3${cursor ? `&cursor=${cursor}` : ''}`;
      const page = (await req('GET', url)).json();
      seen.push(...page.items.map((i: Deal) => i.name));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['L1', 'L4', 'L2', 'L3']);
    const byStage = (await req('GET', `/api/v1/deals?stageId=${stage.new.id}&status=open&tag=list`)).json();
    expect(byStage.items).toHaveLength(4);

    const target = byStage.items[0] as Deal;
    expect((await req('DELETE', `/api/v1/deals/${target.id}`)).statusCode).toBe(204);
    expect((await req('GET', `/api/v1/deals/${target.id}`)).statusCode).toBe(404);
    expect((await column(stage.new.id)).deals.map((x) => x.id)).not.toContain(target.id);
    const restored = await req('POST', `/api/v1/deals/${target.id}/restore`);
    expect(restored.statusCode).toBe(200);
    expect(restored.json().deletedAt).toBeNull();

    const bulk = await req('POST', '/api/v1/deals/bulk', {
      action: 'tag',
      ids: byStage.items.map((i: Deal) => i.id),
      tag: 'q3',
    });
    expect(bulk.json()).toEqual({ affected: 4 });
    expect((await req('GET', '/api/v1/deals?tag=q3')).json().items).toHaveLength(4);
  });
});
