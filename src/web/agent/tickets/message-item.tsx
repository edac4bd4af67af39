import { Anchor, Badge, Group, Paper, Text, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../ui/format';
import { IconDownload } from '../../ui/icons';
import classes from './tickets.module.css';
import { type Delivery, type TicketMessage, ticketsApi } from './tickets-api';

export function MessageBody({ text, html }: { text: string; html: string }) {
  const { t } = useTranslation();
  if (text.trim() || !html.trim()) {
    return (
      <Text size="sm" dir="auto" className={classes.body}>
        {text}
      </Text>
    );
  }
  return (
    <iframe title={t('tickets.ticket.description')} sandbox="" srcDoc={html} className={classes.htmlFrame} />
  );
}

export const statusColor = (s: Delivery['status']) =>
  s === 'sent' ? 'green' : s === 'failed' ? 'red' : s === 'held' ? 'orange' : 'gray';

export function DeliveryBadges({ items }: { items: Delivery[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  if (!items.length) return null;
  return (
    <Group gap={6} mt={6} aria-label={t('tickets.delivery.label')} role="group">
      {items.map((d) => {
        const status = d.mailStatus === 'failed' ? 'failed' : d.status;
        return (
          <Tooltip
            key={d.id}
            label={d.reason ?? d.mailError ?? d.recipient}
            disabled={!(d.reason ?? d.mailError ?? d.recipient)}
          >
            <Badge size="xs" variant="light" color={statusColor(status)} data-delivery={status}>
              {t(`tickets.delivery.events.${d.event}`)}:{' '}
              {t('tickets.delivery.at', {
                status: t(`tickets.delivery.${status}`),
                time: format.dateTime(d.sentAt ?? d.createdAt),
              })}
            </Badge>
          </Tooltip>
        );
      })}
    </Group>
  );
}

export function MessageItem({
  message: m,
  deliveries = [],
}: {
  message: TicketMessage;
  deliveries?: Delivery[];
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const internal = m.visibility === 'internal';
  const cls = internal
    ? classes.internal
    : m.authorKind === 'agent'
      ? classes.message
      : classes.customerMessage;
  const author =
    m.authorName ?? (m.authorKind === 'system' ? t('tickets.ticket.system') : t('tickets.ticket.customer'));
  return (
    <Paper withBorder p="md" className={cls} component="article" data-visibility={m.visibility}>
      <Group justify="space-between" mb={4} gap="xs">
        <Group gap="xs">
          <Text fw={600} size="sm" dir="auto">
            {author}
          </Text>
          {m.authorKind === 'agent' || internal ? (
            <Badge size="xs" variant="light" color={internal ? 'yellow' : 'blue'}>
              {internal ? t('tickets.ticket.internal') : t('tickets.ticket.public')}
            </Badge>
          ) : null}
        </Group>
        <Text size="xs" c="dimmed">
          {format.dateTime(m.createdAt)}
        </Text>
      </Group>
      <MessageBody text={m.bodyText} html={m.bodyHtml} />
      {m.attachments.length ? (
        <Group gap="xs" mt="xs" aria-label={t('tickets.ticket.attachments')} role="group">
          {m.attachments.map((a) => (
            <Anchor
              key={a.id}
              href={ticketsApi.attachmentUrl(a.id)}
              download={a.fileName}
              size="sm"
              aria-label={t('tickets.ticket.download', { name: a.fileName })}
            >
              <Group gap={4} wrap="nowrap">
                <IconDownload size={16} />
                <bdi>{a.fileName}</bdi>
              </Group>
            </Anchor>
          ))}
        </Group>
      ) : null}
      {m.visibility === 'public' && m.authorKind === 'agent' ? <DeliveryBadges items={deliveries} /> : null}
    </Paper>
  );
}
