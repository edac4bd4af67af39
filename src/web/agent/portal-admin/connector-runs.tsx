import { Badge, Button, Group, Paper, SimpleGrid, Skeleton, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormAlert } from '../../ui/form-alert';
import { problemMessage } from '../../ui/problem';
import { BarChart } from '../desk/desk-charts';
import { hasPermission, useSession } from '../shell/session';
import {
  portalAdminApi,
  portalAdminKeys,
  type TConnector,
  type TConnectorTestResult,
} from './portal-admin-api';
import { useDateTime } from './portal-common';

const RUN_COLOR = { running: 'blue', succeeded: 'green', failed: 'red' } as const;

const cell = (value: unknown): string => {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
};

/** "Test connection" (first rows as mapped) and "Run now". */
export function ConnectorTools({ connector }: { connector: TConnector }) {
  const { t, i18n } = useTranslation();
  const canWrite = hasPermission(useSession(), 'datasets:write');
  const queryClient = useQueryClient();
  const [result, setResult] = useState<TConnectorTestResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const test = useMutation({
    mutationFn: () => portalAdminApi.testConnector(connector.id),
    onSuccess: (r) => {
      setError(null);
      setResult(r);
    },
    onError: (e) => {
      setResult(null);
      setError(problemMessage(t, e, i18n.language));
    },
  });
  const run = useMutation({
    mutationFn: () => portalAdminApi.runConnector(connector.id),
    onSuccess: () => {
      setError(null);
      notifications.show({ color: 'blue', message: t('portalAdmin.connector.runStarted') });
      void queryClient.invalidateQueries({ queryKey: portalAdminKeys.runs(connector.id) });
    },
    onError: (e) => setError(problemMessage(t, e, i18n.language)),
  });
  const columns = [...new Set(result?.rows.flatMap((r) => Object.keys(r.mapped)) ?? [])];
  const hasErrors = result?.rows.some((r) => r.errors.length > 0) ?? false;
  return (
    <Paper withBorder p="md" mt="md">
      <Stack gap="sm">
        <Group>
          <Button variant="default" onClick={() => test.mutate()} loading={test.isPending}>
            {t('portalAdmin.connector.test')}
          </Button>
          {canWrite ? (
            <Button onClick={() => run.mutate()} loading={run.isPending}>
              {t('portalAdmin.connector.run')}
            </Button>
          ) : null}
        </Group>
        <FormAlert message={error} />
        {result ? (
          <Text size="sm" c="green" role="status">
            {result.rows.length
              ? t('portalAdmin.connector.testOk', { count: result.rows.length })
              : t('portalAdmin.connector.testEmpty')}
          </Text>
        ) : null}
        {result?.rows.length ? (
          <Table.ScrollContainer minWidth={480}>
            <Table striped aria-label={t('portalAdmin.connector.test')}>
              <Table.Thead>
                <Table.Tr>
                  {columns.map((c) => (
                    <Table.Th key={c}>
                      <bdi dir="ltr">{c}</bdi>
                    </Table.Th>
                  ))}
                  {hasErrors ? <Table.Th>{t('portalAdmin.connector.rowErrors')}</Table.Th> : null}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {result.rows.map((r, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: a fixed sample in server order
                  <Table.Tr key={i}>
                    {columns.map((c) => (
                      <Table.Td key={c} dir="auto">
                        {cell(r.mapped[c])}
                      </Table.Td>
                    ))}
                    {hasErrors ? (
                      <Table.Td c="red" dir="auto">
                        {r.errors.join('; ')}
                      </Table.Td>
                    ) : null}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        ) : null}
      </Stack>
    </Paper>
  );
}

/** The run history: status, duration, counts and errors, with two small charts of recent runs. */
export function ConnectorRuns({ connectorId }: { connectorId: string }) {
  const { t, i18n } = useTranslation();
  const format = useDateTime();
  const runs = useQuery({
    queryKey: portalAdminKeys.runs(connectorId),
    queryFn: () => portalAdminApi.connectorRuns(connectorId),
    // a run works in the background: poll only while one is still going
    refetchInterval: (query) => (query.state.data?.items.some((r) => r.status === 'running') ? 1500 : false),
  });
  const items = runs.data?.items ?? [];
  const recent = items.slice(0, 12).reverse();
  const seconds = (ms: number | null) => (ms === null ? 0 : Math.round(ms / 100) / 10);
  const nf = new Intl.NumberFormat(format.tag, { maximumFractionDigits: 1 });
  const timeLabel = (iso: string) =>
    new Intl.DateTimeFormat(format.tag, { hour: '2-digit', minute: '2-digit' }).format(new Date(iso));
  const color = (s: keyof typeof RUN_COLOR) => `var(--mantine-color-${RUN_COLOR[s]}-6)`;
  return (
    <Paper withBorder p="md" mt="md" component="section" aria-labelledby="connector-runs">
      <Title order={3} fz="h4" id="connector-runs" mb="sm">
        {t('portalAdmin.runs.title')}
      </Title>
      {runs.isPending ? <Skeleton h={80} /> : null}
      {runs.isError ? <FormAlert message={problemMessage(t, runs.error, i18n.language)} /> : null}
      {runs.data && items.length === 0 ? <Text c="dimmed">{t('portalAdmin.runs.empty')}</Text> : null}
      {recent.length ? (
        <SimpleGrid cols={{ base: 1, md: 2 }} mb="md">
          <div>
            <Text size="sm" fw={500} mb={4}>
              {t('portalAdmin.runs.durationChart')}
            </Text>
            <BarChart
              title={t('portalAdmin.runs.durationChart')}
              bars={recent.map((r) => ({
                key: r.id,
                label: timeLabel(r.startedAt),
                value: seconds(r.durationMs),
                color: color(r.status),
              }))}
              format={(n) => nf.format(n)}
            />
          </div>
          <div>
            <Text size="sm" fw={500} mb={4}>
              {t('portalAdmin.runs.recordsChart')}
            </Text>
            <BarChart
              title={t('portalAdmin.runs.recordsChart')}
              bars={recent.map((r) => ({
                key: r.id,
                label: timeLabel(r.startedAt),
                value: r.fetched,
                color: color(r.status),
              }))}
              format={(n) => format.number(n)}
            />
          </div>
        </SimpleGrid>
      ) : null}
      {items.length ? (
        <Table.ScrollContainer minWidth={760}>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('portalAdmin.runs.startedAt')}</Table.Th>
                <Table.Th>{t('portalAdmin.runs.status')}</Table.Th>
                <Table.Th>{t('portalAdmin.runs.trigger')}</Table.Th>
                <Table.Th>{t('portalAdmin.runs.duration')}</Table.Th>
                <Table.Th>{t('portalAdmin.runs.fetched')}</Table.Th>
                <Table.Th>{t('portalAdmin.runs.inserted')}</Table.Th>
                <Table.Th>{t('portalAdmin.runs.updated')}</Table.Th>
                <Table.Th>{t('portalAdmin.runs.deleted')}</Table.Th>
                <Table.Th>{t('portalAdmin.runs.rejected')}</Table.Th>
                <Table.Th>{t('portalAdmin.runs.error')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((r) => (
                <Table.Tr key={r.id} data-run-status={r.status}>
                  <Table.Td>{format.dateTime(r.startedAt)}</Table.Td>
                  <Table.Td>
                    <Badge color={RUN_COLOR[r.status]} variant="light">
                      {t(`portalAdmin.runs.statuses.${r.status}`)}
                    </Badge>
                  </Table.Td>
                  <Table.Td>{t(`portalAdmin.runs.triggers.${r.trigger}`)}</Table.Td>
                  <Table.Td>
                    {r.durationMs === null
                      ? '—'
                      : t('portalAdmin.runs.seconds', { value: nf.format(seconds(r.durationMs)) })}
                  </Table.Td>
                  <Table.Td>{format.number(r.fetched)}</Table.Td>
                  <Table.Td>{format.number(r.inserted)}</Table.Td>
                  <Table.Td>{format.number(r.updated)}</Table.Td>
                  <Table.Td>{format.number(r.deleted)}</Table.Td>
                  <Table.Td>{format.number(r.rejected)}</Table.Td>
                  <Table.Td maw={280}>
                    {r.error ? (
                      <Text size="xs" c="red" dir="auto" lineClamp={3}>
                        {r.error}
                      </Text>
                    ) : r.rejects.length ? (
                      <Text size="xs" c="orange" dir="auto" lineClamp={3}>
                        {r.rejects
                          .slice(0, 3)
                          .map((x) => `#${x.index + 1}${x.key ? ` (${x.key})` : ''}: ${x.errors.join(', ')}`)
                          .join('; ')}
                      </Text>
                    ) : (
                      '—'
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      ) : null}
    </Paper>
  );
}
