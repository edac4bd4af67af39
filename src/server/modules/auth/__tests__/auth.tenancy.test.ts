import type { FastifyRequest } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../../../test/build-test-app.js';
import {
  inviteAndAccept,
  PASSWORD,
  type Staff,
  signupTenant,
  tokenFromMail,
} from '../../../../../test/factories/staff.js';

// Tenant B's owner aims at tenant A's ids: every answer is 404 and A's data stays as it was.
let t: TestApp;
let a: Staff;
let agentA: Staff;
let keyA: { id: string; key: string };
let b: Staff;

type UserItem = { id: string; role: string; active: boolean; status: string };
type AuditItem = { id: string; actorId: string | null; targetId: string | null };

const get = async (who: Staff, url: string) => {
  const res = await t.app.inject({ method: 'GET', url, headers: who.headers });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};
const usersOf = async (who: Staff): Promise<UserItem[]> => (await get(who, '/api/v1/users?limit=200')).items;
const auditOf = async (who: Staff): Promise<AuditItem[]> =>
  (await get(who, '/api/v1/audit-log?limit=200')).items;
const keysOf = async (who: Staff) => (await get(who, '/api/v1/api-keys')).items;

beforeAll(async () => {
  t = await buildTestApp();
  a = await signupTenant(t.app);
  agentA = await inviteAndAccept(t.app, a, { role: 'agent' });
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/api-keys',
    headers: a.headers,
    payload: { name: 'A integration', scopes: ['crm:read'] },
  });
  keyA = res.json();
  b = await signupTenant(t.app);
});
afterAll(() => t.close());

describe('auth tenancy', () => {
  it("PATCH /users/:id with another tenant's user id is 404 and changes nothing", async () => {
    const before = await usersOf(a);
    for (const [id, body] of [
      [agentA.user.id, { role: 'owner' }],
      [agentA.user.id, { active: false }],
      [a.user.id, { role: 'agent' }],
      [a.user.id, { active: false }],
    ] as const) {
      const res = await t.app.inject({
        method: 'PATCH',
        url: `/api/v1/users/${id}`,
        headers: b.headers,
        payload: body,
      });
      expect(res.statusCode, `${id} ${JSON.stringify(body)}`).toBe(404);
      expect(res.json().code).toBe('USER_NOT_FOUND');
    }
    expect(await usersOf(a)).toEqual(before);
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: agentA.headers });
    expect(me.statusCode).toBe(200);
  });

  it("DELETE /api-keys/:id with another tenant's key id is 404 and the key keeps working", async () => {
    const res = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/api-keys/${keyA.id}`,
      headers: b.headers,
    });
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('API_KEY_NOT_FOUND');
    const [item] = await keysOf(a);
    expect(item).toMatchObject({ id: keyA.id, revokedAt: null });
    const actor = await t.app.kesher.auth.resolveActor({
      headers: { authorization: `Bearer ${keyA.key}` },
      cookies: {},
    } as unknown as FastifyRequest);
    expect(actor).toMatchObject({ kind: 'api_key', tenantId: a.tenant.id });
    expect(await keysOf(b)).toEqual([]);
  });

  it("GET /audit-log shows only the tenant's own entries, whatever the cursor", async () => {
    const aIds = new Set([a.user.id, agentA.user.id, keyA.id]);
    const entriesA = await auditOf(a);
    expect(entriesA.length).toBeGreaterThan(3);
    const entriesB = await auditOf(b);
    expect(entriesB.length).toBeGreaterThan(0);
    for (const e of entriesB) {
      expect(aIds.has(e.actorId ?? '')).toBe(false);
      expect(aIds.has(e.targetId ?? '')).toBe(false);
    }
    expect(entriesB.some((e) => entriesA.some((x) => x.id === e.id))).toBe(false);
    // A cursor taken from tenant A's log pages through B's log only.
    const oldestA = entriesA.at(-1)?.id;
    const newerThanAny = 'ffffffff-ffff-7fff-bfff-ffffffffffff';
    for (const cursor of [oldestA, newerThanAny]) {
      const page = await get(b, `/api/v1/audit-log?cursor=${cursor}`);
      if (cursor === newerThanAny) expect(page.items.length).toBeGreaterThan(0);
      for (const e of page.items as AuditItem[]) expect(entriesB.map((x) => x.id)).toContain(e.id);
    }
  });

  it("GET /users lists only the tenant's own users, whatever the cursor", async () => {
    const listB = await usersOf(b);
    expect(listB.map((u) => u.id)).toEqual([b.user.id]);
    for (const cursor of ['00000000-0000-7000-8000-000000000000', a.user.id]) {
      const page = await get(b, `/api/v1/users?cursor=${cursor}`);
      for (const u of page.items as UserItem[]) expect(u.id).toBe(b.user.id);
    }
  });

  it("an invitation of one tenant re-labelled with another tenant's id is 404", async () => {
    const inv = await t.app.inject({
      method: 'POST',
      url: '/api/v1/users/invitations',
      headers: a.headers,
      payload: { email: `pending@${a.tenant.slug}.test`, name: 'Pending', role: 'admin' },
    });
    const token = tokenFromMail(inv.json().inviteUrl);
    const forged = `${b.tenant.id}${token.slice(token.indexOf('.'))}`;
    const info = await t.app.inject({
      method: 'GET',
      url: `/api/v1/auth/invitations/${encodeURIComponent(forged)}`,
    });
    expect(info.statusCode).toBe(404);
    const acc = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/invitations/accept',
      payload: { token: forged, password: PASSWORD },
    });
    expect(acc.statusCode).toBe(404);
    expect((await usersOf(b)).map((u) => u.id)).toEqual([b.user.id]);
    expect((await usersOf(a)).find((u) => u.status === 'invited')).toBeDefined();
  });

  it("another tenant's invitation to an address does not collide with this tenant's user", async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/users/invitations',
      headers: b.headers,
      payload: { email: agentA.email, name: 'Same address', role: 'agent' },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect((await usersOf(a)).find((u) => u.id === agentA.user.id)).toMatchObject({
      status: 'active',
      role: 'agent',
    });
  });
});
