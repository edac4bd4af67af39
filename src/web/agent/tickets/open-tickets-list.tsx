import { Anchor, Group, Stack } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PriorityBadge, StatusBadge } from './ticket-format';
import { PRIORITIES, STATUSES, type TicketPriority, type TicketStatus } from './tickets-api';

interface OpenTicket {
  id: string;
  number: number;
  subject: string;
  status: TicketStatus;
  priority?: TicketPriority;
}

const isOpenTicket = (v: unknown): v is OpenTicket => {
  const r = v as Partial<OpenTicket> | null;
  return (
    typeof r === 'object' &&
    r !== null &&
    typeof r.id === 'string' &&
    typeof r.number === 'number' &&
    typeof r.subject === 'string' &&
    (STATUSES as readonly unknown[]).includes(r.status)
  );
};

/** The customer card's "open tickets" panel body: links to /tickets/:id, or `empty` when there are none. */
export function OpenTicketsList({ items, empty }: { items: readonly unknown[]; empty: ReactNode }) {
  const { t } = useTranslation();
  const tickets = items.filter(isOpenTicket);
  if (!tickets.length) return <>{empty}</>;
  return (
    <Stack gap={6} component="ul" style={{ listStyle: 'none', margin: 0, paddingInlineStart: 0 }}>
      {tickets.map((ticket) => (
        <Group key={ticket.id} component="li" gap="xs" wrap="nowrap" justify="space-between">
          <Anchor
            component={Link}
            to={`/tickets/${encodeURIComponent(ticket.id)}`}
            size="sm"
            aria-label={t('tickets.customerCard.open', {
              number: ticket.number,
              status: t(`tickets.status.${ticket.status}`),
            })}
            style={{ minWidth: 0, overflowWrap: 'anywhere' }}
          >
            #{ticket.number} <bdi>{ticket.subject}</bdi>
          </Anchor>
          <Group gap={4} wrap="nowrap">
            {ticket.priority && (PRIORITIES as readonly unknown[]).includes(ticket.priority) ? (
              <PriorityBadge priority={ticket.priority} />
            ) : null}
            <StatusBadge status={ticket.status} />
          </Group>
        </Group>
      ))}
    </Stack>
  );
}
