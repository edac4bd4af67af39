/** Excel reads a UTF-8 CSV as UTF-8 (and so shows Hebrew) only when it starts with a BOM. */
export const UTF8_BOM = '\uFEFF';

// Spreadsheet apps run a cell that starts with = + - @ as a formula ("CSV injection"). A leading
// apostrophe makes it text. Phone and plain numbers (+972…, -12.5) are left alone: they are not
// formulas that can call anything.
const FORMULA_START = /^[=+\-@\t\r]/;
const NUMBER_LIKE = /^[+-]?[\d\s().-]*$/;

export type CsvValue = string | number | boolean | Date | null | undefined;

/** One cell, quoted when it has to be, defused when a spreadsheet would run it. */
export const csvCell = (v: CsvValue): string => {
  if (v === null || v === undefined) return '';
  let s = v instanceof Date ? v.toISOString() : String(v);
  if (typeof v === 'string' && FORMULA_START.test(s) && !NUMBER_LIKE.test(s)) s = `'${s}`;
  return /[",\r\n;]/.test(s) || s !== s.trim() ? `"${s.replaceAll('"', '""')}"` : s;
};

/** One CSV record with CRLF, as Excel writes it. */
export const csvLine = (cells: CsvValue[]): string => `${cells.map(csvCell).join(',')}\r\n`;
