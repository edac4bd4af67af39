import { readStored, STORAGE_KEYS, writeStored } from './storage';

export const LOCALES = ['he', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'he';

export const isLocale = (value: unknown): value is Locale =>
  typeof value === 'string' && (LOCALES as readonly string[]).includes(value);

export const toLocale = (value: unknown): Locale => (isLocale(value) ? value : DEFAULT_LOCALE);

export const directionOf = (locale: Locale): 'rtl' | 'ltr' => (locale === 'he' ? 'rtl' : 'ltr');

/** BCP 47 tag for Intl formatters: Israeli conventions in both languages. */
export const intlTag = (locale: Locale): string => (locale === 'he' ? 'he-IL' : 'en-IL');

/** The UI language chosen before sign-in (or last used on this device). */
export const storedLocale = (): Locale => toLocale(readStored(STORAGE_KEYS.locale));

export const rememberLocale = (locale: Locale): void => writeStored(STORAGE_KEYS.locale, locale);

/** Keeps `<html lang dir>` in step with the UI language; Mantine's DirectionProvider observes `dir`. */
export const applyDocumentLocale = (locale: Locale): void => {
  const root = document.documentElement;
  root.lang = locale;
  root.dir = directionOf(locale);
};
