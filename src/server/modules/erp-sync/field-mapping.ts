import type { TFieldMapping } from '../../../shared/connectors.schemas.js';

/** `a.b.c` into nested source objects (sub-form rows are already flat). */
const read = (row: Record<string, unknown>, path: string): unknown => {
  if (path in row) return row[path];
  let cur: unknown = row;
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
};

const transform = (v: unknown, t: TFieldMapping['transform']): unknown => {
  if (v === undefined || v === null) return null;
  switch (t) {
    case 'none':
      return v;
    case 'trim':
      return typeof v === 'string' ? v.trim() : v;
    case 'upper':
      return typeof v === 'string' ? v.toUpperCase() : v;
    case 'lower':
      return typeof v === 'string' ? v.toLowerCase() : v;
    case 'number': {
      if (typeof v === 'number') return v;
      const n = Number(String(v).replace(/,/g, '').trim());
      return String(v).trim() === '' ? null : Number.isFinite(n) ? n : v;
    }
    case 'date': {
      // Priority writes a date as local midnight with its offset (2026-11-19T00:00:00+02:00): the
      // calendar date is the local one, so take it as written rather than converting to UTC.
      const m = /^(\d{4}-\d\d-\d\d)/.exec(String(v));
      return m ? m[1] : v;
    }
    case 'datetime': {
      // The instant, in UTC (+02:00 winter and +03:00 summer both land right).
      const ms = Date.parse(String(v));
      return Number.isNaN(ms) ? v : new Date(ms).toISOString();
    }
  }
};

/** A source row as a dataset record: only the mapped fields, transformed. */
export const applyMapping = (mapping: TFieldMapping[], row: Record<string, unknown>) => {
  const out: Record<string, unknown> = {};
  for (const m of mapping) out[m.target] = transform(read(row, m.source), m.transform);
  return out;
};
