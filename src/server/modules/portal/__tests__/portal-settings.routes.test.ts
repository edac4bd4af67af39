import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../../../test/build-test-app.js';
import { createPortalUser } from '../../../../../test/factories/portal.js';
import { inviteAndAccept, type Staff, signupTenant } from '../../../../../test/factories/staff.js';

let t: TestApp;
let owner: Staff;
let other: Staff;
const PNG =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
const body = (over: Record<string, unknown> = {}) => ({
  portalName: 'Galil Logistics',
  logoDataUrl: PNG,
  primaryColor: '#2f9e44',
  defaultLocale: 'en',
  customDomain: null,
  defaultScope: 'account',
  ...over,
});

// A built web app of two pages, so page loads reach the static fallback.
const webDir = mkdtempSync(path.join(tmpdir(), 'kesher-web-'));
mkdirSync(path.join(webDir, 'portal'));
writeFileSync(path.join(webDir, 'index.html'), 'AGENT');
writeFileSync(path.join(webDir, 'portal', 'index.html'), 'PORTAL');

beforeAll(async () => {
  t = await buildTestApp({ webDir });
  owner = await signupTenant(t.app);
  other = await signupTenant(t.app);
});
afterAll(async () => {
  await t.close();
  rmSync(webDir, { recursive: true, force: true });
});

describe('portal branding', () => {
  it('PUT then GET; public branding by workspace and by custom domain; /me carries it', async () => {
    const domain = `portal-${owner.tenant.slug}.example.com`;
    const put = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/portal/settings',
      headers: owner.headers,
      payload: body({ customDomain: domain.toUpperCase() }),
    });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json().customDomain).toBe(domain);
    const bySlug = await t.app.inject({
      method: 'GET',
      url: `/api/portal/v1/branding?workspace=${owner.tenant.slug}`,
    });
    expect(bySlug.json()).toMatchObject({
      portalName: 'Galil Logistics',
      primaryColor: '#2f9e44',
      logoDataUrl: PNG,
    });
    const byHost = await t.app.inject({
      method: 'GET',
      url: '/api/portal/v1/branding',
      headers: { host: `${domain}:443` },
    });
    expect(byHost.statusCode).toBe(200);
    expect(byHost.json().tenant.slug).toBe(owner.tenant.slug);
    // A page load on the portal domain opens that workspace's portal, not the staff app.
    const onDomain = (url: string) => t.app.inject({ method: 'GET', url, headers: { host: domain } });
    for (const [from, to] of [
      ['/', `/portal/${owner.tenant.slug}`],
      ['/tickets/42?x=1', `/portal/${owner.tenant.slug}/tickets/42?x=1`],
    ] as const) {
      const res = await onDomain(from);
      expect(res.statusCode, from).toBe(302);
      expect(res.headers.location).toBe(to);
    }
    expect((await onDomain(`/portal/${owner.tenant.slug}/tickets`)).body).toBe('PORTAL');
    expect((await onDomain('/api/v1/nope')).statusCode).toBe(404);
    // Any other host keeps the staff app.
    const main = await t.app.inject({ method: 'GET', url: '/', headers: { host: 'localhost:3000' } });
    expect(main.statusCode).toBe(200);
    expect(main.body).toBe('AGENT');
    const unknown = await t.app.inject({ method: 'GET', url: '/api/portal/v1/branding?workspace=nope-nope' });
    expect(unknown.statusCode).toBe(404);
    // The default scope applies to new portal users.
    const p = await createPortalUser(t.app, owner, {});
    const me = await t.app.inject({ method: 'GET', url: '/api/portal/v1/me', headers: p.headers });
    expect(me.json().branding.portalName).toBe('Galil Logistics');
  });

  it('another tenant cannot take the same custom domain (400, field error)', async () => {
    await t.app.inject({
      method: 'PUT',
      url: '/api/v1/portal/settings',
      headers: owner.headers,
      payload: body({ customDomain: 'shared.example.com' }),
    });
    const res = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/portal/settings',
      headers: other.headers,
      payload: body({ customDomain: 'shared.example.com' }),
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors?.[0]?.path ?? res.json().fields?.[0]?.path).toBe('customDomain');
  });

  it('bad logo, colour and domain are 400 with field errors; an agent gets 403', async () => {
    const res = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/portal/settings',
      headers: owner.headers,
      payload: body({
        logoDataUrl: 'data:image/svg+xml;base64,PHN2Zz4=',
        primaryColor: 'red',
        customDomain: 'not a host',
      }),
    });
    expect(res.statusCode).toBe(400);
    const big = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/portal/settings',
      headers: owner.headers,
      payload: body({ logoDataUrl: `data:image/png;base64,${'A'.repeat(200_001)}` }),
    });
    expect(big.statusCode).toBe(400);
    const agent = await inviteAndAccept(t.app, owner, { role: 'agent' });
    const forbidden = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/portal/settings',
      headers: agent.headers,
      payload: body(),
    });
    expect(forbidden.statusCode).toBe(403);
  });
});
