import { ActionIcon, Anchor, Avatar, Group, Menu, Paper, Text, Tooltip } from '@mantine/core';
import { type DragEvent, type KeyboardEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { useFormat } from '../../../ui/format';
import { IconCheck } from '../../../ui/icons';
import { toDateInput } from '../common/dates';
import { useMoney } from '../common/money';
import { IconArrowDown, IconArrowsMove, IconArrowUp, IconCalendar } from '../common/sales-icons';
import type { Deal, Stage } from '../sales-api';
import type { DropSpot } from './board-model';

interface DealCardProps {
  deal: Deal;
  stages: readonly Stage[];
  /** Index of the card in its column, and how many cards the column shows. */
  index: number;
  columnSize: number;
  ownerName: string | null;
  dragging: boolean;
  onDragStart: (deal: Deal) => void;
  onDragEnd: () => void;
  onMove: (deal: Deal, spot: DropSpot) => void;
}

/**
 * One deal on the board. Drag it with the mouse, or focus it and press M (or use its "Move to…"
 * button) to move it with the keyboard; Enter opens the deal.
 */
export function DealCard(props: DealCardProps) {
  const { deal, stages, index, columnSize } = props;
  const { t } = useTranslation();
  const navigate = useNavigate();
  const money = useMoney();
  const format = useFormat();
  const [menuOpened, setMenuOpened] = useState(false);

  const overdue =
    deal.status === 'open' &&
    deal.expectedCloseDate !== null &&
    deal.expectedCloseDate < toDateInput(new Date());

  const onKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    if (event.target !== event.currentTarget) return;
    // by physical key, so "M" works on a Hebrew keyboard layout too
    if (event.code === 'KeyM' && !event.ctrlKey && !event.metaKey && !event.altKey) {
      event.preventDefault();
      setMenuOpened(true);
    } else if (event.key === 'Enter') {
      event.preventDefault();
      void navigate(`/deals/${deal.id}`);
    }
  };

  const onDragStart = (event: DragEvent<HTMLElement>) => {
    event.dataTransfer.effectAllowed = 'move';
    event.dataTransfer.setData('text/plain', deal.id);
    props.onDragStart(deal);
  };

  return (
    <Paper
      component="article"
      withBorder
      radius="md"
      p="sm"
      shadow="xs"
      tabIndex={0}
      draggable
      data-deal-id={deal.id}
      aria-label={deal.name}
      aria-keyshortcuts="M Enter"
      aria-describedby="kesher-board-help"
      className="kesher-deal-card"
      data-dragging={props.dragging || undefined}
      onKeyDown={onKeyDown}
      onDragStart={onDragStart}
      onDragEnd={props.onDragEnd}
    >
      <Group justify="space-between" align="flex-start" wrap="nowrap" gap={6}>
        <Anchor
          component={Link}
          to={`/deals/${deal.id}`}
          fw={600}
          size="sm"
          c="inherit"
          dir="auto"
          draggable={false}
          tabIndex={-1}
          style={{ minWidth: 0, overflowWrap: 'anywhere' }}
        >
          {deal.name}
        </Anchor>
        <Menu opened={menuOpened} onChange={setMenuOpened} position="bottom-end" withinPortal shadow="md">
          <Menu.Target>
            <ActionIcon
              variant="subtle"
              color="gray"
              size="sm"
              aria-label={t('sales.board.moveCard', { name: deal.name })}
            >
              <IconArrowsMove size={16} />
            </ActionIcon>
          </Menu.Target>
          <Menu.Dropdown>
            <Menu.Label>{t('sales.board.moveTo')}</Menu.Label>
            {stages.map((stage) => (
              <Menu.Item
                key={stage.id}
                disabled={stage.id === deal.stageId}
                leftSection={
                  stage.id === deal.stageId ? <IconCheck size={14} /> : <span style={{ width: 14 }} />
                }
                onClick={() => props.onMove(deal, { stageId: stage.id, index: Number.MAX_SAFE_INTEGER })}
              >
                <span dir="auto">{stage.name}</span>
              </Menu.Item>
            ))}
            <Menu.Divider />
            <Menu.Item
              leftSection={<IconArrowUp size={14} />}
              disabled={index === 0}
              onClick={() => props.onMove(deal, { stageId: deal.stageId, index: index - 1 })}
            >
              {t('sales.board.moveUp')}
            </Menu.Item>
            <Menu.Item
              leftSection={<IconArrowDown size={14} />}
              disabled={index >= columnSize - 1}
              onClick={() => props.onMove(deal, { stageId: deal.stageId, index: index + 1 })}
            >
              {t('sales.board.moveDown')}
            </Menu.Item>
          </Menu.Dropdown>
        </Menu>
      </Group>
      {deal.accountName ? (
        <Text size="xs" c="dimmed" truncate mt={2}>
          <span dir="auto">{deal.accountName}</span>
        </Text>
      ) : null}
      <Group justify="space-between" wrap="nowrap" mt={8} gap={6}>
        <Group gap={10} wrap="nowrap" miw={0}>
          <Text size="sm" fw={600} style={{ whiteSpace: 'nowrap' }}>
            {deal.amount === null ? '—' : money.format(deal.amount, deal.currency)}
          </Text>
          {deal.expectedCloseDate ? (
            <Group gap={3} wrap="nowrap" c={overdue ? 'red.7' : 'dimmed'}>
              <IconCalendar size={13} />
              <Text
                size="xs"
                c="inherit"
                style={{ whiteSpace: 'nowrap' }}
                aria-label={t('sales.deals.expectedCloseOn', {
                  date: format.date(`${deal.expectedCloseDate}T12:00:00`),
                })}
              >
                {format.date(`${deal.expectedCloseDate}T12:00:00`)}
              </Text>
            </Group>
          ) : null}
        </Group>
        {props.ownerName ? (
          <Tooltip label={props.ownerName} withinPortal>
            <Avatar
              name={props.ownerName}
              color="initials"
              size={24}
              role="img"
              aria-label={t('sales.deals.ownedBy', { name: props.ownerName })}
            />
          </Tooltip>
        ) : null}
      </Group>
    </Paper>
  );
}
