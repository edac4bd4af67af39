import { asc, sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import type {
  TPortalDataset,
  TPortalExportQuery,
  TPortalRecordsQuery,
} from '../../../shared/datasets.schemas.js';
import type { Tx } from '../../platform/db/database.js';
import { AppError } from '../../platform/errors/app-error.js';
import { csvLine, UTF8_BOM } from '../../platform/files/csv-write.js';
import { scopeOf, type TenantCtx } from '../../platform/http/actor.js';
import { recordPortalView } from '../audit/index.js';
import { filtersOf, queryRecordsPage } from './dataset-records.query.js';
import { getDatasetOrThrow } from './dataset-records.write.js';
import type { DatasetsDeps } from './datasets.service.js';
import { type DatasetField, type DatasetRow, datasets } from './datasets.table.js';

// An export is one customer's rows of one table; past this it is a data dump, not a report.
const EXPORT_MAX_ROWS = 100_000;
const EXPORT_PAGE = 2_000;

const shownFields = (d: DatasetRow) => d.fields.filter((f) => f.shown);
const onlyShown = (fields: DatasetField[], data: Record<string, unknown>) =>
  Object.fromEntries(fields.map((f) => [f.key, data[f.key] ?? null]));

const datasetTarget = (d: DatasetRow) => ({ kind: 'dataset', id: d.id });
// What the customer asked for, for the audit row (the filters were validated against the fields).
const viewedQuery = (d: DatasetRow, q: TPortalRecordsQuery) => ({
  dataset: d.key,
  search: q.q ?? null,
  sort: q.sort ?? null,
  filters: filtersOf(q),
});

const accountOf = (ctx: TenantCtx) => {
  if (ctx.actor.kind !== 'portal') throw new AppError('FORBIDDEN', { userMessage: 'Portal users only.' });
  return ctx.actor.accountId;
};

/**
 * The customer's view. Runs as kesher_portal: RLS admits only datasets with portal_visible = 'yes'
 * and records whose account_id is the session's account; the explicit account condition is there
 * for the index, not for safety. No request parameter can name an account.
 */
export const createDatasetPortal = ({ database }: DatasetsDeps) => {
  const page = (tx: Tx, dataset: DatasetRow, accountId: string, q: TPortalRecordsQuery) =>
    queryRecordsPage(tx, dataset, {
      q: q.q,
      sort: q.sort,
      dir: q.dir,
      cursor: q.cursor,
      limit: q.limit,
      filters: filtersOf(q),
      visible: (f) => f.shown,
      where: [sql`account_id = ${accountId}`],
    });

  return {
    list: (ctx: TenantCtx) =>
      database.tenantTx(scopeOf(ctx), async (tx) => {
        const rows = await tx.select().from(datasets).orderBy(asc(datasets.position), asc(datasets.key));
        const items: TPortalDataset[] = rows.map((d) => ({
          key: d.key,
          labelHe: d.labelHe,
          labelEn: d.labelEn,
          fields: shownFields(d).map((f) => ({
            key: f.key,
            type: f.type,
            labelHe: f.labelHe,
            labelEn: f.labelEn,
            filterable: f.filterable,
          })),
          defaultSort:
            d.defaultSort && shownFields(d).some((f) => f.key === d.defaultSort) ? d.defaultSort : null,
          updatedAt: d.lastGoodAt?.toISOString() ?? null,
        }));
        return { items };
      }),

    /** One page of the customer's rows; opening the table (a page without cursor) is audited. */
    records: async (ctx: TenantCtx, key: string, q: TPortalRecordsQuery) => {
      const accountId = accountOf(ctx);
      const result = await database.tenantTx(scopeOf(ctx), async (tx) => {
        const dataset = await getDatasetOrThrow(tx, key);
        const fields = shownFields(dataset);
        const p = await page(tx, dataset, accountId, q);
        const result = {
          items: p.items.map((r) => ({ key: r.record_key, data: onlyShown(fields, r.data) })),
          nextCursor: p.nextCursor,
          updatedAt: dataset.lastGoodAt?.toISOString() ?? null,
        };
        // One row per view, not per page: scrolling on through the cursor adds nothing new to know.
        if (!q.cursor)
          await recordPortalView(tx, ctx, 'portal.dataset_viewed', datasetTarget(dataset), {
            ...viewedQuery(dataset, q),
            rows: result.items.length,
          });
        return result;
      });
      return result;
    },

    /** CSV (UTF-8 with BOM, for Excel) or XLSX (right-to-left sheet in Hebrew) of the same query. */
    export: async (ctx: TenantCtx, key: string, q: TPortalExportQuery) => {
      const accountId = accountOf(ctx);
      const { dataset, rowCount, file } = await database.tenantTx(scopeOf(ctx), async (tx) => {
        const dataset = await getDatasetOrThrow(tx, key);
        const fields = shownFields(dataset);
        const rows: Record<string, unknown>[] = [];
        let cursor: string | undefined;
        do {
          const p = await page(tx, dataset, accountId, { ...q, cursor, limit: EXPORT_PAGE });
          for (const r of p.items) rows.push(r.data);
          cursor = p.nextCursor ?? undefined;
        } while (cursor && rows.length < EXPORT_MAX_ROWS);
        const headers = fields.map((f) => (q.lang === 'he' ? f.labelHe : f.labelEn));
        const name = `${dataset.key}.${q.format}`;
        if (q.format === 'csv') {
          const body =
            UTF8_BOM +
            csvLine(headers) +
            rows.map((d) => csvLine(fields.map((f) => d[f.key] as string | number | null))).join('');
          const file = { name, contentType: 'text/csv; charset=utf-8', body: Buffer.from(body, 'utf8') };
          return { dataset, rowCount: rows.length, file };
        }
        const wb = new ExcelJS.Workbook();
        const ws = wb.addWorksheet((q.lang === 'he' ? dataset.labelHe : dataset.labelEn).slice(0, 31), {
          views: [{ rightToLeft: q.lang === 'he', state: 'frozen', ySplit: 1 }],
        });
        ws.addRow(headers).font = { bold: true };
        for (const d of rows) {
          ws.addRow(
            fields.map((f) => {
              const v = d[f.key];
              if (v === null || v === undefined) return null;
              if (f.type === 'date') return new Date(`${String(v)}T00:00:00Z`);
              if (f.type === 'datetime') return new Date(String(v));
              return v as string | number;
            }),
          );
        }
        fields.forEach((f, i) => {
          const col = ws.getColumn(i + 1);
          col.width = 18;
          if (f.type === 'date') col.numFmt = 'yyyy-mm-dd';
          if (f.type === 'datetime') col.numFmt = 'yyyy-mm-dd hh:mm';
        });
        const buf = Buffer.from(await wb.xlsx.writeBuffer());
        const file = {
          name,
          contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          body: buf,
        };
        return { dataset, rowCount: rows.length, file };
      });
      await database.tenantTx(scopeOf(ctx), (tx) =>
        recordPortalView(tx, ctx, 'portal.dataset_exported', datasetTarget(dataset), {
          ...viewedQuery(dataset, q),
          format: q.format,
          rows: rowCount,
        }),
      );
      return file;
    },
  };
};

export type DatasetPortal = ReturnType<typeof createDatasetPortal>;
