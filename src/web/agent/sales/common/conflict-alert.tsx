import { Alert, Button, Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** A save refused with 409 VERSION_CONFLICT: say so and offer the record as it is now. */
export function ConflictAlert({ onReload }: { onReload: () => void }) {
  const { t } = useTranslation();
  return (
    <Alert color="orange" variant="light" title={t('sales.conflict.title')} role="alert">
      <Stack gap="xs" align="flex-start">
        {t('sales.conflict.body')}
        <Button size="xs" variant="light" color="orange" onClick={onReload}>
          {t('sales.conflict.reload')}
        </Button>
      </Stack>
    </Alert>
  );
}
