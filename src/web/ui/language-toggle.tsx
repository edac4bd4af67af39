import { Button } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { setUiLocale } from '../i18n';
import { IconLanguage } from './icons';
import { type Locale, toLocale } from './locale';

export const otherLocale = (locale: Locale): Locale => (locale === 'he' ? 'en' : 'he');

/** Offers the other language, named in that language ("English" / "עברית"). */
export function LanguageToggle({ onSwitch }: { onSwitch?: (locale: Locale) => void }) {
  const { t, i18n } = useTranslation();
  const target = otherLocale(toLocale(i18n.language));
  return (
    <Button
      variant="subtle"
      color="gray"
      size="sm"
      leftSection={<IconLanguage size={18} />}
      lang={target}
      onClick={() => (onSwitch ? onSwitch(target) : void setUiLocale(target))}
    >
      {t(`language.${target}`)}
    </Button>
  );
}
