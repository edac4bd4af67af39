import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../../../test/build-test-app.js';
import { type Staff, signupTenant } from '../../../../../test/factories/staff.js';
import { israelTime } from '../../../../../test/mock-priority/mock-priority-data.js';
import {
  type MockPriority,
  startMockPriority,
} from '../../../../../test/mock-priority/mock-priority-server.js';
import {
  connectorRowOf,
  createStockDataset,
  recordsOf,
  STOCK_MAPPING,
  startRun,
} from './erp-sync.fixtures.js';

const TOKEN = 'PAT-TOKEN-1234';

describe('Priority connector: API, full and incremental sync, failures', () => {
  let t: TestApp;
  let staff: Staff;
  let mock: MockPriority;
  let datasetId: string;
  let connectorId: string;
  let accountId: string;

  const priorityConfig = () => ({
    serviceRoot: mock.serviceRoot,
    entity: 'LOGPART',
    select: ['PARTNAME', 'PARTDES'],
    expand: { subform: 'PARTBALANCE_SUBFORM', select: ['WARHSNAME', 'TBALANCE', 'CUSTNAME'] },
    pageSize: 10,
  });
  const patch = async (body: Record<string, unknown>) => {
    const cur = await t.app.inject({
      method: 'GET',
      url: `/api/v1/connectors/${connectorId}`,
      headers: staff.headers,
    });
    const res = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/connectors/${connectorId}`,
      headers: staff.headers,
      payload: { ...body, version: cur.json().version },
    });
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };

  beforeAll(async () => {
    mock = await startMockPriority({ generate: { parts: 25, balancesPerPart: 2, customers: 5 } });
    t = await buildTestApp();
    staff = await signupTenant(t.app);
    const acc = await t.app.inject({
      method: 'POST',
      url: '/api/v1/accounts',
      headers: staff.headers,
      payload: { name: 'Hamifratz', externalRefs: { priority: '20001' } },
    });
    expect(acc.statusCode, acc.body).toBe(201);
    accountId = acc.json().id;
    datasetId = await createStockDataset(t.app, staff.tenant.id);
  });
  afterAll(async () => {
    await t?.close();
    await mock?.close();
  });

  it('creates a connector; credentials are sealed at rest and never returned', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/connectors',
      headers: staff.headers,
      payload: {
        name: 'Priority stock',
        kind: 'priority',
        datasetId,
        config: priorityConfig(),
        credentials: { kind: 'pat', token: TOKEN },
        mapping: STOCK_MAPPING,
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.body).not.toContain(TOKEN);
    const body = res.json();
    expect(body.credentials).toEqual({ set: true, kind: 'pat', last4: '1234' });
    expect(body.intervalMinutes).toBe(15);
    connectorId = body.id;
    const row = await connectorRowOf(t.app, staff.tenant.id, connectorId);
    expect(row?.secretEnc).toMatch(/^v1\./);
    expect(JSON.stringify(row)).not.toContain(TOKEN);
    const list = await t.app.inject({ method: 'GET', url: '/api/v1/connectors', headers: staff.headers });
    expect(list.body).not.toContain(TOKEN);
    expect(list.json().items).toHaveLength(1);
  });

  it('refuses bad input with field errors', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/connectors',
      headers: staff.headers,
      payload: {
        name: 'x',
        kind: 'priority',
        datasetId,
        config: { ...priorityConfig(), select: ["PARTNAME' or 1 eq 1"] },
        credentials: { kind: 'pat', token: TOKEN },
        mapping: [{ source: 'PARTNAME', target: 'nosuch' }],
      },
    });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    const unknownTarget = await t.app.inject({
      method: 'POST',
      url: '/api/v1/connectors',
      headers: staff.headers,
      payload: {
        name: 'x',
        kind: 'priority',
        datasetId,
        config: priorityConfig(),
        credentials: { kind: 'pat', token: TOKEN },
        mapping: [{ source: 'PARTNAME', target: 'nosuch' }],
      },
    });
    expect(unknownTarget.statusCode).toBe(400);
    expect(unknownTarget.json().errors).toEqual([
      { path: 'mapping.0.target', message: 'The dataset has no field "nosuch"' },
    ]);
  });

  it('test shows the first rows fetched and mapped, with validation errors per row', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/connectors/${connectorId}/test`,
      headers: staff.headers,
    });
    expect(res.statusCode, res.body).toBe(200);
    const rows = res.json().rows;
    expect(rows.length).toBeGreaterThan(0);
    expect(rows[0]).toEqual({
      source: { PARTNAME: 'P-000000', PARTDES: 'פריט 0', WARHSNAME: 'W1', TBALANCE: 0, CUSTNAME: '20000' },
      mapped: { part: 'P-000000', description: 'פריט 0', warehouse: 'W1', balance: 0, owner: '20000' },
      errors: [],
    });
    const records = await recordsOf(t.app, staff.tenant.id, datasetId);
    expect(records.rows).toHaveLength(0);
  });

  it('a full sync pages LOGPART × PARTBALANCE into the dataset and maps owners to accounts', async () => {
    const run = await startRun(t.app, staff.headers, connectorId, 'full');
    expect(run.error).toBeNull();
    expect(run).toMatchObject({
      status: 'succeeded',
      mode: 'full',
      trigger: 'manual',
      pages: 3,
      fetched: 50,
      inserted: 50,
      rejected: 0,
    });
    expect(run.durationMs).toBeGreaterThanOrEqual(0);
    const { rows, staged } = await recordsOf(t.app, staff.tenant.id, datasetId);
    expect(staged).toBe(0);
    expect(rows).toHaveLength(50);
    const owned = rows.filter((r) => r.owner_ref === '20001');
    expect(owned.length).toBeGreaterThan(0);
    expect(owned.every((r) => r.account_id === accountId)).toBe(true);
    expect(rows.filter((r) => r.owner_ref !== '20001').every((r) => r.account_id === null)).toBe(true);
    const row = await connectorRowOf(t.app, staff.tenant.id, connectorId);
    expect(row?.lastSuccessAt).not.toBeNull();
    expect(row?.sinceWatermark).not.toBeNull();
    expect(mock.requests.slice(-3).every((u) => u.includes('$top=10'))).toBe(true);
  });

  it('an incremental sync asks $since=<watermark>Z and upserts only what changed', async () => {
    const part = mock.data.LOGPART?.rows[3] as Record<string, unknown>;
    const balances = part.PARTBALANCE_SUBFORM as Array<Record<string, unknown>>;
    balances[0] = { ...balances[0], TBALANCE: 999 };
    part.UDATE = israelTime(new Date(Date.now() + 60_000));
    const run = await startRun(t.app, staff.headers, connectorId, 'incremental');
    expect(run).toMatchObject({
      status: 'succeeded',
      mode: 'incremental',
      fetched: 2,
      inserted: 0,
      updated: 1,
    });
    expect(mock.requests.at(-1)).toMatch(/\$since=\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/);
    const { rows } = await recordsOf(t.app, staff.tenant.id, datasetId);
    expect(rows.find((r) => r.data.part === 'P-000003' && r.data.warehouse === 'W1')?.data.balance).toBe(999);
  });

  const expectFailedKeepingData = async (pattern: RegExp) => {
    const before = await recordsOf(t.app, staff.tenant.id, datasetId);
    const run = await startRun(t.app, staff.headers, connectorId, 'full');
    expect(run.status).toBe('failed');
    expect(run.error).toMatch(pattern);
    const after = await recordsOf(t.app, staff.tenant.id, datasetId);
    expect(after.rows).toEqual(before.rows);
    expect(after.staged).toBe(0);
    const row = await connectorRowOf(t.app, staff.tenant.id, connectorId);
    expect(row?.lastError).toBe(run.error);
    return run;
  };

  it('half a page, an HTML page, a 500 or a Hebrew error fail the run and leave the last good data', async () => {
    mock.setFault({ kind: 'truncated', after: 1 });
    const cut = await expectFailedKeepingData(/not complete JSON/);
    expect(cut.pages).toBe(1);
    mock.setFault({ kind: 'html', after: 2 });
    await expectFailedKeepingData(/Not a Priority response/);
    mock.setFault({ kind: '500' });
    await expectFailedKeepingData(/Internal server error/);
    mock.setFault({ kind: 'he-error' });
    await expectFailedKeepingData(/שדה לא קיים/);
    mock.setFault(null);
  });

  it('refused credentials fail the run clearly', async () => {
    await patch({ credentials: { kind: 'pat', token: 'WRONG-TOKEN-0000' } });
    await expectFailedKeepingData(/refused the credentials/);
    const body = await patch({ credentials: { kind: 'pat', token: TOKEN } });
    expect(body.credentials.last4).toBe('1234');
  });

  it('an unknown $filter field is refused before anything is sent', async () => {
    await patch({
      config: { ...priorityConfig(), filter: [{ field: 'NOSUCHFIELD', op: 'eq', value: 'x' }] },
    });
    const sent = mock.requests.length;
    await expectFailedKeepingData(/Unknown Priority fields on LOGPART: NOSUCHFIELD/);
    expect(mock.requests.length).toBe(sent);
    await patch({ config: priorityConfig() });
  });

  it('429 backs off (Retry-After) and then succeeds', async () => {
    mock.setFault({ kind: '429', retryAfterSeconds: 1, times: 1 });
    const run = await startRun(t.app, staff.headers, connectorId, 'full');
    expect(run.error).toBeNull();
    expect(run).toMatchObject({ status: 'succeeded', fetched: 50 });
    expect(run.durationMs as number).toBeGreaterThanOrEqual(1000);
    mock.setFault(null);
  });

  it('runs are listed newest first, cursor-paged, with their log', async () => {
    const first = await t.app.inject({
      method: 'GET',
      url: `/api/v1/connectors/${connectorId}/runs?limit=3`,
      headers: staff.headers,
    });
    const page1 = first.json();
    expect(page1.items).toHaveLength(3);
    expect(page1.nextCursor).toBeTruthy();
    expect(page1.items[0].log.length).toBeGreaterThan(0);
    const second = await t.app.inject({
      method: 'GET',
      url: `/api/v1/connectors/${connectorId}/runs?limit=50&cursor=${page1.nextCursor}`,
      headers: staff.headers,
    });
    const ids = [...page1.items, ...second.json().items].map((r: { id: string }) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBeGreaterThanOrEqual(9);
  });

  it('a second run while one is running is refused (409)', async () => {
    mock.setFault({ kind: 'slow', delayMs: 300, times: 1 });
    const a = await t.app.inject({
      method: 'POST',
      url: `/api/v1/connectors/${connectorId}/run`,
      headers: staff.headers,
      payload: {},
    });
    expect(a.statusCode).toBe(202);
    const b = await t.app.inject({
      method: 'POST',
      url: `/api/v1/connectors/${connectorId}/run`,
      headers: staff.headers,
      payload: {},
    });
    expect(b.statusCode).toBe(409);
    expect(b.json().code).toBe('CONNECTOR_RUN_IN_PROGRESS');
    const { waitForRun } = await import('./erp-sync.fixtures.js');
    await waitForRun(t.app, staff.headers, connectorId, a.json().runId);
    mock.setFault(null);
  });

  it('the sweep runs a due connector once even when two sweeps race', async () => {
    const erp = t.app.kesher.erpSync;
    await t.app.kesher.database.tenantTx({ role: 'staff', tenantId: staff.tenant.id }, async (tx) => {
      const { connectors } = await import('../erp-sync.table.js');
      await tx.update(connectors).set({ nextRunAt: new Date(Date.now() - 1000) });
    });
    const before = (
      await t.app.inject({
        method: 'GET',
        url: `/api/v1/connectors/${connectorId}/runs?limit=200`,
        headers: staff.headers,
      })
    ).json().items.length;
    const opened = await Promise.all([erp.runner.sweep(), erp.runner.sweep()]);
    expect(opened.reduce((a, b) => a + b, 0)).toBe(1);
    await erp.runner.drain();
    const runs = (
      await t.app.inject({
        method: 'GET',
        url: `/api/v1/connectors/${connectorId}/runs?limit=200`,
        headers: staff.headers,
      })
    ).json().items;
    expect(runs.length).toBe(before + 1);
    expect(runs[0]).toMatchObject({ trigger: 'schedule', status: 'succeeded' });
    // Not due again until interval_minutes later.
    expect(await erp.runner.sweep()).toBe(0);
  });

  it('deletes the connector and its runs', async () => {
    const del = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/connectors/${connectorId}`,
      headers: staff.headers,
    });
    expect(del.statusCode).toBe(204);
    const get = await t.app.inject({
      method: 'GET',
      url: `/api/v1/connectors/${connectorId}`,
      headers: staff.headers,
    });
    expect(get.statusCode).toBe(404);
    const { rows } = await recordsOf(t.app, staff.tenant.id, datasetId);
    expect(rows).toHaveLength(50);
  });
});
