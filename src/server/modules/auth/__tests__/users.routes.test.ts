import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../../../test/build-test-app.js';
import {
  inviteAndAccept,
  lastMailTo,
  loginRequest,
  PASSWORD,
  type Staff,
  sessionCookieOf,
  signupTenant,
  tokenFromMail,
} from '../../../../../test/factories/staff.js';
import { fixedClock } from '../../../platform/clock.js';

const DAY = 24 * 3_600_000;
const clock = fixedClock(new Date());
let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp({ clock });
});
afterAll(() => t.close());

type Role = 'owner' | 'admin' | 'manager' | 'agent';

const invite = (who: { headers: { cookie: string } }, body: { email: string; name?: string; role: Role }) =>
  t.app.inject({
    method: 'POST',
    url: '/api/v1/users/invitations',
    headers: who.headers,
    payload: { name: 'New Person', ...body },
  });

const patchUser = (
  who: { headers: { cookie: string } },
  id: string,
  body: { role?: Role; active?: boolean },
) => t.app.inject({ method: 'PATCH', url: `/api/v1/users/${id}`, headers: who.headers, payload: body });

const accept = (token: string, password = PASSWORD) =>
  t.app.inject({ method: 'POST', url: '/api/v1/auth/invitations/accept', payload: { token, password } });

type ListedUser = { id: string; email: string; role: Role; active: boolean; status: string };

const listUsers = async (who: { headers: { cookie: string } }): Promise<ListedUser[]> => {
  const res = await t.app.inject({ method: 'GET', url: '/api/v1/users?limit=200', headers: who.headers });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().items;
};

type AuditItem = { action: string; actorId: string | null; targetId: string | null; details: object };
const auditOf = async (owner: Staff): Promise<AuditItem[]> => {
  const res = await t.app.inject({
    method: 'GET',
    url: '/api/v1/audit-log?limit=200',
    headers: owner.headers,
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().items;
};

const me = (headers: { cookie: string }) => t.app.inject({ method: 'GET', url: '/api/v1/me', headers });

describe('invitations', () => {
  it('an owner invites an agent: 201 with a link, a Hebrew RTL email in the outbox, an audit row', async () => {
    const owner = await signupTenant(t.app, { name: 'גליל לוגיסטיקה', locale: 'he' });
    const email = `agent@${owner.tenant.slug}.test`;
    const res = await invite(owner, { email: email.toUpperCase(), name: 'אבי סוכן', role: 'agent' });
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    expect(body.user).toMatchObject({
      email,
      name: 'אבי סוכן',
      role: 'agent',
      status: 'invited',
      active: true,
    });
    expect(body.inviteUrl).toMatch(/^http:\/\/localhost:3000\/accept-invite\?token=/);

    const mail = await lastMailTo(t.app, email);
    expect(mail).toMatchObject({ kind: 'auth.invite', tenantId: owner.tenant.id, status: 'outbox' });
    expect(mail?.subject).toMatch(/[\u05d0-\u05ea]/);
    expect(mail?.subject).toContain('גליל לוגיסטיקה');
    expect(mail?.html).toContain('dir="rtl"');
    expect(mail?.html).toContain('lang="he"');
    expect(tokenFromMail(mail?.text ?? '')).toBe(tokenFromMail(body.inviteUrl));

    const audit = await auditOf(owner);
    expect(audit.find((a) => a.action === 'user.invited')).toMatchObject({
      actorId: owner.user.id,
      targetId: body.user.id,
      details: { role: 'agent' },
    });
  });

  it('escapes names in the invitation email', async () => {
    const owner = await signupTenant(t.app, { name: '<img src=x onerror=alert(1)> & Co' });
    const email = `xss@${owner.tenant.slug}.test`;
    expect((await invite(owner, { email, role: 'agent' })).statusCode).toBe(201);
    const mail = await lastMailTo(t.app, email);
    expect(mail?.html).not.toContain('<img');
    expect(mail?.html).toContain('&lt;img src=x onerror=alert(1)&gt; &amp; Co');
  });

  it('an English workspace gets an English, left-to-right email', async () => {
    const owner = await signupTenant(t.app, { locale: 'en' });
    const email = `en-agent@${owner.tenant.slug}.test`;
    expect((await invite(owner, { email, role: 'agent' })).statusCode).toBe(201);
    const mail = await lastMailTo(t.app, email);
    expect(mail?.subject).toMatch(/^You are invited to /);
    expect(mail?.html).toContain('dir="ltr"');
  });

  it('shows the invitation, accepts it once, signs the new user in', async () => {
    const owner = await signupTenant(t.app);
    const email = `once@${owner.tenant.slug}.test`;
    const res = await invite(owner, { email, name: 'Once', role: 'agent' });
    const token = tokenFromMail(res.json().inviteUrl);

    const info = await t.app.inject({
      method: 'GET',
      url: `/api/v1/auth/invitations/${encodeURIComponent(token)}`,
    });
    expect(info.statusCode, info.body).toBe(200);
    expect(info.json()).toEqual({
      email,
      name: 'Once',
      tenant: { name: owner.tenant.name, slug: owner.tenant.slug },
    });

    const ok = await accept(token);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().user).toMatchObject({ email, role: 'agent' });
    const cookie = `kesher_session=${sessionCookieOf(ok)}`;
    const meRes = await me({ cookie });
    expect(meRes.statusCode).toBe(200);
    expect(meRes.json().user.email).toBe(email);
    expect((await listUsers(owner)).find((u) => u.email === email)?.status).toBe('active');

    const again = await accept(token, 'Another-Passw0rd-9');
    expect(again.statusCode).toBe(404);
    expect(again.json().code).toBe('TOKEN_INVALID');
    const infoAgain = await t.app.inject({
      method: 'GET',
      url: `/api/v1/auth/invitations/${encodeURIComponent(token)}`,
    });
    expect(infoAgain.statusCode).toBe(404);
    // The second attempt did not change the password.
    expect((await loginRequest(t.app, { tenant: owner.tenant, email })).statusCode).toBe(200);
    expect(
      (await loginRequest(t.app, { tenant: owner.tenant, email }, { password: 'Another-Passw0rd-9' }))
        .statusCode,
    ).toBe(401);
  });

  it('a weak password is refused without spending the link', async () => {
    const owner = await signupTenant(t.app);
    const res = await invite(owner, { email: `weak@${owner.tenant.slug}.test`, role: 'agent' });
    const token = tokenFromMail(res.json().inviteUrl);
    const weak = await accept(token, '1234567890');
    expect(weak.statusCode).toBe(400);
    expect(weak.json()).toMatchObject({ code: 'WEAK_PASSWORD', errors: [{ path: 'password' }] });
    expect((await accept(token)).statusCode).toBe(200);
  });

  it('an unknown or malformed token is 404 TOKEN_INVALID', async () => {
    const owner = await signupTenant(t.app);
    for (const token of [`${owner.tenant.id}.${'x'.repeat(43)}`, 'not-a-token-at-all-really-not']) {
      const res = await accept(token);
      expect(res.statusCode, token).toBe(404);
      expect(res.json().code).toBe('TOKEN_INVALID');
    }
  });

  it('an invitation expires after 7 days', async () => {
    const owner = await signupTenant(t.app);
    const res = await invite(owner, { email: `late@${owner.tenant.slug}.test`, role: 'agent' });
    const token = tokenFromMail(res.json().inviteUrl);
    const url = `/api/v1/auth/invitations/${encodeURIComponent(token)}`;
    clock.advance(6 * DAY);
    expect((await t.app.inject({ method: 'GET', url })).statusCode).toBe(200);
    clock.advance(2 * DAY);
    const info = await t.app.inject({ method: 'GET', url });
    expect(info.statusCode).toBe(404);
    expect(info.json().code).toBe('TOKEN_INVALID');
    const acc = await accept(token);
    expect(acc.statusCode).toBe(404);
    expect(acc.json().code).toBe('TOKEN_INVALID');
  });

  it('re-inviting someone who has not accepted voids the old link', async () => {
    const owner = await signupTenant(t.app);
    const email = `again@${owner.tenant.slug}.test`;
    const first = tokenFromMail((await invite(owner, { email, role: 'agent' })).json().inviteUrl);
    const second = await invite(owner, { email, role: 'manager' });
    expect(second.statusCode).toBe(201);
    expect((await accept(first)).statusCode).toBe(404);
    const ok = await accept(tokenFromMail(second.json().inviteUrl));
    expect(ok.statusCode).toBe(200);
    expect(ok.json().user.role).toBe('manager');
    expect((await listUsers(owner)).filter((u) => u.email === email)).toHaveLength(1);
  });

  it('deactivating someone who has not accepted kills their link', async () => {
    const owner = await signupTenant(t.app);
    const res = await invite(owner, { email: `gone@${owner.tenant.slug}.test`, role: 'agent' });
    const token = tokenFromMail(res.json().inviteUrl);
    expect((await patchUser(owner, res.json().user.id, { active: false })).statusCode).toBe(200);
    const acc = await accept(token);
    expect(acc.statusCode).toBe(404);
    expect(acc.json().code).toBe('TOKEN_INVALID');
  });

  it('refuses to invite the address of an existing user with 409 EMAIL_TAKEN', async () => {
    const owner = await signupTenant(t.app);
    const agent = await inviteAndAccept(t.app, owner, { role: 'agent' });
    for (const email of [agent.email, agent.email.toUpperCase(), owner.email]) {
      const res = await invite(owner, { email, role: 'admin' });
      expect(res.statusCode, email).toBe(409);
      expect(res.json()).toMatchObject({ code: 'EMAIL_TAKEN', errors: [{ path: 'email' }] });
    }
    const agentRow = (await listUsers(owner)).find((u) => u.id === agent.user.id);
    expect(agentRow?.role).toBe('agent');
  });

  it('the same address may exist in two workspaces', async () => {
    const a = await signupTenant(t.app);
    const b = await signupTenant(t.app);
    const res = await invite(b, { email: a.email, role: 'agent' });
    expect(res.statusCode, res.body).toBe(201);
  });
});

describe('permissions', () => {
  it('an agent cannot invite nor change users (403), but can list them', async () => {
    const owner = await signupTenant(t.app);
    const agent = await inviteAndAccept(t.app, owner, { role: 'agent' });
    const manager = await inviteAndAccept(t.app, owner, { role: 'manager' });
    for (const who of [agent, manager]) {
      const inv = await invite(who, { email: `x-${who.user.id.slice(-6)}@example.com`, role: 'agent' });
      expect(inv.statusCode).toBe(403);
      expect(inv.json().code).toBe('FORBIDDEN');
      const patch = await patchUser(who, owner.user.id, { active: false });
      expect(patch.statusCode).toBe(403);
      expect(patch.json().code).toBe('FORBIDDEN');
    }
    const list = await listUsers(agent);
    expect(list.map((u) => u.id).sort()).toEqual([owner.user.id, agent.user.id, manager.user.id].sort());
    expect((await me(owner.headers)).json().user.role).toBe('owner');
  });

  it('an admin cannot touch an owner, nor make or invite one (403), but can manage others', async () => {
    const owner = await signupTenant(t.app);
    const admin = await inviteAndAccept(t.app, owner, { role: 'admin' });
    const agent = await inviteAndAccept(t.app, owner, { role: 'agent' });
    const attempts = [
      () => patchUser(admin, owner.user.id, { role: 'agent' }),
      () => patchUser(admin, owner.user.id, { active: false }),
      () => patchUser(admin, agent.user.id, { role: 'owner' }),
      () => invite(admin, { email: `boss@${owner.tenant.slug}.test`, role: 'owner' }),
    ];
    for (const attempt of attempts) {
      const res = await attempt();
      expect(res.statusCode, res.body).toBe(403);
      expect(res.json().code).toBe('FORBIDDEN');
    }
    const users = await listUsers(owner);
    expect(users.find((u) => u.id === owner.user.id)).toMatchObject({ role: 'owner', active: true });
    expect(users.find((u) => u.id === agent.user.id)).toMatchObject({ role: 'agent' });
    expect(users.some((u) => u.email === `boss@${owner.tenant.slug}.test`)).toBe(false);

    const ok = await patchUser(admin, agent.user.id, { role: 'manager' });
    expect(ok.statusCode, ok.body).toBe(200);
  });

  it("an admin cannot re-invite a pending owner as something else (voiding the owner's link)", async () => {
    const owner = await signupTenant(t.app);
    const admin = await inviteAndAccept(t.app, owner, { role: 'admin' });
    const email = `co-owner@${owner.tenant.slug}.test`;
    const link = tokenFromMail((await invite(owner, { email, role: 'owner' })).json().inviteUrl);
    const res = await invite(admin, { email, role: 'agent' });
    expect(res.statusCode, res.body).toBe(403);
    expect(res.json().code).toBe('FORBIDDEN');
    const ok = await accept(link);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().user.role).toBe('owner');
  });
});

describe('changing users', () => {
  it('a role change takes effect at once and is audited as user.role_changed', async () => {
    const owner = await signupTenant(t.app);
    const agent = await inviteAndAccept(t.app, owner, { role: 'agent' });
    expect((await me(agent.headers)).json().permissions).not.toContain('audit:read');
    const res = await patchUser(owner, agent.user.id, { role: 'manager' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ id: agent.user.id, role: 'manager', status: 'active' });
    expect((await me(agent.headers)).json().permissions).toContain('audit:read');
    const entry = (await auditOf(owner)).find((a) => a.action === 'user.role_changed');
    expect(entry).toMatchObject({
      actorId: owner.user.id,
      targetId: agent.user.id,
      details: { from: 'agent', to: 'manager' },
    });
  });

  it('deactivating a user ends their sessions, blocks sign-in and is audited', async () => {
    const owner = await signupTenant(t.app);
    const agent = await inviteAndAccept(t.app, owner, { role: 'agent' });
    const second = await loginRequest(t.app, agent);
    const secondCookie = { cookie: `kesher_session=${sessionCookieOf(second)}` };
    expect((await me(agent.headers)).statusCode).toBe(200);

    const res = await patchUser(owner, agent.user.id, { active: false });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ active: false, status: 'deactivated' });
    for (const headers of [agent.headers, secondCookie]) {
      const r = await me(headers);
      expect(r.statusCode).toBe(401);
      expect(r.json().code).toBe('UNAUTHENTICATED');
    }
    expect((await loginRequest(t.app, agent)).statusCode).toBe(401);
    expect((await auditOf(owner)).find((a) => a.action === 'user.deactivated')).toMatchObject({
      targetId: agent.user.id,
    });

    // Reactivation lets them sign in again, but the old sessions stay dead.
    expect((await patchUser(owner, agent.user.id, { active: true })).statusCode).toBe(200);
    expect((await me(agent.headers)).statusCode).toBe(401);
    expect((await loginRequest(t.app, agent)).statusCode).toBe(200);
    expect((await auditOf(owner)).map((a) => a.action)).toContain('user.reactivated');
  });

  it('the last active owner cannot be demoted or deactivated (409 LAST_OWNER)', async () => {
    const owner = await signupTenant(t.app);
    for (const body of [{ role: 'admin' as const }, { active: false }]) {
      const res = await patchUser(owner, owner.user.id, body);
      expect(res.statusCode, res.body).toBe(409);
      expect(res.json().code).toBe('LAST_OWNER');
    }
    expect((await me(owner.headers)).json().user.role).toBe('owner');

    // With a second owner, one may step down.
    const second = await inviteAndAccept(t.app, owner, { role: 'owner' });
    const res = await patchUser(owner, owner.user.id, { role: 'admin' });
    expect(res.statusCode, res.body).toBe(200);
    const last = await patchUser(second, second.user.id, { active: false });
    expect(last.statusCode).toBe(409);
  });

  it('two owners demoting each other at once leave one owner', async () => {
    // On PostgreSQL the two transactions really overlap (PGlite runs them one after another).
    const rounds = t.database.engine === 'pg' ? 10 : 2;
    for (let round = 0; round < rounds; round++) {
      const owner = await signupTenant(t.app);
      const second = await inviteAndAccept(t.app, owner, { role: 'owner' });
      const results = await Promise.all([
        patchUser(owner, second.user.id, { role: 'admin' }),
        patchUser(second, owner.user.id, { role: 'admin' }),
      ]);
      // The loser is refused either as no longer an owner (403) or as the last owner (409).
      const codes = results.map((r) => r.statusCode);
      expect(codes.filter((c) => c === 200)).toHaveLength(1);
      expect(codes.filter((c) => c !== 200).every((c) => c === 403 || c === 409)).toBe(true);
      const owners = (await listUsers(owner)).filter((u) => u.role === 'owner' && u.active);
      expect(owners).toHaveLength(1);
    }
  });

  it("another tenant's owner gets 404 for a user id of this tenant, and nothing changes", async () => {
    const a = await signupTenant(t.app);
    const agentA = await inviteAndAccept(t.app, a, { role: 'agent' });
    const b = await signupTenant(t.app);
    for (const body of [{ role: 'admin' as const }, { active: false }]) {
      const res = await patchUser(b, agentA.user.id, body);
      expect(res.statusCode).toBe(404);
      expect(res.json().code).toBe('USER_NOT_FOUND');
    }
    expect((await listUsers(a)).find((u) => u.id === agentA.user.id)).toMatchObject({
      role: 'agent',
      active: true,
    });
    expect((await me(agentA.headers)).statusCode).toBe(200);
  });
});

describe('listing users', () => {
  it('lists only the own tenant', async () => {
    const a = await signupTenant(t.app);
    const agentA = await inviteAndAccept(t.app, a, { role: 'agent' });
    const b = await signupTenant(t.app);
    await invite(b, { email: `pending@${b.tenant.slug}.test`, role: 'agent' });
    const listA = await listUsers(a);
    expect(listA.map((u) => u.id).sort()).toEqual([a.user.id, agentA.user.id].sort());
    const listB = await listUsers(b);
    expect(listB.map((u) => u.email).sort()).toEqual([b.email, `pending@${b.tenant.slug}.test`].sort());
    expect(listB.find((u) => u.email.startsWith('pending'))?.status).toBe('invited');
  });

  it('walks every user with limit=1 and a cursor', async () => {
    const owner = await signupTenant(t.app);
    for (const role of ['admin', 'manager', 'agent'] as const) await inviteAndAccept(t.app, owner, { role });
    await invite(owner, { email: `walk@${owner.tenant.slug}.test`, role: 'agent' });
    const all = await listUsers(owner);
    expect(all).toHaveLength(5);

    const seen: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 10; page++) {
      const url: string = `/api/v1/users?limit=1${cursor ? `&cursor=${cursor}` : ''}`;
      const res = await t.app.inject({ method: 'GET', url, headers: owner.headers });
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json() as { items: ListedUser[]; nextCursor: string | null };
      expect(body.items).toHaveLength(1);
      seen.push(...body.items.map((u) => u.id));
      cursor = body.nextCursor;
      if (!cursor) break;
    }
    expect(cursor).toBeNull();
    expect(seen).toHaveLength(5);
    expect(new Set(seen)).toEqual(new Set(all.map((u) => u.id)));
  });

  it('refuses a malformed cursor with 400', async () => {
    const owner = await signupTenant(t.app);
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/v1/users?cursor=nope',
      headers: owner.headers,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('VALIDATION_FAILED');
  });
});
