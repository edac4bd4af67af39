import {
  Button,
  Group,
  Input,
  Paper,
  SegmentedControl,
  Skeleton,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../../ui/format';
import { IconDownload } from '../../../ui/icons';
import { PageHeader } from '../../../ui/page-header';
import { ReportsTabs } from '../../desk/service-dashboard-page';
import { useSession } from '../../shell/session';
import { addDays, parseDateOnly, toDateInput } from '../common/dates';
import { useMoney } from '../common/money';
import { QueryError } from '../common/query-error';
import { UserSelect } from '../common/user-select';
import { SpacerRow, useWindowedRows } from '../common/windowed-rows';
import { type ActivityReport, type ActivityReportQuery, salesApi } from '../sales-api';
import '../sales.css';
import { ActivityChart } from './activity-chart';
import { downloadFile, TABLE_METRICS, toCsv } from './report-metrics';

const MAX_DAYS = 366;
const ROW_HEIGHT = 41;
const COLUMNS = TABLE_METRICS.length + 3;

/** Every day (or Sunday-started week) from `from` to `to`, as the API labels periods. */
const periodsOf = (from: string, to: string, groupBy: 'day' | 'week'): string[] => {
  const out: string[] = [];
  let day = parseDateOnly(from);
  if (groupBy === 'week') day = addDays(day, -day.getDay());
  const end = parseDateOnly(to);
  for (let guard = 0; day <= end && guard < 400; guard += 1) {
    out.push(toDateInput(day));
    day = addDays(day, groupBy === 'week' ? 7 : 1);
  }
  return out;
};

/** /reports — activity per agent and day/week: a chart, the table with totals, CSV download. */
export function ActivityReportPage() {
  const { t } = useTranslation();
  const session = useSession();
  const format = useFormat();
  const money = useMoney();
  const today = new Date();
  const [from, setFrom] = useState(toDateInput(addDays(today, -13)));
  const [to, setTo] = useState(toDateInput(today));
  const [groupBy, setGroupBy] = useState<'day' | 'week'>('day');
  const [userId, setUserId] = useState('');
  // agents see their own activity only (the server enforces it too)
  const canPickUser = session.user.role !== 'agent';

  const rangeError =
    !from || !to
      ? t('validation.required')
      : from > to
        ? t('sales.report.rangeOrder')
        : (parseDateOnly(to).getTime() - parseDateOnly(from).getTime()) / 86_400_000 > MAX_DAYS
          ? t('sales.report.rangeTooLong')
          : null;
  const query: ActivityReportQuery = { from, to, groupBy, ...(userId ? { userId } : {}) };
  const report = useQuery({
    queryKey: ['reports', 'activity', query],
    queryFn: () => salesApi.activityReport(query),
    enabled: rangeError === null,
    placeholderData: (previous) => previous,
  });

  const rows = useMemo(
    () =>
      [...(report.data?.rows ?? [])].sort(
        (a, b) => a.period.localeCompare(b.period) || a.userName.localeCompare(b.userName),
      ),
    [report.data],
  );
  const periods = useMemo(
    () => (rangeError ? [] : periodsOf(from, to, groupBy)),
    [from, to, groupBy, rangeError],
  );
  const windowed = useWindowedRows<HTMLTableSectionElement>(rows.length, ROW_HEIGHT);
  const periodText = (period: string) =>
    groupBy === 'week'
      ? t('sales.report.weekOf', { date: format.date(`${period}T12:00:00`) })
      : format.date(`${period}T12:00:00`);

  const wonAmount = (row: Pick<ActivityReport['totals'], 'dealsWonAmount' | 'dealsWonOtherCurrencies'>) =>
    [
      money.format(row.dealsWonAmount, 'ILS'),
      ...Object.entries(row.dealsWonOtherCurrencies).map(([currency, amount]) =>
        money.format(amount, currency),
      ),
    ].join(' · ');

  const downloadCsv = () => {
    if (!report.data) return;
    const header = [
      t('sales.report.columns.period'),
      t('sales.report.columns.agent'),
      ...TABLE_METRICS.map((metric) => t(`sales.report.metrics.${metric}`)),
      t('sales.report.columns.wonAmount'),
    ];
    const otherCurrencies = (other: Record<string, string>) =>
      Object.entries(other).map(([currency, amount]) => `${amount} ${currency}`);
    const body = rows.map((row) => [
      row.period,
      row.userName,
      ...TABLE_METRICS.map((metric) => row[metric]),
      [row.dealsWonAmount, ...otherCurrencies(row.dealsWonOtherCurrencies)].join(' + '),
    ]);
    const totals = report.data.totals;
    const footer = [
      t('sales.report.total'),
      '',
      ...TABLE_METRICS.map((metric) => totals[metric]),
      [totals.dealsWonAmount, ...otherCurrencies(totals.dealsWonOtherCurrencies)].join(' + '),
    ];
    downloadFile(
      `kesher-activity-${from}-${to}.csv`,
      toCsv([header, ...body, footer]),
      'text/csv;charset=utf-8',
    );
  };

  return (
    <>
      <ReportsTabs current="sales" />
      <PageHeader
        title={t('sales.report.title')}
        description={t('sales.report.intro')}
        actions={
          <Button
            variant="default"
            leftSection={<IconDownload size={16} />}
            onClick={downloadCsv}
            disabled={!report.data || rows.length === 0}
          >
            {t('sales.report.csv')}
          </Button>
        }
      />
      <Stack gap="lg">
        <Group gap="sm" align="flex-start" wrap="wrap">
          <TextInput
            type="date"
            label={t('sales.report.from')}
            value={from}
            max={to || undefined}
            onChange={(event) => setFrom(event.currentTarget.value)}
          />
          <TextInput
            type="date"
            label={t('sales.report.to')}
            value={to}
            min={from || undefined}
            onChange={(event) => setTo(event.currentTarget.value)}
            error={rangeError}
          />
          <Stack gap={4}>
            <Input.Label id="report-group-by">{t('sales.report.groupBy')}</Input.Label>
            <SegmentedControl
              aria-labelledby="report-group-by"
              value={groupBy}
              onChange={(value) => setGroupBy(value === 'week' ? 'week' : 'day')}
              data={[
                { value: 'day', label: t('sales.report.byDay') },
                { value: 'week', label: t('sales.report.byWeek') },
              ]}
            />
          </Stack>
          {canPickUser ? (
            <UserSelect
              label={t('sales.report.agent')}
              value={userId}
              onChange={setUserId}
              emptyLabel={t('sales.common.anyone')}
            />
          ) : null}
        </Group>

        {report.isError ? (
          <QueryError error={report.error} onRetry={() => void report.refetch()} />
        ) : report.isPending ? (
          rangeError ? null : (
            <Skeleton h={300} />
          )
        ) : (
          <>
            <Paper withBorder p="md">
              <Title order={2} fz="h4" mb="sm">
                {t('sales.report.chartTitle')}
              </Title>
              {rows.length === 0 ? (
                <Text c="dimmed" ta="center" py="xl">
                  {t('sales.report.empty')}
                </Text>
              ) : (
                <ActivityChart rows={rows} groupBy={groupBy} periods={periods} />
              )}
            </Paper>
            <Paper withBorder>
              <Table.ScrollContainer minWidth={900}>
                <Table verticalSpacing="xs" horizontalSpacing="md" striped>
                  <Table.Caption>{t('sales.report.tableCaption')}</Table.Caption>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t('sales.report.columns.period')}</Table.Th>
                      <Table.Th>{t('sales.report.columns.agent')}</Table.Th>
                      {TABLE_METRICS.map((metric) => (
                        <Table.Th key={metric} ta="end">
                          {t(`sales.report.metrics.${metric}`)}
                        </Table.Th>
                      ))}
                      <Table.Th ta="end">{t('sales.report.columns.wonAmount')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody ref={windowed.ref}>
                    {rows.length === 0 ? (
                      <Table.Tr>
                        <Table.Td colSpan={COLUMNS}>
                          <Text c="dimmed" ta="center" size="sm">
                            {t('sales.report.empty')}
                          </Text>
                        </Table.Td>
                      </Table.Tr>
                    ) : null}
                    <SpacerRow height={windowed.before} colSpan={COLUMNS} />
                    {rows.slice(windowed.start, windowed.end).map((row) => (
                      <Table.Tr key={`${row.period}|${row.userId}`} style={{ blockSize: ROW_HEIGHT }}>
                        <Table.Td style={{ whiteSpace: 'nowrap' }}>{periodText(row.period)}</Table.Td>
                        <Table.Td style={{ whiteSpace: 'nowrap' }}>
                          <bdi>{row.userName}</bdi>
                        </Table.Td>
                        {TABLE_METRICS.map((metric) => (
                          <Table.Td key={metric} ta="end">
                            {format.number(row[metric])}
                          </Table.Td>
                        ))}
                        <Table.Td ta="end" style={{ whiteSpace: 'nowrap' }}>
                          {wonAmount(row)}
                        </Table.Td>
                      </Table.Tr>
                    ))}
                    <SpacerRow height={windowed.after} colSpan={COLUMNS} />
                  </Table.Tbody>
                  {report.data ? (
                    <Table.Tfoot>
                      <Table.Tr fw={700}>
                        <Table.Th colSpan={2}>{t('sales.report.total')}</Table.Th>
                        {TABLE_METRICS.map((metric) => (
                          <Table.Td key={metric} ta="end" fw={700}>
                            {format.number(report.data.totals[metric])}
                          </Table.Td>
                        ))}
                        <Table.Td ta="end" fw={700} style={{ whiteSpace: 'nowrap' }}>
                          {wonAmount(report.data.totals)}
                        </Table.Td>
                      </Table.Tr>
                    </Table.Tfoot>
                  ) : null}
                </Table>
              </Table.ScrollContainer>
            </Paper>
          </>
        )}
      </Stack>
    </>
  );
}
