// The push API: 100,000 records in 10 calls of 10,000 (PUT /api/v1/datasets/:key/records with an
// API key), over real HTTP, timed whole; then the same 10 calls again (unchanged data: idempotent,
// hashed, nothing rewritten). The load table after it is GET /api/v1/datasets/:key/records
// (the admin's view) beside a bare node:http + pg server running the equivalent statement.

import { openBareDb, startBareServer } from '../lib/bare.js';
import { defineBenchmark } from '../lib/benchmark.js';
import { createOwnerAccounts, createStockDataset, signupStaff } from '../lib/seed.js';

const CALLS = 10;
const PER_CALL = 10_000;
const ACCOUNTS = 100;

const FIELDS = [
  ['PARTNAME', 'text'],
  ['WARHSNAME', 'text'],
  ['PARTDES', 'text'],
  ['BALANCE', 'number'],
  ['UDATE', 'datetime'],
  ['STATUS', 'status'],
  ['CUSTNAME', 'text'],
] as const;

const record = (i: number) => ({
  PARTNAME: `P-${String(i).padStart(7, '0')}`,
  WARHSNAME: i % 3 ? 'חיפה' : 'כרמיאל',
  PARTDES: `שמן זית כתית ${i % 997}`,
  BALANCE: (i * 7) % 5000,
  UDATE: '2026-11-30T08:15:00+02:00',
  STATUS: i % 5 ? 'במלאי' : 'בדרך',
  CUSTNAME: `C${i % ACCOUNTS}`,
});

export default defineBenchmark({
  name: 'push',
  description: `PUT /api/v1/datasets/:key/records: ${(CALLS * PER_CALL).toLocaleString('en')} records in ${CALLS} calls; then the admin records view`,
  async prepare(env) {
    const app = env.kesher.app;
    const staff = await signupStaff(app);
    await createOwnerAccounts(app, staff, ACCOUNTS, (i) => `Customer ${i}`);
    await createStockDataset(app, staff, FIELDS);
    const keyRes = await app.inject({
      method: 'POST',
      url: '/api/v1/api-keys',
      headers: staff.headers,
      payload: { name: 'ERP push', scopes: ['datasets:write', 'datasets:read'] },
    });
    const apiKey = (keyRes.json() as { key: string }).key;
    const headers = { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' };
    const bodies = Array.from({ length: CALLS }, (_, c) =>
      JSON.stringify({
        mode: 'upsert',
        records: Array.from({ length: PER_CALL }, (_, j) => record(c * PER_CALL + j)),
      }),
    );
    const pushAll = async () => {
      const t0 = performance.now();
      const totals = { inserted: 0, updated: 0, unchanged: 0, rejected: 0 };
      for (const body of bodies) {
        const res = await fetch(`${env.kesher.url}/api/v1/datasets/stock/records`, {
          method: 'PUT',
          headers,
          body,
        });
        if (res.status !== 200) throw new Error(`push: ${res.status} ${await res.text()}`);
        const r = (await res.json()) as {
          inserted: number;
          updated: number;
          unchanged: number;
          rejected: unknown[];
        };
        totals.inserted += r.inserted;
        totals.updated += r.updated;
        totals.unchanged += r.unchanged;
        totals.rejected += r.rejected.length;
      }
      return { seconds: (performance.now() - t0) / 1000, totals };
    };
    const total = CALLS * PER_CALL;
    const first = await pushAll();
    const again = await pushAll();
    const line = (label: string, r: typeof first) =>
      `${label}: ${r.seconds.toFixed(2)} s, ${Math.round(total / r.seconds).toLocaleString('en')} records/s ` +
      `(inserted ${r.totals.inserted}, updated ${r.totals.updated}, unchanged ${r.totals.unchanged}, rejected ${r.totals.rejected})`;
    console.log(`  ${line('first push', first)}\n  ${line('same push again', again)}`);

    const bareDb = openBareDb(env.db, env.poolSize);
    const [ds] = await bareDb.staffQuery<{ id: string }>(
      staff.tenant.id,
      `select id from datasets where key = 'stock'`,
      [],
    );
    const bare = await startBareServer({
      'GET /records': async () => {
        const rows = await bareDb.staffQuery<{
          record_key: string;
          owner_ref: string;
          account_id: string | null;
          data: Record<string, unknown>;
          updated_at: Date;
        }>(
          staff.tenant.id,
          `select record_key, owner_ref, account_id, data, updated_at from dataset_records
           where tenant_id = $1 and dataset_id = $2 order by record_key limit 51`,
          [staff.tenant.id, ds?.id ?? ''],
        );
        return {
          status: 200,
          body: {
            items: rows.slice(0, 50).map((r) => ({
              key: r.record_key,
              ownerRef: r.owner_ref,
              accountId: r.account_id,
              data: r.data,
              updatedAt: new Date(r.updated_at).toISOString(),
            })),
          },
        };
      },
    });
    return {
      targets: [
        { name: 'bare', url: `${bare.url}/records`, headers },
        { name: 'kesher', url: `${env.kesher.url}/api/v1/datasets/stock/records?limit=50`, headers },
      ],
      notes: [
        line('first push', first),
        line('same push again', again),
        'load: first page of the admin records view',
      ],
      close: async () => {
        await bare.close();
        await bareDb.close();
      },
    };
  },
});
