import { describe, expect, it } from 'vitest';
import { normaliseHeader, parseDateText, suggestMapping, targetsFor } from '../import-mapping.js';
import { decodeText, parseSpreadsheet, sniffDelimiter, zipUnpackedSize } from '../import-parse.js';
import { cp1255, xlsxOf } from './import-helpers.js';

describe('file reading', () => {
  it('sniffs the delimiter from the header line, ignoring quoted ones', () => {
    expect(sniffDelimiter('a,b,c\n1;2;3;4;5')).toBe(',');
    expect(sniffDelimiter('a;b;"c,d,e"\n')).toBe(';');
    expect(sniffDelimiter('a\tb\tc\n')).toBe('\t');
    expect(sniffDelimiter('name\nx')).toBe(',');
  });

  it('decodes UTF-8 (BOM or not), UTF-16 with BOM and Windows-1255; refuses binary', () => {
    expect(decodeText(Buffer.from('\uFEFFשלום', 'utf8'))).toEqual({ text: 'שלום', encoding: 'utf-8-bom' });
    expect(decodeText(Buffer.from('שלום', 'utf8'))).toEqual({ text: 'שלום', encoding: 'utf-8' });
    expect(decodeText(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('שלום', 'utf16le')]))).toEqual({
      text: 'שלום',
      encoding: 'utf-16le',
    });
    expect(decodeText(cp1255('שלום, world'))).toEqual({ text: 'שלום, world', encoding: 'windows-1255' });
    expect(() => decodeText(Buffer.from([0x41, 0x00, 0x42]))).toThrow(/not a CSV or Excel/);
    expect(() => decodeText(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00]))).toThrow();
  });

  it('reads the unpacked size from a zip directory and refuses a declared zip bomb', async () => {
    const buf = await xlsxOf([['name'], ['x']]);
    const size = zipUnpackedSize(buf);
    expect(size).toBeGreaterThan(1000);
    expect(size).toBeLessThan(100_000);
    // Claim 4 GB for the first entry in the central directory.
    const bomb = Buffer.from(buf);
    const cd = bomb.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    bomb.writeUInt32LE(0xf0000000, cd + 24);
    expect(zipUnpackedSize(bomb)).toBeGreaterThan(1e9);
    await expect(parseSpreadsheet(bomb, 'bomb.xlsx')).rejects.toMatchObject({ code: 'IMPORT_UNREADABLE' });
  });

  it('numbers every row as the spreadsheet does and skips blank ones', async () => {
    const sheet = await parseSpreadsheet(Buffer.from('name,city\n\nA,Haifa\n,\nB,\n'), 'x.csv');
    expect(sheet.rows).toEqual([
      { row: 3, cells: ['A', 'Haifa'] },
      { row: 5, cells: ['B', ''] },
    ]);
    const dup = await parseSpreadsheet(Buffer.from('Phone,Phone,,Name\n1,2,3,4\n'), 'x.csv');
    expect(dup.headers).toEqual(['Phone', 'Phone (2)', 'Column 3', 'Name']);
  });
});

describe('mapping', () => {
  it('normalises headers: quotes, gershayim, dots, case', () => {
    expect(normaliseHeader('ח.פ.')).toBe('חפ');
    expect(normaliseHeader('ח"פ')).toBe('חפ');
    expect(normaliseHeader('דוא״ל')).toBe('דואל');
    expect(normaliseHeader(' E-Mail ')).toBe('email');
    expect(normaliseHeader('Company_Number')).toBe('company number');
  });

  it('guesses fields, numbered copies included; a single field takes the first column', () => {
    const targets = targetsFor('account', []);
    expect(suggestMapping(['Name', 'שם לקוח', 'Phone 1', 'Phone 2', 'Notes'], targets)).toEqual({
      Name: 'name',
      'שם לקוח': null,
      'Phone 1': 'phones',
      'Phone 2': 'phones',
      Notes: null,
    });
  });

  it('reads day-first dates', () => {
    expect(parseDateText('31/12/2024')).toBe('2024-12-31');
    expect(parseDateText('1.5.90')).toBe('1990-05-01');
    expect(parseDateText('2024-02-29')).toBe('2024-02-29');
    expect(parseDateText('31/02/2024')).toBeUndefined();
    expect(parseDateText('soon')).toBeUndefined();
  });
});
