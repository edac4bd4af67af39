import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../../../test/build-test-app.js';
import { type Staff, signupTenant } from '../../../../../test/factories/staff.js';
import { rowsOf } from '../../../platform/db/database.js';
import {
  discardStagedRecords,
  getDatasetOrThrow,
  stageDatasetRecords,
  swapInStagedRecords,
  type ValidDatasetRecord,
  validateDatasetRecord,
} from '../index.js';
import { call, createAccount, createStock, stockRow } from './datasets-fixtures.js';

let t: TestApp;
let a: Staff;
const inTx = <T>(fn: Parameters<TestApp['database']['tenantTx']>[1]) =>
  t.database.tenantTx({ role: 'staff', tenantId: a.tenant.id }, fn) as Promise<T>;
const valid = (raws: unknown[], ds: Awaited<ReturnType<typeof getDatasetOrThrow>>) =>
  raws.map((r) => {
    const c = validateDatasetRecord(ds, r);
    if (!c.ok) throw new Error(c.errors.join());
    return c.record;
  }) as ValidDatasetRecord[];
const qtys = async () =>
  (await call(t, a, 'GET', '/api/v1/datasets/stock/records?sort=QTY'))
    .json()
    .items.map((r: { data: { QTY: number } }) => r.data.QTY);

beforeAll(async () => {
  t = await buildTestApp();
  a = await signupTenant(t.app);
  await createAccount(t, a, 'Galil Foods', 'C100');
  await createStock(t, a);
  await call(t, a, 'PUT', '/api/v1/datasets/stock/records', {
    records: [1, 2, 3].map((i) => stockRow(i, 'C100')),
  });
});
afterAll(() => t.close());

describe('full-sync staging', () => {
  it('a discarded run leaves the last good data and no staging rows', async () => {
    const runId = randomUUID();
    await inTx(async (tx) => {
      const ds = await getDatasetOrThrow(tx, 'stock');
      await stageDatasetRecords(tx, { runId, dataset: ds, records: valid([stockRow(9, 'C100')], ds) });
    });
    await inTx((tx) => discardStagedRecords(tx, runId));
    expect(await qtys()).toEqual([10, 20, 30]);
    const left = await inTx<Array<{ n: number }>>(async (tx) =>
      rowsOf(await tx.execute(sql`select count(*)::int as n from dataset_staged_records`)),
    );
    expect(left[0]?.n).toBe(0);
  });

  it('swap upserts the staged pages, deletes what the run did not see, and drops the staging', async () => {
    const runId = randomUUID();
    await inTx(async (tx) => {
      const ds = await getDatasetOrThrow(tx, 'stock');
      await stageDatasetRecords(tx, {
        runId,
        dataset: ds,
        records: valid([stockRow(1, 'C100'), stockRow(2, 'C100', { QTY: 7 })], ds),
      });
      await stageDatasetRecords(tx, { runId, dataset: ds, records: valid([stockRow(4, 'C100')], ds) });
    });
    const counts = await inTx(async (tx) =>
      swapInStagedRecords(tx, { runId, dataset: await getDatasetOrThrow(tx, 'stock') }),
    );
    expect(counts).toEqual({ inserted: 1, updated: 1, deleted: 1 });
    expect(await qtys()).toEqual([7, 10, 40]);
  });

  it('a swap that fails midway rolls back whole', async () => {
    const runId = randomUUID();
    await expect(
      inTx(async (tx) => {
        const ds = await getDatasetOrThrow(tx, 'stock');
        await stageDatasetRecords(tx, { runId, dataset: ds, records: valid([stockRow(5, 'C100')], ds) });
        await swapInStagedRecords(tx, { runId, dataset: ds });
        throw new Error('crash after swap, before commit');
      }),
    ).rejects.toThrow('crash');
    expect(await qtys()).toEqual([7, 10, 40]);
  });
});
