import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { israeliHolidays } from '../israeli-holidays.js';

// The reference list lives outside the repo, beside it: ../shared/data from the repo root.
const CSV = path.resolve('..', 'shared', 'data', 'il-holidays-2025-2026.csv');

type Row = { date: string; weekday: string; name_en: string; name_he: string; business_day: string };

const reference = (): Row[] => {
  if (!existsSync(CSV)) {
    throw new Error(
      `Reference holidays CSV not found at ${CSV}. Run the tests from the repo root with ../shared/data present.`,
    );
  }
  return parse(readFileSync(CSV, 'utf8'), {
    columns: true,
    comment: '#',
    skip_empty_lines: true,
    trim: true,
  });
};

describe('israeliHolidays (@hebcal/core, Israel schedule)', () => {
  const rows = reference();

  it('reads a non-trivial reference file', () => {
    expect(rows.length).toBeGreaterThanOrEqual(30);
  });

  for (const year of [2025, 2026]) {
    it(`matches the reference CSV for ${year} row by row (date, kind, English and Hebrew names)`, () => {
      const expected = rows
        .filter((r) => r.date.startsWith(`${year}-`))
        .map((r) => ({ date: r.date, kind: r.business_day, name: r.name_en, nameHe: r.name_he }));
      const actual = israeliHolidays(year).map((h) => ({
        date: h.date,
        kind: h.kind,
        name: h.name,
        nameHe: h.nameHe,
      }));
      expect(actual).toEqual(expected);
    });
  }

  it('the CSV weekdays agree with the dates (a sanity check of the reference itself)', () => {
    const names = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
    for (const r of rows) expect(names[new Date(`${r.date}T00:00:00Z`).getUTCDay()], r.date).toBe(r.weekday);
  });

  it("includes Yom Ha'atzmaut as closed although hebcal flags it MODERN, not CHAG", () => {
    expect(israeliHolidays(2026).find((h) => h.date === '2026-04-22')).toMatchObject({
      name: "Yom HaAtzma'ut",
      kind: 'closed',
      hours: null,
    });
  });

  it('gives eves 08:00–13:00 by default, or the hours asked for', () => {
    expect(israeliHolidays(2026).find((h) => h.date === '2026-04-01')?.hours).toEqual([['08:00', '13:00']]);
    const custom = israeliHolidays(2026, { shortHours: [['08:00', '14:00']] });
    expect(custom.find((h) => h.date === '2026-04-01')?.hours).toEqual([['08:00', '14:00']]);
    expect(custom.filter((h) => h.kind === 'short').every((h) => h.hours?.[0]?.[1] === '14:00')).toBe(true);
  });

  it('leaves out minor days and their eves (Purim, Tish’a B’Av, Chanukah, Chol HaMoed)', () => {
    const names = israeliHolidays(2026).map((h) => h.name);
    for (const n of ['Purim', 'Erev Purim', "Tish'a B'Av", "Erev Tish'a B'Av", 'Chanukah: 1 Candle']) {
      expect(names).not.toContain(n);
    }
    expect(names.some((n) => n.includes("CH''M"))).toBe(false);
  });
});

describe('licence boundary', () => {
  // @hebcal/core is GPL-2.0: it may run on the server but must never reach a browser bundle.
  const sources = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory()
        ? e.name === 'node_modules'
          ? []
          : sources(path.join(dir, e.name))
        : /\.(ts|tsx)$/.test(e.name)
          ? [path.join(dir, e.name)]
          : [],
    );

  it('nothing under src/shared or src/web imports @hebcal', () => {
    const offenders = ['src/shared', 'src/web']
      .filter((d) => existsSync(d))
      .flatMap(sources)
      .filter((f) => /['"]@hebcal\//.test(readFileSync(f, 'utf8')));
    expect(offenders).toEqual([]);
  });
});
