import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../../../test/build-test-app.js';
import {
  createAccount,
  createContact,
  createPortalUser,
  portalCookieOf,
} from '../../../../../test/factories/portal.js';
import {
  lastMailTo,
  PASSWORD,
  randomIp,
  type Staff,
  signupTenant,
  tokenFromMail,
} from '../../../../../test/factories/staff.js';

let t: TestApp;
let owner: Staff;
let other: Staff;

beforeAll(async () => {
  t = await buildTestApp();
  owner = await signupTenant(t.app);
  other = await signupTenant(t.app);
});
afterAll(() => t.close());

const me = (cookie: string) => t.app.inject({ method: 'GET', url: '/api/portal/v1/me', headers: { cookie } });

describe('portal access and sessions', () => {
  it('invite → accept signs in; /me names the contact, account and tenant', async () => {
    const p = await createPortalUser(t.app, owner, { scope: 'account' });
    const res = await me(p.headers.cookie);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.account.id).toBe(p.accountId);
    expect(body.contact.id).toBe(p.contactId);
    expect(body.scope).toBe('account');
    expect(body.tenant.slug).toBe(owner.tenant.slug);
  });

  it('emails the invite in the contact language, and the link works once only', async () => {
    const account = await createAccount(t.app, owner);
    const contact = await createContact(t.app, owner, account.id);
    const grant = await t.app.inject({
      method: 'POST',
      url: `/api/v1/contacts/${contact.id}/portal-access`,
      headers: owner.headers,
      payload: { enabled: true, scope: 'own' },
    });
    expect(grant.statusCode, grant.body).toBe(200);
    const token = tokenFromMail(grant.json().inviteUrl);
    const mail = await lastMailTo(t.app, contact.emails[0] as string);
    expect(mail?.kind).toBe('portal_invite');
    expect(tokenFromMail(mail?.text ?? '')).toBe(token);
    const accept = () =>
      t.app.inject({
        method: 'POST',
        url: '/api/portal/v1/auth/accept-invite',
        payload: { token, password: PASSWORD },
      });
    expect((await accept()).statusCode).toBe(204);
    expect((await accept()).statusCode).toBe(404);
  });

  it('an expired invite link is refused', async () => {
    const now = Date.now();
    let offset = 0;
    const local = await buildTestApp({ clock: { now: () => new Date(now + offset) } });
    try {
      const o = await signupTenant(local.app);
      const account = await createAccount(local.app, o);
      const contact = await createContact(local.app, o, account.id);
      const grant = await local.app.inject({
        method: 'POST',
        url: `/api/v1/contacts/${contact.id}/portal-access`,
        headers: o.headers,
        payload: { enabled: true },
      });
      offset = 8 * 24 * 3_600_000;
      const res = await local.app.inject({
        method: 'POST',
        url: '/api/portal/v1/auth/accept-invite',
        payload: { token: tokenFromMail(grant.json().inviteUrl), password: PASSWORD },
      });
      expect(res.statusCode).toBe(404);
    } finally {
      await local.close();
    }
  });

  it('sign-in, sign-out; a wrong password is audited and refused', async () => {
    const p = await createPortalUser(t.app, owner);
    const ip = randomIp();
    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/portal/v1/auth/login',
      remoteAddress: ip,
      payload: { workspace: owner.tenant.slug, email: p.email, password: 'wrong-password-1' },
    });
    expect(bad.statusCode).toBe(401);
    const ok = await t.app.inject({
      method: 'POST',
      url: '/api/portal/v1/auth/login',
      remoteAddress: ip,
      payload: { workspace: owner.tenant.slug, email: p.email, password: PASSWORD },
    });
    expect(ok.statusCode, ok.body).toBe(204);
    const cookie = `kesher_portal_session=${portalCookieOf(ok)}`;
    expect((await me(cookie)).statusCode).toBe(200);
    const out = await t.app.inject({
      method: 'POST',
      url: '/api/portal/v1/auth/logout',
      headers: { cookie },
    });
    expect(out.statusCode).toBe(204);
    expect((await me(cookie)).statusCode).toBe(401);
    const audit = await t.app.inject({ method: 'GET', url: '/api/v1/audit-log', headers: owner.headers });
    const actions = (audit.json().items as Array<{ action: string }>).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['portal.login_failed', 'portal.login', 'portal.logout']));
  });

  it('a portal session on a staff route → 401; a staff session on a portal route → 401', async () => {
    const p = await createPortalUser(t.app, owner);
    const staffRoute = await t.app.inject({ method: 'GET', url: '/api/v1/contacts', headers: p.headers });
    expect(staffRoute.statusCode).toBe(401);
    expect((await me(owner.headers.cookie)).statusCode).toBe(401);
  });

  it('cross-site unsafe requests with the portal cookie are refused (CSRF)', async () => {
    const p = await createPortalUser(t.app, owner);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/portal/v1/auth/logout',
      headers: { ...p.headers, 'sec-fetch-site': 'cross-site' },
    });
    expect(res.statusCode).toBe(403);
    expect((await me(p.headers.cookie)).statusCode).toBe(200);
  });

  it('disabling access kills the sessions', async () => {
    const p = await createPortalUser(t.app, owner);
    expect((await me(p.headers.cookie)).statusCode).toBe(200);
    const off = await t.app.inject({
      method: 'POST',
      url: `/api/v1/contacts/${p.contactId}/portal-access`,
      headers: owner.headers,
      payload: { enabled: false },
    });
    expect(off.statusCode, off.body).toBe(200);
    expect(off.json().portalUser.enabled).toBe(false);
    expect((await me(p.headers.cookie)).statusCode).toBe(401);
  });

  it("another tenant's staff gets 404 for the contact and the portal user, and lists none", async () => {
    const p = await createPortalUser(t.app, owner);
    const grant = await t.app.inject({
      method: 'POST',
      url: `/api/v1/contacts/${p.contactId}/portal-access`,
      headers: other.headers,
      payload: { enabled: false },
    });
    expect(grant.statusCode).toBe(404);
    const patch = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/portal-users/${p.portalUserId}`,
      headers: other.headers,
      payload: { enabled: false },
    });
    expect(patch.statusCode).toBe(404);
    const list = await t.app.inject({ method: 'GET', url: '/api/v1/portal-users', headers: other.headers });
    expect(list.json().items).toEqual([]);
    expect((await me(p.headers.cookie)).statusCode).toBe(200);
  });

  it('an account the contact does not belong to is a 400 with a field error', async () => {
    const a = await createAccount(t.app, owner);
    const b = await createAccount(t.app, owner);
    const c = await createContact(t.app, owner, a.id);
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/contacts/${c.id}/portal-access`,
      headers: owner.headers,
      payload: { enabled: true, accountId: b.id },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('VALIDATION_FAILED');
  });
});
