import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../../../test/build-test-app.js';
import { PASSWORD, randomIp, uniqueSlug } from '../../../../../test/factories/staff.js';
import { rowsOf } from '../../../platform/db/database.js';

// One fresh database seen by three apps that differ only in KESHER_SIGNUP.
let firstRun: TestApp;
let closed: TestApp;
let open: TestApp;
beforeAll(async () => {
  firstRun = await buildTestApp({ config: { signup: 'first-run' } });
  closed = await buildTestApp({ database: firstRun.database, config: { signup: 'closed' } });
  open = await buildTestApp({ database: firstRun.database, config: { signup: 'open' } });
});
afterAll(async () => {
  await open.app.close();
  await closed.app.close();
  await firstRun.close();
});

const signup = (t: TestApp, remoteAddress = randomIp()) => {
  const slug = uniqueSlug();
  return t.app.inject({
    method: 'POST',
    url: '/api/v1/signup',
    remoteAddress,
    payload: {
      organization: { name: `Org ${slug}`, slug },
      owner: { name: 'First Owner', email: `owner@${slug}.test`, password: PASSWORD },
    },
  });
};

const status = async (t: TestApp) => {
  const res = await t.app.inject({ method: 'GET', url: '/api/v1/setup/status' });
  expect(res.statusCode).toBe(200);
  return res.json();
};

const tenantCount = async () => {
  const res = await firstRun.database.systemTx((tx) =>
    tx.execute(sql`select count(*)::int as n from tenants`),
  );
  return rowsOf<{ n: number }>(res)[0]?.n;
};

describe('KESHER_SIGNUP', () => {
  it('closed: even a fresh install refuses sign-up with 403 SIGNUP_CLOSED', async () => {
    expect(await status(closed)).toEqual({ needsSetup: false, signup: 'closed' });
    const res = await signup(closed);
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('SIGNUP_CLOSED');
    expect(await tenantCount()).toBe(0);
  });

  it('first-run: exactly one first organization, even when sign-ups race; then sign-up closes', async () => {
    expect(await status(firstRun)).toEqual({ needsSetup: true, signup: 'first-run' });
    const racing = await Promise.all([signup(firstRun), signup(firstRun), signup(firstRun)]);
    expect(racing.map((r) => r.statusCode).sort()).toEqual([201, 403, 403]);
    const later = await signup(firstRun);
    expect(later.statusCode).toBe(403);
    expect(later.json().code).toBe('SIGNUP_CLOSED');
    expect(await status(firstRun)).toEqual({ needsSetup: false, signup: 'first-run' });
    expect(await tenantCount()).toBe(1);
  });

  it('open: anyone may sign up, 10 an hour from one address, then 429', async () => {
    expect(await status(open)).toEqual({ needsSetup: false, signup: 'open' });
    const ip = randomIp();
    const codes: number[] = [];
    for (let i = 0; i < 11; i++) codes.push((await signup(open, ip)).statusCode);
    expect(codes).toEqual([...Array(10).fill(201), 429]);
    const refused = await signup(open, ip);
    expect(refused.json().code).toBe('RATE_LIMITED');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    // Another address is not affected.
    expect((await signup(open)).statusCode).toBe(201);
  });
});
