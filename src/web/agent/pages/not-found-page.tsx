import { Button, EmptyState, Paper } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { IconCompass } from '../../ui/icons';
import { usePageTitle } from '../../ui/page-title';

export function NotFoundPage() {
  const { t } = useTranslation();
  usePageTitle(t('notFound.title'));
  return (
    <Paper withBorder py={64} px="lg">
      <EmptyState size="lg" withIndicatorBackground>
        <EmptyState.Indicator>
          <IconCompass size={36} />
        </EmptyState.Indicator>
        <EmptyState.Title order={1}>{t('notFound.title')}</EmptyState.Title>
        <EmptyState.Description>{t('notFound.body')}</EmptyState.Description>
        <EmptyState.Actions>
          <Button component={Link} to="/">
            {t('notFound.home')}
          </Button>
        </EmptyState.Actions>
      </EmptyState>
    </Paper>
  );
}
