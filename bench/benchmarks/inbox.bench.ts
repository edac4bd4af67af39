// GET /api/v1/tickets (every inbox view, page of 50) on 50 tenants / 2M tickets (cached in
// kesher_bench_inbox), beside a bare node:http + pg server running the very statement the service
// builds (buildInboxSql); also the badge counts and ticket creation, and each view's SQL p95.
import { createHmac, hkdfSync } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { isDeepStrictEqual } from 'node:util';
import { PgDialect } from 'drizzle-orm/pg-core';
import pg from 'pg';
import { buildInboxSql, type InboxRow, inboxPage } from '../../src/server/modules/tickets/index.js';
import { type Database, openDatabase } from '../../src/server/platform/db/database.js';
import { INBOX_VIEWS, type TInboxView, ZTicketListQuery } from '../../src/shared/tickets.schemas.js';
import { type BareResponse, startBareServer } from '../lib/bare.js';
import { defineBenchmark, type Target } from '../lib/benchmark.js';
import { adminQuery, DEFAULT_ADMIN_URL, readBenchMeta, withDatabaseName } from '../lib/database.js';
import { startKesher } from '../lib/server.js';
import {
  BENCH_REQUESTER,
  generateInboxDataset,
  INBOX_DATASET_VERSION,
  type InboxTenant,
} from './inbox.dataset.js';

const DB_NAME = 'kesher_bench_inbox';
const MIX_SIZE = 4_000;
const SQL_SAMPLES = 300;

type Meta = { tickets: number; version: number; seconds: number; generated_at: Date };

const readMeta = (url: string) => readBenchMeta<Meta>(url, 'tickets, version, seconds, generated_at');

const mulberry32 = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

const p95 = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * 0.95))] ?? 0;
};
const ms = (n: number) => `${n.toFixed(2)} ms`;

// Kesher's counts endpoint reads these two statements (teamsOfUser, readCounters).
const TEAMS_SQL = 'select team_id from team_members where user_id = $1 order by team_id';
const COUNTS_SQL = `select scope, scope_id, key, count from ticket_view_counts
  where tenant_id = $1 and (scope = 'tenant' or (scope = 'user' and scope_id = $2)
    or (scope = 'team' and scope_id = any($3::uuid[])))`;

export default defineBenchmark({
  name: 'inbox',
  description:
    'GET /api/v1/tickets (every inbox view, page of 50) on 50 tenants / 2M tickets; counts; create',
  options: {
    tickets: { type: 'string' },
    regen: { type: 'boolean', default: false },
  },
  async prepare(env) {
    if (env.engine !== 'pg') throw new Error('the inbox benchmark needs PostgreSQL: --engine pg');
    const tickets = Number(env.options.tickets ?? 2_000_000);
    if (!Number.isInteger(tickets) || tickets < 10_000 || tickets > 10_000_000) {
      throw new Error(`--tickets must be a whole number from 10000 to 10000000, got ${env.options.tickets}`);
    }
    const adminUrl = process.env.BENCH_DATABASE_URL ?? DEFAULT_ADMIN_URL;
    const url = withDatabaseName(adminUrl, DB_NAME);
    const log = (s: string) => console.log(s);

    let meta = await readMeta(url);
    const reuse = !env.options.regen && meta?.tickets === tickets && meta.version === INBOX_DATASET_VERSION;
    if (!reuse) {
      log(`  generating ${DB_NAME}: 50 tenants, ${tickets.toLocaleString('en-US')} tickets…`);
      await adminQuery(adminUrl, `drop database if exists ${DB_NAME} with (force)`);
      await adminQuery(adminUrl, `create database ${DB_NAME}`);
    }
    const database: Database = await openDatabase({ engine: 'pg', url, poolSize: env.poolSize });
    await database.migrate();
    const kesher = await startKesher(database);
    const closers: Array<() => Promise<void>> = [() => kesher.close(), () => database.close()];
    const close = async () => {
      for (const c of closers.reverse()) await c().catch((err) => console.error(err));
    };
    try {
      if (!reuse) {
        const started = Date.now();
        await generateInboxDataset({ app: kesher.app, url, tickets, log });
        const seconds = Math.round((Date.now() - started) / 100) / 10;
        await database.executeSql(
          'create table bench_meta (tickets int, version int, seconds numeric, generated_at timestamptz)',
        );
        await database.executeSql('insert into bench_meta values ($1, $2, $3, now())', [
          tickets,
          INBOX_DATASET_VERSION,
          seconds,
        ]);
        log(`  generated in ${seconds} s`);
        meta = { tickets, version: INBOX_DATASET_VERSION, seconds, generated_at: new Date() };
      }
      const tenants = (
        await database.executeSql(
          'select idx, tenant_id as "tenantId", owner_id as "ownerId", tickets from bench_tenants order by idx',
        )
      ).rows as InboxTenant[];

      const cookies = new Map<string, string>();
      for (const t of tenants) {
        const token = await database.tenantTx(
          { role: 'staff', tenantId: t.tenantId, userId: t.ownerId },
          (tx) => kesher.app.kesher.auth.sessions.start(tx, { tenantId: t.tenantId, userId: t.ownerId }),
        );
        cookies.set(t.tenantId, `kesher_session=${token}`);
      }
      // One ticket per tenant first: creates the default SLA policy and calendar (with the Israeli
      // holidays import), which a tenant's first ticket pays once.
      const createBody = JSON.stringify({
        subject: 'Bench ticket',
        requesterId: BENCH_REQUESTER,
        priority: 'high',
      });
      for (const t of tenants) {
        const res = await fetch(`${kesher.url}/api/v1/tickets`, {
          method: 'POST',
          headers: { cookie: cookies.get(t.tenantId) ?? '', 'content-type': 'application/json' },
          body: createBody,
        });
        if (res.status !== 201) throw new Error(`warm-up create answered ${res.status}: ${await res.text()}`);
      }

      // The mix: tenants weighted by size (a big desk has more agents looking), each view alike.
      const rand = mulberry32(11);
      const total = tenants.reduce((a, t) => a + t.tickets, 0);
      const pickTenant = () => {
        const x = rand() * total;
        let acc = 0;
        return (
          tenants.find((t) => {
            acc += t.tickets;
            return x < acc;
          }) ?? (tenants[0] as InboxTenant)
        );
      };
      const views = INBOX_VIEWS as readonly TInboxView[];
      const inboxPaths = Array.from({ length: MIX_SIZE }, (_, i) => {
        const t = pickTenant();
        return {
          path: `/api/v1/tickets?view=${views[i % views.length]}`,
          headers: { cookie: cookies.get(t.tenantId) ?? '' },
        };
      });
      const tenantPaths = (path: string) =>
        Array.from({ length: 1_000 }, () => ({
          path,
          headers: { cookie: cookies.get(pickTenant().tenantId) ?? '' },
        }));

      // ── The bare baseline: node:http + its own pg.Pool; one transaction per request that checks
      // the session (as Kesher's session lookup does), reads the user's teams for "team", and runs
      // buildInboxSql's statement; the page is made by the same inboxPage.
      const pool = new pg.Pool({ connectionString: url, max: env.poolSize });
      pool.on('error', () => {});
      closers.push(() => pool.end());
      const hmacKey = Buffer.from(
        hkdfSync('sha256', kesher.config.sessionSecret, 'kesher', 'token-hash', 32),
      );
      const dialect = new PgDialect();
      const unauthenticated: BareResponse = { status: 401, body: { code: 'UNAUTHENTICATED' } };
      const inbox = async (req: IncomingMessage): Promise<BareResponse> => {
        const cookie = /(?:^|;\s*)kesher_session=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
        const token = cookie ? decodeURIComponent(cookie) : '';
        const tenantId = token.slice(0, token.indexOf('.'));
        if (tenantId.length !== 36) return unauthenticated;
        const params = Object.fromEntries(new URL(req.url ?? '/', 'http://x').searchParams);
        const parsed = ZTicketListQuery.safeParse(params);
        if (!parsed.success) return { status: 400, body: { code: 'VALIDATION_FAILED' } };
        const q = parsed.data;
        const hash = createHmac('sha256', hmacKey).update(token).digest('base64url');
        const client = await pool.connect();
        try {
          await client.query('begin');
          await client.query(
            `select set_config('app.tenant_id', $1, true), set_config('app.user_id', '', true), set_config('app.account_id', '', true)`,
            [tenantId],
          );
          await client.query('set local role kesher_staff');
          const s = await client.query(
            `select u.id, u.active, s.expires_at from sessions s join users u on u.tenant_id = s.tenant_id and u.id = s.user_id
              where s.tenant_id = $1 and s.token_hash = $2 and s.revoked_at is null`,
            [tenantId, hash],
          );
          const user = s.rows[0] as { id: string; active: boolean; expires_at: Date } | undefined;
          if (!user?.active || user.expires_at.getTime() <= Date.now()) {
            await client.query('commit');
            return unauthenticated;
          }
          const statement = buildInboxSql({
            tenantId,
            view: q.view,
            userId: user.id,
            statuses: q.status,
            priorities: q.priority,
            assigneeId: q.assigneeId,
            teamId: q.teamId,
            q: q.q,
            limit: q.limit,
            now: new Date(),
          });
          let rows: InboxRow[] = [];
          if (statement) {
            const { sql: text, params: values } = dialect.sqlToQuery(statement);
            rows = (await client.query(text, values)).rows as InboxRow[];
          }
          await client.query('commit');
          return { status: 200, body: inboxPage(rows, q.limit, q.view) };
        } catch (err) {
          await client.query('rollback').catch(() => {});
          throw err;
        } finally {
          client.release();
        }
      };
      const bare = await startBareServer({ 'GET /api/v1/tickets': inbox });
      closers.push(() => bare.close());

      // Both sides must answer alike, or the ratio compares different work.
      for (const r of inboxPaths.slice(0, 2 * views.length)) {
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

      // ── SQL alone: each view's statement (and the counts' two) timed on one connection, inside
      // a tenant transaction as both servers run them; tenants weighted by size as above.
      const probe = new pg.Client({ connectionString: url });
      await probe.connect();
      closers.push(() => probe.end());
      const timed = async (tenantId: string, fn: () => Promise<unknown>) => {
        await probe.query('begin');
        await probe.query(`select set_config('app.tenant_id', $1, true)`, [tenantId]);
        await probe.query('set local role kesher_staff');
        const t0 = performance.now();
        await fn();
        const took = performance.now() - t0;
        await probe.query('commit');
        return took;
      };
      const sqlTimes: Record<string, number[]> = {};
      const rowsSeen: Record<string, number> = {};
      for (const view of views) {
        sqlTimes[view] = [];
        rowsSeen[view] = 0;
        for (let i = 0; i < SQL_SAMPLES; i++) {
          const t = pickTenant();
          const statement = buildInboxSql({
            tenantId: t.tenantId,
            view,
            userId: t.ownerId,
            limit: 50,
            now: new Date(),
          });
          if (!statement) continue;
          const { sql: text, params } = dialect.sqlToQuery(statement);
          sqlTimes[view]?.push(
            await timed(t.tenantId, async () => {
              const r = await probe.query(text, params);
              rowsSeen[view] = (rowsSeen[view] ?? 0) + Math.min(50, r.rowCount ?? 0);
            }),
          );
        }
      }
      const countTimes: number[] = [];
      for (let i = 0; i < SQL_SAMPLES; i++) {
        const t = pickTenant();
        countTimes.push(
          await timed(t.tenantId, async () => {
            const teams = (await probe.query(TEAMS_SQL, [t.ownerId])).rows.map(
              (r: { team_id: string }) => r.team_id,
            );
            await probe.query(COUNTS_SQL, [t.tenantId, t.ownerId, teams]);
          }),
        );
      }
      const biggest = tenants.reduce((a, t) => (t.tickets > a.tickets ? t : a));
      const planIndexes: string[] = [];
      for (const view of views) {
        const statement = buildInboxSql({
          tenantId: biggest.tenantId,
          view,
          userId: biggest.ownerId,
          limit: 50,
          now: new Date(),
        });
        if (!statement) continue;
        const { sql: text, params } = dialect.sqlToQuery(statement);
        type Node = { 'Node Type': string; 'Relation Name'?: string; 'Index Name'?: string; Plans?: Node[] };
        let nodes: Node[] = [];
        await timed(biggest.tenantId, async () => {
          const r = await probe.query(`explain (format json) ${text}`, params);
          const walk = (n: Node): Node[] => [n, ...(n.Plans ?? []).flatMap(walk)];
          nodes = walk((r.rows[0] as { 'QUERY PLAN': Array<{ Plan: Node }> })['QUERY PLAN'][0]?.Plan as Node);
        });
        const used = [...new Set(nodes.map((n) => n['Index Name']).filter((i) => i?.startsWith('tickets')))];
        const seq = nodes.some((n) => n['Node Type'] === 'Seq Scan' && n['Relation Name'] === 'tickets');
        planIndexes.push(`${view}: ${used.join(' + ')}${seq ? ' (SEQ SCAN!)' : ''}`);
      }

      const first = inboxPaths[0];
      if (!first) throw new Error('empty request mix');
      const countsPaths = tenantPaths('/api/v1/tickets/counts');
      const createPaths = tenantPaths('/api/v1/tickets');
      const targets: Target[] = [
        { name: 'bare', url: bare.url + first.path, headers: first.headers, requests: inboxPaths },
        { name: 'kesher', url: kesher.url + first.path, headers: first.headers, requests: inboxPaths },
        {
          name: 'kesher counts',
          url: kesher.url + (countsPaths[0]?.path ?? ''),
          headers: countsPaths[0]?.headers ?? {},
          requests: countsPaths,
        },
        {
          name: 'kesher create',
          url: kesher.url + (createPaths[0]?.path ?? ''),
          method: 'POST',
          headers: { ...(createPaths[0]?.headers ?? {}), 'content-type': 'application/json' },
          body: createBody,
          requests: createPaths.map((p) => ({
            ...p,
            headers: { ...p.headers, 'content-type': 'application/json' },
          })),
        },
        ...views.map(
          (view): Target => ({
            name: `kesher ${view}`,
            url: `${kesher.url}/api/v1/tickets?view=${view}`,
            headers: first.headers,
            requests: inboxPaths.filter((p) => p.path.endsWith(`view=${view}`)),
            diagnostic: true,
          }),
        ),
      ];
      const sizes = tenants.map((t) => t.tickets);
      return {
        targets,
        notes: [
          `data: ${DB_NAME}, ${tenants.length} tenants, ${tickets.toLocaleString('en-US')} tickets (70% closed, 10% solved, 20% active), a contact per 4 tickets, 8 agents and 3 teams per tenant; tenant sizes Zipf-like ${sizes[0]}, ${sizes[1]}, ${sizes[2]} … ${sizes.at(-1)}`,
          reuse
            ? `data set reused (generated ${new Date(meta?.generated_at ?? 0).toISOString()} in ${meta?.seconds} s; --regen rebuilds)`
            : `data set generated in this run: ${meta?.seconds} s`,
          `inbox mix: ${inboxPaths.length} first pages (50 rows) over the 7 views alike, tenants weighted by size; signed in as each tenant's owner (an agent of teams 1 and 2)`,
          `SQL p95 per view (${SQL_SAMPLES} runs each, statement only, inside an RLS tenant transaction): ${views
            .map(
              (v) =>
                `${v} ${ms(p95(sqlTimes[v] ?? []))} (avg ${((rowsSeen[v] ?? 0) / SQL_SAMPLES).toFixed(0)} rows)`,
            )
            .join(', ')}`,
          `counts SQL p95 (team lookup + counters read): ${ms(p95(countTimes))}`,
          `plans in the biggest tenant (${biggest.tickets.toLocaleString('en-US')} tickets): ${planIndexes.join('; ')}`,
          'bare: node:http + own pg.Pool (same size); one transaction per request: set_config, SET LOCAL ROLE kesher_staff, session check, then the statement from buildInboxSql (the team view finds the user’s teams itself) and the page from inboxPage (imported); same JSON as Kesher (checked on 14 requests)',
          'kesher counts / kesher create: their kesher/bare column compares with the INBOX baseline — read their p95 and req/s only. create: POST /api/v1/tickets (SLA planned from the policy and calendar, number, events, counters, timeline, search, audit) spread over the tenants',
        ],
        close,
      };
    } catch (err) {
      await close();
      throw err;
    }
  },
});
