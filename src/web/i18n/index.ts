import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { PortalMessages } from '../portal/i18n/he';
import {
  applyDocumentLocale,
  DEFAULT_LOCALE,
  type Locale,
  rememberLocale,
  storedLocale,
  toLocale,
} from '../ui/locale';
import { en } from './en';
import { he, type Messages } from './he';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    // `portal` is the customer portal's namespace (its own i18next instance, see portal/i18n).
    resources: { translation: Messages; portal: PortalMessages };
  }
}

const initial = storedLocale();
applyDocumentLocale(initial);

void i18n.use(initReactI18next).init({
  resources: { he: { translation: he }, en: { translation: en } },
  lng: initial,
  fallbackLng: DEFAULT_LOCALE,
  supportedLngs: ['he', 'en'],
  interpolation: { escapeValue: false }, // React escapes
  initAsync: false, // resources are bundled: render the first frame already translated
  returnNull: false,
});

i18n.on('languageChanged', (lng) => applyDocumentLocale(toLocale(lng)));

export const currentLocale = (): Locale => toLocale(i18n.resolvedLanguage ?? i18n.language);

/** Switches the UI language at once and remembers it on this device. */
export const setUiLocale = async (locale: Locale): Promise<void> => {
  rememberLocale(locale);
  if (currentLocale() !== locale) await i18n.changeLanguage(locale);
};

export { i18n };
