import type { DatasetField, DatasetRow } from './datasets.table.js';

/** A record that passed validation: its key, owner reference and typed data. */
export type ValidDatasetRecord = { key: string; ownerRef: string; data: Record<string, unknown> };

export type DatasetRecordCheck =
  // `record` repeats the three values as one object, for callers that pass the record on whole.
  ({ ok: true; record: ValidDatasetRecord } & ValidDatasetRecord) | { ok: false; errors: string[] };

/** Joins the record key fields' values; U+001F cannot occur in a sane key value. */
export const KEY_SEPARATOR = '\u001f';

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
// ISO 8601 date-time with an explicit offset (Z or ±hh:mm): a bare local time is ambiguous.
const DATETIME_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

const isRealDate = (y: number, m: number, d: number) => {
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
};

type Coerced = { ok: true; value: unknown } | { ok: false; error: string };

/** One field's value in its type; null/undefined/'' mean "no value". */
export const coerceFieldValue = (field: DatasetField, raw: unknown): Coerced => {
  if (raw === null || raw === undefined || raw === '') return { ok: true, value: null };
  switch (field.type) {
    case 'text':
    case 'status':
      if (typeof raw === 'string') return { ok: true, value: raw };
      if (typeof raw === 'number' || typeof raw === 'boolean') return { ok: true, value: String(raw) };
      return { ok: false, error: `${field.key}: expected a string` };
    case 'number': {
      const n =
        typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() ? Number(raw) : Number.NaN;
      if (!Number.isFinite(n)) return { ok: false, error: `${field.key}: expected a number` };
      return { ok: true, value: n };
    }
    case 'date': {
      const m = typeof raw === 'string' ? DATE_RE.exec(raw) : null;
      if (!m || !isRealDate(Number(m[1]), Number(m[2]), Number(m[3]))) {
        return { ok: false, error: `${field.key}: expected a date YYYY-MM-DD` };
      }
      return { ok: true, value: raw };
    }
    case 'datetime': {
      const t = typeof raw === 'string' && DATETIME_RE.test(raw) ? Date.parse(raw) : Number.NaN;
      if (!Number.isFinite(t)) {
        return { ok: false, error: `${field.key}: expected an ISO date-time with a time zone offset` };
      }
      // Stored in UTC so that text order is time order (sorting, keyset cursors).
      return { ok: true, value: new Date(t).toISOString() };
    }
    case 'link': {
      if (typeof raw !== 'string') return { ok: false, error: `${field.key}: expected a URL` };
      try {
        const u = new URL(raw);
        if (u.protocol === 'http:' || u.protocol === 'https:') return { ok: true, value: raw };
      } catch {
        // falls through to the error
      }
      return { ok: false, error: `${field.key}: expected an http or https URL` };
    }
  }
};

type DatasetShape = Pick<DatasetRow, 'fields' | 'recordKey' | 'ownerField'>;

/**
 * Checks one raw record against the dataset's fields. Unknown properties are dropped (an ERP
 * sends more columns than the admin defined); every record key field and the owner field must
 * have a value.
 */
export const validateDatasetRecord = (dataset: DatasetShape, raw: unknown): DatasetRecordCheck => {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return { ok: false, errors: ['record: expected an object'] };
  }
  const input = raw as Record<string, unknown>;
  const errors: string[] = [];
  const data: Record<string, unknown> = {};
  for (const f of dataset.fields) {
    const c = coerceFieldValue(f, input[f.key]);
    if (c.ok) data[f.key] = c.value;
    else errors.push(c.error);
  }
  for (const k of dataset.recordKey) {
    if (data[k] === null && !errors.some((e) => e.startsWith(`${k}:`)))
      errors.push(`${k}: required (record key)`);
  }
  const owner = data[dataset.ownerField];
  if (owner === null && !errors.some((e) => e.startsWith(`${dataset.ownerField}:`))) {
    errors.push(`${dataset.ownerField}: required (owner)`);
  }
  if (errors.length) return { ok: false, errors };
  const key = dataset.recordKey.map((k) => String(data[k])).join(KEY_SEPARATOR);
  const ownerRef = String(owner);
  return { ok: true, key, ownerRef, data, record: { key, ownerRef, data } };
};
