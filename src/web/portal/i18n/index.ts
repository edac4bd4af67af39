// The portal's own i18next instance: it bundles only the portal's strings (namespace `portal`),
// not the agent app's, so the customer download stays small.
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import {
  applyDocumentLocale,
  DEFAULT_LOCALE,
  type Locale,
  rememberLocale,
  storedLocale,
  toLocale,
} from '../../ui/locale';
import { readStored, STORAGE_KEYS } from '../../ui/storage';
import { portalEn } from './en';
import { portalHe } from './he';

const initial = storedLocale();
applyDocumentLocale(initial);

void i18n.use(initReactI18next).init({
  resources: { he: { portal: portalHe }, en: { portal: portalEn } },
  ns: ['portal'],
  defaultNS: 'portal',
  lng: initial,
  fallbackLng: DEFAULT_LOCALE,
  supportedLngs: ['he', 'en'],
  interpolation: { escapeValue: false }, // React escapes
  initAsync: false,
  returnNull: false,
});

i18n.on('languageChanged', (lng) => applyDocumentLocale(toLocale(lng)));

export const currentPortalLocale = (): Locale => toLocale(i18n.resolvedLanguage ?? i18n.language);

/** The visitor chose a language on this device before (then the company's default does not apply). */
export const hasChosenLocale = (): boolean => readStored(STORAGE_KEYS.locale) !== null;

/** Switches the language at once; `remember` keeps it on this device (a visitor's own choice). */
export const setPortalLocale = async (locale: Locale, remember = true): Promise<void> => {
  if (remember) rememberLocale(locale);
  if (currentPortalLocale() !== locale) await i18n.changeLanguage(locale);
};

export { i18n as portalI18n };
