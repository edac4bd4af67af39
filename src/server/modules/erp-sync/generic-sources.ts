import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import type { TCsvUrlConfig, THttpCredentials, TJsonHttpConfig } from '../../../shared/connectors.schemas.js';
import type { CallBudget } from './call-budget.js';
import { ConnectorFetchError, requestJson } from './http-fetch.js';

type Row = Record<string, unknown>;

/**
 * A small JSONPath subset: `$.a.b[*]`, `a.b`, `$[*]`, `items[0].rows`. `[*]` (or ending on an
 * array) yields the array's elements as rows.
 */
export const evalPath = (doc: unknown, path: string): unknown => {
  const parts = path
    .replace(/^\$\.?/, '')
    .split(/\.|(?=\[)/)
    .filter(Boolean);
  let cur: unknown = doc;
  for (const p of parts) {
    if (p === '[*]') continue;
    const idx = /^\[(\d+)\]$/.exec(p);
    if (idx) cur = Array.isArray(cur) ? cur[Number(idx[1])] : undefined;
    else cur = cur !== null && typeof cur === 'object' ? (cur as Row)[p] : undefined;
    if (cur === undefined) return undefined;
  }
  return cur;
};

const headersOf = (c: THttpCredentials | undefined): Record<string, string> =>
  c && c.kind === 'header' ? { [c.header]: c.value } : {};

const withParams = (base: string, params: Record<string, string | number>) => {
  const u = new URL(base);
  for (const [k, v] of Object.entries(params)) u.searchParams.set(k, String(v));
  return u.toString();
};

export type GenericReadOpts = {
  credentials: THttpCredentials | undefined;
  budget: CallBudget;
  limit?: number | undefined;
  timeoutMs?: number | undefined;
};

/** JSON over HTTP, paged by page number, offset or a cursor field of the response. */
export async function* readJsonHttp(c: TJsonHttpConfig, o: GenericReadOpts): AsyncGenerator<Row[]> {
  const headers = headersOf(o.credentials);
  const p = c.paging;
  let page = p.kind === 'page' ? p.start : 0;
  let offset = 0;
  let cursor: string | undefined;
  for (let n = 0; n < c.maxPages; n++) {
    const params: Record<string, string | number> = {};
    if (p.kind === 'page') {
      params[p.param] = page;
      if (p.sizeParam && p.size) params[p.sizeParam] = p.size;
    } else if (p.kind === 'offset') {
      params[p.param] = offset;
      params[p.limitParam] = p.size;
    } else if (p.kind === 'cursor' && cursor !== undefined) {
      params[p.param] = cursor;
    }
    const body = await requestJson(withParams(c.url, params), {
      headers,
      budget: o.budget,
      timeoutMs: o.timeoutMs,
      label: 'JSON',
    });
    const rows = evalPath(body, c.rowsPath);
    if (!Array.isArray(rows)) throw new ConnectorFetchError(`No rows at "${c.rowsPath}" in the response`);
    const objects = rows.filter((r): r is Row => r !== null && typeof r === 'object' && !Array.isArray(r));
    yield objects;
    if (o.limit !== undefined || p.kind === 'none' || rows.length === 0) return;
    if (p.kind === 'page') {
      if (p.size && rows.length < p.size) return;
      page++;
    } else if (p.kind === 'offset') {
      if (rows.length < p.size) return;
      offset += rows.length;
    } else {
      const next = evalPath(body, p.cursorPath);
      if (next === undefined || next === null || next === '') return;
      cursor = String(next);
    }
  }
  throw new ConnectorFetchError(`More than ${c.maxPages} pages: raise maxPages or check the paging settings`);
}

/** A CSV or .xlsx file at a URL: the first row names the columns. */
export async function* readCsvUrl(c: TCsvUrlConfig, o: GenericReadOpts): AsyncGenerator<Row[]> {
  const buf = (await requestJson(c.url, {
    headers: headersOf(o.credentials),
    budget: o.budget,
    timeoutMs: o.timeoutMs,
    raw: true,
  })) as Buffer;
  let rows: Row[];
  if (c.format === 'xlsx') {
    const wb = new ExcelJS.Workbook();
    try {
      await wb.xlsx.load(buf as unknown as ArrayBuffer);
    } catch {
      throw new ConnectorFetchError('The file is not a readable .xlsx workbook');
    }
    const sheet = wb.worksheets[0];
    if (!sheet) throw new ConnectorFetchError('The workbook has no sheet');
    const header: string[] = [];
    rows = [];
    sheet.eachRow((row, i) => {
      const values = (row.values as unknown[])
        .slice(1)
        .map((v) => (v && typeof v === 'object' && 'text' in v ? (v as { text: unknown }).text : v));
      if (i === 1) header.push(...values.map((v) => String(v ?? '').trim()));
      else
        rows.push(
          Object.fromEntries(
            header.map((h, j) => [
              h,
              values[j] instanceof Date ? (values[j] as Date).toISOString() : (values[j] ?? null),
            ]),
          ),
        );
    });
  } else {
    // Israeli exports are often Windows-1255; a UTF-8 BOM is dropped either way.
    const text = new TextDecoder(c.encoding === 'windows-1255' ? 'windows-1255' : 'utf-8')
      .decode(buf)
      .replace(/^\uFEFF/, '');
    const first = text.split(/\r?\n/, 1)[0] ?? '';
    const delimiter = c.delimiter ?? (first.split(';').length > first.split(',').length ? ';' : ',');
    try {
      rows = parseCsv(text, {
        columns: (h: string[]) => h.map((x) => x.trim()),
        delimiter,
        skip_empty_lines: true,
        relax_column_count: true,
        trim: true,
      });
    } catch (e) {
      throw new ConnectorFetchError(`The CSV cannot be read: ${(e as Error).message}`);
    }
  }
  const size = o.limit ?? 2000;
  for (let i = 0; i < rows.length; i += size) {
    yield rows.slice(i, i + size);
    if (o.limit !== undefined) return;
  }
  if (!rows.length) yield [];
}
