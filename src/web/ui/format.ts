import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { intlTag, toLocale } from './locale';

/** Intl formatters for the current UI language (he-IL / en-IL conventions). */
export const useFormat = () => {
  const { i18n } = useTranslation();
  const tag = intlTag(toLocale(i18n.language));
  return useMemo(() => {
    const dateTime = new Intl.DateTimeFormat(tag, { dateStyle: 'medium', timeStyle: 'short' });
    const date = new Intl.DateTimeFormat(tag, { dateStyle: 'medium' });
    const number = new Intl.NumberFormat(tag);
    const parse = (iso: string): Date | null => {
      const value = new Date(iso);
      return Number.isNaN(value.getTime()) ? null : value;
    };
    return {
      dateTime: (iso: string) => {
        const value = parse(iso);
        return value ? dateTime.format(value) : iso;
      },
      date: (iso: string) => {
        const value = parse(iso);
        return value ? date.format(value) : iso;
      },
      number: (value: number) => number.format(value),
    };
  }, [tag]);
};
