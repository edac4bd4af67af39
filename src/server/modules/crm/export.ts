import { PassThrough, Readable } from 'node:stream';
import { eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import type { TCustomFieldDef } from '../../../shared/custom-fields.schemas.js';
import type { Tx } from '../../platform/db/database.js';
import { attachmentDisposition } from '../../platform/files/content-disposition.js';
import { type CsvValue, csvLine, UTF8_BOM } from '../../platform/files/csv-write.js';
import { scopeOf, type TenantCtx } from '../../platform/http/actor.js';
import { users } from '../auth/index.js';
import { type CustomFieldEntity, listDefs } from '../custom-fields/index.js';
import type { CrmDeps } from './crm.deps.js';
import { tenantTimeZone } from './crm-links.js';
import { pipelineStages, pipelines } from './deals.table.js';

/**
 * CSV and XLSX export of any CRM list: a column spec per entity plus the entity's own list
 * function, read in keyset pages of 1,000 (each page its own short transaction, so a slow
 * download never holds the database) and streamed to the client.
 */

export type ExportLang = 'he' | 'en';
export type ExportFormat = 'csv' | 'xlsx';

/** A cell: text, a number, or a date (`date` = a calendar day, `datetime` = an instant). */
export type ExportCell = string | number | { date: string } | { datetime: string } | null | undefined;

/** What column values may look up: user names, stage names, the language. */
export type ExportLookups = {
  lang: ExportLang;
  userName: (id: string | null | undefined) => string;
  stage: (id: string) => { name: string; pipeline: string } | undefined;
};

export type ExportColumn<T> = {
  he: string;
  en: string;
  kind?: 'number' | 'date' | 'datetime';
  width?: number;
  value: (row: T, l: ExportLookups) => ExportCell;
};

export type ExportSpec<T, Q> = {
  entity: CustomFieldEntity;
  file: { he: string; en: string };
  columns: ExportColumn<T>[];
  customFields: (row: T) => Record<string, unknown>;
  /** The entity's list use case; the exporter pages through it. */
  page: (
    ctx: TenantCtx,
    q: Q & { limit: number; cursor?: string | undefined },
  ) => Promise<{
    items: T[];
    nextCursor: string | null;
  }>;
  needsStages?: boolean;
};

export const PAGE_SIZE = 1000;

export type ExportResult = {
  contentType: string;
  disposition: string;
  body: Readable;
};

/** The wall-clock parts of an instant in the tenant's zone. */
const wallTime = (iso: string, tz: string) => {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: tz,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(new Date(iso))
      .map((p) => [p.type, p.value]),
  );
  return {
    y: parts.year ?? '0000',
    m: parts.month ?? '01',
    d: parts.day ?? '01',
    h: parts.hour ?? '00',
    min: parts.minute ?? '00',
  };
};

const customCell = (def: TCustomFieldDef, v: unknown, l: ExportLookups): ExportCell => {
  if (v === null || v === undefined || v === '') return null;
  const label = (value: string) => {
    const o = def.options.find((x) => x.value === value);
    return o ? (l.lang === 'he' ? o.labelHe : o.labelEn) : value;
  };
  switch (def.type) {
    case 'number':
    case 'currency':
      return typeof v === 'number' ? v : Number(v);
    case 'date':
      return { date: String(v) };
    case 'datetime':
      return { datetime: String(v) };
    case 'checkbox':
      return v ? (l.lang === 'he' ? 'כן' : 'Yes') : l.lang === 'he' ? 'לא' : 'No';
    case 'select':
      return label(String(v));
    case 'multi_select':
      return Array.isArray(v) ? v.map((x) => label(String(x))).join(', ') : String(v);
    case 'user':
      return l.userName(String(v));
    default:
      return typeof v === 'string' ? v : JSON.stringify(v);
  }
};

const customColumns = <T>(spec: ExportSpec<T, unknown>, defs: TCustomFieldDef[]): ExportColumn<T>[] =>
  defs
    .filter((d) => !d.archived)
    .map((d) => ({
      he: d.labelHe,
      en: d.labelEn,
      ...(d.type === 'number' || d.type === 'currency'
        ? { kind: 'number' as const }
        : d.type === 'date'
          ? { kind: 'date' as const }
          : d.type === 'datetime'
            ? { kind: 'datetime' as const }
            : {}),
      value: (row: T, l: ExportLookups) => customCell(d, spec.customFields(row)[d.key], l),
    }));

export const createExporter = (deps: CrmDeps) => {
  const lookupsOf = async (tx: Tx, ctx: TenantCtx, entity: CustomFieldEntity, needsStages: boolean) => {
    const names = new Map(
      (await tx.select({ id: users.id, name: users.name }).from(users)).map((u) => [u.id, u.name]),
    );
    const stages = new Map<string, { name: string; pipeline: string }>();
    if (needsStages) {
      const rows = await tx
        .select({ id: pipelineStages.id, name: pipelineStages.name, pipeline: pipelines.name })
        .from(pipelineStages)
        .innerJoin(pipelines, eq(pipelines.id, pipelineStages.pipelineId));
      for (const r of rows) stages.set(r.id, { name: r.name, pipeline: r.pipeline });
    }
    return {
      defs: (await listDefs(tx, entity)) as TCustomFieldDef[],
      tz: await tenantTimeZone(tx, ctx.tenantId),
      names,
      stages,
    };
  };

  /**
   * Streams every row the list filters select. The first page is read before anything is sent,
   * so a bad filter or sort still answers 400 as problem+json.
   */
  const run = async <T, Q>(
    ctx: TenantCtx,
    spec: ExportSpec<T, Q>,
    q: Q,
    opts: { format: ExportFormat; lang: ExportLang },
  ): Promise<ExportResult> => {
    const look = await deps.database.tenantTx(scopeOf(ctx), (tx) =>
      lookupsOf(tx, ctx, spec.entity, spec.needsStages ?? false),
    );
    const first = await spec.page(ctx, { ...q, limit: PAGE_SIZE });
    const lookups: ExportLookups = {
      lang: opts.lang,
      userName: (id) => (id ? (look.names.get(id) ?? '') : ''),
      stage: (id) => look.stages.get(id),
    };
    const columns = [...spec.columns, ...customColumns(spec as ExportSpec<T, unknown>, look.defs)];
    async function* pages(): AsyncGenerator<T[]> {
      yield first.items;
      let cursor = first.nextCursor;
      while (cursor) {
        const page = await spec.page(ctx, { ...q, limit: PAGE_SIZE, cursor });
        yield page.items;
        cursor = page.nextCursor;
      }
    }
    const now = wallTime(deps.clock.now().toISOString(), look.tz);
    const stamp = `${now.y}-${now.m}-${now.d}`;
    const ext = opts.format;
    const disposition = attachmentDisposition(
      `${spec.file[opts.lang]}-${stamp}.${ext}`,
      `${spec.file.en}-${stamp}.${ext}`,
    );
    const header = columns.map((c) => c[opts.lang]);

    if (opts.format === 'csv') {
      const text = (cell: ExportCell): CsvValue => {
        if (cell === null || cell === undefined) return '';
        if (typeof cell === 'object' && 'date' in cell) return cell.date;
        if (typeof cell === 'object' && 'datetime' in cell) {
          const w = wallTime(cell.datetime, look.tz);
          return `${w.y}-${w.m}-${w.d} ${w.h}:${w.min}`;
        }
        return cell;
      };
      async function* csv() {
        yield UTF8_BOM + csvLine(header);
        for await (const items of pages()) {
          yield items.map((row) => csvLine(columns.map((c) => text(c.value(row, lookups))))).join('');
        }
      }
      return { contentType: 'text/csv; charset=utf-8', disposition, body: Readable.from(csv()) };
    }

    const out = new PassThrough();
    const created = deps.clock.now();
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
      stream: out,
      useStyles: true,
      useSharedStrings: false,
    });
    wb.created = created;
    wb.modified = created;
    wb.creator = 'Kesher';
    const ws = wb.addWorksheet(spec.file[opts.lang].slice(0, 31), {
      views: [{ rightToLeft: opts.lang === 'he', state: 'frozen', ySplit: 1 }],
    });
    ws.columns = columns.map((c, i) => ({
      header: header[i],
      key: String(i),
      width: c.width ?? (c.kind === 'datetime' ? 18 : c.kind === 'date' ? 12 : 20),
      ...(c.kind === 'date'
        ? { style: { numFmt: 'dd/mm/yyyy' } }
        : c.kind === 'datetime'
          ? { style: { numFmt: 'dd/mm/yyyy hh:mm' } }
          : {}),
    }));
    ws.getRow(1).font = { bold: true };
    // Excel dates have no zone: store the tenant's wall time so the sheet shows local time.
    const xl = (cell: ExportCell): ExcelJS.CellValue => {
      if (cell === null || cell === undefined) return null;
      if (typeof cell === 'object' && 'date' in cell) {
        const d = new Date(`${cell.date}T00:00:00Z`);
        return Number.isNaN(d.getTime()) ? cell.date : d;
      }
      if (typeof cell === 'object' && 'datetime' in cell) {
        const w = wallTime(cell.datetime, look.tz);
        return new Date(Date.UTC(+w.y, +w.m - 1, +w.d, +w.h, +w.min));
      }
      return cell;
    };
    void (async () => {
      for await (const items of pages()) {
        for (const row of items) ws.addRow(columns.map((c) => xl(c.value(row, lookups)))).commit();
      }
      ws.commit();
      await wb.commit();
    })().catch((err) => out.destroy(err as Error));
    return {
      contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      disposition,
      body: out,
    };
  };

  return { run };
};

export type Exporter = ReturnType<typeof createExporter>;
