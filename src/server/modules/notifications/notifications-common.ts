// Small helpers of the notifications module: keyset cursors, not-found errors, ISO times.
import { AppError, validationError } from '../../platform/errors/app-error.js';

export const notFound = (what: string) => new AppError('NOT_FOUND', { userMessage: `${what} not found.` });

type Cursor = { v: string | number; id: string };

export const encodeCursor = (c: Cursor) => Buffer.from(JSON.stringify(c)).toString('base64url');

export const decodeCursor = (s: string, kind: 'string' | 'number'): Cursor => {
  try {
    const c = JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as Cursor;
    if (typeof c.id !== 'string' || !/^[0-9a-f-]{36}$/.test(c.id) || typeof c.v !== kind) {
      throw new Error('bad cursor');
    }
    return c;
  } catch {
    throw validationError([{ path: 'cursor', message: 'Invalid cursor' }]);
  }
};

/** Cuts the extra row off a `limit + 1` query and makes the next cursor from the last item. */
export const pageOf = <R extends { id: string }, T>(
  rows: R[],
  limit: number,
  sortValue: (r: R) => string | number,
  map: (r: R) => T,
) => {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map(map),
    nextCursor: rows.length > limit && last ? encodeCursor({ v: sortValue(last), id: last.id }) : null,
  };
};

export const iso = (d: Date) => d.toISOString();
export const isoOrNull = (d: Date | null | undefined) => (d ? d.toISOString() : null);
