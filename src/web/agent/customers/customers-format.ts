import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { intlTag, toLocale } from '../../ui/locale';
import type { CustomFieldDef } from './customers-api';

/** Tiers the UI names in both languages; any other tier a tenant uses is shown as typed. */
export const KNOWN_TIERS = ['standard', 'silver', 'gold', 'platinum'] as const;
type KnownTier = (typeof KNOWN_TIERS)[number];
export const isKnownTier = (tier: string): tier is KnownTier =>
  (KNOWN_TIERS as readonly string[]).includes(tier);

export const TIER_COLOR: Record<KnownTier, string> = {
  standard: 'gray',
  silver: 'indigo',
  gold: 'yellow',
  platinum: 'grape',
};

export const phoneHref = (phone: { raw: string; e164: string | null }) =>
  `tel:${phone.e164 ?? phone.raw.replace(/[^\d+]/g, '')}`;

/** "2026-03-01" as a local calendar day (no time-zone shift). */
const parseDay = (day: string): Date | null => {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return null;
  return new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
};

/** A local `YYYY-MM-DD` key for grouping by day. */
export const dayKey = (iso: string): string => {
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
};

/** `2026-03-01T09:30` for <input type="datetime-local"> from an ISO instant. */
export const toLocalInput = (iso: string | null | undefined): string => {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
};

/** The ISO instant of a datetime-local value, read in the browser's time zone. */
export const fromLocalInput = (value: string): string | null => {
  if (!value) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
};

/** Dates, money and durations for the customer screens, in the UI language (Israeli conventions). */
export const useCustomerFormat = () => {
  const { t, i18n } = useTranslation();
  const locale = toLocale(i18n.language);
  const tag = intlTag(locale);
  return useMemo(() => {
    const dayFormat = new Intl.DateTimeFormat(tag, { dateStyle: 'medium' });
    const longDay = new Intl.DateTimeFormat(tag, {
      weekday: 'long',
      day: 'numeric',
      month: 'long',
      year: 'numeric',
    });
    const time = new Intl.DateTimeFormat(tag, { timeStyle: 'short' });
    const dateTime = new Intl.DateTimeFormat(tag, { dateStyle: 'medium', timeStyle: 'short' });
    const number = new Intl.NumberFormat(tag);
    const money = (amount: number | string, currency = 'ILS') => {
      const value = typeof amount === 'string' ? Number(amount) : amount;
      if (!Number.isFinite(value)) return String(amount);
      try {
        return new Intl.NumberFormat(tag, { style: 'currency', currency, maximumFractionDigits: 2 }).format(
          value,
        );
      } catch {
        return `${number.format(value)} ${currency}`;
      }
    };
    const safe = (iso: string, fmt: Intl.DateTimeFormat) => {
      const d = new Date(iso);
      return Number.isNaN(d.getTime()) ? iso : fmt.format(d);
    };
    return {
      locale,
      date: (iso: string) => safe(iso, dayFormat),
      /** A calendar day stored as YYYY-MM-DD (birthday, expected close). */
      day: (day: string) => {
        const d = parseDay(day);
        return d ? dayFormat.format(d) : day;
      },
      time: (iso: string) => safe(iso, time),
      dateTime: (iso: string) => safe(iso, dateTime),
      /** "Today", "Yesterday" or the full date, for the timeline's day headings. */
      dayHeading: (key: string) => {
        const today = dayKey(new Date().toISOString());
        const yesterday = dayKey(new Date(Date.now() - 86_400_000).toISOString());
        if (key === today) return t('customers.timeline.today');
        if (key === yesterday) return t('customers.timeline.yesterday');
        const d = parseDay(key);
        return d ? longDay.format(d) : key;
      },
      number: (value: number) => number.format(value),
      money,
      /** "4:05" (minutes:seconds). */
      duration: (seconds: number) => `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`,
      tier: (tier: string) => (isKnownTier(tier) ? t(`customers.tiers.${tier}`) : tier),
      /** A custom field's label in the UI language. */
      fieldLabel: (def: Pick<CustomFieldDef, 'labelHe' | 'labelEn'>) =>
        locale === 'he' ? def.labelHe : def.labelEn,
      optionLabel: (def: CustomFieldDef, value: string) => {
        const option = def.options.find((o) => o.value === value);
        return option ? (locale === 'he' ? option.labelHe : option.labelEn) : value;
      },
    };
  }, [tag, t, locale]);
};

export type CustomerFormat = ReturnType<typeof useCustomerFormat>;

/** A custom-field value as text for lists and the card ('' when empty). */
export const customValueText = (
  def: CustomFieldDef,
  value: unknown,
  format: CustomerFormat,
  userName: (id: string) => string | null,
  yesNo: (value: boolean) => string,
): string => {
  if (value === null || value === undefined || value === '') return '';
  switch (def.type) {
    case 'currency':
      return typeof value === 'number' || typeof value === 'string' ? format.money(value) : '';
    case 'number':
      return typeof value === 'number' ? format.number(value) : String(value);
    case 'date':
      return typeof value === 'string' ? format.day(value) : '';
    case 'datetime':
      return typeof value === 'string' ? format.dateTime(value) : '';
    case 'select':
      return typeof value === 'string' ? format.optionLabel(def, value) : '';
    case 'multi_select':
      return Array.isArray(value) ? value.map((v) => format.optionLabel(def, String(v))).join(', ') : '';
    case 'checkbox':
      return typeof value === 'boolean' ? yesNo(value) : '';
    case 'user':
      return typeof value === 'string' ? (userName(value) ?? '') : '';
    case 'text':
    case 'long_text':
    case 'phone':
    case 'email':
    case 'url':
      return String(value);
    default: {
      const never: never = def.type;
      return String(never);
    }
  }
};
