import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerStaticWeb } from '../static-web.js';

// Which app's index.html a client-side route gets: the portal's for /portal/<ws>/… and
// /kb/<ws>/…, the agent's for everything else.
let dir: string;
let app: FastifyInstance;
beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'kesher-static-'));
  mkdirSync(path.join(dir, 'portal'));
  mkdirSync(path.join(dir, 'assets'));
  writeFileSync(path.join(dir, 'index.html'), 'AGENT');
  writeFileSync(path.join(dir, 'portal', 'index.html'), 'PORTAL');
  writeFileSync(path.join(dir, 'assets', 'app-1.js'), 'js');
  app = Fastify();
  await registerStaticWeb(app, dir);
  await app.ready();
});
afterAll(async () => {
  await app.close();
  rmSync(dir, { recursive: true, force: true });
});

const get = (url: string) => app.inject({ method: 'GET', url });

describe('static web fallback', () => {
  it.each([
    '/portal/galil',
    '/portal/galil/',
    '/portal/galil/tickets/3f1c',
    '/portal/galil/accept-invite?token=abc',
    '/kb/galil',
    '/kb/galil/8d7e',
  ])('%s → the portal app', async (url) => {
    const res = await get(url);
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe('PORTAL');
    expect(res.headers['cache-control']).toBe('no-cache');
  });

  it.each(['/', '/tickets/1', '/portal', '/kb', '/portal-users', '/kbx/galil', '/settings/portal'])(
    '%s → the agent app',
    async (url) => {
      const res = await get(url);
      expect(res.statusCode).toBe(200);
      expect(res.body).toBe('AGENT');
    },
  );

  it('serves real files, and a missing file with an extension is a 404, not an app page', async () => {
    const asset = await get('/assets/app-1.js');
    expect(asset.body).toBe('js');
    expect(asset.headers['cache-control']).toContain('immutable');
    expect((await get('/portal/galil/missing.png')).statusCode).toBe(404);
  });

  it('an unknown API path under the portal prefix stays a problem+json 404', async () => {
    const res = await get('/api/portal/v1/nope');
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toContain('application/problem+json');
  });
});
