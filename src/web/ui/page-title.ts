import { useDocumentTitle } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';

/** Sets `document.title` to "<page> · Kesher" in the current language. */
export const usePageTitle = (page: string): void => {
  const { t } = useTranslation();
  useDocumentTitle(page ? t('app.pageTitle', { page }) : t('app.name'));
};
