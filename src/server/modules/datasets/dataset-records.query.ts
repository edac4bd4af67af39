import { type SQL, sql } from 'drizzle-orm';
import { queryVariants } from '../../../shared/hebrew-normalise.js';
import { rowsOf, type Tx } from '../../platform/db/database.js';
import { validationError } from '../../platform/errors/app-error.js';
import type { DatasetField, DatasetRow } from './datasets.table.js';

export type RecordsQuery = {
  q?: string | undefined;
  sort?: string | undefined;
  dir: 'asc' | 'desc';
  /** field key → value, exact match (numbers numerically). */
  filters?: Record<string, string> | undefined;
  cursor?: string | undefined;
  limit: number;
  /** Fields that may be sorted and filtered on (the portal: shown fields only). */
  visible: (f: DatasetField) => boolean;
  /** More conditions, e.g. the portal's account or the admin's "unmatched" view. */
  where?: SQL[] | undefined;
};

export type RecordsPageRow = {
  record_key: string;
  owner_ref: string;
  account_id: string | null;
  data: Record<string, unknown>;
  updated_at: string | Date;
};

type Cursor = [boolean, string, string];

const encodeCursor = (c: Cursor) => Buffer.from(JSON.stringify(c)).toString('base64url');
const decodeCursor = (s: string): Cursor => {
  try {
    const c = JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as unknown;
    if (
      Array.isArray(c) &&
      c.length === 3 &&
      typeof c[0] === 'boolean' &&
      typeof c[1] === 'string' &&
      typeof c[2] === 'string'
    ) {
      return c as Cursor;
    }
  } catch {
    // falls through
  }
  throw validationError([{ path: 'cursor', message: 'Invalid cursor' }]);
};

const fieldValue = (f: DatasetField) => sql`(data ->> ${f.key})`;

/**
 * Typed sort key as (is-null, value): numbers compare numerically; dates and UTC date-times are
 * stored ISO, so their text order is time order. Coalescing keeps row comparisons null-free, so the
 * keyset condition `(n, v, key) > (…)` is exact; empty values sort last.
 */
const sortParts = (f: DatasetField | undefined) => {
  // No sort field: key order (a constant cannot stand in ORDER BY).
  if (!f)
    return {
      isNull: sql`(record_key is null)`,
      value: sql`record_key`,
      cast: (v: string) => sql`${v}::text`,
    };
  const raw = fieldValue(f);
  if (f.type === 'number') {
    return {
      isNull: sql`(${raw} is null)`,
      value: sql`coalesce(${raw}::numeric, 0)`,
      cast: (v: string) => sql`${v}::numeric`,
    };
  }
  return {
    isNull: sql`(${raw} is null)`,
    value: sql`coalesce(${raw}, '')`,
    cast: (v: string) => sql`${v}::text`,
  };
};

/** One keyset page of a dataset's records; the caller's role and RLS decide which rows exist. */
export const queryRecordsPage = async (tx: Tx, dataset: DatasetRow, q: RecordsQuery) => {
  const byKey = new Map(dataset.fields.map((f) => [f.key, f]));
  const sortKey = q.sort ?? dataset.defaultSort ?? undefined;
  const sortField = sortKey ? byKey.get(sortKey) : undefined;
  if (sortKey && (!sortField || !q.visible(sortField))) {
    throw validationError([{ path: 'sort', message: `Cannot sort by "${sortKey}"` }]);
  }
  const conds: SQL[] = [
    sql`tenant_id = ${dataset.tenantId}`,
    sql`dataset_id = ${dataset.id}`,
    ...(q.where ?? []),
  ];
  for (const [k, v] of Object.entries(q.filters ?? {})) {
    const f = byKey.get(k);
    if (!f?.filterable || !q.visible(f)) {
      throw validationError([{ path: `filter.${k}`, message: `Cannot filter by "${k}"` }]);
    }
    if (f.type === 'number') {
      if (!Number.isFinite(Number(v)) || v.trim() === '') {
        throw validationError([{ path: `filter.${k}`, message: 'Expected a number' }]);
      }
      conds.push(sql`(${fieldValue(f)})::numeric = ${v}::numeric`);
    } else {
      conds.push(sql`${fieldValue(f)} = ${v}`);
    }
  }
  const variants = q.q?.trim() ? queryVariants(q.q).filter(Boolean) : [];
  if (variants.length) {
    // Substring match on the normalised text; LIKE's own wildcards in the query are literal.
    const likes = variants.map((v) => sql`search_text like ${`%${v.replace(/[\\%_]/g, (c) => `\\${c}`)}%`}`);
    conds.push(sql`(${sql.join(likes, sql` or `)})`);
  }
  const s = sortParts(sortField);
  const desc = q.dir === 'desc';
  const op = desc ? sql`<` : sql`>`;
  if (q.cursor) {
    const [n, v, k] = decodeCursor(q.cursor);
    // Key order: record_key alone (never null), so the account index serves order and cursor and
    // a page reads 51 rows; with the (is-null, value) prefix every page sorted all the account's rows.
    conds.push(
      sortField
        ? sql`(${s.isNull}, ${s.value}, record_key) ${op} (${n}::boolean, ${s.cast(v)}, ${k}::text)`
        : sql`record_key ${op} ${k}::text`,
    );
  }
  const dir = desc ? sql`desc` : sql`asc`;
  const orderBy = sortField
    ? sql`${s.isNull} ${dir}, ${s.value} ${dir}, record_key ${dir}`
    : sql`record_key ${dir}`;
  const rows = rowsOf<RecordsPageRow & { s_null: boolean; s_value: string }>(
    await tx.execute(sql`
      select record_key, owner_ref, account_id, data, updated_at,
             ${s.isNull} as s_null, (${s.value})::text as s_value
      from dataset_records
      where ${sql.join(conds, sql` and `)}
      order by ${orderBy}
      limit ${q.limit + 1}`),
  );
  const more = rows.length > q.limit;
  const items = more ? rows.slice(0, q.limit) : rows;
  const last = items[items.length - 1];
  return {
    items,
    nextCursor: more && last ? encodeCursor([last.s_null, last.s_value, last.record_key]) : null,
  };
};

/** `filter.<field>=value` query parameters, as field → value. */
export const filtersOf = (query: Record<string, unknown>) => {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(query)) {
    if (k.startsWith('filter.') && typeof v === 'string') out[k.slice('filter.'.length)] = v;
  }
  return out;
};
