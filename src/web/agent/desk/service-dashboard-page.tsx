import {
  Anchor,
  Badge,
  Button,
  Group,
  Paper,
  Select,
  SimpleGrid,
  Skeleton,
  Stack,
  Table,
  Tabs,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { type ReactNode, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { FormAlert } from '../../ui/form-alert';
import { useFormat } from '../../ui/format';
import { IconDownload } from '../../ui/icons';
import { intlTag, toLocale } from '../../ui/locale';
import { PageHeader } from '../../ui/page-header';
import { problemMessage } from '../../ui/problem';
import { type DashTicket, dashboardCsvUrl, deskApi, deskKeys } from './desk-api';
import { BarChart, HBarChart, LineChart } from './desk-charts';
import { formatDuration, todayIso } from './desk-common';
import './desk.css';

const PRIORITIES = ['urgent', 'high', 'normal', 'low'] as const;
const PRIORITY_COLORS: Record<string, string> = {
  urgent: 'var(--mantine-color-red-6)',
  high: 'var(--mantine-color-orange-6)',
  normal: 'var(--mantine-color-blue-6)',
  low: 'var(--mantine-color-gray-5)',
};
const STATUSES = ['new', 'open', 'pending_customer', 'on_hold'] as const;

/** Tabs between the sales report (/reports) and the service dashboard (/reports/service). */
export function ReportsTabs({ current }: { current: 'sales' | 'service' }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <Tabs
      value={current}
      onChange={(v) => void navigate(v === 'service' ? '/reports/service' : '/reports')}
      mb="md"
    >
      <Tabs.List>
        <Tabs.Tab value="sales">{t('desk.dashboard.tabSales')}</Tabs.Tab>
        <Tabs.Tab value="service">{t('desk.dashboard.tab')}</Tabs.Tab>
      </Tabs.List>
    </Tabs>
  );
}

/** /reports/service — the live manager dashboard. */
export function ServiceDashboardPage() {
  const { t, i18n } = useTranslation();
  const fmt = useFormat();
  const tag = intlTag(toLocale(i18n.language));
  const [params, setParams] = useSearchParams();
  const from = params.get('from') ?? todayIso(-29);
  const to = params.get('to') ?? todayIso();
  const teamId = params.get('teamId');
  const q = { from, to, teamId };
  const teams = useQuery({ queryKey: deskKeys.teams, queryFn: deskApi.listTeams });
  const dash = useQuery({
    queryKey: deskKeys.dashboard(q),
    queryFn: () => deskApi.dashboard(q),
    refetchInterval: 30_000,
    placeholderData: keepPreviousData,
    retry: false,
  });
  const set = (key: string, value: string | null) =>
    setParams((prev) => {
      const next = new URLSearchParams(prev);
      if (value) next.set(key, value);
      else next.delete(key);
      return next;
    });
  const d = dash.data;
  const pct = (v: number | null | undefined) =>
    v === null || v === undefined
      ? '—'
      : new Intl.NumberFormat(tag, { style: 'percent', maximumFractionDigits: 1 }).format(
          v > 1 ? v / 100 : v,
        );
  const dur = (m: number | null | undefined) => formatDuration(m, tag);
  const dayFmt = useMemo(
    () => new Intl.DateTimeFormat(tag, { day: 'numeric', month: 'numeric', timeZone: 'UTC' }),
    [tag],
  );

  const compliance = d?.compliance ?? [];
  const overall = (() => {
    const met = compliance.reduce((n, c) => n + (c.met ?? 0), 0);
    const all = met + compliance.reduce((n, c) => n + (c.breached ?? 0), 0);
    return all ? met / all : null;
  })();
  const open = d?.open;
  const openTotal = open?.total ?? Object.values(open?.byPriority ?? {}).reduce((a, b) => a + b, 0);

  return (
    <>
      <ReportsTabs current="service" />
      <PageHeader
        title={t('desk.dashboard.title')}
        description={t('desk.dashboard.live')}
        actions={
          <Button
            component="a"
            href={dashboardCsvUrl(q)}
            download
            variant="default"
            leftSection={<IconDownload size={16} />}
          >
            {t('desk.dashboard.csv')}
          </Button>
        }
      />
      <Group align="flex-end" mb="md" wrap="wrap">
        <TextInput
          type="date"
          label={t('desk.dashboard.from')}
          value={from}
          max={to}
          onChange={(e) => set('from', e.currentTarget.value)}
          dir="ltr"
        />
        <TextInput
          type="date"
          label={t('desk.dashboard.to')}
          value={to}
          min={from}
          onChange={(e) => set('to', e.currentTarget.value)}
          dir="ltr"
        />
        <Select
          label={t('desk.dashboard.team')}
          data={[
            { value: '', label: t('desk.dashboard.allTeams') },
            ...(teams.data?.items ?? []).map((x) => ({ value: x.id, label: x.name })),
          ]}
          value={teamId ?? ''}
          onChange={(v) => set('teamId', v || null)}
          allowDeselect={false}
        />
      </Group>
      {dash.isError ? (
        <FormAlert
          message={`${t('desk.dashboard.unavailable')} ${problemMessage(t, dash.error, i18n.language)}`}
        />
      ) : null}
      {dash.isPending ? <Skeleton h={400} /> : null}
      {d ? (
        <Stack gap="lg">
          <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm">
            <Kpi label={t('desk.dashboard.kpi.open')} value={fmt.number(openTotal)} />
            <Kpi
              label={t('desk.dashboard.kpi.breached')}
              value={fmt.number(d.breached?.length ?? 0)}
              tone="red"
            />
            <Kpi
              label={t('desk.dashboard.kpi.atRisk')}
              value={fmt.number(d.atRisk?.length ?? 0)}
              tone="orange"
            />
            <Kpi label={t('desk.dashboard.kpi.compliance')} value={pct(overall)} />
            <Kpi
              label={t('desk.dashboard.kpi.csat')}
              value={
                d.csat?.average == null
                  ? '—'
                  : new Intl.NumberFormat(tag, { maximumFractionDigits: 2 }).format(d.csat.average)
              }
              hint={t('desk.dashboard.kpi.csatDetail', {
                count: fmt.number(d.csat?.count ?? 0),
                satisfied: pct(d.csat?.satisfiedPercent),
              })}
            />
            <Kpi
              label={t('desk.dashboard.kpi.firstResponse')}
              value={`${dur(d.firstResponse?.median)} / ${dur(d.firstResponse?.p90)}`}
            />
            <Kpi
              label={t('desk.dashboard.kpi.resolution')}
              value={`${dur(d.resolution?.median)} / ${dur(d.resolution?.p90)}`}
            />
          </SimpleGrid>
          <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
            <ChartCard title={t('desk.dashboard.openByPriority')}>
              <BarChart
                title={t('desk.dashboard.openByPriority')}
                format={fmt.number}
                bars={PRIORITIES.map((p) => ({
                  key: p,
                  label: t(`desk.priorities.${p}`),
                  value: open?.byPriority?.[p] ?? 0,
                  color: PRIORITY_COLORS[p] ?? 'gray',
                }))}
              />
            </ChartCard>
            <ChartCard title={t('desk.dashboard.openByStatus')}>
              <BarChart
                title={t('desk.dashboard.openByStatus')}
                format={fmt.number}
                bars={STATUSES.map((s) => ({
                  key: s,
                  label: t(`desk.statuses.${s}`),
                  value: open?.byStatus?.[s] ?? 0,
                  color: 'var(--mantine-color-kesher-6, var(--mantine-primary-color-filled))',
                }))}
              />
            </ChartCard>
            <ChartCard title={t('desk.dashboard.createdSolved')}>
              {(d.daily ?? []).length ? (
                <LineChart
                  title={t('desk.dashboard.createdSolved')}
                  format={fmt.number}
                  labels={(d.daily ?? []).map((x) =>
                    dayFmt.format(new Date(`${x.date.slice(0, 10)}T00:00:00Z`)),
                  )}
                  series={[
                    {
                      key: 'created',
                      label: t('desk.dashboard.created'),
                      color: 'var(--mantine-color-blue-6)',
                      values: (d.daily ?? []).map((x) => x.created),
                    },
                    {
                      key: 'solved',
                      label: t('desk.dashboard.solved'),
                      color: 'var(--mantine-color-green-6)',
                      values: (d.daily ?? []).map((x) => x.solved),
                    },
                  ]}
                />
              ) : (
                <Text c="dimmed" size="sm">
                  {t('desk.dashboard.noData')}
                </Text>
              )}
            </ChartCard>
            <ChartCard title={t('desk.dashboard.agentLoad')}>
              {(d.agents ?? []).length ? (
                <HBarChart
                  title={t('desk.dashboard.agentLoad')}
                  format={fmt.number}
                  bars={(d.agents ?? []).map((a) => ({
                    key: a.userId ?? 'none',
                    label: a.name ?? t('desk.dashboard.unassigned'),
                    value: a.open,
                    color: 'var(--mantine-color-violet-6)',
                  }))}
                />
              ) : (
                <Text c="dimmed" size="sm">
                  {t('desk.dashboard.noData')}
                </Text>
              )}
            </ChartCard>
          </SimpleGrid>
          {compliance.length ? (
            <ChartCard title={t('desk.dashboard.complianceByTarget')}>
              <Group gap="lg">
                {compliance.map((c) => (
                  <Stack key={c.target} gap={0}>
                    <Text size="xs" c="dimmed">
                      {t(`desk.targets.${c.target as 'firstResponse'}`, { defaultValue: c.target })}
                    </Text>
                    <Text fw={700}>{pct(c.percent)}</Text>
                  </Stack>
                ))}
              </Group>
            </ChartCard>
          ) : null}
          <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
            <TicketList title={t('desk.dashboard.breachedList')} items={d.breached ?? []} />
            <TicketList title={t('desk.dashboard.atRiskList')} items={d.atRisk ?? []} />
          </SimpleGrid>
        </Stack>
      ) : null}
    </>
  );
}

function Kpi({ label, value, hint, tone }: { label: string; value: string; hint?: string; tone?: string }) {
  return (
    <Paper withBorder p="sm">
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fz="xl" fw={700} c={tone}>
        {value}
      </Text>
      {hint ? (
        <Text size="xs" c="dimmed">
          {hint}
        </Text>
      ) : null}
    </Paper>
  );
}

function ChartCard({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Paper withBorder p="sm" component="section" aria-label={title}>
      <Title order={2} fz="sm" mb="xs">
        {title}
      </Title>
      {children}
    </Paper>
  );
}

function TicketList({ title, items }: { title: string; items: DashTicket[] }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  return (
    <Paper withBorder p="sm" component="section" aria-label={title}>
      <Group gap="xs" mb="xs">
        <Title order={2} fz="sm">
          {title}
        </Title>
        <Badge variant="light">{fmt.number(items.length)}</Badge>
      </Group>
      {items.length === 0 ? (
        <Text c="dimmed" size="sm">
          {t('desk.dashboard.noTickets')}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={360} mah={320}>
          <Table>
            <Table.Tbody>
              {items.slice(0, 200).map((x) => (
                <Table.Tr key={x.id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/tickets/${x.id}`} size="sm">
                      #{x.number}
                    </Anchor>
                  </Table.Td>
                  <Table.Td maw={220}>
                    <Text size="sm" truncate dir="auto">
                      {x.subject}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    {x.priority ? (
                      <Badge size="xs" variant="light">
                        {t(`desk.priorities.${x.priority as 'low'}`, { defaultValue: x.priority })}
                      </Badge>
                    ) : null}
                  </Table.Td>
                  <Table.Td>
                    <Text size="xs" c="dimmed">
                      {x.dueAt ? `${t('desk.dashboard.due')}: ${fmt.dateTime(x.dueAt)}` : ''}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Paper>
  );
}
