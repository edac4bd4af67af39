// Fan-out across processes: two Kesher apps on one PostgreSQL database (two pools), a publish on
// one reaches a socket held by the other through NOTIFY. PGlite is one process: in-process only.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../../../test/build-test-app.js';
import { type Staff, signupTenant } from '../../../../../test/factories/staff.js';
import { openDatabase } from '../../db/database.js';
import { connectWs, type TestSocket, wsUrlOf } from './ws-client.js';

const onPg = inject('kesherTemplate').engine === 'pg';

describe.skipIf(!onPg)('realtime across two processes (pg NOTIFY)', () => {
  let a: TestApp;
  let b: TestApp;
  let owner: Staff;
  const sockets: TestSocket[] = [];

  beforeAll(async () => {
    a = await buildTestApp();
    const url = (a.database as { url?: string }).url;
    if (!url) throw new Error('pg test database has no url');
    // Same database, its own pool and LISTEN connection, as a second Kesher process would have.
    b = await buildTestApp({
      database: await openDatabase({ engine: 'pg', url, poolSize: 2 }),
      config: { sessionSecret: a.config.sessionSecret },
    });
    await b.app.listen({ port: 0, host: '127.0.0.1' });
    owner = await signupTenant(a.app);
  });
  afterAll(async () => {
    for (const s of sockets) await s.close().catch(() => {});
    await b?.close();
    await a?.close();
  });

  it('a publish on app A reaches a socket connected to app B, on its channel only', async () => {
    // The session made on A is valid on B: sessions live in the database.
    const s = await connectWs(wsUrlOf(b.app), { cookie: owner.headers.cookie });
    sockets.push(s);
    await s.next((m) => m.type === 'hello');
    a.app.kesher.realtime.publish('tenant:00000000-0000-7000-8000-000000000000', { type: 'not-for-you' });
    a.app.kesher.realtime.publish(`tenant:${owner.tenant.id}`, { type: 'badges' });
    const got = await s.next((m) => m.type === 'badges');
    expect(got.channel).toBe(`tenant:${owner.tenant.id}`);
    expect(s.received.some((m) => m.type === 'not-for-you')).toBe(false);
  });

  it('refuses a message too large for NOTIFY instead of sending it', async () => {
    const s = await connectWs(wsUrlOf(b.app), { cookie: owner.headers.cookie });
    sockets.push(s);
    await s.next((m) => m.type === 'hello');
    a.app.kesher.realtime.publish(`tenant:${owner.tenant.id}`, { type: 'huge', body: 'x'.repeat(9000) });
    a.app.kesher.realtime.publish(`tenant:${owner.tenant.id}`, { type: 'small' });
    await s.next((m) => m.type === 'small');
    expect(s.received.some((m) => m.type === 'huge')).toBe(false);
  });
});

describe.skipIf(onPg)('realtime in one process (PGlite)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
    await t.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await t?.close();
  });
  it('delivers a publish to the local sockets of the channel', async () => {
    const owner = await signupTenant(t.app);
    const s = await connectWs(wsUrlOf(t.app), { cookie: owner.headers.cookie });
    await s.next((m) => m.type === 'hello');
    t.app.kesher.realtime.publish(`user:${owner.user.id}`, { type: 'hi' });
    expect((await s.next((m) => m.type === 'hi')).channel).toBe(`user:${owner.user.id}`);
    await s.close();
  });
});
