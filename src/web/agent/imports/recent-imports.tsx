import { Alert, Anchor, Badge, Button, Group, Paper, Skeleton, Table, Text, Title } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useFormat } from '../../ui/format';
import { intlTag, toLocale } from '../../ui/locale';
import { problemMessage } from '../../ui/problem';
import { type ImportJob, type ImportStatus, importKeys, importsApi, isRunning } from './imports-api';

const STATUS_COLOR: Record<ImportStatus, string> = {
  uploaded: 'gray',
  previewed: 'gray',
  queued: 'blue',
  running: 'blue',
  completed: 'teal',
  failed: 'red',
};

const NOWRAP = { whiteSpace: 'nowrap' } as const;

/** The workspace's latest imports, newest first, each linking to its summary. */
export function RecentImports({ headingOrder = 2 }: { headingOrder?: 2 | 3 }) {
  const { t, i18n } = useTranslation();
  const format = useFormat();
  const tag = intlTag(toLocale(i18n.resolvedLanguage ?? i18n.language));
  const percent = (value: number) => new Intl.NumberFormat(tag, { style: 'percent' }).format(value / 100);
  const list = useInfiniteQuery({
    queryKey: importKeys.list,
    queryFn: ({ pageParam }) => importsApi.list(pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    // a running import's row keeps moving
    refetchInterval: (query) =>
      query.state.data?.pages.some((page) => page.items.some((job) => isRunning(job.status))) ? 2000 : false,
  });
  const items: ImportJob[] = list.data?.pages.flatMap((page) => page.items) ?? [];

  let content: ReactNode;
  if (list.isError && !list.data) {
    content = (
      <Alert color="red" variant="light" title={problemMessage(t, list.error, i18n.language)}>
        <Button size="xs" variant="light" color="red" onClick={() => void list.refetch()}>
          {t('common.retry')}
        </Button>
      </Alert>
    );
  } else if (list.isPending) {
    content = <Skeleton height={120} radius="lg" />;
  } else if (items.length === 0) {
    content = (
      <Text size="sm" c="dimmed">
        {t('crmSettings.imports.recent.empty')}
      </Text>
    );
  } else {
    content = (
      <Paper withBorder>
        <Table.ScrollContainer minWidth={760}>
          <Table verticalSpacing="sm" horizontalSpacing="md" highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('crmSettings.imports.recent.columns.file')}</Table.Th>
                <Table.Th>{t('crmSettings.imports.recent.columns.entity')}</Table.Th>
                <Table.Th>{t('crmSettings.imports.recent.columns.status')}</Table.Th>
                <Table.Th>{t('crmSettings.imports.recent.columns.rows')}</Table.Th>
                <Table.Th>{t('crmSettings.imports.recent.columns.result')}</Table.Th>
                <Table.Th>{t('crmSettings.imports.recent.columns.when')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((job) => (
                <Table.Tr key={job.id}>
                  <Table.Td style={NOWRAP}>
                    <Anchor
                      component={Link}
                      to={`/customers/import?id=${encodeURIComponent(job.id)}`}
                      size="sm"
                      fw={500}
                      aria-label={t('crmSettings.imports.recent.openLabel', { name: job.fileName })}
                    >
                      <bdi>{job.fileName}</bdi>
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{t(`crmSettings.imports.upload.${job.entity}`)}</Text>
                  </Table.Td>
                  <Table.Td style={NOWRAP}>
                    <Badge color={STATUS_COLOR[job.status]} variant="light" tt="none">
                      {job.status === 'running'
                        ? `${t('crmSettings.imports.recent.status.running')} ${percent(job.progress.percent)}`
                        : t(`crmSettings.imports.recent.status.${job.status}`)}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{format.number(job.totalRows)}</Text>
                  </Table.Td>
                  <Table.Td>
                    {job.status === 'completed' && job.counts ? (
                      <Text size="sm" c="dimmed">
                        {t('crmSettings.imports.recent.result', {
                          created: format.number(job.counts.created),
                          updated: format.number(job.counts.updated),
                          rejected: format.number(job.counts.rejected),
                        })}
                      </Text>
                    ) : null}
                  </Table.Td>
                  <Table.Td style={NOWRAP}>
                    <Text size="sm">{format.dateTime(job.createdAt)}</Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Paper>
    );
  }

  return (
    <section aria-labelledby="recent-imports-title">
      <Title order={headingOrder} fz="h4" mb="sm" id="recent-imports-title">
        {t('crmSettings.imports.recent.title')}
      </Title>
      {content}
      {list.hasNextPage ? (
        <Group justify="center" mt="sm">
          <Button
            variant="subtle"
            loading={list.isFetchingNextPage}
            onClick={() => void list.fetchNextPage()}
          >
            {t('common.loadMore')}
          </Button>
        </Group>
      ) : null}
    </section>
  );
}
