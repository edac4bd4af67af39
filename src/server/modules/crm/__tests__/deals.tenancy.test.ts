import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../../../test/build-test-app.js';
import { type Staff, signupTenant } from '../../../../../test/factories/staff.js';

let t: TestApp;
let a: Staff;
let b: Staff;
let pipelineA: { id: string; stages: { id: string; name: string; kind: string }[] };
let deal: { id: string; version: number };
let accountA: string;

const as = (
  who: Staff,
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
  url: string,
  payload?: object,
  headers = {},
) => t.app.inject({ method, url, headers: { ...who.headers, ...headers }, ...(payload ? { payload } : {}) });

beforeAll(async () => {
  t = await buildTestApp();
  a = await signupTenant(t.app);
  b = await signupTenant(t.app);
  pipelineA = (await as(a, 'GET', '/api/v1/pipelines')).json().items[0];
  accountA = (await as(a, 'POST', '/api/v1/accounts', { name: 'A only' })).json().id;
  const res = await as(a, 'POST', '/api/v1/deals', {
    name: 'Secret deal',
    accountId: accountA,
    amount: '777',
  });
  expect(res.statusCode, res.body).toBe(201);
  deal = res.json();
});
afterAll(() => t.close());

describe('deals and pipelines across tenants', () => {
  it("another tenant gets 404 on a deal's every route and changes nothing", async () => {
    const won = pipelineA.stages.find((s) => s.kind === 'won')?.id;
    const attempts = [
      await as(b, 'GET', `/api/v1/deals/${deal.id}`),
      await as(b, 'PATCH', `/api/v1/deals/${deal.id}`, { name: 'Hijacked' }, { 'if-match': '"1"' }),
      await as(b, 'POST', `/api/v1/deals/${deal.id}/move`, { stageId: won, version: 1 }),
      await as(b, 'DELETE', `/api/v1/deals/${deal.id}`),
      await as(b, 'POST', `/api/v1/deals/${deal.id}/restore`),
    ];
    for (const r of attempts) expect(r.statusCode, r.body).toBe(404);
    const bulk = await as(b, 'POST', '/api/v1/deals/bulk', { action: 'delete', ids: [deal.id] });
    expect(bulk.json()).toEqual({ affected: 0 });
    expect((await as(b, 'GET', '/api/v1/deals')).json().items).toEqual([]);
    const mine = (await as(a, 'GET', `/api/v1/deals/${deal.id}`)).json();
    expect(mine).toMatchObject({ name: 'Secret deal', version: 1, status: 'open', deletedAt: null });
  });

  it("another tenant cannot read, edit or use a pipeline's stages", async () => {
    expect((await as(b, 'GET', `/api/v1/pipelines/${pipelineA.id}`)).statusCode).toBe(404);
    expect((await as(b, 'GET', `/api/v1/deals/board?pipelineId=${pipelineA.id}`)).statusCode).toBe(404);
    expect((await as(b, 'PATCH', `/api/v1/pipelines/${pipelineA.id}`, { name: 'Mine now' })).statusCode).toBe(
      404,
    );
    const put = await as(b, 'PUT', `/api/v1/pipelines/${pipelineA.id}/stages`, {
      stages: [{ name: 'Only', probability: 1 }],
    });
    expect(put.statusCode).toBe(404);
    const stage = pipelineA.stages[0]?.id;
    expect((await as(b, 'DELETE', `/api/v1/pipelines/${pipelineA.id}/stages/${stage}`)).statusCode).toBe(404);
    // B's own pipeline is separate; A's stage id is unknown to B.
    const bPipelines = (await as(b, 'GET', '/api/v1/pipelines')).json().items;
    expect(bPipelines.map((p: { id: string }) => p.id)).not.toContain(pipelineA.id);
    const inA = await as(b, 'POST', '/api/v1/deals', { name: 'Into A', stageId: stage });
    expect(inA.statusCode).toBe(400);
    expect(inA.json().errors[0].path).toBe('stageId');
    const after = (await as(a, 'GET', `/api/v1/pipelines/${pipelineA.id}`)).json();
    expect(after.stages.map((s: { name: string }) => s.name)).toEqual(pipelineA.stages.map((s) => s.name));
    const board = (await as(a, 'GET', '/api/v1/deals/board')).json();
    expect(board.columns[0].deals.map((d: { name: string }) => d.name)).toEqual(['Secret deal']);
  });

  it("linking another tenant's account is a 400 naming the field, and writes nothing", async () => {
    const res = await as(b, 'POST', '/api/v1/deals', { name: 'Poach', accountId: accountA });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors.map((e: { path: string }) => e.path)).toEqual(['accountId']);
    expect((await as(b, 'GET', '/api/v1/deals?q=Poach')).json().items).toEqual([]);
    const tl = (await as(a, 'GET', `/api/v1/timeline?accountId=${accountA}`)).json();
    expect(tl.items.map((e: { title: string }) => e.title)).not.toContain('Poach');
  });
});
