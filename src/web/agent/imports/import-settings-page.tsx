import { Button } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PageHeader } from '../../ui/page-header';
import { IconUpload } from '../settings/crm/crm-icons';
import { RecentImports } from './recent-imports';

/** /settings/import — where imports start from settings, with the recent ones. */
export function ImportSettingsPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader
        order={2}
        title={t('crmSettings.imports.title')}
        documentTitle={t('crmSettings.imports.title')}
        description={t('crmSettings.imports.settingsIntro')}
        actions={
          <Button component={Link} to="/customers/import" leftSection={<IconUpload size={16} />}>
            {t('crmSettings.imports.start')}
          </Button>
        }
      />
      <RecentImports headingOrder={3} />
    </>
  );
}
