import { eq, sql } from 'drizzle-orm';
import { expect } from 'vitest';
import type { App } from '../../../app.js';
import { rowsOf } from '../../../platform/db/database.js';
import { datasets } from '../../datasets/datasets.table.js';
import { connectors } from '../erp-sync.table.js';

export const STOCK_FIELDS = [
  { key: 'part', type: 'text', labelHe: 'פריט', labelEn: 'Part', shown: true, filterable: true },
  {
    key: 'description',
    type: 'text',
    labelHe: 'תיאור',
    labelEn: 'Description',
    shown: true,
    filterable: false,
  },
  { key: 'warehouse', type: 'text', labelHe: 'מחסן', labelEn: 'Warehouse', shown: true, filterable: true },
  { key: 'balance', type: 'number', labelHe: 'יתרה', labelEn: 'Balance', shown: true, filterable: false },
  { key: 'owner', type: 'text', labelHe: 'לקוח', labelEn: 'Customer', shown: false, filterable: false },
] as const;

export const STOCK_MAPPING = [
  { source: 'PARTNAME', target: 'part' },
  { source: 'PARTDES', target: 'description', transform: 'trim' },
  { source: 'WARHSNAME', target: 'warehouse' },
  { source: 'TBALANCE', target: 'balance', transform: 'number' },
  { source: 'CUSTNAME', target: 'owner' },
];

/**
 * A "stock" dataset, written straight into the datasets table: test setup only (erp-sync itself
 * reads it through the datasets module).
 */
export const createStockDataset = async (app: App, tenantId: string, key = 'stock') => {
  const [row] = await app.kesher.database.tenantTx({ role: 'staff', tenantId }, (tx) =>
    tx
      .insert(datasets)
      .values({
        tenantId,
        key,
        labelHe: 'מלאי',
        labelEn: 'Stock',
        fields: STOCK_FIELDS.map((f) => ({ ...f })),
        recordKey: ['part', 'warehouse'],
        ownerField: 'owner',
      })
      .returning({ id: datasets.id }),
  );
  return (row as { id: string }).id;
};

export const recordsOf = async (app: App, tenantId: string, datasetId: string) =>
  app.kesher.database.tenantTx({ role: 'staff', tenantId }, async (tx) => {
    const rows = rowsOf<{
      record_key: string;
      owner_ref: string;
      account_id: string | null;
      data: Record<string, unknown>;
    }>(
      await tx.execute(
        sql`select record_key, owner_ref, account_id, data from dataset_records where dataset_id = ${datasetId} order by record_key`,
      ),
    );
    const staged = rowsOf<{ n: number }>(
      await tx.execute(sql`select count(*)::int as n from dataset_staged_records`),
    );
    return { rows, staged: staged[0]?.n ?? 0 };
  });

export const connectorRowOf = (app: App, tenantId: string, id: string) =>
  app.kesher.database.tenantTx({ role: 'staff', tenantId }, async (tx) => {
    const [row] = await tx.select().from(connectors).where(eq(connectors.id, id));
    return row;
  });

/** Waits for the connector's newest run to finish, and returns it. */
export const waitForRun = async (
  app: App,
  headers: Record<string, string>,
  connectorId: string,
  runId: string,
) => {
  for (let i = 0; i < 600; i++) {
    const res = await app.inject({
      method: 'GET',
      url: `/api/v1/connectors/${connectorId}/runs?limit=5`,
      headers,
    });
    expect(res.statusCode, res.body).toBe(200);
    const run = (res.json().items as Array<{ id: string; status: string }>).find((r) => r.id === runId);
    if (run && run.status !== 'running')
      return run as unknown as Record<string, unknown> & { status: string; error: string | null };
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('run did not finish');
};

export const startRun = async (
  app: App,
  headers: Record<string, string>,
  connectorId: string,
  mode: 'full' | 'incremental' = 'full',
) => {
  const res = await app.inject({
    method: 'POST',
    url: `/api/v1/connectors/${connectorId}/run`,
    headers,
    payload: { mode },
  });
  expect(res.statusCode, res.body).toBe(202);
  return waitForRun(app, headers, connectorId, res.json().runId as string);
};
