import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../../../test/build-test-app.js';
import { loginRequest, PASSWORD, type Staff, signupTenant } from '../../../../../test/factories/staff.js';
import { fixedClock } from '../../../platform/clock.js';
import { totpCodeAt } from '../index.js';

const clock = fixedClock(new Date());
let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp({ clock });
});
afterAll(() => t.close());

const post = (who: Staff, url: string, payload?: object) =>
  t.app.inject({
    method: 'POST',
    url: `/api/v1/me/totp/${url}`,
    headers: who.headers,
    ...(payload ? { payload } : {}),
  });

/** Sets up and enables TOTP; returns the secret and the recovery codes. */
const enrol = async (who: Staff) => {
  const setup = await post(who, 'setup');
  expect(setup.statusCode, setup.body).toBe(200);
  const { secret } = setup.json();
  const enable = await post(who, 'enable', { code: totpCodeAt(secret, clock.now()) });
  expect(enable.statusCode, enable.body).toBe(200);
  return { secret: secret as string, recoveryCodes: enable.json().recoveryCodes as string[] };
};

describe('TOTP two-factor sign-in', () => {
  it('setup returns an otpauth URL and a PNG QR code; the user is not enrolled yet', async () => {
    const owner = await signupTenant(t.app);
    const res = await post(owner, 'setup');
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.otpauthUrl).toMatch(/^otpauth:\/\/totp\//);
    expect(body.otpauthUrl).toContain(`secret=${body.secret}`);
    expect(body.qrDataUrl).toMatch(/^data:image\/png;base64,[A-Za-z0-9+/]+=*$/);
    // Until enabled, sign-in still needs only the password.
    expect((await loginRequest(t.app, owner)).statusCode).toBe(200);
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: owner.headers });
    expect(me.json().user.totpEnabled).toBe(false);
  });

  it('enable refuses a wrong code with 400 naming the field', async () => {
    const owner = await signupTenant(t.app);
    const { secret } = (await post(owner, 'setup')).json();
    const right = totpCodeAt(secret, clock.now());
    const wrong = right === '000000' ? '111111' : '000000';
    const res = await post(owner, 'enable', { code: wrong });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ path: 'code' }] });
    expect((await loginRequest(t.app, owner)).statusCode).toBe(200);
  });

  it('once enabled: 10 recovery codes, and sign-in needs a code', async () => {
    const owner = await signupTenant(t.app);
    const { secret, recoveryCodes } = await enrol(owner);
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    for (const c of recoveryCodes) expect(c).toMatch(/^[0-9a-f]{5}-[0-9a-f]{5}$/);
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: owner.headers });
    expect(me.json().user.totpEnabled).toBe(true);

    const noCode = await loginRequest(t.app, owner);
    expect(noCode.statusCode).toBe(401);
    expect(noCode.json().code).toBe('MFA_REQUIRED');
    expect(noCode.cookies.find((c) => c.name === 'kesher_session')).toBeUndefined();

    const wrongPassword = await loginRequest(t.app, owner, { password: 'Wrong-password-1' });
    expect(wrongPassword.json().code).toBe('INVALID_CREDENTIALS');

    // A fresh step, so the code is not the one that enabled TOTP.
    clock.advance(30_000);
    const code = totpCodeAt(secret, clock.now());
    const badCode = await loginRequest(t.app, owner, { totpCode: code === '123456' ? '654321' : '123456' });
    expect(badCode.statusCode).toBe(401);
    expect(badCode.json().code).toBe('INVALID_CREDENTIALS');

    const ok = await loginRequest(t.app, owner, { totpCode: code });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().user.totpEnabled).toBe(true);

    // A code from the previous 30-second step still works (phone clocks drift); one from 5 minutes ago does not.
    clock.advance(60_000);
    const previous = totpCodeAt(secret, new Date(clock.now().getTime() - 30_000));
    expect((await loginRequest(t.app, owner, { totpCode: previous })).statusCode).toBe(200);
    const stale = totpCodeAt(secret, new Date(clock.now().getTime() - 5 * 60_000));
    const window = [-30_000, 0, 30_000].map((d) => totpCodeAt(secret, new Date(clock.now().getTime() + d)));
    if (!window.includes(stale)) {
      expect((await loginRequest(t.app, owner, { totpCode: stale })).statusCode).toBe(401);
    }
  });

  it('a recovery code works once, with or without its dash', async () => {
    const owner = await signupTenant(t.app);
    const { recoveryCodes } = await enrol(owner);
    const [first, second] = recoveryCodes as [string, string];
    const ok = await loginRequest(t.app, owner, { totpCode: first });
    expect(ok.statusCode, ok.body).toBe(200);
    const again = await loginRequest(t.app, owner, { totpCode: first });
    expect(again.statusCode).toBe(401);
    expect(again.json().code).toBe('INVALID_CREDENTIALS');
    expect(
      (await loginRequest(t.app, owner, { totpCode: second.replace('-', '').toUpperCase() })).statusCode,
    ).toBe(200);
  });

  it('disable needs the password; afterwards the password alone signs in', async () => {
    const owner = await signupTenant(t.app);
    const { recoveryCodes } = await enrol(owner);
    const wrong = await post(owner, 'disable', { password: 'Wrong-password-1' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json()).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ path: 'password' }] });
    expect((await loginRequest(t.app, owner)).json().code).toBe('MFA_REQUIRED');

    const res = await post(owner, 'disable', { password: PASSWORD });
    expect(res.statusCode, res.body).toBe(204);
    expect((await loginRequest(t.app, owner)).statusCode).toBe(200);
    // Old recovery codes are gone with it: enrolling again issues new ones.
    const again = await enrol(owner);
    expect(again.recoveryCodes.some((c) => recoveryCodes.includes(c))).toBe(false);
    expect((await loginRequest(t.app, owner, { totpCode: recoveryCodes[0] as string })).statusCode).toBe(401);

    const log = await t.app.inject({ method: 'GET', url: '/api/v1/audit-log', headers: owner.headers });
    expect(log.json().items.map((i: { action: string }) => i.action)).toEqual(
      expect.arrayContaining(['auth.totp_enabled', 'auth.totp_disabled']),
    );
  });

  it('setup is refused while TOTP is on (the secret cannot be swapped silently)', async () => {
    const owner = await signupTenant(t.app);
    const { secret } = await enrol(owner);
    const res = await post(owner, 'setup');
    expect(res.statusCode).toBe(400);
    // The enrolment code was spent; the next time step's code signs in.
    clock.advance(30_000);
    expect((await loginRequest(t.app, owner, { totpCode: totpCodeAt(secret, clock.now()) })).statusCode).toBe(
      200,
    );
  });

  it('a code works once: replaying it (or the enrolment code) is refused', async () => {
    const owner = await signupTenant(t.app);
    const { secret } = await enrol(owner);
    const enrolCode = totpCodeAt(secret, clock.now());
    expect((await loginRequest(t.app, owner, { totpCode: enrolCode })).statusCode).toBe(401);
    clock.advance(30_000);
    const code = totpCodeAt(secret, clock.now());
    expect((await loginRequest(t.app, owner, { totpCode: code })).statusCode).toBe(200);
    expect((await loginRequest(t.app, owner, { totpCode: code })).statusCode).toBe(401);
  });
});
