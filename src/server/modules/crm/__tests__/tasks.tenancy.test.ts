import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../../../test/build-test-app.js';
import { type Staff, signupTenant } from '../../../../../test/factories/staff.js';

let t: TestApp;
let a: Staff;
let b: Staff;
let task: { id: string };
let accountA: string;

const as = (
  who: Staff,
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  url: string,
  payload?: object,
  headers = {},
) => t.app.inject({ method, url, headers: { ...who.headers, ...headers }, ...(payload ? { payload } : {}) });

beforeAll(async () => {
  t = await buildTestApp();
  a = await signupTenant(t.app);
  b = await signupTenant(t.app);
  accountA = (await as(a, 'POST', '/api/v1/accounts', { name: 'A only' })).json().id;
  task = (await as(a, 'POST', '/api/v1/tasks', { title: 'Secret task', accountId: accountA })).json();
});
afterAll(() => t.close());

describe('tasks across tenants', () => {
  it('another tenant gets 404 on every route of a task and changes nothing', async () => {
    const attempts = [
      await as(b, 'GET', `/api/v1/tasks/${task.id}`),
      await as(b, 'PATCH', `/api/v1/tasks/${task.id}`, { title: 'Hijacked' }, { 'if-match': '"1"' }),
      await as(b, 'POST', `/api/v1/tasks/${task.id}/complete`),
      await as(b, 'POST', `/api/v1/tasks/${task.id}/reopen`),
      await as(b, 'DELETE', `/api/v1/tasks/${task.id}`),
      await as(b, 'POST', `/api/v1/tasks/${task.id}/restore`),
    ];
    for (const r of attempts) expect(r.statusCode, r.body).toBe(404);
    expect((await as(b, 'GET', '/api/v1/tasks')).json().items).toEqual([]);
    expect((await as(b, 'GET', `/api/v1/tasks?accountId=${accountA}`)).json().items).toEqual([]);
    const mine = (await as(a, 'GET', `/api/v1/tasks/${task.id}`)).json();
    expect(mine).toMatchObject({ title: 'Secret task', status: 'open', version: 1, deletedAt: null });
  });

  it("linking another tenant's records is a 400 naming each field, and writes nothing", async () => {
    const contactA = await as(a, 'POST', '/api/v1/contacts', { firstName: 'Only A', accountId: accountA });
    expect(contactA.statusCode, contactA.body).toBe(201);
    const res = await as(b, 'POST', '/api/v1/tasks', {
      title: 'Poach',
      accountId: accountA,
      contactId: contactA.json().id,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors.map((e: { path: string }) => e.path)).toEqual(['accountId', 'contactId']);
    expect((await as(b, 'GET', '/api/v1/tasks?q=Poach')).json().items).toEqual([]);
    // Re-pointing B's own task at A's account fails the same way.
    const own = (await as(b, 'POST', '/api/v1/tasks', { title: 'B task' })).json();
    const patch = await as(
      b,
      'PATCH',
      `/api/v1/tasks/${own.id}`,
      { accountId: accountA },
      { 'if-match': '"1"' },
    );
    expect(patch.statusCode).toBe(400);
    expect((await as(b, 'GET', `/api/v1/tasks/${own.id}`)).json()).toMatchObject({
      accountId: null,
      version: 1,
    });
  });
});
