// The portal's dataset page (GET /api/portal/v1/datasets/:key/records) as signed-in customers, on
// 1,000,000 records across 500 accounts (2,000 each, interleaved in key order as an ERP pushes
// them): the first page, a search (q=), a sort on a number field, and the 5th cursor page. Each
// beside a bare node:http + pg server running the same SELECT (account_id = $1 … ORDER BY …
// LIMIT 51) as kesher_portal. The records are generated in SQL over generate_series and cached in
// the database kesher_bench_portal_records (reused while it has the current generator version).

import { searchTextOf } from '../../src/server/modules/datasets/dataset-records.write.js';
import { type Database, openDatabase } from '../../src/server/platform/db/database.js';
import { normaliseText, searchVariants } from '../../src/shared/hebrew-normalise.js';
import { startBareServer } from '../lib/bare.js';
import { defineBenchmark, type Target } from '../lib/benchmark.js';
import { adminQuery, DEFAULT_ADMIN_URL, readBenchMeta, withDatabaseName } from '../lib/database.js';
import {
  openBarePortalDb,
  type PortalScope,
  type SignedInPortalUser,
  signupPortalUser,
} from '../lib/portal.js';
import { createOwnerAccounts, createStockDataset, type SignedInStaff, signupStaff } from '../lib/seed.js';
import { startKesher } from '../lib/server.js';

/** Bump when the generated data changes shape: a cached database of another version is rebuilt. */
const DATASET_VERSION = 1;
const DB_NAME = 'kesher_bench_portal_records';
const RECORDS = 1_000_000;
const ACCOUNTS = 500;
const CUSTOMERS = 20; // portal users, each of another account, taking the requests in turn
const OWNER_PASSWORD = 'Bench-Portal-Records-42';

const FIELDS = [
  ['PARTNAME', 'text'],
  ['PARTDES', 'text'],
  ['BALANCE', 'number'],
  ['UDATE', 'datetime'],
  ['STATUS', 'status'],
  ['CUSTNAME', 'text'],
] as const;

// biome-ignore format: a list of product descriptions
const PHRASES = [
  'שמן זית כתית מעולה', 'קמח מלא אורגני', 'סוכר לבן דק', 'אורז בסמטי ארוך', 'פסטה פנה', 'רסק עגבניות',
  'טחינה גולמית', 'חומוס מבושל', 'שעועית לבנה', 'עדשים כתומות', 'קפה נמס', 'תה ירוק', 'שוקולד מריר',
  'עוגיות חמאה', 'מיץ תפוזים טבעי', 'מים מינרליים', 'חלב עמיד', 'גבינה צהובה', 'יוגורט טבעי', 'חמאה מלוחה',
  'ביצים גדולות', 'דבש פרחים', 'ריבת תות', 'זיתים ירוקים', 'מלפפונים חמוצים', 'תירס מתוק', 'אפונה קפואה',
  'ברוקולי קפוא', 'שניצל עוף', 'פילה סלמון', 'טונה בשמן', 'סרדינים', 'קוסקוס', 'בורגול', 'פתיתים',
  'לחם כוסמין', 'פיתות', 'קרקרים', 'חטיף אגוזים', 'שקדים קלויים', 'גרעינים', 'צימוקים', 'תמרים מג׳הול',
  'שמן קנולה', 'חומץ תפוחים', 'מלח ים', 'פפריקה מתוקה', 'כמון טחון', 'Olive oil extra virgin', 'Basmati rice',
];
const STATUSES = ['במלאי', 'בדרך'];

type Meta = { records: number; version: number; seconds: number; slug: string; email: string };

const readMeta = (url: string) => readBenchMeta<Meta>(url);

const signIn = async (kesher: Awaited<ReturnType<typeof startKesher>>, meta: Meta) => {
  const res = await kesher.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { workspace: meta.slug, email: meta.email, password: OWNER_PASSWORD },
  });
  if (res.statusCode !== 200) throw new Error(`login: ${res.statusCode} ${res.body}`);
  const session = res.cookies.find((c) => c.name === 'kesher_session')?.value ?? '';
  const me = await kesher.app.inject({
    method: 'GET',
    url: '/api/v1/me',
    headers: { cookie: `kesher_session=${session}` },
  });
  const body = me.json() as { tenant: SignedInStaff['tenant']; user: SignedInStaff['user'] };
  return { tenant: body.tenant, user: body.user, session, headers: { cookie: `kesher_session=${session}` } };
};

/** The tenant, 500 accounts and the dataset through the API; then the records in SQL. The owner. */
const generate = async (database: Database, kesher: Awaited<ReturnType<typeof startKesher>>) => {
  const app = kesher.app;
  // The owner gets a known password, so a later run can sign in to the cached tenant.
  const staff = await signupStaff(app, 'records', { name: 'מלאי ארצי', password: OWNER_PASSWORD });
  await createOwnerAccounts(app, staff, ACCOUNTS, (i) => `לקוח ${i}`);
  await createStockDataset(app, staff, FIELDS);

  // search_text as searchTextOf computes it (text and status fields, in field order, then the
  // prefix-stripped Hebrew words): "p <number>" + phrase + status + "c<account>" + extras. The
  // phrase × status parts are computed here with Kesher's own normaliser and handed to SQL.
  const mids: string[] = [];
  const tails: string[] = [];
  for (const phrase of PHRASES) {
    for (const status of STATUSES) {
      const base = normaliseText(`${phrase} ${status}`);
      mids.push(base);
      const withVariants = searchVariants(base);
      tails.push(withVariants.length > base.length ? withVariants.slice(base.length) : '');
    }
  }
  const combos = PHRASES.length * STATUSES.length;
  const sql = `
    insert into dataset_records
      (tenant_id, dataset_id, record_key, owner_ref, account_id, data, search_text, data_hash)
    select d.tenant_id, d.id, 'P-' || lpad(i::text, 7, '0'), 'C' || (i % ${ACCOUNTS}),
           acc.id,
           jsonb_build_object(
             'PARTNAME', 'P-' || lpad(i::text, 7, '0'),
             'PARTDES', ($1::text[])[1 + (i / 7) % ${PHRASES.length}],
             'BALANCE', (i::bigint * 7919) % 100000,
             'UDATE', to_char(timestamptz '2026-01-01 00:00:00+00' + (i % 300000) * interval '1 minute', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
             'STATUS', ($2::text[])[1 + i % 2],
             'CUSTNAME', 'C' || (i % ${ACCOUNTS})),
           'p ' || lpad(i::text, 7, '0') || ' ' || ($3::text[])[1 + (((i / 7) % ${PHRASES.length}) * 2 + i % 2) % ${combos}]
             || ' c' || (i % ${ACCOUNTS}) || ($4::text[])[1 + (((i / 7) % ${PHRASES.length}) * 2 + i % 2) % ${combos}],
           md5(i::text)
    from datasets d
    cross join generate_series(1, ${RECORDS}) i
    join accounts acc on acc.tenant_id = d.tenant_id and acc.external_refs ->> 'priority' = 'C' || (i % ${ACCOUNTS})
    where d.key = 'stock'`;
  await database.executeSql(sql, [PHRASES, STATUSES, mids, tails]);
  await database.executeSql(`update datasets set last_good_at = now() where key = 'stock'`);
  await database.executeSql('vacuum analyze dataset_records');
  return staff;
};

export default defineBenchmark({
  name: 'portal-records',
  description: `GET /api/portal/v1/datasets/:key/records as portal users: ${RECORDS.toLocaleString('en')} records, ${ACCOUNTS} accounts`,
  options: { regen: { type: 'boolean', default: false }, explain: { type: 'boolean' } },
  async prepare(env) {
    if (env.engine !== 'pg') throw new Error('portal-records needs PostgreSQL: --engine pg');
    const adminUrl = process.env.BENCH_DATABASE_URL ?? DEFAULT_ADMIN_URL;
    const url = withDatabaseName(adminUrl, DB_NAME);
    let meta = await readMeta(url);
    const reuse = !env.options.regen && meta?.records === RECORDS && meta.version === DATASET_VERSION;
    if (!reuse) {
      console.log(`  generating ${DB_NAME}: ${RECORDS.toLocaleString('en')} records…`);
      await adminQuery(adminUrl, `drop database if exists ${DB_NAME} with (force)`);
      await adminQuery(adminUrl, `create database ${DB_NAME}`);
    }
    const database = await openDatabase({ engine: 'pg', url, poolSize: env.poolSize });
    await database.migrate();
    const kesher = await startKesher(database);
    const closers: Array<() => Promise<void>> = [() => database.close(), () => kesher.close()];
    const close = async () => {
      for (const c of closers.reverse()) await c().catch((err) => console.error(err));
    };
    try {
      let staff: SignedInStaff;
      let seconds: number;
      if (!reuse || !meta) {
        const t0 = performance.now();
        staff = await generate(database, kesher);
        seconds = Math.round((performance.now() - t0) / 100) / 10;
        await database.executeSql(
          'create table bench_meta (records int, version int, seconds numeric, slug text, email text)',
        );
        await database.executeSql('insert into bench_meta values ($1, $2, $3, $4, $5)', [
          RECORDS,
          DATASET_VERSION,
          seconds,
          staff.tenant.slug,
          staff.user.email,
        ]);
        meta = {
          records: RECORDS,
          version: DATASET_VERSION,
          seconds,
          slug: staff.tenant.slug,
          email: staff.user.email,
        };
      } else {
        staff = await signIn(kesher, meta);
        seconds = Number(meta.seconds);
      }
      const tenantId = staff.tenant.id;
      const { rows: accountRows } = await database.executeSql(
        `select id from accounts where tenant_id = $1 order by external_refs ->> 'priority'`,
        [tenantId],
      );
      const accountIds = (accountRows as { id: string }[]).map((r) => r.id);
      const [ds] = (await database.executeSql(`select id, fields from datasets where key = 'stock'`))
        .rows as {
        id: string;
        fields: Parameters<typeof searchTextOf>[0]['fields'];
      }[];
      if (!ds) throw new Error('no dataset');
      // The generated search text is what Kesher itself would store for the record.
      const sample = (
        await database.executeSql(
          `select data, search_text from dataset_records where dataset_id = $1 and record_key in ('P-0000001', 'P-0123457', 'P-0999999')`,
          [ds.id],
        )
      ).rows as { data: Record<string, unknown>; search_text: string }[];
      for (const r of sample) {
        const want = searchTextOf({ fields: ds.fields }, r.data);
        if (r.search_text !== want) throw new Error(`search_text ${r.search_text} ≠ ${want}`);
      }

      // Portal users of 20 accounts spread over the list, each signed in through the invite flow.
      const customers: SignedInPortalUser[] = [];
      for (let i = 0; i < CUSTOMERS; i++) {
        const accountId = accountIds[(i * 97) % accountIds.length] ?? '';
        const u = await signupPortalUser(kesher.app, staff, accountId);
        customers.push(u);
      }
      const base = '/api/portal/v1/datasets/stock/records';
      const get = async (path: string, headers: Record<string, string>) => {
        const res = await kesher.app.inject({ method: 'GET', url: path, headers });
        if (res.statusCode !== 200) throw new Error(`${path}: ${res.statusCode} ${res.body}`);
        return res.json() as {
          items: { key: string; data: Record<string, unknown> }[];
          nextCursor: string | null;
        };
      };
      // The 5th page of each customer: walk 4 pages for its cursor.
      const page5: string[] = [];
      for (const c of customers) {
        let cursor: string | null = null;
        for (let p = 0; p < 4; p++) {
          cursor = (await get(`${base}${cursor ? `?cursor=${cursor}` : ''}`, c.headers)).nextCursor;
        }
        page5.push(`${base}?cursor=${cursor}`);
      }
      const SEARCH = ['זית', 'קפוא', 'basmati', 'שמן'];
      const kinds = {
        first: (_i: number) => base,
        search: (i: number) => `${base}?q=${encodeURIComponent(SEARCH[i % SEARCH.length] ?? '')}`,
        sort: (_i: number) => `${base}?sort=BALANCE&dir=desc`,
        page5: (i: number) => page5[i] ?? base,
      };

      // Bare: the same SELECT as kesher_portal, on its own pool.
      const bareDb = openBarePortalDb({ ...env.db, engine: 'pg', url, database }, env.poolSize);
      closers.push(() => bareDb.close());
      const scopes: PortalScope[] = customers.map((c) => ({
        tenantId,
        accountId: c.accountId,
        contactId: c.contactId,
        scope: 'account',
      }));
      const select = (where: string, order: string) =>
        `select record_key, data from dataset_records
         where tenant_id = $1 and dataset_id = $2 and account_id = $3${where}
         order by ${order} limit 51`;
      const bareRows = async (req: { url?: string | undefined }) => {
        const u = new URL(req.url ?? '', 'http://x');
        const scope = scopes[Number(u.searchParams.get('c') ?? 0)] as PortalScope;
        const args = [tenantId, ds.id, scope.accountId];
        const q = u.searchParams.get('q');
        const after = u.searchParams.get('after');
        const text = q
          ? select(` and search_text like $4`, 'record_key')
          : u.searchParams.get('sort')
            ? select('', `coalesce((data ->> 'BALANCE')::numeric, 0) desc, record_key desc`)
            : after
              ? select(' and record_key > $4', 'record_key')
              : select('', 'record_key');
        const values = q ? [...args, `%${normaliseText(q)}%`] : after ? [...args, after] : args;
        const rows = await bareDb.portalQuery<{ record_key: string; data: Record<string, unknown> }>(
          scope,
          text,
          values,
        );
        return {
          status: 200,
          body: {
            items: rows.slice(0, 50).map((r) => ({ key: r.record_key, data: r.data })),
            more: rows.length > 50,
          },
        };
      };
      const bare = await startBareServer({ 'GET /records': bareRows });
      closers.push(() => bare.close());
      // The 5th page starts after the 200th key: the bare side gets it as `after`.
      const page5After: string[] = [];
      for (const c of customers) {
        let cursor: string | null = null;
        let lastKey = '';
        for (let p = 0; p < 4; p++) {
          const r = await get(`${base}${cursor ? `?cursor=${cursor}` : ''}`, c.headers);
          cursor = r.nextCursor;
          lastKey = r.items.at(-1)?.key ?? '';
        }
        page5After.push(lastKey);
      }
      const bareKinds = {
        first: (i: number) => `/records?c=${i}`,
        search: (i: number) => `/records?c=${i}&q=${encodeURIComponent(SEARCH[i % SEARCH.length] ?? '')}`,
        sort: (i: number) => `/records?c=${i}&sort=1`,
        page5: (i: number) => `/records?c=${i}&after=${encodeURIComponent(page5After[i] ?? '')}`,
      };

      // Both sides give the same rows for every kind and customer.
      for (const kind of Object.keys(kinds) as (keyof typeof kinds)[]) {
        for (let i = 0; i < CUSTOMERS; i++) {
          const k = await get(kinds[kind](i), customers[i]?.headers ?? {});
          const b = (await (await fetch(`${bare.url}${bareKinds[kind](i)}`)).json()) as {
            items: { key: string }[];
          };
          const ks = k.items.map((x) => x.key).join();
          if (ks !== b.items.map((x) => x.key).join() || (k.items.length === 0 && kind !== 'search')) {
            throw new Error(
              `${kind} #${i}: kesher and bare differ (${k.items.length} vs ${b.items.length} rows)`,
            );
          }
        }
      }

      if (env.options.explain) {
        const c0 = scopes[0] as PortalScope;
        for (const [name, text, values] of [
          ['first', select('', 'record_key'), [tenantId, ds.id, c0.accountId]],
          [
            'search',
            select(` and search_text like $4`, 'record_key'),
            [tenantId, ds.id, c0.accountId, '%זית%'],
          ],
          [
            'sort',
            select('', `coalesce((data ->> 'BALANCE')::numeric, 0) desc, record_key desc`),
            [tenantId, ds.id, c0.accountId],
          ],
        ] as const) {
          const plan = await bareDb.portalQuery<Record<string, string>>(
            c0,
            `explain (analyze, buffers) ${text}`,
            [...values],
          );
          console.log(
            `\n  EXPLAIN bare ${name}\n${plan.map((r) => `    ${Object.values(r)[0]}`).join('\n')}`,
          );
        }
      }

      const mix = (kind: keyof typeof kinds) =>
        customers.map((c, i) => ({ path: kinds[kind](i), headers: c.headers }));
      const bareMix = (kind: keyof typeof kinds) => customers.map((_c, i) => ({ path: bareKinds[kind](i) }));
      const targets: Target[] = [];
      for (const kind of Object.keys(kinds) as (keyof typeof kinds)[]) {
        targets.push({
          name: kind === 'first' ? 'bare' : `bare ${kind}`,
          url: `${bare.url}${bareKinds[kind](0)}`,
          requests: bareMix(kind),
        });
        targets.push({
          name: `kesher ${kind}`,
          url: `${kesher.url}${kinds[kind](0)}`,
          headers: customers[0]?.headers ?? {},
          requests: mix(kind),
        });
      }
      return {
        targets,
        notes: [
          reuse
            ? `data set reused (generated in ${seconds} s; --regen rebuilds)`
            : `data set generated in this run: ${seconds} s`,
          `${RECORDS.toLocaleString('en')} records of 6 fields (Hebrew descriptions), account = record number mod ${ACCOUNTS} (2,000 each, interleaved); ${CUSTOMERS} portal users of different accounts take the requests in turn`,
          `first = no cursor (audited view), search = q= one of ${SEARCH.join(', ')}, sort = sort=BALANCE&dir=desc (number), page5 = the cursor after 200 rows`,
          `bare: ${bareDb.via}; the same SELECT … WHERE account_id = $3 … ORDER BY … LIMIT 51 (search: search_text LIKE, sort: the numeric cast); "bare" is the first page, "bare <kind>" the others; read each kesher line beside its bare line (the ratio column compares with "bare")`,
        ],
        close,
      };
    } catch (err) {
      await close();
      throw err;
    }
  },
});
