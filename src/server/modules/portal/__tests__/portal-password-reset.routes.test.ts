import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../../../test/build-test-app.js';
import {
  createPortalUser,
  type PortalUserFixture,
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
import { fixedClock } from '../../../platform/clock.js';

const NEW_PASSWORD = 'Fresh-portal-Secret-61';
const clock = fixedClock(new Date());
let t: TestApp;
let owner: Staff;
beforeAll(async () => {
  t = await buildTestApp({ clock });
  owner = await signupTenant(t.app);
});
afterAll(() => t.close());

const forgot = (workspace: string, email: string, remoteAddress = randomIp()) =>
  t.app.inject({
    method: 'POST',
    url: '/api/portal/v1/auth/forgot-password',
    remoteAddress,
    payload: { workspace, email },
  });
const reset = (token: string, password = NEW_PASSWORD) =>
  t.app.inject({ method: 'POST', url: '/api/portal/v1/auth/reset-password', payload: { token, password } });
const login = (p: PortalUserFixture, password: string) =>
  t.app.inject({
    method: 'POST',
    url: '/api/portal/v1/auth/login',
    remoteAddress: randomIp(),
    payload: { workspace: owner.tenant.slug, email: p.email, password },
  });
const me = (cookie: string) =>
  t.app.inject({
    method: 'GET',
    url: '/api/portal/v1/me',
    headers: { cookie: `kesher_portal_session=${cookie}` },
  });
const auditActions = async (portalUserId: string) => {
  const log = await t.app.inject({
    method: 'GET',
    url: '/api/v1/audit-log?limit=100',
    headers: owner.headers,
  });
  return (log.json().items as Array<{ action: string; targetId: string | null }>)
    .filter((i) => i.targetId === portalUserId)
    .map((i) => i.action);
};
/** Asks for a reset link and returns the token from the email that was queued. */
const tokenByMail = async (p: PortalUserFixture) => {
  expect((await forgot(owner.tenant.slug, p.email)).statusCode).toBe(202);
  const mail = await lastMailTo(t.app, p.email);
  expect(mail?.kind).toBe('portal_password_reset');
  return tokenFromMail(mail?.text ?? '');
};

describe('portal password reset', () => {
  it('answers 202 with the same body for a known address, an unknown one and an unknown workspace', async () => {
    const p = await createPortalUser(t.app, owner);
    const known = await forgot(owner.tenant.slug, p.email);
    const unknownEmail = await forgot(owner.tenant.slug, 'nobody-here@customer.test');
    const unknownWorkspace = await forgot('no-such-workspace-x', p.email);
    for (const res of [known, unknownEmail, unknownWorkspace]) {
      expect(res.statusCode).toBe(202);
      expect(res.body).toBe(known.body);
      expect(res.headers['content-type']).toBe(known.headers['content-type']);
    }
    expect(await lastMailTo(t.app, 'nobody-here@customer.test')).toBeUndefined();
    const mail = await lastMailTo(t.app, p.email);
    expect(mail).toMatchObject({ kind: 'portal_password_reset', tenantId: owner.tenant.id });
    // The link goes to the portal of this workspace, in both the text and the HTML part.
    const prefix = `http://localhost:3000/portal/${owner.tenant.slug}/reset-password?token=`;
    expect(mail?.text).toContain(prefix);
    expect(mail?.html).toContain(prefix);
    // Hebrew (the workspace default): a right-to-left email.
    expect(mail?.html).toContain('dir="rtl"');
    expect(await auditActions(p.portalUserId)).toContain('portal.password_reset_requested');
  });

  it('sets the new password, kills every existing session, and signs in only with the new one', async () => {
    const p = await createPortalUser(t.app, owner);
    const second = portalCookieOf(await login(p, PASSWORD));
    for (const c of [p.cookie, second]) expect((await me(c)).statusCode).toBe(200);

    const token = await tokenByMail(p);
    const res = await reset(token);
    expect(res.statusCode, res.body).toBe(204);
    // No session is handed out by the reset itself.
    expect(res.cookies.find((c) => c.name === 'kesher_portal_session')).toBeUndefined();

    for (const c of [p.cookie, second]) expect((await me(c)).statusCode).toBe(401);
    expect((await login(p, PASSWORD)).statusCode).toBe(401);
    const fresh = await login(p, NEW_PASSWORD);
    expect(fresh.statusCode, fresh.body).toBe(204);
    expect((await me(portalCookieOf(fresh))).statusCode).toBe(200);
    expect(await auditActions(p.portalUserId)).toEqual(
      expect.arrayContaining(['portal.password_reset_requested', 'portal.password_reset']),
    );
  });

  it('a link works once; a reset also retires the other links already sent', async () => {
    const p = await createPortalUser(t.app, owner);
    const older = await tokenByMail(p);
    const token = await tokenByMail(p);
    expect(older).not.toBe(token);
    expect((await reset(token)).statusCode).toBe(204);

    const again = await reset(token, 'Another-portal-Secret-72');
    expect(again.statusCode).toBe(404);
    expect(again.json().code).toBe('TOKEN_INVALID');
    const stale = await reset(older, 'Another-portal-Secret-72');
    expect(stale.statusCode).toBe(404);
    // Neither refused attempt changed the password.
    expect((await login(p, NEW_PASSWORD)).statusCode).toBe(204);
    expect((await login(p, 'Another-portal-Secret-72')).statusCode).toBe(401);
  });

  it('a link expires after an hour', async () => {
    const p = await createPortalUser(t.app, owner);
    const token = await tokenByMail(p);
    clock.advance(61 * 60_000);
    const res = await reset(token);
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('TOKEN_INVALID');
    expect((await login(p, PASSWORD)).statusCode).toBe(204);
  });

  it('follows the accept-invite password policy: short and common passwords are 400 and the link stays usable', async () => {
    const p = await createPortalUser(t.app, owner);
    const token = await tokenByMail(p);
    const short = await reset(token, 'Ab1-xyz');
    expect(short.statusCode).toBe(400);
    expect(short.json().errors).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: 'password' })]),
    );
    const common = await reset(token, 'qwertyuiop');
    expect(common.statusCode).toBe(400);
    expect(common.json()).toMatchObject({ code: 'WEAK_PASSWORD', errors: [{ path: 'password' }] });
    const withEmail = await reset(token, `${p.email.split('@')[0]}-2026!`);
    expect(withEmail.json().code).toBe('WEAK_PASSWORD');
    expect((await reset(token)).statusCode).toBe(204);
  });

  it('bad input is a 400 problem with field errors, not a 500', async () => {
    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/portal/v1/auth/forgot-password',
      payload: { workspace: '', email: 'not-an-email' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    const paths = (bad.json().errors as Array<{ path: string }>).map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['workspace', 'email']));
    const garbage = await reset('not-a-scoped-token-at-all-xx');
    expect(garbage.statusCode).toBe(404);
    expect(garbage.json().code).toBe('TOKEN_INVALID');
  });

  it('a token edited to name another workspace finds nothing there', async () => {
    const other = await signupTenant(t.app);
    const p = await createPortalUser(t.app, owner);
    const token = await tokenByMail(p);
    const forged = `${other.tenant.id}${token.slice(token.indexOf('.'))}`;
    expect((await reset(forged)).statusCode).toBe(404);
    expect((await reset(token)).statusCode).toBe(204);
  });

  it('a disabled portal user gets no link, and a link sent before disabling stops working', async () => {
    const p = await createPortalUser(t.app, owner);
    const token = await tokenByMail(p);
    const off = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/portal-users/${p.portalUserId}`,
      headers: owner.headers,
      payload: { enabled: false },
    });
    expect(off.statusCode, off.body).toBe(200);
    expect((await reset(token)).statusCode).toBe(404);
    const before = await lastMailTo(t.app, p.email);
    expect((await forgot(owner.tenant.slug, p.email)).statusCode).toBe(202);
    expect((await lastMailTo(t.app, p.email))?.id).toBe(before?.id);
  });

  it('is rate-limited like staff: 5 an hour per address, then 429 with Retry-After', async () => {
    const p = await createPortalUser(t.app, owner);
    const codes: number[] = [];
    for (let i = 0; i < 6; i++) codes.push((await forgot(owner.tenant.slug, p.email)).statusCode);
    expect(codes).toEqual([202, 202, 202, 202, 202, 429]);
    const limited = await forgot(owner.tenant.slug, p.email);
    expect(limited.json().code).toBe('TOO_MANY_ATTEMPTS');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // An unknown address is counted the same way, so the limit does not tell them apart either.
    const unknown: number[] = [];
    for (let i = 0; i < 6; i++)
      unknown.push((await forgot(owner.tenant.slug, 'ghost@customer.test')).statusCode);
    expect(unknown).toEqual(codes);
  });

  it('limits requests per client address across addresses', async () => {
    const ip = randomIp();
    const codes: number[] = [];
    for (let i = 0; i < 21; i++)
      codes.push((await forgot(owner.tenant.slug, `x${i}@customer.test`, ip)).statusCode);
    expect(codes.slice(0, 20).every((c) => c === 202)).toBe(true);
    expect(codes[20]).toBe(429);
  });
});
