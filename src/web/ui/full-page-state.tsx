import { Button, Center, Loader, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { IconAlert } from './icons';

export function FullPageLoader() {
  const { t } = useTranslation();
  return (
    <Center mih="100dvh">
      <Loader aria-label={t('common.loading')} />
    </Center>
  );
}

/** Shown when the server cannot be reached at all (nothing else can work). */
export function FullPageError({ onRetry, message }: { onRetry: () => void; message?: string }) {
  const { t } = useTranslation();
  return (
    <Center mih="100dvh" p="lg">
      <Stack align="center" gap="sm" maw={420} ta="center" role="alert">
        <IconAlert size={40} color="var(--mantine-color-orange-6)" />
        <Title order={1} fz="h3">
          {t('fatal.title')}
        </Title>
        <Text c="dimmed">{message ?? t('fatal.body')}</Text>
        <Button onClick={onRetry} mt="sm">
          {t('common.retry')}
        </Button>
      </Stack>
    </Center>
  );
}
