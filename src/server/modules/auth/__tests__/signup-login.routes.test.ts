import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../../../test/build-test-app.js';
import { PASSWORD, sessionCookieOf, signupTenant, uniqueSlug } from '../../../../../test/factories/staff.js';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

describe('signup', () => {
  it('creates the organization and its owner, and signs the owner in', async () => {
    const slug = uniqueSlug();
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/signup',
      payload: {
        organization: { name: 'גליל לוגיסטיקה', slug },
        owner: { name: 'דנה כהן', email: 'Dana@Example.co.il', password: PASSWORD },
        locale: 'he',
      },
    });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body.tenant).toMatchObject({ slug, name: 'גליל לוגיסטיקה', locale: 'he' });
    expect(body.user).toMatchObject({
      email: 'dana@example.co.il',
      role: 'owner',
      name: 'דנה כהן',
      locale: 'he',
    });
    const cookie = res.cookies.find((c) => c.name === 'kesher_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(cookie?.secure).toBeFalsy();

    const me = await t.app.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: { cookie: `kesher_session=${cookie?.value}` },
    });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ user: { email: 'dana@example.co.il' }, tenant: { slug } });
    expect(me.json().permissions).toContain('users:manage');
  });

  it('refuses a duplicate slug with 409 naming the field', async () => {
    const owner = await signupTenant(t.app);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/signup',
      payload: {
        organization: { name: 'Other', slug: owner.tenant.slug },
        owner: { name: 'X', email: 'x@example.com', password: PASSWORD },
        locale: 'en',
      },
    });
    expect(res.statusCode).toBe(409);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({
      code: 'SLUG_TAKEN',
      status: 409,
      errors: [{ path: 'organization.slug' }],
    });
  });

  it('refuses a weak password with 400 naming the field, and writes nothing', async () => {
    const slug = uniqueSlug();
    for (const password of ['short', '1234567890']) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/signup',
        payload: {
          organization: { name: 'Weak', slug },
          owner: { name: 'W', email: 'w@example.com', password },
          locale: 'he',
        },
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().errors.map((e: { path: string }) => e.path)).toContain('owner.password');
    }
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { workspace: slug, email: 'w@example.com', password: '1234567890' },
    });
    expect(login.statusCode).toBe(401);
  });

  it('answers malformed input with 400 problem+json, never 500', async () => {
    const cases = [
      { payload: '{"organization":', headers: { 'content-type': 'application/json' } },
      { payload: { organization: { name: 'A', slug: 'Bad Slug!' }, owner: {}, locale: 'fr' } },
      { payload: [] },
    ];
    for (const c of cases) {
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/signup', ...c });
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().code).toMatch(/VALIDATION_FAILED|BAD_REQUEST/);
    }
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/signup',
      payload: {
        organization: { name: 'A', slug: 'Bad Slug!' },
        owner: { name: '', email: 'nope', password: 'x' },
        locale: 'fr',
      },
    });
    const paths = res.json().errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(
      expect.arrayContaining(['organization.slug', 'owner.email', 'owner.password', 'locale']),
    );
  });
});

describe('login and logout', () => {
  it('signs in with the workspace, email and password; logout ends the session', async () => {
    const owner = await signupTenant(t.app);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { workspace: owner.tenant.slug, email: owner.email.toUpperCase(), password: PASSWORD },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().user).toMatchObject({ email: owner.email, role: 'owner' });
    const cookie = `kesher_session=${sessionCookieOf(res)}`;
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } })).statusCode).toBe(
      200,
    );

    const out = await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie } });
    expect(out.statusCode).toBe(204);
    const after = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } });
    expect(after.statusCode).toBe(401);
    expect(after.json().code).toBe('UNAUTHENTICATED');
  });

  it('gives the same 401 for an unknown workspace, unknown email and wrong password', async () => {
    const owner = await signupTenant(t.app);
    const attempts = [
      { workspace: uniqueSlug('nope'), email: owner.email, password: PASSWORD },
      { workspace: owner.tenant.slug, email: 'nobody@example.com', password: PASSWORD },
      { workspace: owner.tenant.slug, email: owner.email, password: 'Wrong-password-1' },
    ];
    const bodies = [];
    for (const payload of attempts) {
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload });
      expect(res.statusCode).toBe(401);
      const { instance: _i, ...body } = res.json();
      bodies.push(body);
    }
    expect(bodies[1]).toEqual(bodies[0]);
    expect(bodies[2]).toEqual(bodies[0]);
    expect(bodies[0].code).toBe('INVALID_CREDENTIALS');
  });

  it('locks an account after 5 failures with 429 and Retry-After, even for the right password', async () => {
    const owner = await signupTenant(t.app);
    const wrong = { workspace: owner.tenant.slug, email: owner.email, password: 'Wrong-password-1' };
    const codes = [];
    for (let i = 0; i < 5; i++) {
      codes.push(
        (await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: wrong })).statusCode,
      );
    }
    expect(codes).toEqual([401, 401, 401, 401, 429]);
    const right = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { ...wrong, password: PASSWORD },
    });
    expect(right.statusCode).toBe(429);
    expect(right.json()).toMatchObject({ code: 'TOO_MANY_ATTEMPTS' });
    expect(Number(right.headers['retry-after'])).toBeGreaterThan(0);
    // Another account of the same workspace is unaffected.
    const other = await signupTenant(t.app);
    const ok = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { workspace: other.tenant.slug, email: other.email, password: PASSWORD },
    });
    expect(ok.statusCode).toBe(200);
  });

  it('records sign-in, failed sign-in and sign-out in the audit log', async () => {
    const owner = await signupTenant(t.app);
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { workspace: owner.tenant.slug, email: owner.email, password: 'Wrong-password-1' },
    });
    const ok = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { workspace: owner.tenant.slug, email: owner.email, password: PASSWORD },
    });
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { cookie: `kesher_session=${sessionCookieOf(ok)}` },
    });
    const log = await t.app.inject({ method: 'GET', url: '/api/v1/audit-log', headers: owner.headers });
    expect(log.statusCode).toBe(200);
    const actions = log.json().items.map((i: { action: string }) => i.action);
    expect(actions).toEqual(
      expect.arrayContaining(['tenant.created', 'auth.login_failed', 'auth.login', 'auth.logout']),
    );
  });
});
