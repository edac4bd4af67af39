import { and, asc, count, eq, gte, isNull, lte, or, sql } from 'drizzle-orm';
import type { TBoard } from '../../../shared/crm/deals.schemas.js';
import type { Tx } from '../../platform/db/database.js';
import { scopeOf, type TenantCtx } from '../../platform/http/actor.js';
import { accounts } from './accounts.table.js';
import type { CrmDeps } from './crm.deps.js';
import { toDeal } from './deals.repository.js';
import { deals } from './deals.table.js';
import { defaultPipeline, getPipelineOrThrow, stagesOf, toPipeline, toStage } from './pipelines.service.js';

// Won/lost columns show recent closes only; older ones live in the list view.
const CLOSED_VISIBLE_DAYS = 30;

export type BoardInput = { pipelineId?: string | undefined; ownerId?: string | undefined; perStage: number };

/** The Kanban board: each stage with its cards in rank order, its card count and sums per currency. */
export const createDealBoard = (deps: CrmDeps) => ({
  board: (ctx: TenantCtx, q: BoardInput): Promise<TBoard> =>
    deps.database.tenantTx(scopeOf(ctx), async (tx: Tx) => {
      const { pipeline, stages } = q.pipelineId
        ? { pipeline: await getPipelineOrThrow(tx, q.pipelineId), stages: await stagesOf(tx, q.pipelineId) }
        : await defaultPipeline(tx, ctx.tenantId);
      const cutoff = new Date(deps.clock.now().getTime() - CLOSED_VISIBLE_DAYS * 86_400_000);
      const onBoard = and(
        eq(deals.pipelineId, pipeline.id),
        isNull(deals.deletedAt),
        q.ownerId ? eq(deals.ownerId, q.ownerId) : undefined,
        or(eq(deals.status, 'open'), gte(deals.closedAt, cutoff)),
      );
      // Top N per column in one query (deals_board_idx serves the partition order).
      const ranked = tx
        .select({
          id: deals.id,
          rn: sql<number>`row_number() over (partition by ${deals.stageId} order by ${deals.rank}, ${deals.id})`.as(
            'rn',
          ),
        })
        .from(deals)
        .where(onBoard)
        .as('ranked');
      const cards = await tx
        .select({ row: deals, accountName: accounts.name })
        .from(deals)
        .innerJoin(ranked, eq(ranked.id, deals.id))
        .leftJoin(accounts, and(eq(accounts.tenantId, deals.tenantId), eq(accounts.id, deals.accountId)))
        .where(and(eq(deals.tenantId, ctx.tenantId), lte(ranked.rn, q.perStage)))
        .orderBy(asc(deals.stageId), asc(deals.rank), asc(deals.id));
      const totals = await tx
        .select({
          stageId: deals.stageId,
          currency: deals.currency,
          n: count(),
          sum: sql<string>`coalesce(sum(${deals.amount}), 0)::numeric(16,2)::text`,
        })
        .from(deals)
        .where(onBoard)
        .groupBy(deals.stageId, deals.currency)
        .orderBy(asc(deals.stageId), asc(deals.currency));
      return {
        pipeline: toPipeline(pipeline, stages),
        columns: stages.map((stage) => {
          const mine = totals.filter((t) => t.stageId === stage.id);
          return {
            stage: toStage(stage),
            deals: cards.filter((c) => c.row.stageId === stage.id).map((c) => toDeal(c.row, c.accountName)),
            count: mine.reduce((n, t) => n + Number(t.n), 0),
            sums: mine.map((t) => ({ currency: t.currency, amount: t.sum })),
          };
        }),
      };
    }),
});

export type DealBoard = ReturnType<typeof createDealBoard>;
