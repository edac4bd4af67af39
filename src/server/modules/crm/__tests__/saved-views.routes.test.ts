import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../../../test/build-test-app.js';
import { inviteAndAccept, type Staff, signupTenant } from '../../../../../test/factories/staff.js';

let t: TestApp;
let owner: Staff;
let agent: Staff;
let stranger: Staff;

const req = (who: Staff, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
  t.app.inject({ method, url: `/api/v1${url}`, headers: who.headers, ...(payload ? { payload } : {}) });

beforeAll(async () => {
  t = await buildTestApp();
  owner = await signupTenant(t.app);
  agent = await inviteAndAccept(t.app, owner, { role: 'agent' });
  stranger = await signupTenant(t.app);
});
afterAll(() => t.close());

const vipView = {
  entity: 'account',
  name: 'VIP בצפון',
  definition: {
    filters: { tag: 'vip', status: 'active', cf: '{"region":"north"}' },
    sort: '-createdAt',
    columns: ['name', 'phones', 'cf.region'],
  },
};

describe('saved views', () => {
  it('creates, lists by entity, updates and deletes a view of its owner', async () => {
    const created = await req(owner, 'POST', '/saved-views', vipView);
    expect(created.statusCode, created.body).toBe(201);
    const view = created.json();
    expect(view).toMatchObject({ entity: 'account', name: 'VIP בצפון', definition: vipView.definition });
    await req(owner, 'POST', '/saved-views', {
      entity: 'deal',
      name: 'Open deals',
      definition: { filters: { status: 'open' } },
    });

    const accounts = (await req(owner, 'GET', '/saved-views?entity=account')).json().items;
    expect(accounts.map((v: { name: string }) => v.name)).toEqual(['VIP בצפון']);
    const all = (await req(owner, 'GET', '/saved-views')).json().items;
    expect(all).toHaveLength(2);
    expect(all.find((v: { entity: string }) => v.entity === 'deal').definition).toEqual({
      filters: { status: 'open' },
      sort: null,
      columns: [],
    });

    const patched = await req(owner, 'PATCH', `/saved-views/${view.id}`, {
      name: 'VIP',
      definition: { ...vipView.definition, filters: { tag: 'vip' } },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json()).toMatchObject({ name: 'VIP', definition: { filters: { tag: 'vip' } } });

    const del = await req(owner, 'DELETE', `/saved-views/${view.id}`);
    expect(del.statusCode).toBe(204);
    expect((await req(owner, 'GET', '/saved-views?entity=account')).json().items).toEqual([]);
    expect((await req(owner, 'DELETE', `/saved-views/${view.id}`)).statusCode).toBe(404);
  });

  it('validates the definition against the entity list filters', async () => {
    const bad = await req(owner, 'POST', '/saved-views', {
      entity: 'account',
      name: 'Bad',
      definition: { filters: { status: 'sleeping', nope: 1 }, columns: [] },
    });
    expect(bad.statusCode).toBe(400);
    const paths = bad
      .json()
      .errors.map((e: { path: string }) => e.path)
      .join(' ');
    expect(paths).toContain('definition.filters.status');
    expect(paths).toContain('nope');
    const extra = await req(owner, 'POST', '/saved-views', {
      entity: 'account',
      name: 'Bad',
      definition: { filters: {}, colour: 'red' },
    });
    expect(extra.statusCode).toBe(400);
    const empty = await req(owner, 'POST', '/saved-views', { entity: 'lead', name: '  ', definition: {} });
    expect(empty.statusCode).toBe(400);
  });

  it("another user's view is 404 to read, change or delete, and stays as it was", async () => {
    const mine = (await req(owner, 'POST', '/saved-views', vipView)).json();
    expect((await req(agent, 'GET', '/saved-views')).json().items).toEqual([]);
    expect((await req(agent, 'PATCH', `/saved-views/${mine.id}`, { name: 'Hijacked' })).statusCode).toBe(404);
    expect((await req(agent, 'DELETE', `/saved-views/${mine.id}`)).statusCode).toBe(404);
    expect((await req(stranger, 'PATCH', `/saved-views/${mine.id}`, { name: 'Hijacked' })).statusCode).toBe(
      404,
    );
    expect((await req(stranger, 'DELETE', `/saved-views/${mine.id}`)).statusCode).toBe(404);
    expect((await req(stranger, 'GET', '/saved-views')).json().items).toEqual([]);
    const still = (await req(owner, 'GET', '/saved-views?entity=account')).json().items;
    expect(still).toEqual([expect.objectContaining({ id: mine.id, name: 'VIP בצפון' })]);

    // The agent's own view is theirs alone.
    const theirs = await req(agent, 'POST', '/saved-views', { ...vipView, name: 'Agent view' });
    expect(theirs.statusCode).toBe(201);
    expect((await req(owner, 'GET', '/saved-views?entity=account')).json().items).toHaveLength(1);
  });
});
