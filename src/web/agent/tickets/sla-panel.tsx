import { Badge, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { TTicketSlaTarget } from '../../../shared/tickets.schemas';
import { SlaCountdown, useDueTime, useNow } from './ticket-format';
import type { TicketDetail } from './tickets-api';

const STATE_COLORS: Record<TTicketSlaTarget['status'], string> = {
  running: 'blue',
  paused: 'gray',
  met: 'green',
  breached: 'red',
  warning: 'orange',
};

type TargetKey = 'firstResponse' | 'nextResponse' | 'resolution';
const TARGETS: readonly TargetKey[] = ['firstResponse', 'nextResponse', 'resolution'];

/** First response / next response / resolution: due time (local), state, countdown. */
export function SlaPanel({ ticket }: { ticket: TicketDetail }) {
  const { t } = useTranslation();
  const now = useNow();
  const dueTime = useDueTime();
  const sla = ticket.sla;
  return (
    <Paper withBorder p="md" component="section" aria-label={t('tickets.sla.title')} data-testid="sla-panel">
      <Title order={2} fz="h5" mb="xs">
        {t('tickets.sla.title')}
      </Title>
      {!sla ? (
        <Text size="sm" c="dimmed">
          {t('tickets.sla.noPolicy')}
        </Text>
      ) : (
        <Stack gap="sm">
          {TARGETS.map((key) => {
            const target = sla.targets[key];
            if (!target) return null;
            return (
              <div key={key} data-sla-target={key} data-sla-state={target.status}>
                <Group justify="space-between" gap="xs" wrap="nowrap">
                  <Text size="sm" fw={600}>
                    {t(`tickets.sla.${key}`)}
                  </Text>
                  <Badge color={STATE_COLORS[target.status]} variant="light" size="sm">
                    {t(`tickets.sla.state.${target.status}`)}
                  </Badge>
                </Group>
                {target.status === 'met' && target.completedAt ? (
                  <Text size="xs" c="dimmed">
                    {t('tickets.sla.completedAt', { time: dueTime(target.completedAt) })}
                  </Text>
                ) : target.status === 'paused' ? (
                  <Text size="xs" c="dimmed">
                    {t('tickets.sla.dueAt', { time: dueTime(target.dueAt) })}
                  </Text>
                ) : (
                  <SlaCountdown dueAt={target.dueAt} warnAt={target.warnAt} now={now} />
                )}
              </div>
            );
          })}
          {sla.paused ? (
            <Text size="xs" c="dimmed">
              {t('tickets.sla.pausedNote')}
            </Text>
          ) : null}
          <Text size="xs" c="dimmed">
            {t('tickets.sla.businessNote')}
          </Text>
        </Stack>
      )}
    </Paper>
  );
}
