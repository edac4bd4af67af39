import { and, asc, desc, eq, isNull, ne, type SQL, sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db/database.js';
import { validationError } from '../../platform/errors/app-error.js';
import { deals } from './deals.table.js';

/** Spacing of Kanban ranks when a column is (re)numbered. */
export const RANK_STEP = 1024;

// Below this gap two neighbours are renumbered: halving a double ~40 times from RANK_STEP gets here,
// far above the precision limit, so the midpoint always lies strictly between them.
const MIN_GAP = 1e-6;

type Placement = { beforeId?: string | undefined; afterId?: string | undefined };

/**
 * Serialises rank changes in one Kanban column (a transaction-scoped lock), so two drops into the
 * same column compute their neighbours from the same committed order.
 */
export const lockColumn = (tx: Tx, tenantId: string, stageId: string) =>
  tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`kesher:deal-column:${tenantId}:${stageId}`}))`);

const column = (stageId: string, movingId: string | undefined): SQL | undefined =>
  and(eq(deals.stageId, stageId), isNull(deals.deletedAt), movingId ? ne(deals.id, movingId) : undefined);

/** The rank after the last card of the column. */
export const endOfColumn = async (tx: Tx, stageId: string, movingId?: string) => {
  const [r] = await tx
    .select({ m: sql<number | null>`max(${deals.rank})` })
    .from(deals)
    .where(column(stageId, movingId));
  return r?.m == null ? RANK_STEP : Number(r.m) + RANK_STEP;
};

/**
 * Renumbers a column 1×, 2×, 3×… RANK_STEP in its current order. Rank is board order only, so
 * this does not bump the deals' versions (it must not make someone's open edit stale).
 */
export const respaceColumn = async (tx: Tx, tenantId: string, stageId: string, movingId: string) => {
  await tx.execute(sql`
    update deals d set rank = s.rn * ${RANK_STEP}
    from (
      select id, row_number() over (order by rank, id) as rn
      from deals
      where tenant_id = ${tenantId} and stage_id = ${stageId} and deleted_at is null and id <> ${movingId}
    ) s
    where d.tenant_id = ${tenantId} and d.id = s.id`);
};

const neighbourOrThrow = async (tx: Tx, stageId: string, movingId: string, id: string, path: string) => {
  const [n] = await tx
    .select({ id: deals.id, rank: deals.rank })
    .from(deals)
    .where(and(eq(deals.id, id), column(stageId, movingId)))
    .limit(1);
  if (!n) throw validationError([{ path, message: 'Not another deal in the target stage' }]);
  return n;
};

// (rank, id) is the column order; the row comparisons below walk it from a neighbour.
const adjacent = async (
  tx: Tx,
  stageId: string,
  movingId: string,
  from: { id: string; rank: number },
  side: 'before' | 'after',
) => {
  const cmp =
    side === 'before'
      ? sql`(${deals.rank}, ${deals.id}) < (${from.rank}::double precision, ${from.id}::uuid)`
      : sql`(${deals.rank}, ${deals.id}) > (${from.rank}::double precision, ${from.id}::uuid)`;
  const [r] = await tx
    .select({ rank: deals.rank })
    .from(deals)
    .where(and(column(stageId, movingId), cmp))
    .orderBy(...(side === 'before' ? [desc(deals.rank), desc(deals.id)] : [asc(deals.rank), asc(deals.id)]))
    .limit(1);
  return r?.rank;
};

const between = (prev: number | undefined, next: number | undefined): number | undefined => {
  if (prev === undefined && next === undefined) return RANK_STEP;
  if (prev === undefined) return (next as number) - RANK_STEP;
  if (next === undefined) return prev + RANK_STEP;
  if (next - prev < MIN_GAP) return undefined;
  const mid = (prev + next) / 2;
  return mid > prev && mid < next ? mid : undefined;
};

/**
 * The rank that puts `movingId` just before `beforeId`, just after `afterId`, or at the end of
 * the column. When the neighbours are too close it renumbers the column first.
 */
export const rankFor = async (
  tx: Tx,
  tenantId: string,
  stageId: string,
  movingId: string,
  place: Placement,
): Promise<number> => {
  if (!place.beforeId && !place.afterId) return endOfColumn(tx, stageId, movingId);
  for (let attempt = 0; attempt < 2; attempt++) {
    let prev: number | undefined;
    let next: number | undefined;
    if (place.beforeId) {
      const n = await neighbourOrThrow(tx, stageId, movingId, place.beforeId, 'beforeId');
      next = n.rank;
      prev = await adjacent(tx, stageId, movingId, n, 'before');
    } else if (place.afterId) {
      const n = await neighbourOrThrow(tx, stageId, movingId, place.afterId, 'afterId');
      prev = n.rank;
      next = await adjacent(tx, stageId, movingId, n, 'after');
    }
    const rank = between(prev, next);
    if (rank !== undefined) return rank;
    await respaceColumn(tx, tenantId, stageId, movingId);
  }
  throw new Error('could not place the deal after renumbering its column');
};
