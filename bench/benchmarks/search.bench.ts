// GET /api/v1/search on 50 tenants / 1M contacts (cached in kesher_bench_search), beside a bare
// node:http + pg server running the very statement the service builds (buildSearchSql), and the
// customer card GET /api/v1/accounts/:id/card.
import { createHmac, hkdfSync } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { isDeepStrictEqual } from 'node:util';
import { PgDialect } from 'drizzle-orm/pg-core';
import pg from 'pg';
import {
  buildSearchSql,
  groupResults,
  parseSearchQuery,
  type SearchRow,
} from '../../src/server/modules/search/search.service.js';
import { type Database, openDatabase } from '../../src/server/platform/db/database.js';
import { ZSearchQuery } from '../../src/shared/search.schemas.js';
import { type BareResponse, startBareServer } from '../lib/bare.js';
import { defineBenchmark, type Target } from '../lib/benchmark.js';
import { adminQuery, DEFAULT_ADMIN_URL, readBenchMeta, withDatabaseName } from '../lib/database.js';
import { startKesher } from '../lib/server.js';
import {
  type BenchTenant,
  CARD_ACCOUNTS_PER_TENANT,
  DATASET_VERSION,
  generateDataset,
  TENANTS,
} from './search.dataset.js';

const DB_NAME = 'kesher_bench_search';
const MIX_SIZE = 4_000;
const TYPES = ['account', 'contact', 'lead', 'deal'] as const;

type Meta = { contacts: number; version: number; seconds: number; generated_at: Date };

const readMeta = (url: string) => readBenchMeta<Meta>(url, 'contacts, version, seconds, generated_at');

// A deterministic PRNG, so every run (and both sides) sends the same request sequence.
const mulberry32 = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

const firstLetters = (name: string) => {
  const q = name.slice(0, 3).trim();
  return q.length >= 2 ? q : name;
};

export default defineBenchmark({
  name: 'search',
  description:
    'GET /api/v1/search (3-letter names, phones) on 50 tenants / 1M contacts, and the customer card',
  options: {
    contacts: { type: 'string' },
    regen: { type: 'boolean', default: false },
  },
  async prepare(env) {
    if (env.engine !== 'pg') throw new Error('the search benchmark needs PostgreSQL: --engine pg');
    const contacts = Number(env.options.contacts ?? 1_000_000);
    if (!Number.isInteger(contacts) || contacts < 10_000 || contacts > 5_000_000) {
      throw new Error(`--contacts must be a whole number from 10000 to 5000000, got ${env.options.contacts}`);
    }
    const adminUrl = process.env.BENCH_DATABASE_URL ?? DEFAULT_ADMIN_URL;
    const url = withDatabaseName(adminUrl, DB_NAME);
    const log = (s: string) => console.log(s);

    // The data set is cached: reused when it has the asked size and the current generator version.
    let meta = await readMeta(url);
    let reuse = !env.options.regen && meta?.contacts === contacts && meta.version === DATASET_VERSION;
    const recreate = async () => {
      log(`  generating ${DB_NAME}: ${TENANTS} tenants, ${contacts.toLocaleString('en-US')} contacts…`);
      await adminQuery(adminUrl, `drop database if exists ${DB_NAME} with (force)`);
      await adminQuery(adminUrl, `create database ${DB_NAME}`);
    };
    if (!reuse) await recreate();
    let database: Database = await openDatabase({ engine: 'pg', url, poolSize: env.poolSize });
    try {
      await database.migrate();
    } catch (err) {
      // A migration rewritten since the cache was made cannot apply on top of it: start over.
      if (!reuse) throw err;
      log(
        `  the cached database does not take today's migrations (${(err as Error).message.split('\n')[0]})`,
      );
      await database.close();
      reuse = false;
      await recreate();
      database = await openDatabase({ engine: 'pg', url, poolSize: env.poolSize });
      await database.migrate();
    }
    const kesher = await startKesher(database);
    const closers: Array<() => Promise<void>> = [() => kesher.close(), () => database.close()];
    const close = async () => {
      for (const c of closers.reverse()) await c().catch((err) => console.error(err));
    };
    try {
      if (!reuse) {
        const started = Date.now();
        await generateDataset({ app: kesher.app, url, contacts, log });
        const seconds = Math.round((Date.now() - started) / 100) / 10;
        await database.executeSql(
          'create table bench_meta (contacts int, version int, seconds numeric, generated_at timestamptz)',
        );
        await database.executeSql('insert into bench_meta values ($1, $2, $3, now())', [
          contacts,
          DATASET_VERSION,
          seconds,
        ]);
        log(`  generated in ${seconds} s`);
        meta = { contacts, version: DATASET_VERSION, seconds, generated_at: new Date() };
      }
      const tenants = (
        await database.executeSql(
          'select idx, tenant_id as "tenantId", user_id as "userId", contacts, accounts from bench_tenants order by idx',
        )
      ).rows as BenchTenant[];

      // A session per tenant owner, made by Kesher's own session code (this run's secret).
      const cookies = new Map<string, string>();
      for (const t of tenants) {
        const token = await database.tenantTx(
          { role: 'staff', tenantId: t.tenantId, userId: t.userId },
          (tx) => kesher.app.kesher.auth.sessions.start(tx, { tenantId: t.tenantId, userId: t.userId }),
        );
        cookies.set(t.tenantId, `kesher_session=${token}`);
      }

      // The query mix: contacts drawn uniformly (so tenants weigh by size), then what an agent
      // types about them — 3 letters of a surname (40%) or first name (30%), or the phone in one
      // of three formats (30%). Half the names are Hebrew.
      const sample = (
        await database.executeSql(
          `select tenant_id, first_name, last_name, phone_keys[2] as national
             from contacts tablesample system (2) repeatable (42) limit ${MIX_SIZE}`,
        )
      ).rows as Array<{ tenant_id: string; first_name: string; last_name: string; national: string }>;
      const rand = mulberry32(7);
      const searchPaths = sample.map((c) => {
        const r = rand();
        let q: string;
        if (r < 0.4) q = firstLetters(c.last_name);
        else if (r < 0.7) q = firstLetters(c.first_name);
        else {
          const n = c.national;
          q =
            [`${n.slice(0, 3)}-${n.slice(3, 6)} ${n.slice(6)}`, n, `+972${n.slice(1)}`][
              Math.floor(rand() * 3)
            ] ?? n;
        }
        return {
          path: `/api/v1/search?q=${encodeURIComponent(q)}`,
          headers: { cookie: cookies.get(c.tenant_id) ?? '' },
        };
      });
      const heShare = sample.filter((c) => /[\u05d0-\u05ea]/.test(c.first_name)).length / sample.length;

      // Cards of busy accounts, tenants weighted by size the same way.
      const weights = tenants.map((t) => t.contacts);
      const total = weights.reduce((a, b) => a + b, 0);
      const cardAccounts = (
        await database.executeSql(
          `select a.tenant_id, a.id from accounts a where a.number <= ${1000 + CARD_ACCOUNTS_PER_TENANT} order by a.tenant_id, a.number`,
        )
      ).rows as Array<{ tenant_id: string; id: string }>;
      const byTenant = new Map<string, string[]>();
      for (const a of cardAccounts) byTenant.set(a.tenant_id, [...(byTenant.get(a.tenant_id) ?? []), a.id]);
      const cardPaths = Array.from({ length: 2_000 }, () => {
        let x = rand() * total;
        const t =
          tenants.find((tt) => {
            x -= tt.contacts;
            return x < 0;
          }) ?? tenants[0];
        const ids = byTenant.get(t?.tenantId ?? '') ?? [];
        const id = ids[Math.floor(rand() * ids.length)];
        return {
          path: `/api/v1/accounts/${id}/card`,
          headers: { cookie: cookies.get(t?.tenantId ?? '') ?? '' },
        };
      });

      // ── The bare baseline: node:http + its own pg.Pool; per request one transaction that checks
      // the session (as Kesher's session lookup does) and runs buildSearchSql's statement.
      const pool = new pg.Pool({ connectionString: url, max: env.poolSize });
      pool.on('error', () => {});
      closers.push(() => pool.end());
      const hmacKey = Buffer.from(
        hkdfSync('sha256', kesher.config.sessionSecret, 'kesher', 'token-hash', 32),
      );
      const dialect = new PgDialect();
      const unauthenticated: BareResponse = { status: 401, body: { code: 'UNAUTHENTICATED' } };
      const search = async (req: IncomingMessage): Promise<BareResponse> => {
        const cookie = /(?:^|;\s*)kesher_session=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
        const token = cookie ? decodeURIComponent(cookie) : '';
        const tenantId = token.slice(0, token.indexOf('.'));
        if (tenantId.length !== 36) return unauthenticated;
        const params = Object.fromEntries(new URL(req.url ?? '/', 'http://x').searchParams);
        const parsed = ZSearchQuery.safeParse(params);
        if (!parsed.success) return { status: 400, body: { code: 'VALIDATION_FAILED' } };
        const hash = createHmac('sha256', hmacKey).update(token).digest('base64url');
        const statement = buildSearchSql(tenantId, parseSearchQuery(parsed.data.q), TYPES, parsed.data.limit);
        const client = await pool.connect();
        try {
          await client.query('begin');
          await client.query(
            `select set_config('app.tenant_id', $1, true), set_config('app.user_id', '', true), set_config('app.account_id', '', true)`,
            [tenantId],
          );
          await client.query('set local role kesher_staff');
          const s = await client.query(
            `select u.active, s.expires_at from sessions s join users u on u.tenant_id = s.tenant_id and u.id = s.user_id
              where s.tenant_id = $1 and s.token_hash = $2 and s.revoked_at is null`,
            [tenantId, hash],
          );
          const row = s.rows[0] as { active: boolean; expires_at: Date } | undefined;
          if (!row?.active || row.expires_at.getTime() <= Date.now()) {
            await client.query('commit');
            return unauthenticated;
          }
          let rows: SearchRow[] = [];
          if (statement) {
            const { sql: text, params: values } = dialect.sqlToQuery(statement);
            rows = (await client.query(text, values)).rows as SearchRow[];
          }
          await client.query('commit');
          return { status: 200, body: groupResults(rows, TYPES) };
        } catch (err) {
          await client.query('rollback').catch(() => {});
          throw err;
        } finally {
          client.release();
        }
      };
      const bare = await startBareServer({ 'GET /api/v1/search': search });
      closers.push(() => bare.close());

      // Both sides must answer alike, or the ratio compares different work.
      for (const r of searchPaths.slice(0, 40)) {
        const [a, b] = await Promise.all(
          [bare.url, kesher.url].map(async (base) => {
            const res = await fetch(base + r.path, { headers: r.headers });
            if (res.status !== 200)
              throw new Error(`${base}${r.path} answered ${res.status}: ${await res.text()}`);
            return res.json();
          }),
        );
        if (!isDeepStrictEqual(a, b)) {
          throw new Error(
            `bare and kesher differ for ${r.path}:\n${JSON.stringify(a)}\n${JSON.stringify(b)}`,
          );
        }
      }
      const hits = await Promise.all(
        searchPaths.slice(0, 200).map(async (r) => {
          const res = await fetch(kesher.url + r.path, { headers: r.headers });
          return ((await res.json()) as { results: unknown[] }).results.length;
        }),
      );

      const first = searchPaths[0];
      const firstCard = cardPaths[0];
      if (!first || !firstCard) throw new Error('empty request mix');
      const targets: Target[] = [
        { name: 'bare', url: bare.url + first.path, headers: first.headers, requests: searchPaths },
        { name: 'kesher', url: kesher.url + first.path, headers: first.headers, requests: searchPaths },
        {
          name: 'kesher card',
          url: kesher.url + firstCard.path,
          headers: firstCard.headers,
          requests: cardPaths,
        },
      ];
      const sizes = tenants.map((t) => t.contacts);
      return {
        targets,
        notes: [
          `data: ${DB_NAME}, ${tenants.length} tenants, ${contacts.toLocaleString('en-US')} contacts + ${tenants
            .reduce((a, t) => a + t.accounts, 0)
            .toLocaleString(
              'en-US',
            )} accounts (all in search_documents); tenant sizes Zipf-like ${sizes[0]}, ${sizes[1]}, ${sizes[2]} … ${sizes.at(-1)}`,
          reuse
            ? `data set reused (generated ${new Date(meta?.generated_at ?? 0).toISOString()} in ${meta?.seconds} s; --regen rebuilds)`
            : `data set generated in this run: ${meta?.seconds} s`,
          `search mix: ${searchPaths.length} requests from contacts sampled uniformly (tenants weigh by size): 40% 3 letters of a surname, 30% of a first name, 30% a phone in 3 formats; ${Math.round(heShare * 100)}% Hebrew names; first 200 average ${(hits.reduce((a, b) => a + b, 0) / hits.length).toFixed(1)} hits`,
          'bare: node:http + own pg.Pool (same size); one transaction per request: set_config, SET LOCAL ROLE kesher_staff, session check, then the statement from buildSearchSql (imported); same JSON as Kesher (checked on 40 requests)',
          `kesher card: ${cardPaths.length} cards of busy accounts (8 open tasks, 12 activities, 3 deals, 40 timeline entries); its kesher/bare column compares with the SEARCH baseline — read its p95 only`,
        ],
        close,
      };
    } catch (err) {
      await close();
      throw err;
    }
  },
});
