import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../../../test/build-test-app.js';
import { loginCookie, loginRequest, PASSWORD, signupTenant } from '../../../../../test/factories/staff.js';
import { fixedClock } from '../../../platform/clock.js';

const MIN = 60_000;
const IDLE = 30 * MIN;
const ABSOLUTE = 2 * 60 * MIN;
const clock = fixedClock(new Date());
let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp({ clock, config: { sessionIdleMs: IDLE, sessionAbsoluteMs: ABSOLUTE } });
});
afterAll(() => t.close());

const me = (cookie: string) => t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } });

const changePassword = (cookie: string, body: { currentPassword: string; newPassword: string }) =>
  t.app.inject({ method: 'POST', url: '/api/v1/me/password', headers: { cookie }, payload: body });

describe('session lifetime', () => {
  it('ends a session left idle longer than the idle timeout', async () => {
    const owner = await signupTenant(t.app);
    clock.advance(IDLE - MIN);
    expect((await me(owner.headers.cookie)).statusCode).toBe(200);
    // That request counted as activity: the idle timer starts again.
    clock.advance(IDLE - MIN);
    expect((await me(owner.headers.cookie)).statusCode).toBe(200);
    clock.advance(IDLE + MIN);
    const res = await me(owner.headers.cookie);
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('UNAUTHENTICATED');
    // The failed request did not count as activity.
    expect((await me(owner.headers.cookie)).statusCode).toBe(401);
  });

  it('ends a session at the absolute limit however active it is', async () => {
    const owner = await signupTenant(t.app);
    const cookie = owner.headers.cookie;
    let elapsed = 0;
    while (elapsed + 20 * MIN < ABSOLUTE) {
      clock.advance(20 * MIN);
      elapsed += 20 * MIN;
      expect((await me(cookie)).statusCode, `after ${elapsed / MIN} min`).toBe(200);
    }
    clock.advance(ABSOLUTE - elapsed + MIN);
    expect((await me(cookie)).statusCode).toBe(401);
    // Signing in again gives a fresh session.
    const { cookie: fresh } = await loginCookie(t.app, owner);
    expect((await me(fresh)).statusCode).toBe(200);
  });

  it('the session cookie lives as long as the absolute limit', async () => {
    const res = await loginRequest(t.app, await signupTenant(t.app));
    const cookie = res.cookies.find((c) => c.name === 'kesher_session');
    expect(cookie?.maxAge).toBe(ABSOLUTE / 1000);
    expect(cookie?.httpOnly).toBe(true);
  });
});

describe('changing the password', () => {
  it('keeps the current session, ends the others, and swaps the password', async () => {
    const owner = await signupTenant(t.app);
    const { cookie: other } = await loginCookie(t.app, owner);
    const newPassword = 'Fresh-Horse-Battery-9';
    const res = await changePassword(owner.headers.cookie, { currentPassword: PASSWORD, newPassword });
    expect(res.statusCode, res.body).toBe(204);

    expect((await me(owner.headers.cookie)).statusCode).toBe(200);
    expect((await me(other)).statusCode).toBe(401);
    expect((await loginRequest(t.app, owner, { password: PASSWORD })).statusCode).toBe(401);
    expect((await loginRequest(t.app, owner, { password: newPassword })).statusCode).toBe(200);

    const log = await t.app.inject({ method: 'GET', url: '/api/v1/audit-log', headers: owner.headers });
    expect(log.json().items.map((i: { action: string }) => i.action)).toContain('auth.password_changed');
  });

  it('a wrong current password is 400 naming currentPassword, and nothing changes', async () => {
    const owner = await signupTenant(t.app);
    const { cookie: other } = await loginCookie(t.app, owner);
    const res = await changePassword(owner.headers.cookie, {
      currentPassword: 'Not-my-password-1',
      newPassword: 'Fresh-Horse-Battery-9',
    });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ path: 'currentPassword' }] });
    expect((await me(other)).statusCode).toBe(200);
    expect((await loginRequest(t.app, owner, { password: PASSWORD })).statusCode).toBe(200);
  });

  it('a weak new password is 400 WEAK_PASSWORD naming newPassword', async () => {
    const owner = await signupTenant(t.app);
    const res = await changePassword(owner.headers.cookie, {
      currentPassword: PASSWORD,
      newPassword: 'password123',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'WEAK_PASSWORD', errors: [{ path: 'newPassword' }] });
  });

  it('needs a session', async () => {
    const res = await changePassword('kesher_session=nope', {
      currentPassword: PASSWORD,
      newPassword: 'x'.repeat(12),
    });
    expect(res.statusCode).toBe(401);
  });
});

describe('forged cookies', () => {
  it("a session token re-labelled with another tenant's id is refused", async () => {
    const a = await signupTenant(t.app);
    const b = await signupTenant(t.app);
    const forged = `kesher_session=${b.tenant.id}${a.cookie.slice(a.cookie.indexOf('.'))}`;
    expect((await me(forged)).statusCode).toBe(401);
    expect((await me(a.headers.cookie)).statusCode).toBe(200);
  });
});
