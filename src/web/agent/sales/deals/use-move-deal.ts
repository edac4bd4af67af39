import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { hasCode } from '../../../ui/api-client';
import { problemMessage } from '../../../ui/problem';
import { customersKeys } from '../../customers/customers-queries';
import { type Board, type Deal, type MoveDealInput, salesApi } from '../sales-api';
import { salesKeys } from '../sales-queries';
import { applyMove, type DropSpot } from './board-model';

export interface MoveVars {
  deal: Deal;
  spot: DropSpot;
  request: Omit<MoveDealInput, 'version'>;
  lostReason?: string;
}

const MOVE_KEY = ['deals', 'move'] as const;

/**
 * POST /deals/:id/move with an optimistic board: the card lands at once; on an error the board
 * goes back as it was and the reason is shown.
 */
export const useMoveDeal = (
  pipelineId: string | undefined,
  onMoved?: (vars: MoveVars, deal: Deal) => void,
) => {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const boardKey = salesKeys.board(pipelineId);

  return useMutation({
    mutationKey: MOVE_KEY,
    mutationFn: ({ deal, request, lostReason }: MoveVars) =>
      salesApi.moveDeal(deal.id, {
        ...request,
        version: deal.version,
        ...(lostReason ? { lostReason } : {}),
      }),
    onMutate: async ({ deal, spot, lostReason }) => {
      await queryClient.cancelQueries({ queryKey: boardKey });
      const previous = queryClient.getQueryData<Board>(boardKey);
      if (previous) queryClient.setQueryData<Board>(boardKey, applyMove(previous, deal.id, spot, lostReason));
      return { previous };
    },
    onSuccess: (saved, vars) => {
      // The next move of this card must carry its new version.
      queryClient.setQueryData<Board>(
        boardKey,
        (board) =>
          board && {
            ...board,
            columns: board.columns.map((column) => ({
              ...column,
              deals: column.deals.map((deal) => (deal.id === saved.id ? { ...deal, ...saved } : deal)),
            })),
          },
      );
      queryClient.setQueryData(salesKeys.deal(saved.id), saved);
      if (saved.accountId) {
        void queryClient.invalidateQueries({ queryKey: customersKeys.timeline('account', saved.accountId) });
      }
      onMoved?.(vars, saved);
    },
    onError: (error, _vars, context) => {
      if (context?.previous) queryClient.setQueryData(boardKey, context.previous);
      notifications.show({
        color: 'red',
        title: t('sales.board.moveFailed'),
        message: hasCode(error, 'VERSION_CONFLICT')
          ? t('sales.board.moveConflict')
          : problemMessage(t, error, i18n.language),
      });
    },
    onSettled: () => {
      // Refetch once the last of several quick moves has settled, so none is shown undone.
      if (queryClient.isMutating({ mutationKey: MOVE_KEY }) <= 1) {
        void queryClient.invalidateQueries({ queryKey: salesKeys.boards });
        void queryClient.invalidateQueries({ queryKey: salesKeys.dealLists });
      }
    },
  });
};
