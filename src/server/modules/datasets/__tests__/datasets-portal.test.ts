import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../../../test/build-test-app.js';
import { type Staff, signupTenant } from '../../../../../test/factories/staff.js';
import { systemClock } from '../../../platform/clock.js';
import { createDatasetsModule, type DatasetsModule } from '../index.js';
import { call, createAccount, createStock, portalCtx, stockRow } from './datasets-fixtures.js';

// Portal sessions come with the portal module; these tests drive the portal use cases with the
// exact actor a portal session yields, so the queries run as kesher_portal under its RLS policies.
let t: TestApp;
let a: Staff;
let m: DatasetsModule;
let accA: string;
let accB: string;

beforeAll(async () => {
  t = await buildTestApp();
  m = createDatasetsModule({ database: t.database, clock: systemClock });
  a = await signupTenant(t.app);
  accA = await createAccount(t, a, 'Galil Foods', 'C100');
  accB = await createAccount(t, a, 'Other Co', 'C200');
  await createStock(t, a);
  const records = [
    ...Array.from({ length: 25 }, (_, i) => stockRow(i + 1, 'C100')),
    stockRow(101, 'C100', { PARTDES: 'שמן זית כתית', STATUS: 'בדרך' }),
    ...Array.from({ length: 10 }, (_, i) => stockRow(500 + i, 'C200', { PARTDES: 'Secret of B' })),
    stockRow(900, 'C999', { PARTDES: 'Nobody' }),
  ];
  const res = await call(t, a, 'PUT', '/api/v1/datasets/stock/records', { records });
  expect(res.json().inserted).toBe(37);
  await createStock(t, a, { key: 'hidden', portalVisible: false });
});
afterAll(() => t.close());

const keysOf = (p: { items: Array<{ key: string }> }) => p.items.map((r) => r.key);

describe('portal datasets', () => {
  it('lists visible datasets with shown fields only and the last good time', async () => {
    const { items } = await m.portal.list(portalCtx(a, accA));
    expect(items.map((d) => d.key)).toEqual(['stock']);
    expect(items[0]?.fields.map((f) => f.key)).not.toContain('CUSTNAME');
    expect(items[0]?.fields.map((f) => f.key)).not.toContain('COST');
    expect(items[0]?.updatedAt).not.toBeNull();
  });

  it('a hidden dataset is not found', async () => {
    await expect(
      m.portal.records(portalCtx(a, accA), 'hidden', { dir: 'asc', limit: 50 }),
    ).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it("shows only the customer's own records, hidden fields stripped, and ignores crafted params", async () => {
    const q = {
      dir: 'asc' as const,
      limit: 200,
      accountId: accB,
      account_id: accB,
      owner: 'C200',
      ownerRef: 'C200',
    };
    const page = await m.portal.records(portalCtx(a, accA), 'stock', q);
    expect(page.items).toHaveLength(26);
    expect(page.items.every((r) => !('CUSTNAME' in r.data) && !('COST' in r.data))).toBe(true);
    expect(page.items.some((r) => r.data.PARTDES === 'Secret of B' || r.data.PARTDES === 'Nobody')).toBe(
      false,
    );
    const b = await m.portal.records(portalCtx(a, accB), 'stock', { dir: 'asc', limit: 200 });
    expect(b.items).toHaveLength(10);
    // An account that owns nothing sees nothing; records of unknown owners are nobody's.
    const other = await createAccount(t, a, 'Empty Co');
    expect((await m.portal.records(portalCtx(a, other), 'stock', { dir: 'asc', limit: 200 })).items).toEqual(
      [],
    );
  });

  it('another tenant sees nothing', async () => {
    const b = await signupTenant(t.app);
    await expect(
      m.portal.records(portalCtx(b, accA), 'stock', { dir: 'asc', limit: 50 }),
    ).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    expect((await m.portal.list(portalCtx(b, accA))).items).toEqual([]);
  });

  it('searches Hebrew-aware, sorts typed, filters, and pages by cursor', async () => {
    const ctx = portalCtx(a, accA);
    // Final letters and the ה prefix are folded: "זיט" would not match, "כתית" and "הזית" do.
    expect(keysOf(await m.portal.records(ctx, 'stock', { q: 'הזית', dir: 'asc', limit: 50 }))).toEqual([
      'P-0101\u001fHaifa',
    ]);
    expect((await m.portal.records(ctx, 'stock', { q: 'בדרך', dir: 'asc', limit: 50 })).items).toHaveLength(
      1,
    );
    // Numeric, not text, order: 10, 20, … 250, 1010.
    const byQty = await m.portal.records(ctx, 'stock', { sort: 'QTY', dir: 'desc', limit: 3 });
    expect(byQty.items.map((r) => r.data.QTY)).toEqual([1010, 250, 240]);
    const filtered = await m.portal.records(ctx, 'stock', {
      dir: 'asc',
      limit: 50,
      'filter.WARHSNAME': 'Karmiel',
    });
    expect(filtered.items).toHaveLength(12);
    expect(filtered.items.every((r) => r.data.WARHSNAME === 'Karmiel')).toBe(true);
    const qty = await m.portal.records(ctx, 'stock', { dir: 'asc', limit: 50, 'filter.QTY': '30' });
    expect(keysOf(qty)).toEqual(['P-0003\u001fHaifa']);
    // Walking the cursor yields every row once, in order.
    const seen: number[] = [];
    let cursor: string | undefined;
    do {
      const p = await m.portal.records(ctx, 'stock', { sort: 'QTY', dir: 'asc', limit: 7, cursor });
      seen.push(...p.items.map((r) => r.data.QTY as number));
      cursor = p.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toHaveLength(26);
    expect(seen).toEqual([...seen].sort((x, y) => x - y));
    // With no sort field the cursor is the record key alone, both ways.
    for (const dir of ['asc', 'desc'] as const) {
      const keys: string[] = [];
      let next: string | undefined;
      do {
        const p = await m.portal.records(ctx, 'stock', { dir, limit: 4, cursor: next });
        keys.push(...keysOf(p));
        next = p.nextCursor ?? undefined;
      } while (next);
      const sorted = [...keys].sort();
      expect(keys).toEqual(dir === 'asc' ? sorted : sorted.reverse());
      expect(new Set(keys).size).toBe(26);
    }
  });

  it('refuses sorting or filtering by hidden or unfilterable fields', async () => {
    const ctx = portalCtx(a, accA);
    await expect(
      m.portal.records(ctx, 'stock', { sort: 'COST', dir: 'asc', limit: 5 }),
    ).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    await expect(
      m.portal.records(ctx, 'stock', { dir: 'asc', limit: 5, 'filter.CUSTNAME': 'C200' }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(
      m.portal.records(ctx, 'stock', { dir: 'asc', limit: 5, 'filter.PARTDES': 'x' }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('exports CSV with a BOM and Hebrew headers, and an RTL XLSX', async () => {
    const ctx = portalCtx(a, accA);
    const csv = await m.portal.export(ctx, 'stock', { format: 'csv', lang: 'he', dir: 'asc', limit: 50 });
    const text = csv.body.toString('utf8');
    expect(text.startsWith('\uFEFFמק"ט'.replace('"', '')) || text.startsWith('\uFEFF"מק""ט"')).toBe(true);
    expect(text.trim().split('\r\n')).toHaveLength(27);
    expect(text).not.toContain('Secret of B');
    const xlsx = await m.portal.export(ctx, 'stock', {
      format: 'xlsx',
      lang: 'en',
      dir: 'asc',
      limit: 50,
      q: 'כתית',
    });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    expect(ws?.getRow(1).getCell(1).value).toBe('Part');
    expect(ws?.rowCount).toBe(2);
    const he = await m.portal.export(ctx, 'stock', { format: 'xlsx', lang: 'he', dir: 'asc', limit: 50 });
    const wbHe = new ExcelJS.Workbook();
    await wbHe.xlsx.load(he.body as unknown as ArrayBuffer);
    expect(wbHe.worksheets[0]?.views[0]?.rightToLeft).toBe(true);
  });

  it('portal routes refuse a staff session (401)', async () => {
    for (const url of ['/api/portal/v1/datasets', '/api/portal/v1/datasets/stock/records']) {
      expect((await call(t, a, 'GET', url)).statusCode).toBe(401);
    }
  });
});
