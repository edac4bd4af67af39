// Calendars and policies use the platform's If-Match versions and keyset cursors.
import * as keyset from '../../platform/db/keyset.js';
import { validationError } from '../../platform/errors/app-error.js';

export { expectedVersion, notFound, versionConflict } from '../../platform/http/versioning.js';
export const { encodeCursor } = keyset;

/** A cursor whose sort value must be of the given kind (lists here sort by name or position). */
export const decodeCursor = (s: string, kind: 'string' | 'number') => {
  const c = keyset.decodeCursor(s);
  if (typeof c.v !== kind) throw validationError([{ path: 'cursor', message: 'Invalid cursor' }]);
  return c as { v: string | number; id: string };
};

/** Cuts the extra row off a `limit + 1` query and makes the next cursor from the last item. */
export const pageOf = <R extends { id: string }, T>(
  rows: R[],
  limit: number,
  sortValue: (r: R) => string | number,
  map: (r: R) => T,
) => keyset.pageOf(rows, limit, sortValue, (r) => r.id, map);
