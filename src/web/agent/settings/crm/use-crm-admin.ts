import { useTranslation } from 'react-i18next';
import { hasPermission, useSession } from '../../shell/session';

/** Whether the signed-in user may change workspace settings (custom fields, card, pipelines). */
export const useCanManageSettings = () => hasPermission(useSession(), 'settings:manage');

/** Picks the Hebrew or English variant of a bilingual label for the UI language. */
export const useBilingual = () => {
  const { i18n } = useTranslation();
  const he = (i18n.resolvedLanguage ?? i18n.language) === 'he';
  return <T extends { labelHe: string; labelEn: string }>(item: T) => ({
    primary: he ? item.labelHe : item.labelEn,
    secondary: he ? item.labelEn : item.labelHe,
  });
};
