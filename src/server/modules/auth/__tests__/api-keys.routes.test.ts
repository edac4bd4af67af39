import type { FastifyRequest } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../../../test/build-test-app.js';
import { inviteAndAccept, type Staff, signupTenant } from '../../../../../test/factories/staff.js';
import { routeGuardsOf } from '../../../platform/http/request-context.js';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

const createKey = (who: Staff, body: { name: string; scopes: string[] }) =>
  t.app.inject({ method: 'POST', url: '/api/v1/api-keys', headers: who.headers, payload: body });

const listKeys = (who: Staff) =>
  t.app.inject({ method: 'GET', url: '/api/v1/api-keys', headers: who.headers });

/** What the request-context plugin would resolve for these headers. */
const resolve = (headers: Record<string, string>, cookies: Record<string, string> = {}) =>
  t.app.kesher.auth.resolveActor({ headers, cookies } as unknown as FastifyRequest);

const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

describe('API keys', () => {
  it('creates a key, shows it once, and lists only its prefix', async () => {
    const owner = await signupTenant(t.app);
    const res = await createKey(owner, { name: 'Priority sync', scopes: ['crm:read', 'tickets:write'] });
    expect(res.statusCode, res.body).toBe(201);
    const created = res.json();
    expect(created).toMatchObject({ name: 'Priority sync', scopes: ['crm:read', 'tickets:write'] });
    expect(created.key).toMatch(/^ksk_[0-9a-f]{32}_[A-Za-z0-9_-]{40,}$/);
    expect(created.key).toContain(owner.tenant.id.replaceAll('-', ''));
    expect(created.prefix).toBe(`ksk_…${created.key.slice(-6)}`);

    const list = await listKeys(owner);
    expect(list.statusCode).toBe(200);
    const secret = created.key.slice('ksk_'.length + 32 + 1);
    expect(secret.length).toBeGreaterThanOrEqual(40);
    expect(list.body).not.toContain(secret.slice(0, 20));
    const [item] = list.json().items;
    expect(Object.keys(item).sort()).toEqual(
      ['createdAt', 'id', 'lastUsedAt', 'name', 'prefix', 'revokedAt', 'scopes'].sort(),
    );
    expect(item).toMatchObject({ id: created.id, prefix: created.prefix, revokedAt: null });

    const log = await t.app.inject({ method: 'GET', url: '/api/v1/audit-log', headers: owner.headers });
    const entry = log.json().items.find((i: { action: string }) => i.action === 'api_key.created');
    expect(entry).toMatchObject({ actorId: owner.user.id, targetId: created.id, targetKind: 'api_key' });
    expect(JSON.stringify(entry)).not.toContain(created.key);
  });

  it("the listed prefix is always the key's last 6 characters", async () => {
    // Secrets are base64url and may contain '_': the prefix must not depend on splitting on it.
    const owner = await signupTenant(t.app);
    for (let i = 0; i < 20; i++) {
      const { key, prefix } = (await createKey(owner, { name: `k${i}`, scopes: ['crm:read'] })).json();
      expect(prefix, key).toBe(`ksk_…${key.slice(-6)}`);
    }
  });

  it('refuses management scopes and empty scope lists', async () => {
    const owner = await signupTenant(t.app);
    for (const scopes of [['users:manage'], ['api-keys:manage'], []]) {
      const res = await createKey(owner, { name: 'bad', scopes });
      expect(res.statusCode, JSON.stringify(scopes)).toBe(400);
      expect(res.json().code).toBe('VALIDATION_FAILED');
    }
    expect((await listKeys(owner)).json().items).toEqual([]);
  });

  it('a key resolves to an api_key actor with its scopes, and is not a staff session', async () => {
    const owner = await signupTenant(t.app);
    const { key, id } = (
      await createKey(owner, { name: 'ERP', scopes: ['crm:read', 'datasets:write'] })
    ).json();
    const actor = await resolve(bearer(key));
    expect(actor).toMatchObject({ kind: 'api_key', tenantId: owner.tenant.id, keyId: id });
    expect(actor.kind === 'api_key' && [...actor.scopes].sort()).toEqual(['crm:read', 'datasets:write']);

    // Staff-only routes do not take API keys, even with a management route's permission.
    for (const url of ['/api/v1/me', '/api/v1/users', '/api/v1/api-keys']) {
      const res = await t.app.inject({ method: 'GET', url, headers: bearer(key) });
      expect(res.statusCode, url).toBe(401);
      expect(res.json().code).toBe('UNAUTHENTICATED');
    }
    // The key was used: lastUsedAt is set.
    const [item] = (await listKeys(owner)).json().items;
    expect(item.lastUsedAt).not.toBeNull();
  });

  it('a key opens the staff-or-api-key routes its scopes allow, and no others', async () => {
    const owner = await signupTenant(t.app);
    const crm = (await createKey(owner, { name: 'crm', scopes: ['crm:read'] })).json();
    const tickets = (await createKey(owner, { name: 'tickets', scopes: ['tickets:read'] })).json();
    // Parameterless reads open to keys with crm:read (whatever modules have registered them).
    const reads = routeGuardsOf(t.app).filter(
      (r) =>
        r.method === 'GET' &&
        r.auth === 'staff-or-api-key' &&
        r.permission === 'crm:read' &&
        !/[:*]/.test(r.url),
    );
    expect(reads.length).toBeGreaterThan(0);
    for (const r of reads) {
      const ok = await t.app.inject({ method: 'GET', url: r.url, headers: bearer(crm.key) });
      expect([401, 403], `${r.url}: ${ok.body}`).not.toContain(ok.statusCode);
      expect(ok.statusCode, `${r.url}: ${ok.body}`).toBeLessThan(500);
      const noScope = await t.app.inject({ method: 'GET', url: r.url, headers: bearer(tickets.key) });
      expect(noScope.statusCode, r.url).toBe(403);
      expect(noScope.json().code).toBe('FORBIDDEN');
    }
    await t.app.inject({ method: 'DELETE', url: `/api/v1/api-keys/${crm.id}`, headers: owner.headers });
    const revoked = await t.app.inject({ method: 'GET', url: reads[0]?.url ?? '', headers: bearer(crm.key) });
    expect(revoked.statusCode).toBe(401);
  });

  it('a revoked key resolves to anonymous; revoking twice is 404', async () => {
    const owner = await signupTenant(t.app);
    const { key, id } = (await createKey(owner, { name: 'old', scopes: ['crm:read'] })).json();
    const del = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/api-keys/${id}`,
      headers: owner.headers,
    });
    expect(del.statusCode, del.body).toBe(204);
    expect(await resolve(bearer(key))).toEqual({ kind: 'anonymous' });
    const again = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/api-keys/${id}`,
      headers: owner.headers,
    });
    expect(again.statusCode).toBe(404);
    expect(again.json().code).toBe('API_KEY_NOT_FOUND');
    const [item] = (await listKeys(owner)).json().items;
    expect(item.revokedAt).not.toBeNull();
    const log = await t.app.inject({ method: 'GET', url: '/api/v1/audit-log', headers: owner.headers });
    expect(log.json().items.map((i: { action: string }) => i.action)).toContain('api_key.revoked');
  });

  it("a key re-labelled with another tenant's id, or altered, resolves to anonymous", async () => {
    const a = await signupTenant(t.app);
    const b = await signupTenant(t.app);
    const { key } = (await createKey(a, { name: 'A', scopes: ['crm:read'] })).json();
    const hexA = a.tenant.id.replaceAll('-', '');
    const hexB = b.tenant.id.replaceAll('-', '');
    const lastChar = key.at(-1) === 'A' ? 'B' : 'A';
    for (const forged of [
      key.replace(hexA, hexB),
      `${key.slice(0, -1)}${lastChar}`,
      'ksk_nope',
      key.slice(0, 40),
    ]) {
      expect(await resolve(bearer(forged)), forged).toEqual({ kind: 'anonymous' });
    }
    expect((await resolve(bearer(key))).kind).toBe('api_key');
  });

  it('a Bearer header wins over a session cookie: a bad key with a good cookie is anonymous', async () => {
    const owner = await signupTenant(t.app);
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: { ...owner.headers, authorization: 'Bearer ksk_not-a-key' },
    });
    expect(res.statusCode).toBe(401);
    expect((await resolve({}, { kesher_session: owner.cookie })).kind).toBe('user');
  });

  it('agents and managers cannot manage keys (403)', async () => {
    const owner = await signupTenant(t.app);
    const { id } = (await createKey(owner, { name: 'keep', scopes: ['crm:read'] })).json();
    for (const role of ['agent', 'manager'] as const) {
      const who = await inviteAndAccept(t.app, owner, { role });
      const requests = [
        () => listKeys(who),
        () => createKey(who, { name: 'mine', scopes: ['crm:read'] }),
        () => t.app.inject({ method: 'DELETE', url: `/api/v1/api-keys/${id}`, headers: who.headers }),
        () => t.app.inject({ method: 'GET', url: '/api/v1/api-keys/scopes', headers: who.headers }),
      ];
      for (const r of requests) {
        const res = await r();
        expect(res.statusCode, `${role}: ${res.body}`).toBe(403);
        expect(res.json().code).toBe('FORBIDDEN');
      }
    }
    const items = (await listKeys(owner)).json().items;
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ id, revokedAt: null });
  });

  it('an admin can manage keys', async () => {
    const owner = await signupTenant(t.app);
    const admin = await inviteAndAccept(t.app, owner, { role: 'admin' });
    const res = await createKey(admin, { name: 'by admin', scopes: ['tickets:read'] });
    expect(res.statusCode).toBe(201);
    const scopes = await t.app.inject({
      method: 'GET',
      url: '/api/v1/api-keys/scopes',
      headers: admin.headers,
    });
    expect(scopes.json().scopes).not.toContain('users:manage');
  });
});
