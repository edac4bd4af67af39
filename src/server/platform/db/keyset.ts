import { and, asc, desc, eq, gt, lt, or, type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { validationError } from '../errors/app-error.js';

// Keyset ("seek") pagination over (sort expression, id): stable under inserts, no OFFSET scans,
// and no total count. Cursors are opaque base64url JSON.

/** A sort value as it goes into a cursor (dates as ISO text). */
export const cursorValue = (v: unknown): string | number | null =>
  v instanceof Date
    ? v.toISOString()
    : typeof v === 'number' || typeof v === 'string'
      ? v
      : v == null
        ? null
        : String(v);

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
