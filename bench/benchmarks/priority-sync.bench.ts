// A Priority full sync: 50,000 LOGPART × PARTBALANCE records from the mock Priority server, paged
// by 2,000, through Kesher's connector (fetch, map, validate, stage per page, swap in at the end).
// The figure is records/s of the whole run, beside a bare baseline that only fetches and parses the
// same pages (what any client must pay), so the ratio is what Kesher's checks and writes cost.
// The load table below it is the run history endpoint (GET /connectors/:id/runs) the admin polls.

import { datasets } from '../../src/server/modules/datasets/index.js';
import { startMockPriority } from '../../test/mock-priority/mock-priority-server.js';
import { defineBenchmark } from '../lib/benchmark.js';
import { signupStaff } from '../lib/seed.js';

const RECORDS = 50_000;
const PAGE = 2000;

const waitForRun = async (
  base: string,
  headers: Record<string, string>,
  connectorId: string,
  runId: string,
) => {
  for (;;) {
    const res = await fetch(`${base}/api/v1/connectors/${connectorId}/runs?limit=5`, { headers });
    const run = ((await res.json()) as { items: Array<Record<string, unknown>> }).items.find(
      (r) => r.id === runId,
    );
    if (run && run.status !== 'running') return run;
    await new Promise((r) => setTimeout(r, 50));
  }
};

export default defineBenchmark({
  name: 'priority-sync',
  description: `Priority full sync of ${RECORDS.toLocaleString('en')} records paged by ${PAGE} (records/s vs a bare fetch); then GET /connectors/:id/runs`,
  async prepare(env) {
    const app = env.kesher.app;
    const base = env.kesher.url;
    // Generous budget: the sync needs 26 calls, under Priority's 100 a minute.
    const mock = await startMockPriority({
      generate: { parts: RECORDS, balancesPerPart: 1, customers: 200 },
    });
    const staff = await signupStaff(app);
    const headers = { ...staff.headers, 'content-type': 'application/json' };
    for (let i = 0; i < 20; i++) {
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/accounts',
        headers: staff.headers,
        payload: { name: `Customer ${i}`, externalRefs: { priority: String(20000 + i) } },
      });
      if (res.statusCode !== 201) throw new Error(`account: ${res.statusCode} ${res.body}`);
    }
    // Bench setup writes the dataset definition directly (no dataset admin API is needed for this).
    const [ds] = await app.kesher.database.tenantTx({ role: 'staff', tenantId: staff.tenant.id }, (tx) =>
      tx
        .insert(datasets)
        .values({
          tenantId: staff.tenant.id,
          key: 'stock',
          labelHe: 'מלאי',
          labelEn: 'Stock',
          fields: [
            { key: 'part', type: 'text', labelHe: 'פריט', labelEn: 'Part', shown: true, filterable: true },
            {
              key: 'description',
              type: 'text',
              labelHe: 'תיאור',
              labelEn: 'Description',
              shown: true,
              filterable: false,
            },
            {
              key: 'warehouse',
              type: 'text',
              labelHe: 'מחסן',
              labelEn: 'Warehouse',
              shown: true,
              filterable: true,
            },
            {
              key: 'balance',
              type: 'number',
              labelHe: 'יתרה',
              labelEn: 'Balance',
              shown: true,
              filterable: false,
            },
            {
              key: 'owner',
              type: 'text',
              labelHe: 'לקוח',
              labelEn: 'Customer',
              shown: false,
              filterable: false,
            },
          ],
          recordKey: ['part', 'warehouse'],
          ownerField: 'owner',
        })
        .returning({ id: datasets.id }),
    );
    const config = {
      serviceRoot: mock.serviceRoot,
      entity: 'LOGPART',
      select: ['PARTNAME', 'PARTDES'],
      expand: { subform: 'PARTBALANCE_SUBFORM', select: ['WARHSNAME', 'TBALANCE', 'CUSTNAME'] },
      pageSize: PAGE,
    };
    const created = await fetch(`${base}/api/v1/connectors`, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        name: 'bench',
        kind: 'priority',
        datasetId: ds?.id,
        config,
        credentials: { kind: 'pat', token: 'PAT-TOKEN-1234' },
        mapping: [
          { source: 'PARTNAME', target: 'part' },
          { source: 'PARTDES', target: 'description' },
          { source: 'WARHSNAME', target: 'warehouse' },
          { source: 'TBALANCE', target: 'balance', transform: 'number' },
          { source: 'CUSTNAME', target: 'owner' },
        ],
      }),
    });
    if (created.status !== 201) throw new Error(`connector: ${created.status} ${await created.text()}`);
    const connectorId = ((await created.json()) as { id: string }).id;

    // Bare: the same pages, fetched and parsed, flattened; nothing checked or stored.
    const auth = { authorization: `Basic ${Buffer.from('PAT-TOKEN-1234:PAT').toString('base64')}` };
    const tb = performance.now();
    let bareRecords = 0;
    for (let skip = 0; ; skip += PAGE) {
      const url = `${mock.serviceRoot}LOGPART?$select=PARTNAME,PARTDES&$top=${PAGE}&$skip=${skip}&$expand=PARTBALANCE_SUBFORM($select=WARHSNAME,TBALANCE,CUSTNAME)`;
      const body = (await (await fetch(url, { headers: auth })).json()) as {
        value: Array<{ PARTBALANCE_SUBFORM: unknown[] }>;
      };
      for (const r of body.value) bareRecords += r.PARTBALANCE_SUBFORM.length;
      if (body.value.length < PAGE) break;
    }
    const bareS = (performance.now() - tb) / 1000;

    const figures: Array<{ s: number; run: Record<string, unknown> }> = [];
    // Twice: the first run inserts everything, the second re-reads identical data (unchanged rows).
    for (let i = 0; i < 2; i++) {
      const t0 = performance.now();
      const res = await fetch(`${base}/api/v1/connectors/${connectorId}/run`, {
        method: 'POST',
        headers,
        body: '{"mode":"full"}',
      });
      if (res.status !== 202) throw new Error(`run: ${res.status} ${await res.text()}`);
      const run = await waitForRun(
        base,
        staff.headers,
        connectorId,
        ((await res.json()) as { runId: string }).runId,
      );
      if (run.status !== 'succeeded' || run.fetched !== RECORDS)
        throw new Error(`run failed: ${JSON.stringify(run)}`);
      figures.push({ s: (performance.now() - t0) / 1000, run });
    }
    const [first, second] = figures as [(typeof figures)[0], (typeof figures)[0]];
    const rate = (n: number, s: number) => Math.round(n / s).toLocaleString('en');
    const notes = [
      `bare fetch+parse of the same ${bareRecords.toLocaleString('en')} records: ${bareS.toFixed(2)} s = ${rate(bareRecords, bareS)} records/s`,
      `Kesher full sync, first (all inserted): ${first.s.toFixed(2)} s = ${rate(RECORDS, first.s)} records/s (${(bareS / first.s).toFixed(2)}× of bare); pages ${first.run.pages}, inserted ${first.run.inserted}`,
      `Kesher full sync, again (unchanged data): ${second.s.toFixed(2)} s = ${rate(RECORDS, second.s)} records/s (${(bareS / second.s).toFixed(2)}× of bare); updated ${second.run.updated}`,
    ];
    for (const n of notes) console.log(`  ${n}`);
    return {
      targets: [
        {
          name: 'kesher',
          url: `${base}/api/v1/connectors/${connectorId}/runs?limit=20`,
          headers: staff.headers,
        },
      ],
      notes,
      close: () => mock.close(),
    };
  },
});
