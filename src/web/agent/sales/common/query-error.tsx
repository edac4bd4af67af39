import { Alert, Button } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { problemMessage } from '../../../ui/problem';

/** A failed load: what went wrong, in the UI language, and a retry button. */
export function QueryError({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  const { t, i18n } = useTranslation();
  return (
    <Alert color="red" variant="light" title={problemMessage(t, error, i18n.language)}>
      <Button size="xs" variant="light" color="red" onClick={onRetry}>
        {t('common.retry')}
      </Button>
    </Alert>
  );
}
