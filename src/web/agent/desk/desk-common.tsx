import { Alert } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { IconInfo } from '../../ui/icons';
import { hasPermission, useSession } from '../shell/session';

export const useCanManage = () => hasPermission(useSession(), 'settings:manage');

export function NoAccess() {
  const { t } = useTranslation();
  return (
    <Alert color="gray" variant="light" icon={<IconInfo size={18} />}>
      {t('desk.common.noAccess')}
    </Alert>
  );
}

/** Offset (ms) of a time zone at an instant: wall clock minus UTC. */
const tzOffset = (ms: number, timeZone: string): number => {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(ms));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second')) - ms;
};

/** "2026-01-08T16:30" on the wall clock of `timeZone` → an ISO instant. */
export const zonedToIso = (local: string, timeZone: string): string | null => {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local);
  if (!m) return null;
  const [y, mo, d, h, mi] = m.slice(1).map(Number) as [number, number, number, number, number];
  const guess = Date.UTC(y, mo - 1, d, h, mi);
  let ms = guess - tzOffset(guess, timeZone);
  ms = guess - tzOffset(ms, timeZone);
  return new Date(ms).toISOString();
};

/** Today's date (YYYY-MM-DD) in the browser's time zone. */
export const todayIso = (offsetDays = 0): string => {
  const d = new Date();
  d.setDate(d.getDate() + offsetDays);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
};

/** A duration in minutes as a lead reads it: minutes under an hour, hours under two days, then days. */
export const formatMinutes = (minutes: number | null | undefined, tag: string): string => {
  if (minutes === null || minutes === undefined || !Number.isFinite(minutes)) return '—';
  const unit = (value: number, unit: 'minute' | 'hour' | 'day') =>
    new Intl.NumberFormat(tag, {
      style: 'unit',
      unit,
      unitDisplay: 'short',
      maximumFractionDigits: value < 10 ? 1 : 0,
    }).format(value);
  if (minutes < 60) return unit(minutes, 'minute');
  if (minutes < 48 * 60) return unit(minutes / 60, 'hour');
  return unit(minutes / (24 * 60), 'day');
};
