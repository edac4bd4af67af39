import { Badge, Text, Tooltip } from '@mantine/core';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { intlTag, toLocale } from '../../ui/locale';
import type { TicketPriority, TicketStatus } from './tickets-api';

/** The current time, ticking every `ms` (a countdown re-renders once a minute by default). */
export const useNow = (ms = 30_000): number => {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(id);
  }, [ms]);
  return now;
};

/** "2h 10m" / "2 שע׳ 10 דק׳" — days, hours and minutes, at most two parts. */
export const useDuration = () => {
  const { i18n } = useTranslation();
  const tag = intlTag(toLocale(i18n.language));
  return useMemo(() => {
    const unit = (u: 'day' | 'hour' | 'minute') =>
      new Intl.NumberFormat(tag, { style: 'unit', unit: u, unitDisplay: 'narrow' });
    const day = unit('day');
    const hour = unit('hour');
    const minute = unit('minute');
    return (ms: number): string => {
      const total = Math.max(1, Math.round(Math.abs(ms) / 60_000));
      const d = Math.floor(total / 1440);
      const h = Math.floor((total % 1440) / 60);
      const m = total % 60;
      const parts: string[] = [];
      if (d) parts.push(day.format(d));
      if (h) parts.push(hour.format(h));
      if (m && parts.length < 2 && !d) parts.push(minute.format(m));
      if (!parts.length) parts.push(minute.format(m || 1));
      return parts.slice(0, 2).join(' ');
    };
  }, [tag]);
};

/** Local time of a due date: the weekday and time when it is not today. */
export const useDueTime = () => {
  const { i18n } = useTranslation();
  const tag = intlTag(toLocale(i18n.language));
  return useMemo(() => {
    const time = new Intl.DateTimeFormat(tag, { hour: '2-digit', minute: '2-digit' });
    const dayTime = new Intl.DateTimeFormat(tag, {
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      hour: '2-digit',
      minute: '2-digit',
    });
    return (iso: string) => {
      const date = new Date(iso);
      if (Number.isNaN(date.getTime())) return iso;
      return date.toDateString() === new Date().toDateString() ? time.format(date) : dayTime.format(date);
    };
  }, [tag]);
};

/** "in 2h 10m" or, in red, "breached 35m ago"; the due time (local) in a tooltip and on hover. */
export function SlaCountdown({
  dueAt,
  warnAt,
  now,
  paused,
}: {
  dueAt: string | null;
  warnAt?: string | null;
  now: number;
  paused?: boolean;
}) {
  const { t } = useTranslation();
  const duration = useDuration();
  const dueTime = useDueTime();
  if (!dueAt) {
    return (
      <Text size="sm" c="dimmed">
        {t('tickets.sla.none')}
      </Text>
    );
  }
  const left = new Date(dueAt).getTime() - now;
  const breached = left < 0;
  const warning = !breached && warnAt ? new Date(warnAt).getTime() <= now : false;
  const color = breached ? 'red' : warning ? 'orange' : paused ? 'dimmed' : undefined;
  return (
    <Tooltip label={t('tickets.sla.dueAt', { time: dueTime(dueAt) })} withArrow>
      <Text size="sm" c={color} fw={breached ? 600 : undefined} style={{ whiteSpace: 'nowrap' }}>
        {breached
          ? t('tickets.sla.breachedAgo', { duration: duration(left) })
          : t('tickets.sla.inTime', { duration: duration(left) })}
        <Text component="span" display="block" size="xs" c="dimmed">
          {dueTime(dueAt)}
        </Text>
      </Text>
    </Tooltip>
  );
}

const PRIORITY_COLORS: Record<TicketPriority, string> = {
  low: 'gray',
  normal: 'blue',
  high: 'orange',
  urgent: 'red',
};

export function PriorityBadge({ priority }: { priority: TicketPriority }) {
  const { t } = useTranslation();
  return (
    <Badge color={PRIORITY_COLORS[priority]} variant={priority === 'urgent' ? 'filled' : 'light'} size="sm">
      {t(`tickets.priority.${priority}`)}
    </Badge>
  );
}

const STATUS_COLORS: Record<TicketStatus, string> = {
  new: 'cyan',
  open: 'blue',
  pending_customer: 'yellow',
  on_hold: 'grape',
  solved: 'green',
  closed: 'gray',
};

export type StatusLabels = Partial<Record<string, { he: string; en: string }>>;

/** A status's name: the tenant's configured label when known, else the built-in one. */
export const useStatusLabel = (labels?: StatusLabels) => {
  const { t, i18n } = useTranslation();
  const lang = toLocale(i18n.language) === 'en' ? 'en' : 'he';
  return (status: TicketStatus) => labels?.[status]?.[lang] ?? t(`tickets.status.${status}`);
};

export function StatusBadge({ status, labels }: { status: TicketStatus; labels?: StatusLabels }) {
  const label = useStatusLabel(labels);
  return (
    <Badge color={STATUS_COLORS[status]} variant="light" size="sm">
      {label(status)}
    </Badge>
  );
}
