import pg from 'pg';
import { describe, expect, inject, it } from 'vitest';
import { buildApp } from '../src/server/app.js';
import { openDatabase } from '../src/server/platform/db/database.js';
import { testConfig } from './build-test-app.js';
import { PASSWORD, sessionCookieOf } from './factories/staff.js';
import { withDatabase } from './global-setup.js';

const tpl = inject('kesherTemplate');

// Production databases are usually owned by a plain user, not a superuser: RLS is then FORCEd on
// that user too. Migrations and the system path (sign-up, sign-in, search) must still work.
describe.runIf(tpl.engine === 'pg')('PostgreSQL with a non-superuser owner', () => {
  it('migrates, signs up, signs in and searches', async () => {
    if (tpl.engine !== 'pg') return;
    const role = 'kesher_test_owner';
    const dbName = `kesher_test_nonsuper_${process.pid}`;
    const admin = new pg.Client({ connectionString: tpl.adminUrl });
    await admin.connect();
    try {
      await admin.query(`drop database if exists ${dbName} with (force)`);
      await admin.query(`do $$ begin
        if not exists (select 1 from pg_roles where rolname = '${role}') then create role ${role} login; end if;
        if not exists (select 1 from pg_roles where rolname = 'kesher_staff') then create role kesher_staff nologin; end if;
        if not exists (select 1 from pg_roles where rolname = 'kesher_portal') then create role kesher_portal nologin; end if;
      end $$`);
      await admin.query(`grant kesher_staff, kesher_portal to ${role}`);
      await admin.query(`create database ${dbName} owner ${role}`);
      const url = new URL(withDatabase(tpl.adminUrl, dbName));
      url.username = role;
      const database = await openDatabase({ engine: 'pg', url: url.toString(), poolSize: 3 });
      try {
        await database.migrate();
        const app = await buildApp({ config: testConfig({ signup: 'first-run' }), database, logger: false });
        const signup = await app.inject({
          method: 'POST',
          url: '/api/v1/signup',
          payload: {
            organization: { name: 'Non Super', slug: 'non-super' },
            owner: { name: 'Dana', email: 'dana@nonsuper.test', password: PASSWORD },
            locale: 'he',
          },
        });
        expect(signup.statusCode, signup.body).toBe(201);
        const login = await app.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: { workspace: 'non-super', email: 'dana@nonsuper.test', password: PASSWORD },
        });
        expect(login.statusCode, login.body).toBe(200);
        const headers = { cookie: `kesher_session=${sessionCookieOf(login)}` };
        const created = await app.inject({
          method: 'POST',
          url: '/api/v1/accounts',
          headers,
          payload: { name: 'גליל הובלות' },
        });
        expect(created.statusCode, created.body).toBe(201);
        const search = await app.inject({ method: 'GET', url: '/api/v1/search?q=גליל', headers });
        expect(search.json().results.map((r: { title: string }) => r.title)).toEqual(['גליל הובלות']);
        await app.close();
      } finally {
        await database.close();
      }
    } finally {
      await admin.query(`drop database if exists ${dbName} with (force)`);
      await admin.end();
    }
  });
});
