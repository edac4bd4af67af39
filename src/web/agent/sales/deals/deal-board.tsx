import { Badge, Group, Skeleton, Stack, Text, VisuallyHidden } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { type DragEvent, type ReactNode, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMoney } from '../common/money';
import { QueryError } from '../common/query-error';
import type { BoardColumn, Deal } from '../sales-api';
import { salesApi } from '../sales-api';
import { salesKeys, useUserDirectory } from '../sales-queries';
import '../sales.css';
import { type DropSpot, findDeal, moveRequest } from './board-model';
import { DealCard } from './deal-card';
import { LostReasonModal } from './lost-reason-modal';
import { type MoveVars, useMoveDeal } from './use-move-deal';

/**
 * After a keyboard move the card is a new element in another column, and the closing menu or
 * dialog hands focus back to where it was opened: put focus on the card once both have settled.
 */
const focusCardSoon = (dealId: string) => {
  const focus = () => {
    const card = document.querySelector<HTMLElement>(`[data-deal-id="${CSS.escape(dealId)}"]`);
    if (!card || card.contains(document.activeElement)) return;
    card.focus();
    card.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  };
  window.setTimeout(focus, 0);
  window.setTimeout(focus, 350);
};

interface PendingLost {
  deal: Deal;
  spot: DropSpot;
  request: MoveVars['request'];
}

/** The Kanban board of one pipeline: a column per stage, cards moved by drag and drop or keyboard. */
export function DealBoard({ pipelineId }: { pipelineId: string | undefined }) {
  const { t } = useTranslation();
  const board = useQuery({
    queryKey: salesKeys.board(pipelineId),
    queryFn: () => salesApi.board(pipelineId),
  });
  const directory = useUserDirectory();
  const [dragging, setDragging] = useState<Deal | null>(null);
  const [spot, setSpot] = useState<DropSpot | null>(null);
  const [pendingLost, setPendingLost] = useState<PendingLost | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const keyboardMove = useRef(false);

  const stageName = (stageId: string) =>
    board.data?.columns.find((column) => column.stage.id === stageId)?.stage.name ?? '';

  const move = useMoveDeal(pipelineId, (vars, saved) => {
    setAnnouncement(t('sales.board.moved', { name: saved.name, stage: stageName(vars.spot.stageId) }));
  });

  const requestMove = (deal: Deal, target: DropSpot, viaKeyboard: boolean) => {
    const data = board.data;
    if (!data) return;
    const request = moveRequest(data, deal.id, target);
    if (!request) return;
    const current = findDeal(data, deal.id);
    const column = data.columns.find((c) => c.stage.id === target.stageId);
    if (!current || !column) return;
    keyboardMove.current = viaKeyboard;
    const spotInRange = {
      stageId: target.stageId,
      index: Math.min(target.index, column.deals.filter((d) => d.id !== deal.id).length),
    };
    if (column.stage.kind === 'lost' && current.column.stage.id !== column.stage.id) {
      setPendingLost({ deal: current.deal, spot: spotInRange, request });
      return;
    }
    if (viaKeyboard) focusCardSoon(deal.id);
    move.mutate({ deal: current.deal, spot: spotInRange, request });
  };

  const clearDrag = () => {
    setDragging(null);
    setSpot(null);
  };

  const onColumnDragOver = (event: DragEvent<HTMLElement>, column: BoardColumn) => {
    if (!dragging) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'move';
    // the insertion index among the column's other cards, from the pointer's height
    const cards = [...event.currentTarget.querySelectorAll<HTMLElement>('[data-deal-id]')].filter(
      (card) => card.dataset.dealId !== dragging.id,
    );
    let index = 0;
    for (const card of cards) {
      const rect = card.getBoundingClientRect();
      if (event.clientY > rect.top + rect.height / 2) index += 1;
    }
    if (spot?.stageId !== column.stage.id || spot.index !== index)
      setSpot({ stageId: column.stage.id, index });
  };

  const onColumnDrop = (event: DragEvent<HTMLElement>) => {
    event.preventDefault();
    if (dragging && spot) requestMove(dragging, spot, false);
    clearDrag();
  };

  if (board.isPending) {
    return (
      <div className="kesher-board">
        {[0, 1, 2, 3].map((n) => (
          <div key={n} className="kesher-board-column">
            <Skeleton h={20} w="60%" />
            <Skeleton h={72} />
            <Skeleton h={72} />
          </div>
        ))}
      </div>
    );
  }
  if (board.isError) return <QueryError error={board.error} onRetry={() => void board.refetch()} />;

  const stages = board.data.columns.map((column) => column.stage);
  return (
    <>
      <VisuallyHidden id="kesher-board-help">{t('sales.board.keyboardHelp')}</VisuallyHidden>
      <VisuallyHidden role="status" aria-live="polite">
        {announcement}
      </VisuallyHidden>
      <section className="kesher-board" aria-label={t('sales.board.label')}>
        {board.data.columns.map((column) => (
          <Column
            key={column.stage.id}
            column={column}
            over={dragging !== null && spot?.stageId === column.stage.id}
            onDragOver={(event) => onColumnDragOver(event, column)}
            onDrop={onColumnDrop}
          >
            <BoardCards
              column={column}
              dragging={dragging}
              spot={spot}
              render={(deal, index) => (
                <DealCard
                  key={deal.id}
                  deal={deal}
                  stages={stages}
                  index={index}
                  columnSize={column.deals.length}
                  ownerName={directory.nameOf(deal.ownerId)}
                  dragging={dragging?.id === deal.id}
                  onDragStart={setDragging}
                  onDragEnd={clearDrag}
                  onMove={(d, target) => requestMove(d, target, true)}
                />
              )}
            />
          </Column>
        ))}
      </section>
      <LostReasonModal
        opened={pendingLost !== null}
        dealName={pendingLost?.deal.name ?? ''}
        onClose={() => {
          if (pendingLost && keyboardMove.current) focusCardSoon(pendingLost.deal.id);
          setPendingLost(null);
        }}
        onConfirm={(lostReason) => {
          if (pendingLost) move.mutate({ ...pendingLost, lostReason });
          if (pendingLost && keyboardMove.current) focusCardSoon(pendingLost.deal.id);
          setPendingLost(null);
        }}
      />
    </>
  );
}

function Column({
  column,
  over,
  onDragOver,
  onDrop,
  children,
}: {
  column: BoardColumn;
  over: boolean;
  onDragOver: (event: DragEvent<HTMLElement>) => void;
  onDrop: (event: DragEvent<HTMLElement>) => void;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const money = useMoney();
  const headingId = `stage-${column.stage.id}`;
  const closed = column.stage.kind !== 'open';
  return (
    <section
      className="kesher-board-column"
      data-kind={column.stage.kind}
      data-stage-id={column.stage.id}
      data-over={over || undefined}
      aria-labelledby={headingId}
      onDragOver={onDragOver}
      onDrop={onDrop}
    >
      <Stack gap={2}>
        <Group justify="space-between" wrap="nowrap" gap={6}>
          <Text id={headingId} fw={700} size="sm" truncate>
            <span dir="auto">{column.stage.name}</span>
          </Text>
          <Badge
            variant="light"
            color={column.stage.kind === 'won' ? 'teal' : column.stage.kind === 'lost' ? 'red' : 'gray'}
            aria-label={t('sales.board.count', { count: column.count })}
            data-testid="stage-count"
          >
            {column.count}
          </Badge>
        </Group>
        <Text size="xs" c="dimmed" fw={600}>
          {column.sums.length
            ? column.sums.map((sum) => money.format(sum.amount, sum.currency)).join(' · ')
            : money.format(0)}
        </Text>
        {closed ? (
          <Text size="xs" c="dimmed">
            {t('sales.board.recentClosed')}
          </Text>
        ) : null}
      </Stack>
      {children}
    </section>
  );
}

/** The cards of a column, with the drop line where a dragged card would land. */
function BoardCards({
  column,
  dragging,
  spot,
  render,
}: {
  column: BoardColumn;
  dragging: Deal | null;
  spot: DropSpot | null;
  render: (deal: Deal, index: number) => ReactNode;
}) {
  const { t } = useTranslation();
  const here = dragging !== null && spot?.stageId === column.stage.id ? spot.index : null;
  const items: ReactNode[] = [];
  let othersIndex = 0;
  column.deals.forEach((deal, index) => {
    if (deal.id !== dragging?.id) {
      if (here === othersIndex) items.push(<div key="drop" className="kesher-drop-indicator" />);
      othersIndex += 1;
    }
    items.push(render(deal, index));
  });
  if (here !== null && here >= othersIndex) items.push(<div key="drop" className="kesher-drop-indicator" />);
  return (
    <div className="kesher-board-cards">
      {items}
      {column.count > column.deals.length && column.stage.kind === 'open' ? (
        <Text size="xs" c="dimmed" ta="center">
          {t('sales.board.more', { count: column.count - column.deals.length })}
        </Text>
      ) : null}
      {column.deals.length === 0 && here === null ? (
        <Text size="xs" c="dimmed" ta="center" py="lg">
          {t('sales.board.emptyColumn')}
        </Text>
      ) : null}
    </div>
  );
}
