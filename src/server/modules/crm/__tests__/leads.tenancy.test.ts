import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../../../test/build-test-app.js';
import { type Staff, signupTenant } from '../../../../../test/factories/staff.js';

// Another tenant's leads: 404 on every route, nothing converted or changed; a conversion cannot
// reach into another tenant's account.
let t: TestApp;
let owner: Staff;
let other: Staff;
let lead: { id: string };
let account: { id: string };

beforeAll(async () => {
  t = await buildTestApp();
  owner = await signupTenant(t.app);
  other = await signupTenant(t.app);
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/leads',
    headers: owner.headers,
    payload: { firstName: 'Secret', lastName: 'Lead', company: 'Secret Co', tags: ['mine'] },
  });
  expect(res.statusCode, res.body).toBe(201);
  lead = res.json();
  account = (
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/accounts',
      headers: owner.headers,
      payload: { name: 'Owner Account' },
    })
  ).json();
});
afterAll(() => t.close());

const as = (who: Staff, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
  t.app.inject({
    method,
    url: `/api/v1${url}`,
    headers: { ...who.headers, 'if-match': '"1"' },
    ...(payload ? { payload } : {}),
  });

describe('leads tenancy', () => {
  it('another tenant gets 404 on every route by id', async () => {
    expect((await as(other, 'GET', `/leads/${lead.id}`)).statusCode).toBe(404);
    expect((await as(other, 'PATCH', `/leads/${lead.id}`, { status: 'unqualified' })).statusCode).toBe(404);
    expect((await as(other, 'DELETE', `/leads/${lead.id}`)).statusCode).toBe(404);
    expect((await as(other, 'POST', `/leads/${lead.id}/restore`)).statusCode).toBe(404);
    expect((await as(other, 'POST', `/leads/${lead.id}/convert`, {})).statusCode).toBe(404);
  });

  it('another tenant sees no leads and bulk actions touch nothing', async () => {
    expect((await as(other, 'GET', '/leads')).json().items).toHaveLength(0);
    const bulk = await as(other, 'POST', '/leads/bulk', { action: 'delete', ids: [lead.id] });
    expect(bulk.json()).toEqual({ affected: 0 });
  });

  it("a conversion cannot link another tenant's account, and writes nothing when refused", async () => {
    const mine = (await as(other, 'POST', '/leads', { firstName: 'Mine' })).json();
    const res = await as(other, 'POST', `/leads/${mine.id}/convert`, { account: { existingId: account.id } });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].path).toBe('account.existingId');
    expect((await as(other, 'GET', `/leads/${mine.id}`)).json()).toMatchObject({ status: 'new', version: 1 });
    expect((await as(other, 'GET', '/contacts')).json().items).toHaveLength(0);
  });

  it("a conversion cannot put a deal on another tenant's pipeline, and rolls back whole", async () => {
    const pipelineId = (await as(owner, 'GET', '/pipelines')).json().items[0].id;
    const mine = (await as(other, 'POST', '/leads', { firstName: 'Dealer', company: 'Dealer Co' })).json();
    const res = await as(other, 'POST', `/leads/${mine.id}/convert`, {
      createDeal: { name: 'Cross deal', pipelineId },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].path).toBe('createDeal.pipelineId');
    expect((await as(other, 'GET', `/leads/${mine.id}`)).json()).toMatchObject({ status: 'new', version: 1 });
    expect((await as(other, 'GET', '/accounts?q=Dealer')).json().items).toHaveLength(0);
    expect((await as(other, 'GET', '/contacts?q=Dealer')).json().items).toHaveLength(0);
  });

  it("the owner's lead is unchanged and their account got no contact", async () => {
    const res = await as(owner, 'GET', `/leads/${lead.id}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      firstName: 'Secret',
      status: 'new',
      version: 1,
      tags: ['mine'],
      convertedAt: null,
      deletedAt: null,
    });
    expect((await as(owner, 'GET', `/accounts/${account.id}/contacts`)).json().items).toHaveLength(0);
  });

  it('a web form posts only into the workspace it names', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/public/forms/${other.tenant.slug}/lead`,
      payload: { firstName: 'Routed', email: 'routed@example.com' },
    });
    expect(res.statusCode).toBe(201);
    expect((await as(other, 'GET', '/leads?q=Routed')).json().items).toHaveLength(1);
    expect((await as(owner, 'GET', '/leads?q=Routed')).json().items).toHaveLength(0);
  });
});
