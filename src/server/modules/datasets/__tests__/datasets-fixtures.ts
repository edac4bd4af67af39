import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { TestApp } from '../../../../../test/build-test-app.js';
import type { Staff } from '../../../../../test/factories/staff.js';
import type { TenantCtx } from '../../../platform/http/actor.js';

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export const call = (
  t: TestApp,
  who: Staff | { headers: Record<string, string> },
  method: Method,
  url: string,
  payload?: unknown,
) =>
  t.app.inject({
    method,
    url,
    headers: who.headers,
    ...(payload !== undefined ? { payload: payload as object } : {}),
  });

/** "Stock": one row per part per warehouse, owned through CUSTNAME ↔ externalRefs.priority. */
export const STOCK = {
  key: 'stock',
  labelHe: 'מלאי',
  labelEn: 'Stock',
  fields: [
    { key: 'PARTNAME', type: 'text', labelHe: 'מק"ט', labelEn: 'Part', shown: true, filterable: false },
    { key: 'WARHSNAME', type: 'text', labelHe: 'מחסן', labelEn: 'Warehouse', shown: true, filterable: true },
    {
      key: 'PARTDES',
      type: 'text',
      labelHe: 'תיאור',
      labelEn: 'Description',
      shown: true,
      filterable: false,
    },
    { key: 'QTY', type: 'number', labelHe: 'כמות', labelEn: 'Quantity', shown: true, filterable: true },
    { key: 'ARRIVED', type: 'date', labelHe: 'הגיע', labelEn: 'Arrived', shown: true, filterable: false },
    { key: 'UDATE', type: 'datetime', labelHe: 'עודכן', labelEn: 'Updated', shown: true, filterable: false },
    { key: 'STATUS', type: 'status', labelHe: 'סטטוס', labelEn: 'Status', shown: true, filterable: true },
    { key: 'DOC', type: 'link', labelHe: 'מסמך', labelEn: 'Document', shown: true, filterable: false },
    { key: 'CUSTNAME', type: 'text', labelHe: 'לקוח', labelEn: 'Customer', shown: false, filterable: false },
    { key: 'COST', type: 'number', labelHe: 'עלות', labelEn: 'Cost', shown: false, filterable: false },
  ],
  recordKey: ['PARTNAME', 'WARHSNAME'],
  ownerField: 'CUSTNAME',
};

export const stockRow = (i: number, cust: string, over: Record<string, unknown> = {}) => ({
  PARTNAME: `P-${String(i).padStart(4, '0')}`,
  WARHSNAME: i % 2 ? 'Haifa' : 'Karmiel',
  PARTDES: `Part ${i}`,
  QTY: i * 10,
  ARRIVED: '2026-01-15',
  UDATE: '2026-01-15T10:00:00+02:00',
  STATUS: 'In stock',
  DOC: 'https://erp.example/doc/1',
  CUSTNAME: cust,
  COST: 99,
  ...over,
});

export const createAccount = async (t: TestApp, who: Staff, name: string, priority?: string) => {
  const res = await call(t, who, 'POST', '/api/v1/accounts', {
    name,
    ...(priority ? { externalRefs: { priority } } : {}),
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
};

export const createStock = async (t: TestApp, who: Staff, over: Record<string, unknown> = {}) => {
  const res = await call(t, who, 'POST', '/api/v1/datasets', { ...STOCK, ...over });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
};

export const createApiKey = async (t: TestApp, who: Staff, scopes: string[]) => {
  const res = await call(t, who, 'POST', '/api/v1/api-keys', { name: 'ERP push', scopes });
  expect(res.statusCode, res.body).toBe(201);
  return { headers: { authorization: `Bearer ${res.json().key as string}` } };
};

/** A portal user's context (the portal module's sessions produce exactly this actor). */
export const portalCtx = (who: Staff, accountId: string): TenantCtx => ({
  tenantId: who.tenant.id,
  actor: {
    kind: 'portal',
    tenantId: who.tenant.id,
    portalUserId: randomUUID(),
    contactId: randomUUID(),
    accountId,
    scope: 'account',
    sessionId: randomUUID(),
  },
  requestId: 'test',
  ip: undefined,
  userAgent: undefined,
});
