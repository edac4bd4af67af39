import { addToSums } from '../common/money';
import type { Board, Deal, DealStatus, MoveDealInput, Stage } from '../sales-api';

/** Where a card goes: a column and its index among the column's other cards. */
export interface DropSpot {
  stageId: string;
  index: number;
}

export const findDeal = (board: Board, dealId: string) => {
  for (const column of board.columns) {
    const index = column.deals.findIndex((deal) => deal.id === dealId);
    const deal = column.deals[index];
    if (deal) return { column, index, deal };
  }
  return null;
};

const statusOf = (stage: Stage): DealStatus =>
  stage.kind === 'won' ? 'won' : stage.kind === 'lost' ? 'lost' : 'open';

/**
 * The move request for dropping `dealId` at `spot`: the neighbour it lands before (or, at the end,
 * after), or null when the card would not move at all.
 */
export const moveRequest = (
  board: Board,
  dealId: string,
  spot: DropSpot,
): Omit<MoveDealInput, 'version'> | null => {
  const from = findDeal(board, dealId);
  const target = board.columns.find((column) => column.stage.id === spot.stageId);
  if (!from || !target) return null;
  if (from.column.stage.id === spot.stageId && from.index === spot.index) return null;
  const others = target.deals.filter((deal) => deal.id !== dealId);
  const index = Math.max(0, Math.min(spot.index, others.length));
  const before = others[index];
  const after = others[others.length - 1];
  if (before) return { stageId: spot.stageId, beforeId: before.id };
  if (after) return { stageId: spot.stageId, afterId: after.id };
  return { stageId: spot.stageId };
};

/** The board as it will be after the move: the optimistic picture shown until the server answers. */
export const applyMove = (board: Board, dealId: string, spot: DropSpot, lostReason?: string): Board => {
  const from = findDeal(board, dealId);
  const target = board.columns.find((column) => column.stage.id === spot.stageId);
  if (!from || !target) return board;
  const changesStage = from.column.stage.id !== spot.stageId;
  const moved: Deal = changesStage
    ? {
        ...from.deal,
        stageId: spot.stageId,
        status: statusOf(target.stage),
        probability: target.stage.probability,
        lostReason: target.stage.kind === 'lost' ? (lostReason ?? null) : null,
        closedAt: target.stage.kind === 'open' ? null : new Date().toISOString(),
      }
    : from.deal;
  return {
    ...board,
    columns: board.columns.map((column) => {
      const isSource = column.stage.id === from.column.stage.id;
      const isTarget = column.stage.id === spot.stageId;
      if (!isSource && !isTarget) return column;
      const deals = column.deals.filter((deal) => deal.id !== dealId);
      if (isTarget) deals.splice(Math.max(0, Math.min(spot.index, deals.length)), 0, moved);
      if (!changesStage) return { ...column, deals };
      return isSource
        ? {
            ...column,
            deals,
            count: Math.max(0, column.count - 1),
            sums: addToSums(column.sums, from.deal.currency, from.deal.amount, -1),
          }
        : {
            ...column,
            deals,
            count: column.count + 1,
            sums: addToSums(column.sums, from.deal.currency, from.deal.amount, 1),
          };
    }),
  };
};
