import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../../../test/build-test-app.js';
import { PASSWORD, randomIp, type Staff, signupTenant } from '../../../../../test/factories/staff.js';

// Cookie-authenticated writes from another site are refused before any work is done.
let t: TestApp;
let owner: Staff;
beforeAll(async () => {
  t = await buildTestApp();
  owner = await signupTenant(t.app);
});
afterAll(() => t.close());

const invite = (email: string, extra: Record<string, string>) =>
  t.app.inject({
    method: 'POST',
    url: '/api/v1/users/invitations',
    headers: { ...owner.headers, ...extra },
    payload: { email, name: 'CSRF target', role: 'admin' },
  });

const userEmails = async (): Promise<string[]> => {
  const res = await t.app.inject({ method: 'GET', url: '/api/v1/users', headers: owner.headers });
  expect(res.statusCode).toBe(200);
  return res.json().items.map((u: { email: string }) => u.email);
};

describe('cross-site request defence', () => {
  it.each([
    ['sec-fetch-site: cross-site', { 'sec-fetch-site': 'cross-site' }],
    ['a foreign Origin', { origin: 'https://evil.example' }],
    ['a look-alike Origin', { origin: 'http://localhost:3000.evil.example' }],
    ['Origin: null (sandboxed frame)', { origin: 'null' }],
    [
      'cross-site even with the right Origin',
      { 'sec-fetch-site': 'cross-site', origin: 'http://localhost:3000' },
    ],
  ])('refuses an unsafe request with %s: 403 and no user created', async (_label, headers) => {
    const email = `csrf-${randomIp().replaceAll('.', '-')}@example.com`;
    const res = await invite(email, headers);
    expect(res.statusCode, res.body).toBe(403);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json().code).toBe('CROSS_SITE_REQUEST');
    expect(await userEmails()).not.toContain(email);
  });

  it.each([
    ['the public URL as Origin', { origin: 'http://localhost:3000' }],
    ['sec-fetch-site: same-origin', { 'sec-fetch-site': 'same-origin' }],
    ['no Origin at all (curl, server-to-server)', {}],
  ])('accepts a request with %s', async (_label, headers) => {
    const email = `ok-${randomIp().replaceAll('.', '-')}@example.com`;
    const res = await invite(email, headers);
    expect(res.statusCode, res.body).toBe(201);
    expect(await userEmails()).toContain(email);
  });

  it('accepts an Origin matching the Host header (same host, another name)', async () => {
    const email = `host-${randomIp().replaceAll('.', '-')}@example.com`;
    const res = await invite(email, { host: 'crm.internal:8080', origin: 'http://crm.internal:8080' });
    expect(res.statusCode, res.body).toBe(201);
  });

  it('lets safe requests through from another site', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/v1/users',
      headers: { ...owner.headers, 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' },
    });
    expect(res.statusCode).toBe(200);
  });

  it('guards public writes too (login CSRF)', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { origin: 'https://evil.example' },
      payload: { workspace: owner.tenant.slug, email: owner.email, password: PASSWORD },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('CROSS_SITE_REQUEST');
    expect(res.cookies.find((c) => c.name === 'kesher_session')).toBeUndefined();
  });

  it('refuses cross-site logout and password change', async () => {
    for (const [url, payload] of [
      ['/api/v1/auth/logout', undefined],
      ['/api/v1/me/password', { currentPassword: PASSWORD, newPassword: 'Changed-by-evil-1' }],
    ] as const) {
      const res = await t.app.inject({
        method: 'POST',
        url,
        headers: { ...owner.headers, 'sec-fetch-site': 'cross-site' },
        ...(payload ? { payload } : {}),
      });
      expect(res.statusCode, url).toBe(403);
    }
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: owner.headers });
    expect(me.statusCode).toBe(200);
  });
});
