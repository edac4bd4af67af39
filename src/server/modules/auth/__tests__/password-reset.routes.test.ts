import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../../../test/build-test-app.js';
import {
  lastMailTo,
  loginRequest,
  PASSWORD,
  randomIp,
  sessionCookieOf,
  signupTenant,
  tokenFromMail,
} from '../../../../../test/factories/staff.js';
import { fixedClock } from '../../../platform/clock.js';

const NEW_PASSWORD = 'Brand-new-Secret-77';
const clock = fixedClock(new Date());
let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp({ clock });
});
afterAll(() => t.close());

const requestReset = (workspace: string, email: string, remoteAddress = randomIp()) =>
  t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/password-reset/request',
    remoteAddress,
    payload: { workspace, email },
  });

const confirmReset = (token: string, password = NEW_PASSWORD) =>
  t.app.inject({ method: 'POST', url: '/api/v1/auth/password-reset/confirm', payload: { token, password } });

const me = (cookie: string) => t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } });

describe('password reset', () => {
  it('answers 202 with the same empty body whether or not the address exists', async () => {
    const owner = await signupTenant(t.app);
    const known = await requestReset(owner.tenant.slug, owner.email);
    const unknownEmail = await requestReset(owner.tenant.slug, 'nobody@example.com');
    const unknownWorkspace = await requestReset('no-such-workspace', owner.email);
    for (const res of [known, unknownEmail, unknownWorkspace]) {
      expect(res.statusCode).toBe(202);
      expect(res.body).toBe(known.body);
    }
    expect(await lastMailTo(t.app, 'nobody@example.com')).toBeUndefined();
    const mail = await lastMailTo(t.app, owner.email);
    expect(mail).toMatchObject({ kind: 'auth.password_reset', tenantId: owner.tenant.id });
    expect(mail?.text).toContain('http://localhost:3000/reset-password?token=');
    expect(mail?.html).toContain('dir="rtl"');
  });

  it('sets the new password, refuses the old one and ends every session', async () => {
    const owner = await signupTenant(t.app);
    const other = `kesher_session=${sessionCookieOf(await loginRequest(t.app, owner))}`;
    expect((await me(owner.headers.cookie)).statusCode).toBe(200);

    await requestReset(owner.tenant.slug, owner.email);
    const token = tokenFromMail((await lastMailTo(t.app, owner.email))?.text ?? '');
    const res = await confirmReset(token);
    expect(res.statusCode, res.body).toBe(204);

    for (const cookie of [owner.headers.cookie, other]) expect((await me(cookie)).statusCode).toBe(401);
    expect((await loginRequest(t.app, owner, { password: PASSWORD })).statusCode).toBe(401);
    expect((await loginRequest(t.app, owner, { password: NEW_PASSWORD })).statusCode).toBe(200);

    // A link works once.
    const again = await confirmReset(token, 'Yet-another-Secret-88');
    expect(again.statusCode).toBe(404);
    expect(again.json().code).toBe('TOKEN_INVALID');
    expect((await loginRequest(t.app, owner, { password: NEW_PASSWORD })).statusCode).toBe(200);

    const log = await t.app.inject({
      method: 'GET',
      url: '/api/v1/audit-log',
      headers: {
        cookie: `kesher_session=${sessionCookieOf(await loginRequest(t.app, owner, { password: NEW_PASSWORD }))}`,
      },
    });
    expect(log.json().items.map((i: { action: string }) => i.action)).toEqual(
      expect.arrayContaining(['auth.password_reset_requested', 'auth.password_reset']),
    );
  });

  it('a weak new password is refused and the link stays usable', async () => {
    const owner = await signupTenant(t.app);
    await requestReset(owner.tenant.slug, owner.email);
    const token = tokenFromMail((await lastMailTo(t.app, owner.email))?.text ?? '');
    const weak = await confirmReset(token, 'qwertyuiop');
    expect(weak.statusCode).toBe(400);
    expect(weak.json()).toMatchObject({ code: 'WEAK_PASSWORD', errors: [{ path: 'password' }] });
    expect((await confirmReset(token)).statusCode).toBe(204);
  });

  it('a link expires after an hour', async () => {
    const owner = await signupTenant(t.app);
    await requestReset(owner.tenant.slug, owner.email);
    const token = tokenFromMail((await lastMailTo(t.app, owner.email))?.text ?? '');
    clock.advance(61 * 60_000);
    const res = await confirmReset(token);
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('TOKEN_INVALID');
    expect((await loginRequest(t.app, owner)).statusCode).toBe(200);
  });

  it("a token of one workspace cannot reset another workspace's user", async () => {
    const a = await signupTenant(t.app);
    const b = await signupTenant(t.app);
    await requestReset(a.tenant.slug, a.email);
    const token = tokenFromMail((await lastMailTo(t.app, a.email))?.text ?? '');
    const forged = `${b.tenant.id}${token.slice(token.indexOf('.'))}`;
    expect((await confirmReset(forged)).statusCode).toBe(404);
    expect((await loginRequest(t.app, b)).statusCode).toBe(200);
    expect((await loginRequest(t.app, a)).statusCode).toBe(200);
  });

  it('allows 5 requests an hour per address; the 6th is 429 with Retry-After', async () => {
    const owner = await signupTenant(t.app);
    const codes: number[] = [];
    for (let i = 0; i < 6; i++) codes.push((await requestReset(owner.tenant.slug, owner.email)).statusCode);
    expect(codes).toEqual([202, 202, 202, 202, 202, 429]);
    const locked = await requestReset(owner.tenant.slug, owner.email);
    expect(locked.json().code).toBe('TOO_MANY_ATTEMPTS');
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    // An hour later it works again.
    clock.advance(61 * 60_000);
    expect((await requestReset(owner.tenant.slug, owner.email)).statusCode).toBe(202);
  });

  it('limits requests per client address across accounts', async () => {
    const owner = await signupTenant(t.app);
    const ip = randomIp();
    const codes: number[] = [];
    for (let i = 0; i < 21; i++) {
      codes.push((await requestReset(owner.tenant.slug, `someone-${i}@example.com`, ip)).statusCode);
    }
    expect(codes.slice(0, 20).every((c) => c === 202)).toBe(true);
    expect(codes[20]).toBe(429);
  });
});
