import { Alert, Badge, Button, Chip, Group, Loader, Stack, Text } from '@mantine/core';
import { type InfiniteData, useInfiniteQuery } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { type ComponentType, type ReactNode, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Page } from '../../ui/api-types';
import { IconMail, type IconProps, IconWindow } from '../../ui/icons';
import { problemMessage } from '../../ui/problem';
import { CONSENT_CHANNELS, type ConsentChannel, TIMELINE_FILTER_CHANNELS } from './contact-constants';
import {
  IconCallDirection,
  IconChat,
  IconFax,
  IconGlobe,
  IconMeeting,
  IconNote,
  IconPhone,
  IconSms,
  IconSystem,
  IconWalkIn,
  IconWhatsapp,
} from './customer-icons';
import classes from './customers.module.css';
import { customersApi, type TimelineEntry } from './customers-api';
import { type CustomerFormat, dayKey, useCustomerFormat } from './customers-format';
import { customersKeys } from './customers-queries';

type Channel = TimelineEntry['channel'];

export const CHANNEL_ICONS: Record<Channel, ComponentType<IconProps>> = {
  phone: IconPhone,
  email: IconMail,
  sms: IconSms,
  chat: IconChat,
  whatsapp: IconWhatsapp,
  fax: IconFax,
  walk_in: IconWalkIn,
  web: IconGlobe,
  portal: IconWindow,
  meeting: IconMeeting,
  internal: IconNote,
  system: IconSystem,
};

const TYPE_LABELS = {
  'activity.call': 'customers.timeline.types.call',
  'activity.meeting': 'customers.timeline.types.meeting',
  'activity.note': 'customers.timeline.types.note',
  'activity.email': 'customers.timeline.types.email',
  'activity.sms': 'customers.timeline.types.sms',
  'activity.visit': 'customers.timeline.types.visit',
  'activity.fax': 'customers.timeline.types.fax',
  'activity.chat': 'customers.timeline.types.chat',
  'activity.whatsapp': 'customers.timeline.types.whatsapp',
  'task.done': 'customers.timeline.types.taskDone',
  'account.created': 'customers.timeline.types.accountCreated',
  'contact.created': 'customers.timeline.types.contactCreated',
  'lead.created': 'customers.timeline.types.leadCreated',
  'lead.converted': 'customers.timeline.types.leadConverted',
  'deal.created': 'customers.timeline.types.dealCreated',
  'field.changed': 'customers.timeline.types.fieldChanged',
  'consent.changed': 'customers.timeline.types.consentChanged',
  'record.merged': 'customers.timeline.types.merged',
  'crm.record.merged': 'customers.timeline.types.merged',
} as const;

const FIELD_NAMES = {
  name: 'customers.fields.name',
  ownerId: 'customers.fields.owner',
  status: 'customers.fields.status',
  tier: 'customers.fields.tier',
  kind: 'customers.fields.kind',
  firstName: 'customers.fields.firstName',
  lastName: 'customers.fields.lastName',
  title: 'customers.fields.jobTitle',
  preferredChannel: 'customers.fields.preferredChannel',
} as const;

const typeLabel = (t: TFunction, type: string): string =>
  type in TYPE_LABELS
    ? t(TYPE_LABELS[type as keyof typeof TYPE_LABELS])
    : t('customers.timeline.types.other');

const str = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/** The small facts under an entry: a call's direction, duration and outcome; changed fields. */
function EntryFacts({ entry, format }: { entry: TimelineEntry; format: CustomerFormat }) {
  const { t } = useTranslation();
  const direction = str(entry.data.direction);
  const outcome = str(entry.data.outcome);
  const seconds = typeof entry.data.durationSeconds === 'number' ? entry.data.durationSeconds : null;
  const changes = Array.isArray(entry.data.changes) ? (entry.data.changes as { field?: unknown }[]) : [];
  const facts: ReactNode[] = [];
  if (direction === 'inbound' || direction === 'outbound') {
    facts.push(
      <Badge
        tt="none"
        key="dir"
        size="sm"
        variant="light"
        color="gray"
        leftSection={<IconCallDirection direction={direction} size={12} />}
      >
        {t(`customers.calls.${direction}`)}
      </Badge>,
    );
  }
  if (seconds !== null) {
    facts.push(
      <Badge tt="none" key="dur" size="sm" variant="light" color="gray">
        <bdi dir="ltr">{format.duration(seconds)}</bdi>
      </Badge>,
    );
  }
  if (outcome) {
    facts.push(
      <Badge tt="none" key="out" size="sm" variant="light" color={outcome === 'answered' ? 'teal' : 'orange'}>
        {isCallOutcome(outcome) ? t(`customers.calls.outcomes.${outcome}`) : outcome}
      </Badge>,
    );
  }
  const names = changes
    .map((c) => str(c.field))
    .filter((f): f is string => Boolean(f))
    .map((f) => (f in FIELD_NAMES ? t(FIELD_NAMES[f as keyof typeof FIELD_NAMES]) : f));
  if (names.length) {
    facts.push(
      <Text key="chg" size="xs" c="dimmed">
        {t('customers.timeline.changed', { fields: names.join(', ') })}
      </Text>,
    );
  }
  // consent.changed: [{ channel, to: { granted, source } }]
  for (const change of changes as { channel?: unknown; to?: { granted?: unknown; source?: unknown } }[]) {
    const channel = str(change.channel);
    if (!channel || !isConsentChannel(channel)) continue;
    facts.push(
      <Badge
        key={`consent-${channel}`}
        size="sm"
        variant="light"
        color={change.to?.granted ? 'teal' : 'gray'}
        tt="none"
      >
        {t(change.to?.granted ? 'customers.timeline.consentGranted' : 'customers.timeline.consentWithdrawn', {
          channel: t(`customers.consentChannels.${channel}`),
        })}
        {str(change.to?.source) ? (
          <>
            {' · '}
            <span dir="auto">{str(change.to?.source)}</span>
          </>
        ) : null}
      </Badge>,
    );
  }
  return facts.length ? (
    <Group gap={6} mt={4}>
      {facts}
    </Group>
  ) : null;
}

const isConsentChannel = (value: string): value is ConsentChannel =>
  (CONSENT_CHANNELS as readonly string[]).includes(value);

const CALL_OUTCOME_KEYS = ['answered', 'no_answer', 'busy', 'voicemail', 'wrong_number'] as const;
const isCallOutcome = (value: string): value is (typeof CALL_OUTCOME_KEYS)[number] =>
  (CALL_OUTCOME_KEYS as readonly string[]).includes(value);

interface TimelinePanelProps {
  scope: 'account' | 'contact';
  id: string;
  /** The first page the card already brought (no channel filter), and when it was fetched. */
  initial?: Page<TimelineEntry> | undefined;
  initialUpdatedAt?: number | undefined;
}

/** Everything that happened with the customer, newest first, by day, filterable by channel. */
export function TimelinePanel({ scope, id, initial, initialUpdatedAt }: TimelinePanelProps) {
  const { t, i18n } = useTranslation();
  const format = useCustomerFormat();
  const [channels, setChannels] = useState<string[]>([]);
  const channelKey = [...channels].sort().join(',');
  const timeline = useInfiniteQuery({
    queryKey: customersKeys.timelineFiltered(scope, id, channelKey),
    queryFn: ({ pageParam }) =>
      customersApi.timeline({
        ...(scope === 'account' ? { accountId: id } : { contactId: id }),
        channel: channelKey,
        cursor: pageParam,
      }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    ...(initial && !channelKey
      ? {
          initialData: { pages: [initial], pageParams: [null] } satisfies InfiniteData<
            Page<TimelineEntry>,
            string | null
          >,
          initialDataUpdatedAt: initialUpdatedAt,
        }
      : {}),
  });

  const days = useMemo(() => {
    const groups: { key: string; entries: TimelineEntry[] }[] = [];
    for (const entry of timeline.data?.pages.flatMap((page) => page.items) ?? []) {
      const key = dayKey(entry.occurredAt);
      const last = groups.at(-1);
      if (last && last.key === key) last.entries.push(entry);
      else groups.push({ key, entries: [entry] });
    }
    return groups;
  }, [timeline.data]);

  return (
    <Stack gap="sm">
      <Group gap={6} role="group" aria-label={t('customers.timeline.filter')}>
        <Chip size="xs" checked={channels.length === 0} onChange={() => setChannels([])} variant="light">
          {t('customers.timeline.all')}
        </Chip>
        <Chip.Group multiple value={channels} onChange={setChannels}>
          {TIMELINE_FILTER_CHANNELS.map((channel) => (
            <Chip key={channel} value={channel} size="xs" variant="light">
              {t(`customers.channels.${channel}`)}
            </Chip>
          ))}
        </Chip.Group>
      </Group>

      {timeline.isError && !timeline.data ? (
        <Alert color="red" variant="light" title={problemMessage(t, timeline.error, i18n.language)}>
          <Button size="xs" variant="light" color="red" onClick={() => void timeline.refetch()}>
            {t('common.retry')}
          </Button>
        </Alert>
      ) : timeline.isPending ? (
        <Group justify="center" py="lg">
          <Loader size="sm" aria-label={t('common.loading')} />
        </Group>
      ) : days.length === 0 ? (
        <Text c="dimmed" size="sm" ta="center" py="lg">
          {channels.length ? t('customers.timeline.emptyFiltered') : t('customers.timeline.empty')}
        </Text>
      ) : (
        <Stack gap="md" aria-busy={timeline.isFetching}>
          {days.map((day) => (
            <section key={day.key} aria-label={format.dayHeading(day.key)}>
              <Text size="xs" fw={700} c="dimmed" tt="uppercase" mb={2}>
                {format.dayHeading(day.key)}
              </Text>
              <ol style={{ listStyle: 'none', margin: 0, padding: 0 }}>
                {day.entries.map((entry) => {
                  const Icon = CHANNEL_ICONS[entry.channel] ?? IconSystem;
                  const showSummary = entry.summary && entry.summary.trim() !== entry.title.trim();
                  return (
                    <li key={entry.id} className={classes.timelineItem} data-channel={entry.channel}>
                      <span className={classes.channelIcon} title={t(`customers.channels.${entry.channel}`)}>
                        <Icon size={16} />
                      </span>
                      <div style={{ flex: 1, minWidth: 0 }}>
                        <Group gap={6} wrap="nowrap" justify="space-between" align="flex-start">
                          <Text size="sm" style={{ minWidth: 0 }}>
                            <Text span fw={600} size="sm">
                              {typeLabel(t, entry.type)}
                            </Text>
                            {entry.title ? (
                              <>
                                {' · '}
                                <span dir="auto">{entry.title}</span>
                              </>
                            ) : null}
                          </Text>
                          <Text size="xs" c="dimmed" style={{ flexShrink: 0 }}>
                            <time dateTime={entry.occurredAt}>{format.time(entry.occurredAt)}</time>
                          </Text>
                        </Group>
                        {showSummary ? (
                          <Text
                            size="sm"
                            c="dark.4"
                            className={`${classes.userText} ${classes.clamp}`}
                            dir="auto"
                            mt={2}
                          >
                            {entry.summary}
                          </Text>
                        ) : null}
                        <EntryFacts entry={entry} format={format} />
                        <Text size="xs" c="dimmed" mt={2}>
                          {t(`customers.channels.${entry.channel}`)}
                          {entry.actorName ? (
                            <>
                              {' · '}
                              <span dir="auto">{entry.actorName}</span>
                            </>
                          ) : null}
                        </Text>
                      </div>
                    </li>
                  );
                })}
              </ol>
            </section>
          ))}
          {timeline.hasNextPage ? (
            <Group justify="center">
              <Button
                variant="subtle"
                size="xs"
                onClick={() => void timeline.fetchNextPage()}
                loading={timeline.isFetchingNextPage}
              >
                {t('customers.timeline.loadOlder')}
              </Button>
            </Group>
          ) : null}
        </Stack>
      )}
    </Stack>
  );
}
