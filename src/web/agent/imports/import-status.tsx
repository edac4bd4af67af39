import { Alert, Anchor, Button, Group, List, Paper, Progress, Stack, Text, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useFormat } from '../../ui/format';
import { IconAlert, IconCheck, IconInfo } from '../../ui/icons';
import { intlTag, toLocale } from '../../ui/locale';
import { problemMessage } from '../../ui/problem';
import { sharedKeys } from '../settings/crm/crm-settings-api';
import { type ImportEntity, type ImportJob, importKeys, importsApi, isRunning } from './imports-api';
import { CountTiles, RejectedDownload } from './preview-step';

/** Polling interval while an import runs (the brief: about 0.7 s). */
export const POLL_MS = 700;
const RECORD_LINKS = 10;

/** Where a record opens (the customer screens' routes in app.tsx): the card, or the contact's page. */
export const recordPath = (entity: ImportEntity, id: string) =>
  entity === 'account' ? `/customers/accounts/${id}` : `/customers/contacts/${id}`;

/** Step 4: a committed import's progress bar until it completes or fails, then its summary. */
export function ImportStatus({
  importId,
  initial,
  onStartOver,
}: {
  importId: string;
  initial?: ImportJob | undefined;
  onStartOver: () => void;
}) {
  const { t, i18n } = useTranslation();
  const format = useFormat();
  const tag = intlTag(toLocale(i18n.resolvedLanguage ?? i18n.language));
  const percentText = (value: number) => new Intl.NumberFormat(tag, { style: 'percent' }).format(value / 100);
  const queryClient = useQueryClient();
  const job = useQuery({
    queryKey: importKeys.one(importId),
    queryFn: () => importsApi.get(importId),
    ...(initial ? { initialData: initial, initialDataUpdatedAt: 0 } : {}),
    refetchInterval: (query) => (query.state.data && !isRunning(query.state.data.status) ? false : POLL_MS),
    refetchIntervalInBackground: true,
  });
  const data = job.data;
  const finished = data?.status === 'completed' || data?.status === 'failed';

  // the list of recent imports (and any customer list) is stale once a run ends
  useEffect(() => {
    if (!finished) return;
    void queryClient.invalidateQueries({ queryKey: importKeys.list });
    void queryClient.invalidateQueries({ queryKey: sharedKeys.customers });
  }, [finished, queryClient]);

  const created = data?.status === 'completed' ? (data.counts?.created ?? 0) : 0;
  const newest = useQuery({
    queryKey: importKeys.newest(importId),
    queryFn: () => importsApi.newest(data?.entity ?? 'account', Math.min(created, RECORD_LINKS)),
    enabled: created > 0,
    staleTime: Number.POSITIVE_INFINITY,
  });

  if (!data) {
    return job.isError ? (
      <Alert color="red" variant="light" title={problemMessage(t, job.error, i18n.language)}>
        <Button size="xs" variant="light" color="red" onClick={() => void job.refetch()}>
          {t('common.retry')}
        </Button>
      </Alert>
    ) : (
      <Progress value={0} aria-label={t('crmSettings.imports.progress.label')} size="xl" />
    );
  }

  const { progress, counts } = data;
  const percent = data.status === 'completed' ? 100 : progress.percent;

  if (data.status === 'uploaded' || data.status === 'previewed') {
    return (
      <Stack>
        <Alert color="gray" variant="light" icon={<IconInfo size={18} />}>
          <Text size="sm">
            <bdi>{data.fileName}</bdi> — {t('crmSettings.imports.progress.notCommitted')}
          </Text>
        </Alert>
        <Group>
          <Button onClick={onStartOver}>{t('crmSettings.imports.startOver')}</Button>
        </Group>
      </Stack>
    );
  }

  return (
    <Stack>
      <Paper withBorder p="lg">
        <Stack gap="sm">
          <Group justify="space-between" wrap="nowrap">
            <Title order={3} fz="h4" aria-live="polite">
              {data.status === 'queued'
                ? t('crmSettings.imports.progress.queued')
                : data.status === 'running'
                  ? t('crmSettings.imports.progress.running')
                  : data.status === 'completed'
                    ? t('crmSettings.imports.progress.completedTitle')
                    : t('crmSettings.imports.progress.failedTitle')}
            </Title>
            <Text fw={700}>{percentText(percent)}</Text>
          </Group>
          <Progress
            value={percent}
            size="xl"
            radius="xl"
            color={data.status === 'failed' ? 'red' : data.status === 'completed' ? 'teal' : undefined}
            striped={isRunning(data.status)}
            animated={isRunning(data.status)}
            aria-label={t('crmSettings.imports.progress.label')}
            transitionDuration={200}
          />
          <Text size="sm" c="dimmed">
            <bdi>{data.fileName}</bdi>
            {' · '}
            {t('crmSettings.imports.progress.processed', {
              processed: format.number(data.status === 'completed' ? progress.total : progress.processed),
              total: format.number(progress.total),
            })}
          </Text>
        </Stack>
      </Paper>

      {data.status === 'completed' && counts ? (
        <>
          <Alert color="teal" variant="light" icon={<IconCheck size={18} />} role="status">
            {t('crmSettings.imports.progress.completedBody', {
              created: format.number(counts.created),
              updated: format.number(counts.updated),
              skipped: format.number(counts.skipped),
              rejected: format.number(counts.rejected),
              total: format.number(counts.total),
            })}
          </Alert>
          <CountTiles counts={counts} label={t('crmSettings.imports.progress.completedTitle')} done />
          {counts.rejected ? (
            <Group>
              <RejectedDownload importId={data.id} />
            </Group>
          ) : null}
          {newest.data?.items.length ? (
            <Paper withBorder p="md">
              <Title order={3} fz="md" mb="xs">
                {t('crmSettings.imports.progress.records')}
              </Title>
              <List spacing={4} size="sm">
                {newest.data.items.map((record) => (
                  <List.Item key={record.id}>
                    <Anchor component={Link} to={recordPath(data.entity, record.id)} size="sm">
                      <bdi>{record.name ?? record.fullName ?? `#${record.number}`}</bdi>
                    </Anchor>
                  </List.Item>
                ))}
              </List>
              {counts.created > newest.data.items.length ? (
                <Text size="xs" c="dimmed" mt="xs">
                  {t('crmSettings.imports.progress.recordsMore', {
                    count: counts.created - newest.data.items.length,
                  })}
                </Text>
              ) : null}
            </Paper>
          ) : null}
        </>
      ) : null}

      {data.status === 'failed' ? (
        <Alert color="red" variant="light" icon={<IconAlert size={18} />} role="alert">
          <Text size="sm" fw={500}>
            {t('crmSettings.imports.progress.failedBody')}
          </Text>
          {data.error ? (
            <Text size="sm" mt={4} dir="auto">
              {data.error}
            </Text>
          ) : null}
        </Alert>
      ) : null}

      {finished ? (
        <Group>
          <Button component={Link} to="/customers" variant="default">
            {t('crmSettings.imports.progress.goToCustomers')}
          </Button>
          <Button onClick={onStartOver}>{t('crmSettings.imports.progress.another')}</Button>
        </Group>
      ) : null}
    </Stack>
  );
}
