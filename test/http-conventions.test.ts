import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from './build-test-app.js';
import { PASSWORD, uniqueSlug } from './factories/staff.js';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

const expectProblem = (
  res: { statusCode: number; headers: Record<string, unknown>; json: () => unknown },
  status: number,
  code: string,
) => {
  expect(res.statusCode).toBe(status);
  expect(String(res.headers['content-type'])).toContain('application/problem+json');
  expect(res.json()).toMatchObject({
    status,
    code,
    type: expect.stringMatching(/^urn:kesher:problem:/),
    title: expect.any(String),
  });
};

describe('health and readiness', () => {
  it('/healthz answers 200 {status: ok}', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
  });

  it('/readyz answers 200 when the database is migrated', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/readyz' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ status: 'ready' });
  });
});

describe('API description', () => {
  it('/api/openapi.json is OpenAPI 3.1 with the core paths and their request schemas', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info).toMatchObject({ title: 'Kesher API', version: expect.any(String) });
    expect(doc.components.securitySchemes).toHaveProperty('session');
    expect(doc.components.securitySchemes).toHaveProperty('apiKey');
    const bodySchema = (path: string, method: string) =>
      doc.paths[path]?.[method]?.requestBody?.content?.['application/json']?.schema;
    expect(bodySchema('/api/v1/signup', 'post')).toMatchObject({ type: 'object' });
    expect(bodySchema('/api/v1/signup', 'post').properties).toHaveProperty('organization');
    expect(bodySchema('/api/v1/auth/login', 'post').required).toEqual(
      expect.arrayContaining(['workspace', 'email', 'password']),
    );
    expect(bodySchema('/api/v1/users/invitations', 'post').properties).toHaveProperty('role');
    expect(doc.paths['/api/v1/me']?.get?.responses?.['200']).toBeDefined();
    expect(doc.paths['/api/v1/users']?.get?.parameters?.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['limit', 'cursor']),
    );
    // Internal routes stay out of the description.
    expect(doc.paths).not.toHaveProperty('/metrics');
  });

  it('/api/docs serves the API explorer (HTML, directly or by redirect)', async () => {
    let res = await t.app.inject({ method: 'GET', url: '/api/docs' });
    for (let hops = 0; hops < 3 && res.statusCode >= 300 && res.statusCode < 400; hops++) {
      const location = String(res.headers.location);
      res = await t.app.inject({
        method: 'GET',
        url: new URL(location, 'http://localhost/api/docs/').pathname,
      });
    }
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.body).toMatch(/swagger/i);
  });
});

describe('metrics', () => {
  it('/metrics exposes request latency by route pattern, not by URL', async () => {
    await t.app.inject({ method: 'GET', url: '/healthz' });
    await t.app.inject({ method: 'PATCH', url: '/api/v1/users/0190c6a4-0000-7000-8000-000000000000' });
    const res = await t.app.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/plain');
    expect(res.body).toContain('kesher_http_request_duration_seconds');
    expect(res.body).toMatch(
      /kesher_http_request_duration_seconds_count\{[^}]*route="\/healthz"[^}]*\} [1-9]/,
    );
    expect(res.body).toContain('route="/api/v1/users/:id"');
    expect(res.body).not.toContain('0190c6a4-0000-7000-8000-000000000000');
  });
});

describe('errors and limits', () => {
  it('an unknown API path is 404 problem+json', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/nope' });
    expectProblem(res, 404, 'NOT_FOUND');
    const post = await t.app.inject({ method: 'POST', url: '/api/v1/nope', payload: {} });
    expectProblem(post, 404, 'NOT_FOUND');
  });

  it('a body over 1 MB is 413 problem+json', async () => {
    const big = JSON.stringify({
      organization: { name: 'x'.repeat(2 * 1024 * 1024), slug: uniqueSlug() },
      owner: { name: 'Big', email: 'big@example.com', password: PASSWORD },
    });
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/signup',
      headers: { 'content-type': 'application/json' },
      payload: big,
    });
    expectProblem(res, 413, 'PAYLOAD_TOO_LARGE');
  });

  it.each(['application/xml', 'application/x-www-form-urlencoded'])(
    'a %s body is 415 problem+json',
    async (type) => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        headers: { 'content-type': type },
        payload: '<login/>',
      });
      expectProblem(res, 415, 'UNSUPPORTED_MEDIA_TYPE');
    },
  );

  it('malformed JSON is 400 problem+json, never 500', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '{"workspace":',
    });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
  });

  it('validation errors name each field', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { workspace: 'X Y' },
    });
    expectProblem(res, 400, 'VALIDATION_FAILED');
    const paths = (res.json() as { errors: Array<{ path: string }> }).errors.map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['workspace', 'email', 'password']));
  });
});

describe('headers', () => {
  it('sets security headers on API responses', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/healthz' });
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBeDefined();
    // Served over plain http here: no HSTS.
    expect(res.headers['strict-transport-security']).toBeUndefined();
  });

  it('echoes a sane x-request-id and makes one otherwise', async () => {
    const echoed = await t.app.inject({
      method: 'GET',
      url: '/healthz',
      headers: { 'x-request-id': 'proxy-req-12345' },
    });
    expect(echoed.headers['x-request-id']).toBe('proxy-req-12345');
    const made = await t.app.inject({ method: 'GET', url: '/healthz' });
    expect(made.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const insane = await t.app.inject({
      method: 'GET',
      url: '/healthz',
      headers: { 'x-request-id': 'bad id with spaces <script>' },
    });
    expect(insane.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    // Errors carry it too.
    const err = await t.app.inject({
      method: 'GET',
      url: '/api/v1/nope',
      headers: { 'x-request-id': 'proxy-req-67890' },
    });
    expect(err.headers['x-request-id']).toBe('proxy-req-67890');
  });
});

describe('failures', () => {
  it('a 5xx is problem+json without internal text; /readyz says 503 when the database is down', async () => {
    const secret = 'connect ECONNREFUSED 10.9.8.7:5432 password=hunter2';
    const broken = await buildTestApp({
      database: {
        ...t.database,
        tenantTx: async () => {
          throw new Error(secret);
        },
        systemQuery: async () => {
          throw new Error(secret);
        },
        ping: async () => {
          throw new Error(secret);
        },
        close: async () => {},
      },
    });
    try {
      const owner = `kesher_session=${'0190c6a4-0000-7000-8000-000000000000'}.${'x'.repeat(43)}`;
      const res = await broken.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: owner } });
      expectProblem(res, 500, 'INTERNAL');
      expect(res.body).not.toContain('ECONNREFUSED');
      expect(res.body).not.toContain('hunter2');
      const ready = await broken.app.inject({ method: 'GET', url: '/readyz' });
      expect(ready.statusCode).toBe(503);
      expect(ready.json()).toEqual({ status: 'not-ready', reason: 'database unreachable' });
      expect(ready.body).not.toContain('hunter2');
    } finally {
      await broken.close();
    }
  });
});
