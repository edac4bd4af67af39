import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { IMPORT_MAX_ROWS } from '../../../shared/imports.schemas.js';
import { AppError } from '../../platform/errors/app-error.js';

export type SheetRow = {
  /** Row number as the spreadsheet shows it (header = 1). */ row: number;
  cells: string[];
};

export type ParsedSheet = {
  format: 'csv' | 'xlsx';
  /** Unique, non-empty column names (a repeated header gets " (2)", an empty one "Column N"). */
  headers: string[];
  /** Data rows with at least one non-empty cell, each as long as `headers`. */
  rows: SheetRow[];
  encoding?: 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'windows-1255';
  delimiter?: string;
};

const unreadable = (userMessage: string, cause?: unknown) =>
  new AppError('IMPORT_UNREADABLE', { userMessage, ...(cause ? { cause } : {}) });

const NOT_A_SHEET =
  'This file is not a CSV or Excel (.xlsx) spreadsheet, or it is damaged. Save it from Excel as .xlsx or CSV and try again.';

/** Reads an uploaded CSV or .xlsx into headers and rows of text; throws IMPORT_* for anything else. */
export const parseSpreadsheet = async (file: Buffer, fileName: string): Promise<ParsedSheet> => {
  if (file.length === 0) throw new AppError('IMPORT_EMPTY', { userMessage: 'The file is empty.' });
  // .xlsx is a zip; the old binary .xls is an OLE2 compound file.
  if (file[0] === 0x50 && file[1] === 0x4b && file[2] === 0x03 && file[3] === 0x04) return parseXlsx(file);
  if (file[0] === 0xd0 && file[1] === 0xcf && file[2] === 0x11 && file[3] === 0xe0) {
    throw unreadable(
      'Old Excel files (.xls) are not supported. Save the file as .xlsx or CSV and try again.',
    );
  }
  if (/\.xlsx$/i.test(fileName)) throw unreadable(NOT_A_SHEET);
  return parseCsvText(file);
};

// ── CSV ───────────────────────────────────────────────────────────────

/**
 * UTF-8 (with or without BOM), UTF-16 with BOM (Excel's "Unicode text"), and otherwise
 * Windows-1255, which older Hebrew Excel versions write. A file that is none of these — or that
 * holds control characters no text file has — is not a spreadsheet.
 */
export const decodeText = (buf: Buffer): { text: string; encoding: NonNullable<ParsedSheet['encoding']> } => {
  let text: string;
  let encoding: NonNullable<ParsedSheet['encoding']>;
  try {
    if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) {
      text = new TextDecoder('utf-8', { fatal: true }).decode(buf.subarray(3));
      encoding = 'utf-8-bom';
    } else if (buf[0] === 0xff && buf[1] === 0xfe) {
      text = new TextDecoder('utf-16le', { fatal: true }).decode(buf.subarray(2));
      encoding = 'utf-16le';
    } else {
      try {
        text = new TextDecoder('utf-8', { fatal: true }).decode(buf);
        encoding = 'utf-8';
      } catch {
        text = new TextDecoder('windows-1255', { fatal: true }).decode(buf);
        encoding = 'windows-1255';
      }
    }
  } catch (e) {
    throw unreadable(NOT_A_SHEET, e);
  }
  // NUL and the other C0 controls (bar tab, newlines, form feed, and the ^Z some old tools append)
  // never appear in a text export: this is a binary file that happened to decode.
  if (hasBinaryControls(text)) throw unreadable(NOT_A_SHEET);
  return { text, encoding };
};

// Tab, LF, FF, CR and 0x1A (^Z) are allowed; every other C0 control marks a binary file.
const TEXT_CONTROLS = new Set([0x09, 0x0a, 0x0c, 0x0d, 0x1a]);
const hasBinaryControls = (text: string) => {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 && !TEXT_CONTROLS.has(c)) return true;
  }
  return false;
};

/** The delimiter that splits the header line most: `,`, `;` (European Excel) or tab. */
export const sniffDelimiter = (text: string): string => {
  const counts = new Map<string, number>([
    [',', 0],
    [';', 0],
    ['\t', 0],
  ]);
  let quoted = false;
  for (const c of text) {
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === '\n' || c === '\r')) break;
    else if (!quoted && counts.has(c)) counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  let best = ',';
  for (const [d, n] of counts) if (n > (counts.get(best) ?? 0)) best = d;
  return best;
};

const parseCsvText = (buf: Buffer): ParsedSheet => {
  const { text, encoding } = decodeText(buf);
  const delimiter = sniffDelimiter(text);
  let records: string[][];
  try {
    records = parseCsv(text, {
      delimiter,
      bom: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
    }) as string[][];
  } catch (e) {
    throw unreadable(`The CSV file could not be read: ${e instanceof Error ? e.message : 'bad format'}.`, e);
  }
  // The header is row 1; blank lines keep their numbers so a row matches what Excel shows.
  return shape(
    'csv',
    records.map((cells, i) => ({ row: i + 1, cells })),
    { encoding, delimiter },
  );
};

// ── XLSX ──────────────────────────────────────────────────────────────

// A 10 MB .xlsx of 50,000 rows unpacks to a few tens of MB; far more is a zip bomb.
const MAX_UNPACKED_BYTES = 300 * 1024 * 1024;

/**
 * The total unpacked size a zip declares in its central directory, read before anything is
 * unpacked; Infinity when the directory is missing or uses ZIP64 (not needed for a real sheet).
 */
export const zipUnpackedSize = (buf: Buffer): number => {
  const EOCD = 0x06054b50;
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return Number.POSITIVE_INFINITY;
  const entries = buf.readUInt16LE(eocd + 10);
  let at = buf.readUInt32LE(eocd + 16);
  let total = 0;
  for (let n = 0; n < entries; n++) {
    if (at + 46 > buf.length || buf.readUInt32LE(at) !== 0x02014b50) return Number.POSITIVE_INFINITY;
    const size = buf.readUInt32LE(at + 24);
    if (size === 0xffffffff) return Number.POSITIVE_INFINITY;
    total += size;
    at += 46 + buf.readUInt16LE(at + 28) + buf.readUInt16LE(at + 30) + buf.readUInt16LE(at + 32);
  }
  return total;
};

const parseXlsx = async (buf: Buffer): Promise<ParsedSheet> => {
  if (zipUnpackedSize(buf) > MAX_UNPACKED_BYTES) throw unreadable(NOT_A_SHEET);
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
  } catch (e) {
    throw unreadable(NOT_A_SHEET, e);
  }
  const ws = wb.worksheets.find((w) => w.state !== 'hidden' && w.state !== 'veryHidden') ?? wb.worksheets[0];
  if (!ws) throw new AppError('IMPORT_EMPTY', { userMessage: 'The workbook has no sheets.' });
  if (ws.actualRowCount > IMPORT_MAX_ROWS + 1) throw tooManyRows();
  const rows: SheetRow[] = [];
  ws.eachRow({ includeEmpty: false }, (row) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      cells[col - 1] = cellText(cell.value, cell.numFmt);
    });
    rows.push({ row: row.number, cells: Array.from(cells, (c) => c ?? '') });
  });
  return shape('xlsx', rows, {});
};

type CellValue = ExcelJS.CellValue | undefined;

/** A cell as text: dates as ISO, formulas as their result, rich text and links as their text. */
export const cellText = (v: CellValue, numFmt?: string): string => {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return dateText(v);
  if (typeof v === 'number') return numberText(v, numFmt);
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if ('richText' in v) return v.richText.map((r) => r.text).join('');
  if ('formula' in v || 'sharedFormula' in v) return cellText(v.result as CellValue, numFmt);
  if ('hyperlink' in v) {
    const t = v.text as unknown;
    if (typeof t === 'string') return t;
    if (t && typeof t === 'object' && 'richText' in t) return cellText(t as CellValue);
    return v.hyperlink.replace(/^mailto:/i, '');
  }
  if ('error' in v) return '';
  return '';
};

// Excel stores a date as a serial number with no zone; exceljs hands it over as that wall time in
// UTC. A date without a time becomes YYYY-MM-DD; one with a time keeps its wall time.
const dateText = (d: Date): string => {
  const iso = d.toISOString();
  if (iso.endsWith('T00:00:00.000Z')) return iso.slice(0, 10);
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
};

const numberText = (n: number, numFmt: string | undefined): string => {
  // A format of zeros (0000000000) is how Excel keeps a phone's leading zero on a number.
  if (numFmt && /^0+$/.test(numFmt) && Number.isInteger(n) && n >= 0) {
    return String(n).padStart(numFmt.length, '0');
  }
  if (Number.isInteger(n)) return n.toLocaleString('en-US', { useGrouping: false });
  return String(Number(n.toPrecision(15)));
};

// ── both ──────────────────────────────────────────────────────────────

const tooManyRows = () =>
  new AppError('IMPORT_TOO_MANY_ROWS', {
    userMessage: `One import takes at most ${IMPORT_MAX_ROWS.toLocaleString('en-US')} rows. Split the file and import each part.`,
  });

// Spreadsheet text often carries stray spaces and direction marks around values.
const clean = (s: string) =>
  s.replace(/^[\s\u200e\u200f\u202a-\u202e\ufeff]+|[\s\u200e\u200f\u202a-\u202e]+$/g, '');

const shape = (
  format: ParsedSheet['format'],
  raw: SheetRow[],
  extra: Pick<ParsedSheet, 'encoding' | 'delimiter'>,
): ParsedSheet => {
  const nonEmpty = raw
    .map((r) => ({ row: r.row, cells: r.cells.map((c) => clean(c ?? '')) }))
    .filter((r) => r.cells.some((c) => c !== ''));
  const [head, ...data] = nonEmpty;
  if (!head || data.length === 0) {
    throw new AppError('IMPORT_EMPTY', {
      userMessage: 'The file needs a header row with column names and at least one row of data.',
    });
  }
  if (data.length > IMPORT_MAX_ROWS) throw tooManyRows();
  // Trailing empty header cells are not columns.
  let width = head.cells.length;
  while (width > 0 && head.cells[width - 1] === '') width--;
  const seen = new Map<string, number>();
  const headers = head.cells.slice(0, width).map((h, i) => {
    const base = h || `Column ${i + 1}`;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return n === 1 ? base : `${base} (${n})`;
  });
  const rows = data.map((r) => ({
    row: r.row,
    cells: headers.map((_, i) => r.cells[i] ?? ''),
  }));
  return { format, headers, rows, ...extra };
};
