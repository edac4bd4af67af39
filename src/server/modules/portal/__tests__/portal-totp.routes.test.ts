import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../../../test/build-test-app.js';
import { createPortalUser, type PortalUserFixture } from '../../../../../test/factories/portal.js';
import { PASSWORD, randomIp, type Staff, signupTenant } from '../../../../../test/factories/staff.js';
import { fixedClock } from '../../../platform/clock.js';
import { totpCodeAt } from '../../auth/index.js';

const clock = fixedClock(new Date());
let t: TestApp;
let owner: Staff;
beforeAll(async () => {
  t = await buildTestApp({ clock });
  owner = await signupTenant(t.app);
});
afterAll(() => t.close());

const post = (p: PortalUserFixture, step: string, payload?: object) =>
  t.app.inject({
    method: 'POST',
    url: `/api/portal/v1/auth/totp/${step}`,
    headers: p.headers,
    ...(payload ? { payload } : {}),
  });
const login = (p: PortalUserFixture, extra: { password?: string; totpCode?: string } = {}) =>
  t.app.inject({
    method: 'POST',
    url: '/api/portal/v1/auth/login',
    remoteAddress: randomIp(),
    payload: {
      workspace: owner.tenant.slug,
      email: p.email,
      password: extra.password ?? PASSWORD,
      ...(extra.totpCode !== undefined ? { totpCode: extra.totpCode } : {}),
    },
  });
const sessionCookie = (res: { cookies: Array<{ name: string; value: string }> }) =>
  res.cookies.find((c) => c.name === 'kesher_portal_session');
const me = (p: PortalUserFixture) =>
  t.app.inject({ method: 'GET', url: '/api/portal/v1/me', headers: p.headers });
const wrongCodeFor = (right: string) => (right === '000000' ? '111111' : '000000');

/** Sets up and confirms TOTP for a portal user; returns the secret and the recovery codes. */
const enrol = async (p: PortalUserFixture) => {
  const setup = await post(p, 'setup');
  expect(setup.statusCode, setup.body).toBe(200);
  const { secret } = setup.json();
  const enable = await post(p, 'enable', { code: totpCodeAt(secret, clock.now()) });
  expect(enable.statusCode, enable.body).toBe(200);
  return { secret: secret as string, recoveryCodes: enable.json().recoveryCodes as string[] };
};

describe('portal TOTP two-factor sign-in', () => {
  it('setup returns an otpauth URL named after the portal and a PNG QR code; not on until confirmed', async () => {
    const p = await createPortalUser(t.app, owner);
    const res = await post(p, 'setup');
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.otpauthUrl).toMatch(/^otpauth:\/\/totp\//);
    expect(body.otpauthUrl).toContain(`secret=${body.secret}`);
    expect(decodeURIComponent(body.otpauthUrl)).toContain(p.email);
    expect(body.qrDataUrl).toMatch(/^data:image\/png;base64,[A-Za-z0-9+/]+=*$/);
    expect((await me(p)).json().totpEnabled).toBe(false);
    expect((await login(p)).statusCode).toBe(204);
  });

  it('confirm refuses a wrong code with 400 naming the field; the password alone still signs in', async () => {
    const p = await createPortalUser(t.app, owner);
    const { secret } = (await post(p, 'setup')).json();
    const res = await post(p, 'enable', { code: wrongCodeFor(totpCodeAt(secret, clock.now())) });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ path: 'code' }] });
    const notDigits = await post(p, 'enable', { code: 'abc' });
    expect(notDigits.statusCode).toBe(400);
    expect(notDigits.json().errors).toEqual([expect.objectContaining({ path: 'code' })]);
    expect((await login(p)).statusCode).toBe(204);
  });

  it('once on: 10 recovery codes, login answers MFA_REQUIRED without a session, and a second call with the code signs in', async () => {
    const p = await createPortalUser(t.app, owner);
    const { secret, recoveryCodes } = await enrol(p);
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    for (const c of recoveryCodes) expect(c).toMatch(/^[0-9a-f]{5}-[0-9a-f]{5}$/);
    expect((await me(p)).json().totpEnabled).toBe(true);
    const list = await t.app.inject({ method: 'GET', url: '/api/v1/portal-users', headers: owner.headers });
    const listed = list.json().items.find((u: { id: string }) => u.id === p.portalUserId);
    expect(listed.totpEnabled).toBe(true);
    // The admin's table names whose login it is.
    expect(listed.contactName).toEqual(expect.any(String));
    expect(listed.accountName).toEqual(expect.any(String));

    const step1 = await login(p);
    expect(step1.statusCode).toBe(401);
    expect(step1.json().code).toBe('MFA_REQUIRED');
    expect(sessionCookie(step1)).toBeUndefined();
    // A wrong password is still just wrong credentials: MFA_REQUIRED only follows the right password.
    expect((await login(p, { password: 'Wrong-password-1' })).json().code).toBe('INVALID_CREDENTIALS');

    // A fresh time step, so the code is not the one spent on enrolment.
    clock.advance(30_000);
    const code = totpCodeAt(secret, clock.now());
    const bad = await login(p, { totpCode: wrongCodeFor(code) });
    expect(bad.statusCode).toBe(401);
    expect(bad.json().code).toBe('INVALID_CREDENTIALS');
    expect(sessionCookie(bad)).toBeUndefined();

    const ok = await login(p, { totpCode: code });
    expect(ok.statusCode, ok.body).toBe(204);
    const cookie = sessionCookie(ok);
    expect(cookie).toBeDefined();
    const signedIn = await t.app.inject({
      method: 'GET',
      url: '/api/portal/v1/me',
      headers: { cookie: `kesher_portal_session=${cookie?.value}` },
    });
    expect(signedIn.statusCode).toBe(200);
    // Each code works once.
    expect((await login(p, { totpCode: code })).statusCode).toBe(401);
  });

  it('the enrolment code cannot be replayed to sign in', async () => {
    const p = await createPortalUser(t.app, owner);
    const { secret } = await enrol(p);
    expect((await login(p, { totpCode: totpCodeAt(secret, clock.now()) })).statusCode).toBe(401);
  });

  it('a recovery code signs in once, with or without its dash', async () => {
    const p = await createPortalUser(t.app, owner);
    const { recoveryCodes } = await enrol(p);
    const [first, second] = recoveryCodes as [string, string];
    expect((await login(p, { totpCode: first })).statusCode).toBe(204);
    const again = await login(p, { totpCode: first });
    expect(again.statusCode).toBe(401);
    expect(again.json().code).toBe('INVALID_CREDENTIALS');
    expect((await login(p, { totpCode: second.replace('-', '').toUpperCase() })).statusCode).toBe(204);
  });

  it('wrong codes count towards the sign-in lock like wrong passwords', async () => {
    const p = await createPortalUser(t.app, owner);
    const { secret } = await enrol(p);
    clock.advance(30_000);
    const wrong = wrongCodeFor(totpCodeAt(secret, clock.now()));
    const codes: number[] = [];
    for (let i = 0; i < 5; i++) codes.push((await login(p, { totpCode: wrong })).statusCode);
    expect(codes.slice(0, 4)).toEqual([401, 401, 401, 401]);
    expect(codes[4]).toBe(429);
    // Locked: even the right code waits.
    expect((await login(p, { totpCode: totpCodeAt(secret, clock.now()) })).statusCode).toBe(429);
    clock.advance(16 * 60_000);
  });

  it('setup is refused while on; disable needs the password, then the password alone signs in', async () => {
    const p = await createPortalUser(t.app, owner);
    const { recoveryCodes } = await enrol(p);
    expect((await post(p, 'setup')).statusCode).toBe(400);

    const wrong = await post(p, 'disable', { password: 'Wrong-password-1' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json()).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ path: 'password' }] });
    expect((await login(p)).json().code).toBe('MFA_REQUIRED');

    const off = await post(p, 'disable', { password: PASSWORD });
    expect(off.statusCode, off.body).toBe(204);
    expect((await login(p)).statusCode).toBe(204);
    expect((await me(p)).json().totpEnabled).toBe(false);
    // The old recovery codes went with it.
    const again = await enrol(p);
    expect(again.recoveryCodes.some((c) => recoveryCodes.includes(c))).toBe(false);
    expect((await login(p, { totpCode: recoveryCodes[0] as string })).statusCode).toBe(401);

    const log = await t.app.inject({
      method: 'GET',
      url: '/api/v1/audit-log?limit=100',
      headers: owner.headers,
    });
    const mine = (log.json().items as Array<{ action: string; targetId: string; actorKind: string }>).filter(
      (i) => i.targetId === p.portalUserId,
    );
    expect(mine.map((i) => i.action)).toEqual(
      expect.arrayContaining(['portal.totp_enabled', 'portal.totp_disabled']),
    );
    expect(mine.find((i) => i.action === 'portal.totp_enabled')?.actorKind).toBe('portal');
  });

  it('needs a portal session: a staff cookie or none is 401', async () => {
    const anon = await t.app.inject({ method: 'POST', url: '/api/portal/v1/auth/totp/setup' });
    expect(anon.statusCode).toBe(401);
    const staff = await t.app.inject({
      method: 'POST',
      url: '/api/portal/v1/auth/totp/setup',
      headers: owner.headers,
    });
    expect(staff.statusCode).toBe(401);
  });
});
