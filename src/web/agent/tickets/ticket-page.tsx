import {
  Alert,
  Anchor,
  Avatar,
  Badge,
  Button,
  Collapse,
  Group,
  Loader,
  Paper,
  Select,
  Stack,
  TagsInput,
  Text,
  Title,
  Tooltip,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { TUpdateTicket } from '../../../shared/tickets.schemas';
import { hasCode, isApiError } from '../../ui/api-client';
import { useFormat } from '../../ui/format';
import { PageHeader } from '../../ui/page-header';
import { problemMessage } from '../../ui/problem';
import type { PresenceUser } from '../../ui/realtime';
import { useMe } from '../queries';
import { MessageBody, MessageItem, statusColor } from './message-item';
import { ReplyBox } from './reply-box';
import { SlaPanel } from './sla-panel';
import { PriorityBadge, StatusBadge, useStatusLabel } from './ticket-format';
import classes from './tickets.module.css';
import {
  type Csat,
  type Delivery,
  POLL_MS,
  PRIORITIES,
  type TicketDetail,
  type TicketPriority,
  type TicketStatus,
  TRANSITIONS,
  ticketKeys,
  ticketsApi,
  useRealtimeStatus,
  useTeams,
  useTicketLive,
  useUsers,
} from './tickets-api';

const initials = (name: string) =>
  name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((w) => w[0])
    .join('');

/** One ticket: header controls, conversation and reply box, requester, SLA, deliveries, CSAT, audit trail. */
export function TicketPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const me = useMe();
  const live = useRealtimeStatus() === 'open';
  const ticket = useQuery({
    queryKey: ticketKeys.detail(id),
    queryFn: () => ticketsApi.get(id),
    refetchInterval: live ? false : POLL_MS,
    refetchOnWindowFocus: !live,
  });
  const deliveries = useQuery({
    queryKey: ticketKeys.deliveries(id),
    queryFn: () => ticketsApi.deliveries(id),
    refetchInterval: live ? false : POLL_MS,
    retry: false,
  });
  const csat = useQuery({ queryKey: ticketKeys.csat(id), queryFn: () => ticketsApi.csat(id), retry: false });
  const presence = useTicketLive(id, me.data?.user.id);

  if (ticket.isPending) {
    return (
      <Group justify="center" p="xl">
        <Loader aria-label={t('common.loading')} />
      </Group>
    );
  }
  if (ticket.error || !ticket.data) {
    return (
      <Stack>
        <Anchor component={Link} to="/tickets" size="sm">
          {t('tickets.ticket.back')}
        </Anchor>
        <Alert
          color="red"
          variant="light"
          role="alert"
          title={hasCode(ticket.error, 'NOT_FOUND') ? t('tickets.ticket.notFound') : undefined}
        >
          {problemMessage(t, ticket.error, i18n.language)}
        </Alert>
      </Stack>
    );
  }
  const data = ticket.data;
  return (
    <>
      <Anchor component={Link} to="/tickets" size="sm">
        {t('tickets.ticket.back')}
      </Anchor>
      {presence.changed ? (
        <Alert color="blue" variant="light" my="sm" role="status">
          <Group justify="space-between" gap="sm">
            <Text size="sm">{t('tickets.ticket.changedBanner')}</Text>
            <Button
              size="xs"
              onClick={() => {
                presence.clearChanged();
                void ticket.refetch();
                void deliveries.refetch();
              }}
            >
              {t('tickets.ticket.reload')}
            </Button>
          </Group>
        </Alert>
      ) : null}
      <PageHeader
        title={t('tickets.ticket.heading', { number: data.number })}
        documentTitle={`#${data.number} ${data.subject}`}
        actions={<Presence others={presence.others} />}
      />
      <Title order={2} fz="h3" dir="auto" mb="sm" style={{ overflowWrap: 'anywhere' }}>
        {data.subject}
      </Title>
      <TicketControls ticket={data} />
      <div className={classes.ticketLayout}>
        <Stack gap="md" style={{ minWidth: 0 }}>
          <Conversation ticket={data} deliveries={deliveries.data?.items ?? []} />
          <ReplyBox ticket={data} onTyping={presence.setTyping} />
          <AuditTrail ticket={data} />
        </Stack>
        <Stack gap="md">
          <RequesterPanel ticket={data} />
          <SlaPanel ticket={data} />
          <DeliveryPanel items={deliveries.data?.items ?? []} />
          {csat.data && (csat.data.rating !== null || csat.data.requestedAt) ? (
            <CsatPanel csat={csat.data} />
          ) : null}
        </Stack>
      </div>
    </>
  );
}

function Presence({ others }: { others: PresenceUser[] }) {
  const { t } = useTranslation();
  if (!others.length) return null;
  return (
    <Group gap="xs" role="group" aria-label={t('tickets.ticket.viewers')}>
      <Avatar.Group>
        {others.map((u) => {
          const label =
            u.state === 'typing'
              ? t('tickets.ticket.typing', { name: u.name })
              : t('tickets.ticket.viewing', { name: u.name });
          return (
            <Tooltip key={u.userId} label={label}>
              <Avatar
                color={u.state === 'typing' ? 'green' : 'blue'}
                radius="xl"
                aria-label={label}
                role="img"
                data-presence={u.state}
              >
                {initials(u.name)}
              </Avatar>
            </Tooltip>
          );
        })}
      </Avatar.Group>
      {others.some((u) => u.state === 'typing') ? (
        <Text size="xs" c="dimmed" aria-live="polite">
          {t('tickets.ticket.typing', { name: others.find((u) => u.state === 'typing')?.name ?? '' })}
        </Text>
      ) : null}
    </Group>
  );
}

function TicketControls({ ticket }: { ticket: TicketDetail }) {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const users = useUsers();
  const teams = useTeams();
  const statusLabel = useStatusLabel(ticket.statusLabels);
  const [allowed, setAllowed] = useState<string[] | null>(null);
  const update = useMutation({
    mutationFn: (input: TUpdateTicket) => ticketsApi.update(ticket.id, input),
    onSuccess: () => {
      setAllowed(null);
      notifications.show({ color: 'green', message: t('tickets.ticket.saved') });
      void qc.invalidateQueries({ queryKey: ticketKeys.all });
    },
    onError: (error) => {
      if (hasCode(error, 'INVALID_STATUS_TRANSITION')) {
        const list = (error.problem as Record<string, unknown>).allowed;
        setAllowed(Array.isArray(list) ? list.map(String) : []);
      }
    },
  });
  const statusOptions = [ticket.status, ...TRANSITIONS[ticket.status]].map((s) => ({
    value: s,
    label: statusLabel(s),
  }));
  const userOptions = (users.data ?? []).filter((u) => u.active).map((u) => ({ value: u.id, label: u.name }));
  if (ticket.assignee && !userOptions.some((o) => o.value === ticket.assignee?.id))
    userOptions.unshift({ value: ticket.assignee.id, label: ticket.assignee.name });
  const teamOptions = (teams.data ?? []).map((x) => ({ value: x.id, label: x.name }));

  return (
    <Paper withBorder p="sm" mb="md">
      <Group gap="sm" align="flex-end" wrap="wrap">
        <Select
          label={t('tickets.ticket.status')}
          data={statusOptions}
          value={ticket.status}
          onChange={(v) => v && v !== ticket.status && update.mutate({ status: v as TicketStatus })}
          allowDeselect={false}
          disabled={update.isPending}
          w={180}
        />
        <Select
          label={t('tickets.ticket.priority')}
          data={PRIORITIES.map((p) => ({ value: p, label: t(`tickets.priority.${p}`) }))}
          value={ticket.priority}
          onChange={(v) => v && v !== ticket.priority && update.mutate({ priority: v as TicketPriority })}
          allowDeselect={false}
          w={140}
        />
        <Select
          label={t('tickets.ticket.assignee')}
          placeholder={t('tickets.ticket.nobody')}
          data={userOptions}
          value={ticket.assigneeId}
          onChange={(v) => update.mutate({ assigneeId: v })}
          searchable
          clearable
          w={190}
        />
        {teamOptions.length || ticket.team ? (
          <Select
            label={t('tickets.ticket.team')}
            placeholder={t('tickets.ticket.nobody')}
            data={
              ticket.team && !teamOptions.some((o) => o.value === ticket.team?.id)
                ? [{ value: ticket.team.id, label: ticket.team.name }, ...teamOptions]
                : teamOptions
            }
            value={ticket.teamId}
            onChange={(v) => update.mutate({ teamId: v })}
            clearable
            w={170}
          />
        ) : null}
        <TagsInput
          label={t('tickets.ticket.tags')}
          value={ticket.tags}
          onChange={(tags) => update.mutate({ tags })}
          dir="auto"
          clearable
          style={{ flex: 1, minWidth: 180 }}
        />
      </Group>
      {allowed ? (
        <Alert color="orange" variant="light" mt="sm" role="alert">
          {allowed.length
            ? t('tickets.ticket.invalidTransition', {
                allowed: allowed.map((s) => statusLabel(s as TicketStatus)).join(', '),
              })
            : t('tickets.ticket.noTransition')}
        </Alert>
      ) : update.error && !hasCode(update.error, 'INVALID_STATUS_TRANSITION') ? (
        <Alert color="red" variant="light" mt="sm" role="alert">
          {problemMessage(t, update.error, i18n.language)}
        </Alert>
      ) : null}
    </Paper>
  );
}

/** User-written text: the plain-text body; HTML only in a script-less sandboxed frame. */
function Conversation({ ticket, deliveries }: { ticket: TicketDetail; deliveries: Delivery[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  // each public agent message owns the notifications sent from its time until the next one
  const byMessage = useMemo(() => {
    const result = new Map<string, Delivery[]>();
    const publicAgent = ticket.messages.filter((m) => m.visibility === 'public' && m.authorKind === 'agent');
    for (const [i, m] of publicAgent.entries()) {
      const from = new Date(m.createdAt).getTime() - 1000;
      const next = publicAgent[i + 1];
      const to = next ? new Date(next.createdAt).getTime() - 1000 : Number.POSITIVE_INFINITY;
      result.set(
        m.id,
        deliveries.filter((d) => {
          const at = new Date(d.createdAt).getTime();
          return at >= from && at < to && d.event !== 'ticket_created';
        }),
      );
    }
    return result;
  }, [ticket.messages, deliveries]);

  return (
    <Stack gap="sm" component="section" aria-label={t('tickets.ticket.conversation')}>
      <Title order={2} fz="h4">
        {t('tickets.ticket.conversation')}
      </Title>
      {ticket.descriptionText.trim() || ticket.descriptionHtml.trim() ? (
        <Paper withBorder p="md" className={classes.customerMessage}>
          <Group justify="space-between" mb={4} gap="xs">
            <Text fw={600} size="sm" dir="auto">
              {ticket.requester?.name ?? t('tickets.ticket.customer')}
            </Text>
            <Text size="xs" c="dimmed">
              {format.dateTime(ticket.createdAt)}
            </Text>
          </Group>
          <MessageBody text={ticket.descriptionText} html={ticket.descriptionHtml} />
        </Paper>
      ) : null}
      {ticket.messages.length === 0 ? (
        <Text c="dimmed" size="sm">
          {t('tickets.ticket.noMessages')}
        </Text>
      ) : null}
      {ticket.messages.map((m) => (
        <MessageItem key={m.id} message={m} deliveries={byMessage.get(m.id) ?? []} />
      ))}
    </Stack>
  );
}

function RequesterPanel({ ticket }: { ticket: TicketDetail }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <Paper withBorder p="md" component="section" aria-label={t('tickets.ticket.requesterPanel')}>
      <Title order={2} fz="h5" mb="xs">
        {t('tickets.ticket.requesterPanel')}
      </Title>
      <Stack gap={4}>
        {ticket.requester ? (
          <>
            <Anchor
              component={Link}
              to={`/customers/contacts/${encodeURIComponent(ticket.requester.id)}`}
              fw={600}
            >
              <bdi>{ticket.requester.name}</bdi>
            </Anchor>
            {ticket.requester.email ? (
              <Text size="sm">
                <bdi dir="ltr">{ticket.requester.email}</bdi>
              </Text>
            ) : null}
            {ticket.requester.phone ? (
              <Text size="sm">
                <bdi dir="ltr">{ticket.requester.phone}</bdi>
              </Text>
            ) : null}
          </>
        ) : (
          <Text c="dimmed">—</Text>
        )}
        {ticket.account ? (
          <Group gap={4}>
            <Text size="sm" c="dimmed">
              {t('tickets.ticket.accountPanel')}:
            </Text>
            <Anchor
              component={Link}
              to={`/customers/accounts/${encodeURIComponent(ticket.account.id)}`}
              size="sm"
              dir="auto"
              aria-label={`${t('tickets.ticket.openCard')}: ${ticket.account.name}`}
            >
              {ticket.account.name}
            </Anchor>
          </Group>
        ) : null}
        <Text size="sm" c="dimmed">
          {t('tickets.ticket.channel', { channel: t(`tickets.channel.${ticket.channel}`) })}
        </Text>
        {ticket.category ? (
          <Text size="sm" c="dimmed">
            {t('tickets.ticket.category', { category: ticket.category })}
          </Text>
        ) : null}
        <Text size="sm" c="dimmed">
          {t('tickets.ticket.createdAt', { time: format.dateTime(ticket.createdAt) })}
        </Text>
        <Group gap="xs" mt={4}>
          <StatusBadge status={ticket.status} labels={ticket.statusLabels} />
          <PriorityBadge priority={ticket.priority} />
        </Group>
      </Stack>
    </Paper>
  );
}

function DeliveryPanel({ items }: { items: Delivery[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <Paper withBorder p="md" component="section" aria-label={t('tickets.delivery.title')}>
      <Title order={2} fz="h5" mb="xs">
        {t('tickets.delivery.title')}
      </Title>
      {items.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('tickets.delivery.none')}
        </Text>
      ) : (
        <Stack gap={6}>
          {items.map((d) => {
            const status = d.mailStatus === 'failed' ? 'failed' : d.status;
            return (
              <Stack key={d.id} gap={2} data-delivery={status} data-event={d.event}>
                <Text size="xs" style={{ overflowWrap: 'anywhere' }}>
                  {t(`tickets.delivery.events.${d.event}`)} · <bdi>{d.recipient}</bdi>
                </Text>
                <Badge
                  size="xs"
                  variant="light"
                  color={statusColor(status)}
                  style={{ alignSelf: 'flex-start' }}
                >
                  {t('tickets.delivery.at', {
                    status: t(`tickets.delivery.${status}`),
                    time: format.dateTime(d.sentAt ?? d.createdAt),
                  })}
                </Badge>
              </Stack>
            );
          })}
        </Stack>
      )}
    </Paper>
  );
}

function CsatPanel({ csat }: { csat: Csat }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <Paper withBorder p="md" component="section" aria-label={t('tickets.csat.title')}>
      <Title order={2} fz="h5" mb="xs">
        {t('tickets.csat.title')}
      </Title>
      {csat.rating !== null ? (
        <Stack gap={4}>
          <Text fw={600} aria-label={t('tickets.csat.rating', { rating: csat.rating })}>
            {'★'.repeat(csat.rating)}
            {'☆'.repeat(5 - csat.rating)} · {t('tickets.csat.rating', { rating: csat.rating })}
          </Text>
          {csat.comment ? (
            <Text size="sm" dir="auto" className={classes.body}>
              {csat.comment}
            </Text>
          ) : null}
        </Stack>
      ) : csat.requestedAt ? (
        <Text size="sm" c="dimmed">
          {t('tickets.csat.requested', { time: format.dateTime(csat.requestedAt) })}
        </Text>
      ) : null}
    </Paper>
  );
}

function AuditTrail({ ticket }: { ticket: TicketDetail }) {
  const { t } = useTranslation();
  const format = useFormat();
  const users = useUsers();
  const [open, setOpen] = useState(false);
  const names = useMemo(() => new Map((users.data ?? []).map((u) => [u.id, u.name])), [users.data]);
  return (
    <Paper withBorder p="md" component="section" aria-label={t('tickets.audit.title')}>
      <Button variant="subtle" size="xs" onClick={() => setOpen((o) => !o)} aria-expanded={open}>
        {open ? t('tickets.audit.hide') : t('tickets.audit.show', { count: ticket.events.length })}
      </Button>
      <Collapse expanded={open}>
        <Stack gap={4} mt="xs" component="ol" style={{ listStyle: 'none', paddingInlineStart: 0, margin: 0 }}>
          {ticket.events.map((e) => (
            <Group key={e.id} component="li" gap="xs" wrap="wrap">
              <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
                {format.dateTime(e.at)}
              </Text>
              <Text size="xs" fw={600} dir="ltr">
                {e.type}
              </Text>
              {e.from !== null || e.to !== null ? (
                <Text size="xs" dir="auto">
                  {t('tickets.audit.change', { from: e.from ?? '—', to: e.to ?? '—' })}
                </Text>
              ) : null}
              <Text size="xs" c="dimmed" dir="auto">
                {e.actorId ? (names.get(e.actorId) ?? e.actorKind) : e.actorKind}
              </Text>
            </Group>
          ))}
        </Stack>
      </Collapse>
    </Paper>
  );
}

export const isStaleView = (error: unknown) => isApiError(error) && error.code === 'STALE_VIEW';
