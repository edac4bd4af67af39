import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { intlTag, type Locale, toLocale } from '../../ui/locale';
import type { TDatasetColumn, TDatasetView } from './datasets-api';

export const useLocale = (): Locale => toLocale(useTranslation('portal').i18n.language);

export const datasetLabel = (d: Pick<TDatasetView, 'labelHe' | 'labelEn'>, locale: Locale) =>
  locale === 'he' ? d.labelHe : d.labelEn;
export const columnLabel = (f: TDatasetColumn, locale: Locale) => (locale === 'he' ? f.labelHe : f.labelEn);

const MINUTE = 60_000;

/** The current time, re-read every `everyMs` so "N minutes ago" keeps counting on an open screen. */
export const useNow = (everyMs = MINUTE): number => {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = window.setInterval(() => setNow(Date.now()), everyMs);
    return () => window.clearInterval(id);
  }, [everyMs]);
  return now;
};

/** Whole minutes from `iso` to `now`, never negative (a clock a little behind the server's). */
export const minutesSince = (iso: string, now: number): number | null => {
  const then = Date.parse(iso);
  return Number.isFinite(then) ? Math.max(0, Math.floor((now - then) / MINUTE)) : null;
};

/** "7 minutes ago" / "לפני 7 דקות": minutes under an hour, hours under a day, then days. */
export const relativeTime = (rtf: Intl.RelativeTimeFormat, iso: string, now: number): string | null => {
  const minutes = minutesSince(iso, now);
  if (minutes === null) return null;
  if (minutes < 60) return rtf.format(-minutes, 'minute');
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return rtf.format(-hours, 'hour');
  return rtf.format(-Math.floor(hours / 24), 'day');
};

/** Intl formatters for record values in the UI language (Israeli conventions in both). */
export const useDatasetFormat = () => {
  const locale = useLocale();
  return useMemo(() => {
    const tag = intlTag(locale);
    // A date field is a calendar day (YYYY-MM-DD): format it in UTC so no time zone shifts the day.
    const date = new Intl.DateTimeFormat(tag, { dateStyle: 'medium', timeZone: 'UTC' });
    const dateTime = new Intl.DateTimeFormat(tag, { dateStyle: 'medium', timeStyle: 'short' });
    const number = new Intl.NumberFormat(tag, { maximumFractionDigits: 6 });
    const rtf = new Intl.RelativeTimeFormat(tag, { numeric: 'auto' });
    const safe = (fmt: Intl.DateTimeFormat, value: string, parse: (s: string) => number) => {
      const ms = parse(value);
      return Number.isFinite(ms) ? fmt.format(ms) : value;
    };
    return {
      locale,
      date: (value: string) => safe(date, value, (s) => Date.parse(`${s}T00:00:00Z`)),
      dateTime: (value: string) => safe(dateTime, value, Date.parse),
      number: (value: number) => number.format(value),
      ago: (iso: string, now: number) => relativeTime(rtf, iso, now),
    };
  }, [locale]);
};

export type DatasetFormat = ReturnType<typeof useDatasetFormat>;

/** Only http(s) links become anchors: a `javascript:` or `data:` value stays text. */
export const safeHref = (value: string): string | null => {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
};

// Status values are the ERP's own words. A few common ones get the colour of their meaning; any
// other value gets one of a few neutral tones, the same value always the same tone.
const KNOWN_TONES: Record<string, 'success' | 'warning' | 'danger'> = {
  סופית: 'success',
  נמסר: 'success',
  הגיע: 'success',
  הושלם: 'success',
  delivered: 'success',
  arrived: 'success',
  completed: 'success',
  final: 'success',
  בדרך: 'warning',
  'in transit': 'warning',
  pending: 'warning',
  ממתין: 'warning',
  מעוכב: 'danger',
  בוטל: 'danger',
  delayed: 'danger',
  cancelled: 'danger',
  canceled: 'danger',
};
const NEUTRAL_TONES = 4;

export const statusTone = (value: string): string => {
  const word = value.trim().toLowerCase();
  const known = KNOWN_TONES[word];
  if (known) return known;
  let h = 0;
  for (const ch of word) h = (h * 31 + (ch.codePointAt(0) ?? 0)) >>> 0;
  return `tone${h % NEUTRAL_TONES}`;
};
