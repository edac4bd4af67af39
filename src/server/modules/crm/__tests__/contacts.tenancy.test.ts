import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../../../test/build-test-app.js';
import { type Staff, signupTenant } from '../../../../../test/factories/staff.js';

// Another tenant's contacts and accounts: 404 (or a 400 naming the field for a link in a body),
// and nothing of the owner's changes.
let t: TestApp;
let owner: Staff;
let other: Staff;
let account: { id: string };
let contact: { id: string };

beforeAll(async () => {
  t = await buildTestApp();
  owner = await signupTenant(t.app);
  other = await signupTenant(t.app);
  account = (
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/accounts',
      headers: owner.headers,
      payload: { name: 'Owner Account' },
    })
  ).json();
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/contacts',
    headers: owner.headers,
    payload: { firstName: 'Private', lastName: 'Person', accountId: account.id, tags: ['mine'] },
  });
  expect(res.statusCode, res.body).toBe(201);
  contact = res.json();
});
afterAll(() => t.close());

const as = (who: Staff, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
  t.app.inject({
    method,
    url: `/api/v1${url}`,
    headers: { ...who.headers, 'if-match': '"1"' },
    ...(payload ? { payload } : {}),
  });

describe('contacts tenancy', () => {
  it('another tenant gets 404 on every route by id', async () => {
    expect((await as(other, 'GET', `/contacts/${contact.id}`)).statusCode).toBe(404);
    expect((await as(other, 'PATCH', `/contacts/${contact.id}`, { firstName: 'Hijacked' })).statusCode).toBe(
      404,
    );
    expect((await as(other, 'DELETE', `/contacts/${contact.id}`)).statusCode).toBe(404);
    expect((await as(other, 'POST', `/contacts/${contact.id}/restore`)).statusCode).toBe(404);
    expect((await as(other, 'GET', `/accounts/${account.id}/contacts`)).statusCode).toBe(404);
  });

  it('another tenant sees none of the contacts in lists and bulk actions touch nothing', async () => {
    expect((await as(other, 'GET', '/contacts')).json().items).toHaveLength(0);
    expect((await as(other, 'GET', `/contacts?accountId=${account.id}`)).json().items).toHaveLength(0);
    const bulk = await as(other, 'POST', '/contacts/bulk', { action: 'delete', ids: [contact.id] });
    expect(bulk.json()).toEqual({ affected: 0 });
    const tag = await as(other, 'POST', '/contacts/bulk', {
      action: 'untag',
      ids: [contact.id],
      tag: 'mine',
    });
    expect(tag.json()).toEqual({ affected: 0 });
  });

  it("a contact cannot be linked to another tenant's account", async () => {
    const create = await as(other, 'POST', '/contacts', { firstName: 'Sneaky', accountId: account.id });
    expect(create.statusCode).toBe(400);
    expect(create.json().errors).toEqual([{ path: 'accountId', message: 'Account not found' }]);
    const list = await as(other, 'POST', '/contacts', {
      firstName: 'Sneaky',
      accounts: [{ accountId: account.id, role: 'spy' }],
    });
    expect(list.statusCode).toBe(400);
    expect(list.json().errors[0].path).toBe('accounts.0.accountId');
    const mine = (await as(other, 'POST', '/contacts', { firstName: 'Own' })).json();
    const patch = await as(other, 'PATCH', `/contacts/${mine.id}`, { accountId: account.id });
    expect(patch.statusCode).toBe(400);
    expect(
      (await as(other, 'GET', '/contacts')).json().items.map((c: { firstName: string }) => c.firstName),
    ).toEqual(['Own']);
  });

  it("the owner's data is unchanged", async () => {
    const res = await as(owner, 'GET', `/contacts/${contact.id}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      firstName: 'Private',
      version: 1,
      tags: ['mine'],
      deletedAt: null,
      accounts: [{ accountId: account.id, name: 'Owner Account', isPrimary: true }],
    });
    const ofAccount = (await as(owner, 'GET', `/accounts/${account.id}/contacts`)).json();
    expect(ofAccount.items.map((c: { id: string }) => c.id)).toEqual([contact.id]);
  });
});
