import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type RouteGuard,
  registerRequestContext,
  routeGuardsOf,
} from '../src/server/platform/http/request-context.js';
import { API_KEY_SCOPES } from '../src/shared/permissions.js';
import { buildTestApp, type TestApp } from './build-test-app.js';
import { inviteAndAccept, signupTenant } from './factories/staff.js';

// Every public route is listed here on purpose: adding one fails this test until someone has
// reviewed that it really needs no sign-in.
const PUBLIC_ROUTES = [
  'GET /api/docs',
  'GET /api/docs/json',
  'GET /api/docs/static/*',
  'GET /api/docs/static/index.html',
  'GET /api/docs/static/swagger-initializer.js',
  'GET /api/docs/yaml',
  'GET /api/openapi.json',
  'GET /api/v1/auth/invitations/:token',
  'GET /api/v1/setup/status',
  'GET /healthz',
  'GET /metrics',
  'GET /readyz',
  // Web-to-lead form: customers' websites post leads here (CORS preflight + POST, no credential).
  'OPTIONS /api/v1/public/forms/:workspace/lead',
  'POST /api/v1/public/forms/:workspace/lead',
  'POST /api/v1/auth/invitations/accept',
  'POST /api/v1/auth/login',
  'POST /api/v1/auth/password-reset/confirm',
  'POST /api/v1/auth/password-reset/request',
  'POST /api/v1/signup',
  // Satisfaction survey: the signed link in the "solved" email is the credential (page + answer).
  'GET /csat/:token',
  'POST /csat/:token',
  'POST /api/v1/public/csat/:token',
  // Public help centre: published articles with visibility 'public' only; votes rate-limited.
  'GET /api/public/v1/kb/:workspace/categories',
  'GET /api/public/v1/kb/:workspace/articles',
  'GET /api/public/v1/kb/:workspace/articles/:id',
  'POST /api/public/v1/kb/:workspace/articles/:id/feedback',
  // Customer portal sign-in: the invite token or the password is the credential.
  'POST /api/portal/v1/auth/accept-invite',
  'POST /api/portal/v1/auth/login',
  // Portal password reset: the answer never says whether the address exists; the link is the credential.
  'POST /api/portal/v1/auth/forgot-password',
  'POST /api/portal/v1/auth/reset-password',
  // Portal sign-in page branding (name, logo, colour) by workspace slug or custom domain.
  'GET /api/portal/v1/branding',
].sort();

const AUTH_MODES = ['public', 'staff', 'staff-or-api-key', 'portal'];

let t: TestApp;
let routes: RouteGuard[];
beforeAll(async () => {
  t = await buildTestApp();
  // HEAD twins of GET routes share the GET route's guard.
  routes = routeGuardsOf(t.app).filter((r) => r.method !== 'HEAD');
});
afterAll(() => t.close());

const key = (r: RouteGuard) => `${r.method} ${r.url}`;

describe('route guards', () => {
  it('every route declares config.auth from the known modes', () => {
    console.table(
      [...routes]
        .sort((x, y) => x.url.localeCompare(y.url) || x.method.localeCompare(y.method))
        .map((r) => ({ route: key(r), auth: r.auth, permission: r.permission ?? '' })),
    );
    expect(routes.length).toBeGreaterThan(20);
    for (const r of routes) expect(AUTH_MODES, key(r)).toContain(r.auth);
    // Sanity: the list covers what the app serves.
    for (const r of routes)
      expect(t.app.hasRoute({ method: r.method as 'GET', url: r.url }), key(r)).toBe(true);
  });

  it('the public routes are exactly the reviewed allowlist', () => {
    const pub = [...new Set(routes.filter((r) => r.auth === 'public').map(key))].sort();
    expect(pub).toEqual(PUBLIC_ROUTES);
  });

  it('management routes under /api/v1/users and /api/v1/api-keys need a permission', () => {
    const managed = routes.filter((r) => /^\/api\/v1\/(users|api-keys|audit-log)/.test(r.url));
    expect(managed.length).toBeGreaterThan(5);
    for (const r of managed) {
      expect(r.auth, key(r)).not.toBe('public');
      expect(r.permission, key(r)).toBeDefined();
    }
  });

  it('every route open to API keys names a permission that a key can hold', () => {
    const keyRoutes = routes.filter((r) => r.auth === 'staff-or-api-key');
    for (const r of keyRoutes) {
      // Without one, any key of the tenant, whatever its scopes, could call the route.
      expect(API_KEY_SCOPES as readonly string[], key(r)).toContain(r.permission);
    }
  });

  it('a guarded route refuses an anonymous caller with 401 problem+json', async () => {
    const guarded = routes.filter((r) => r.auth !== 'public' && !r.url.includes('*'));
    expect(guarded.length).toBeGreaterThan(10);
    for (const r of guarded) {
      const url = r.url.replace(/:[a-z]+/gi, '0190c6a4-0000-7000-8000-000000000000');
      const res = await t.app.inject({
        method: r.method as 'GET',
        url,
        payload: r.method === 'GET' || r.method === 'DELETE' ? undefined : {},
      });
      expect(res.statusCode, key(r)).toBe(401);
      expect(res.headers['content-type'], key(r)).toContain('application/problem+json');
    }
  });

  it('a guarded route refuses a signed-in user of a role without the permission with 403', async () => {
    const owner = await signupTenant(t.app);
    const agent = await inviteAndAccept(t.app, owner, { role: 'agent' });
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/audit-log', headers: agent.headers });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('FORBIDDEN');
  });

  it('refuses to register a route that declares no config.auth', async () => {
    const app = Fastify({ logger: false });
    registerRequestContext(app, {
      resolveActor: async () => ({ kind: 'anonymous' }),
      allowedOrigins: [],
      publicPrefixes: ['/docs'],
    });
    expect(() => app.get('/unguarded', () => 'x')).toThrow(/declares no config\.auth/);
    expect(() => app.get('/guarded', { config: { auth: 'staff' } }, () => 'x')).not.toThrow();
    // A route inside a plugin is checked too.
    app.register(async (child) => {
      child.post('/inner', () => 'x');
    });
    await expect(app.ready()).rejects.toThrow(/POST \/inner declares no config\.auth/);
    await app.close();
  });
});
