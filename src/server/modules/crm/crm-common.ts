import { and, asc, desc, eq, gt, lt, or, type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { TFieldError } from '../../../shared/errors.js';
import { AppError, validationError } from '../../platform/errors/app-error.js';
import { normalisePhone, phoneSearchKeys } from '../../platform/phones.js';
import type { PhoneValue } from './crm.columns.js';

type PhoneInput = string | { number: string; label?: string | undefined };

/** Normalises phones to E.164 (original text kept); collects field errors for invalid ones. */
export const parsePhones = (inputs: PhoneInput[], path = 'phones', errors: TFieldError[] = []) => {
  const phones: PhoneValue[] = [];
  const keys = new Set<string>();
  inputs.forEach((input, i) => {
    const raw = typeof input === 'string' ? input : input.number;
    const label = typeof input === 'string' ? undefined : input.label;
    const p = normalisePhone(raw);
    if (!p.e164) {
      errors.push({ path: `${path}.${i}`, message: `Not a valid phone number: ${raw}` });
      return;
    }
    phones.push({ raw: p.raw, e164: p.e164, ...(label ? { label } : {}) });
    for (const k of phoneSearchKeys(p.e164)) keys.add(k);
  });
  return { phones, phoneKeys: [...keys], errors };
};

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/;

export const parseEmails = (inputs: string[], path = 'emails', errors: TFieldError[] = []) => {
  const out: string[] = [];
  inputs.forEach((e, i) => {
    const v = e.trim().toLowerCase();
    if (!EMAIL.test(v)) errors.push({ path: `${path}.${i}`, message: `Not a valid email: ${e}` });
    else if (!out.includes(v)) out.push(v);
  });
  return out;
};

export const throwIfErrors = (errors: TFieldError[]) => {
  if (errors.length) throw validationError(errors);
};

/**
 * Runs a validation step that may throw VALIDATION_FAILED (custom fields) and reports its field
 * errors together with those already collected, so one 400 names every bad field.
 */
export const withFieldErrors = async <T>(errors: TFieldError[], step: () => Promise<T>): Promise<T> => {
  let result: T;
  try {
    result = await step();
  } catch (e) {
    if (e instanceof AppError && e.code === 'VALIDATION_FAILED' && e.fields) {
      throw validationError([...errors, ...e.fields]);
    }
    throw e;
  }
  throwIfErrors(errors);
  return result;
};

/** A sort value as it goes into a cursor (dates as ISO text). */
export const cursorValue = (v: unknown): string | number | null =>
  v instanceof Date
    ? v.toISOString()
    : typeof v === 'number' || typeof v === 'string'
      ? v
      : v == null
        ? null
        : String(v);

/** The version a PATCH read: `If-Match: "3"` (or W/"3") or `version` in the body. */
export const expectedVersion = (ifMatch: string | undefined, bodyVersion: number | undefined): number => {
  const fromHeader = ifMatch ? Number(ifMatch.replace(/^W\//, '').replaceAll('"', '')) : undefined;
  const v = fromHeader ?? bodyVersion;
  if (v === undefined || !Number.isInteger(v)) {
    throw new AppError('PRECONDITION_REQUIRED', {
      userMessage:
        'Send the version you read (If-Match header or "version") so changes are never overwritten silently.',
    });
  }
  return v;
};

export const versionConflict = (current: unknown) =>
  new AppError('VERSION_CONFLICT', {
    userMessage:
      'Someone else changed this record since you opened it. Review the current values and try again.',
    extra: { current },
  });

export const notFound = (what: string) => new AppError('NOT_FOUND', { userMessage: `${what} not found.` });

// ── Lists: keyset pagination over (sort expression, id) ───────────────

export type SortSpec = { expr: SQL | AnyPgColumn; dir: 'asc' | 'desc'; key: string };

type Cursor = { v: string | number | null; id: string };

export const encodeCursor = (c: Cursor) => Buffer.from(JSON.stringify(c)).toString('base64url');

export const decodeCursor = (s: string): Cursor => {
  try {
    const c = JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as Cursor;
    if (typeof c.id !== 'string' || !/^[0-9a-f-]{36}$/.test(c.id)) throw new Error('bad id');
    return c;
  } catch {
    throw validationError([{ path: 'cursor', message: 'Invalid cursor' }]);
  }
};

/**
 * Resolves `?sort=name` / `-createdAt` / `cf.contract_end` against the allowed columns.
 * Custom fields sort as text (dates are ISO, so they sort right) or as numbers.
 */
export const resolveSort = (
  sort: string | undefined,
  allowed: Record<string, SQL | AnyPgColumn>,
  fallback: string,
  customFields?: { column: AnyPgColumn; numericKeys: Set<string>; knownKeys: Set<string> },
): SortSpec => {
  const raw = sort ?? fallback;
  const dir = raw.startsWith('-') ? 'desc' : 'asc';
  const key = raw.replace(/^-/, '');
  if (key.startsWith('cf.') && customFields) {
    const cf = key.slice(3);
    if (!customFields.knownKeys.has(cf))
      throw validationError([{ path: 'sort', message: `Unknown custom field ${cf}` }]);
    const expr = customFields.numericKeys.has(cf)
      ? sql`coalesce((${customFields.column}->>${cf})::numeric, -1e15)`
      : sql`coalesce(${customFields.column}->>${cf}, '')`;
    return { expr, dir, key };
  }
  const expr = allowed[key];
  if (!expr) {
    throw validationError([{ path: 'sort', message: `Sort by one of: ${Object.keys(allowed).join(', ')}` }]);
  }
  return { expr, dir, key };
};

/** WHERE part that continues after the cursor, and ORDER BY for the sort. */
export const keyset = (s: SortSpec, idCol: AnyPgColumn, cursor: string | undefined) => {
  const order = s.dir === 'asc' ? [asc(s.expr), asc(idCol)] : [desc(s.expr), desc(idCol)];
  if (!cursor) return { where: undefined, order };
  const c = decodeCursor(cursor);
  const cmp = s.dir === 'asc' ? gt : lt;
  // Compare as raw SQL so the cursor value binds as text and PostgreSQL casts it to the column type.
  const e = sql`${s.expr}`;
  const where = or(cmp(e, c.v), and(eq(e, c.v), cmp(idCol, c.id)));
  return { where, order };
};

/** Cuts the extra row off a `limit + 1` query and makes the next cursor from the last item. */
export const pageOf = <R, T>(
  rows: R[],
  limit: number,
  sortValue: (r: R) => string | number | null,
  idOf: (r: R) => string,
  map: (r: R) => T,
) => {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map(map),
    nextCursor: rows.length > limit && last ? encodeCursor({ v: sortValue(last), id: idOf(last) }) : null,
  };
};

/** Parses `?cf={"key":value}` custom-field equality filters. */
export const parseCustomFieldFilter = (
  cf: string | undefined,
  column: AnyPgColumn,
  knownKeys: Set<string>,
): SQL[] => {
  if (!cf) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(cf);
  } catch {
    throw validationError([{ path: 'cf', message: 'Custom-field filter must be JSON' }]);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw validationError([{ path: 'cf', message: 'Custom-field filter must be an object' }]);
  }
  return Object.entries(parsed).map(([k, v]) => {
    if (!knownKeys.has(k)) throw validationError([{ path: `cf.${k}`, message: 'Unknown custom field' }]);
    // JSON containment matches scalars exactly and multi-select arrays by inclusion.
    return sql`${column} @> ${JSON.stringify({ [k]: Array.isArray(v) ? v : v })}::jsonb`;
  });
};
