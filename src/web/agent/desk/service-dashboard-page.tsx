import {
  Anchor,
  Badge,
  Button,
  Group,
  Paper,
  RingProgress,
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
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import type { TServiceDashboard } from '../../../shared/reports.schemas';
import type { TTicketPriority, TTicketStatus } from '../../../shared/tickets.schemas';
import { FormAlert } from '../../ui/form-alert';
import { useFormat } from '../../ui/format';
import { IconDownload } from '../../ui/icons';
import { intlTag, toLocale } from '../../ui/locale';
import { PageHeader } from '../../ui/page-header';
import { problemMessage } from '../../ui/problem';
import { type RealtimeStatus, realtime } from '../../ui/realtime';
import { type DashboardQuery, dashboardCsvUrl, deskApi, deskKeys } from './desk-api';
import { BarChart, HBarChart, LineChart } from './desk-charts';
import { formatMinutes, todayIso, zonedToIso } from './desk-common';
import './desk.css';

type DashTicket = TServiceDashboard['breached']['items'][number];
type SlaTarget = keyof TServiceDashboard['slaCompliance'];

// Urgent first: the order a lead reads the queue in.
const PRIORITY_RANK: Record<TTicketPriority, number> = { urgent: 0, high: 1, normal: 2, low: 3 };
const PRIORITY_COLORS: Record<TTicketPriority, string> = {
  urgent: 'red',
  high: 'orange',
  normal: 'blue',
  low: 'gray',
};
const STATUS_COLORS: Record<TTicketStatus, string> = {
  new: 'var(--mantine-color-cyan-6)',
  open: 'var(--mantine-color-blue-6)',
  pending_customer: 'var(--mantine-color-yellow-6)',
  on_hold: 'var(--mantine-color-grape-6)',
  solved: 'var(--mantine-color-green-6)',
  closed: 'var(--mantine-color-gray-6)',
};
const SLA_TARGETS: SlaTarget[] = ['firstResponse', 'nextResponse', 'resolution'];

// SLA due times move with the clock, not only with events: refetch now and then even when live.
const LIVE_REFRESH_MS = 60_000;
const POLL_REFRESH_MS = 30_000;

const DAY_MS = 86_400_000;
const nextDay = (date: string) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
const isDate = (v: string | null): v is string => !!v && /^\d{4}-\d{2}-\d{2}$/.test(v);

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

/** Refetches the dashboard whenever the desk's badge counters change (tickets created, assigned…). */
const useDashboardLive = (): boolean => {
  const qc = useQueryClient();
  const [status, setStatus] = useState<RealtimeStatus>(() => realtime().status);
  useEffect(() => realtime().onStatus(setStatus), []);
  useEffect(
    () =>
      realtime().subscribe((m) => {
        if (m.type === 'badges') void qc.invalidateQueries({ queryKey: deskKeys.dashboards });
      }),
    [qc],
  );
  return status === 'open';
};

/** /reports/service — the live service-desk dashboard for a team lead. */
export function ServiceDashboardPage() {
  const { t, i18n } = useTranslation();
  const fmt = useFormat();
  const tag = intlTag(toLocale(i18n.language));
  const [params, setParams] = useSearchParams();
  const fromParam = params.get('from');
  const toParam = params.get('to');
  const from = isDate(fromParam) ? fromParam : todayIso(-29);
  const to = isDate(toParam) ? toParam : todayIso();
  const teamId = params.get('teamId');
  const timezone = useMemo(() => Intl.DateTimeFormat().resolvedOptions().timeZone, []);
  // The end date is inclusive on screen; the API takes [from, to) instants in the viewer's zone.
  const q: DashboardQuery = {
    from: zonedToIso(`${from}T00:00`, timezone) ?? from,
    to: zonedToIso(`${nextDay(to)}T00:00`, timezone) ?? nextDay(to),
    timezone,
    ...(teamId ? { teamId } : {}),
  };
  const live = useDashboardLive();
  const teams = useQuery({ queryKey: deskKeys.teams, queryFn: deskApi.listTeams });
  const dash = useQuery({
    queryKey: deskKeys.dashboard(q),
    queryFn: () => deskApi.dashboard(q),
    refetchInterval: live ? LIVE_REFRESH_MS : POLL_REFRESH_MS,
    refetchOnWindowFocus: true,
    placeholderData: keepPreviousData,
  });
  const set = (key: string, value: string | null) =>
    setParams((prev) => {
      const next = new URLSearchParams(prev);
      if (value) next.set(key, value);
      else next.delete(key);
      return next;
    });
  const d = dash.data;
  const timeFmt = useMemo(() => new Intl.DateTimeFormat(tag, { timeStyle: 'short' }), [tag]);

  return (
    <>
      <ReportsTabs current="service" />
      <PageHeader
        title={t('desk.dashboard.title')}
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
      <Group align="flex-end" mb="md" wrap="wrap" justify="space-between">
        <Group align="flex-end" wrap="wrap">
          <TextInput
            type="date"
            label={t('desk.dashboard.from')}
            value={from}
            max={to}
            onChange={(e) => set('from', e.currentTarget.value || null)}
            dir="ltr"
          />
          <TextInput
            type="date"
            label={t('desk.dashboard.to')}
            value={to}
            min={from}
            onChange={(e) => set('to', e.currentTarget.value || null)}
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
        <Group gap="xs" aria-live="polite">
          <Badge variant="dot" color={live ? 'green' : 'gray'}>
            {live
              ? t('desk.dashboard.liveRealtime')
              : t('desk.dashboard.livePolling', { seconds: fmt.number(POLL_REFRESH_MS / 1000) })}
          </Badge>
          {d ? (
            <Text size="xs" c="dimmed">
              {t('desk.dashboard.updatedAt', { time: timeFmt.format(new Date(d.generatedAt)) })}
            </Text>
          ) : null}
          <Button
            size="compact-sm"
            variant="subtle"
            loading={dash.isFetching}
            onClick={() => void dash.refetch()}
          >
            {t('desk.dashboard.refresh')}
          </Button>
        </Group>
      </Group>
      {dash.isError ? <FormAlert message={problemMessage(t, dash.error, i18n.language)} /> : null}
      {dash.isPending ? <Skeleton h={400} /> : null}
      {d ? <DashboardBody d={d} tag={tag} /> : null}
    </>
  );
}

function DashboardBody({ d, tag }: { d: TServiceDashboard; tag: string }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const pct = (v: number | null) =>
    v === null
      ? '—'
      : new Intl.NumberFormat(tag, { style: 'percent', maximumFractionDigits: 1 }).format(v / 100);
  const dur = (m: number | null) => formatMinutes(m, tag);
  const dayFmt = new Intl.DateTimeFormat(tag, { day: 'numeric', month: 'numeric', timeZone: 'UTC' });
  const priorities = [...d.open.byPriority].sort(
    (a, b) => PRIORITY_RANK[a.priority] - PRIORITY_RANK[b.priority],
  );
  const assigned = d.agents.reduce((n, a) => n + a.open, 0);
  const unassigned = Math.max(0, d.open.total - assigned);
  const fr = d.slaCompliance.firstResponse;
  const hasTrend = d.trend.some((x) => x.created || x.solved);

  return (
    <Stack gap="lg">
      <SimpleGrid cols={{ base: 2, sm: 4, lg: 7 }} spacing="sm">
        <Kpi label={t('desk.dashboard.kpi.open')} value={fmt.number(d.open.total)} />
        <Kpi
          label={t('desk.dashboard.kpi.breached')}
          value={fmt.number(d.breached.count)}
          tone={d.breached.count ? 'red' : undefined}
        />
        <Kpi
          label={t('desk.dashboard.kpi.atRisk')}
          value={fmt.number(d.atRisk.count)}
          tone={d.atRisk.count ? 'orange' : undefined}
        />
        <Kpi
          label={t('desk.dashboard.kpi.compliance')}
          value={pct(fr.percent)}
          hint={t('desk.dashboard.kpi.complianceDetail', {
            met: fmt.number(fr.met),
            breached: fmt.number(fr.breached),
          })}
        />
        <Kpi
          label={t('desk.dashboard.kpi.firstResponse')}
          value={dur(d.firstResponse.wallMinutes.median)}
          hint={t('desk.dashboard.kpi.p90', { value: dur(d.firstResponse.wallMinutes.p90) })}
        />
        <Kpi
          label={t('desk.dashboard.kpi.resolution')}
          value={dur(d.resolution.wallMinutes.median)}
          hint={t('desk.dashboard.kpi.p90', { value: dur(d.resolution.wallMinutes.p90) })}
        />
        <Kpi
          label={t('desk.dashboard.kpi.csat')}
          value={
            d.csat.average === null
              ? '—'
              : new Intl.NumberFormat(tag, { maximumFractionDigits: 2 }).format(d.csat.average)
          }
          hint={t('desk.dashboard.kpi.csatDetail', {
            count: fmt.number(d.csat.count),
            satisfied: pct(d.csat.satisfiedPercent),
          })}
        />
      </SimpleGrid>

      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <ChartCard title={t('desk.dashboard.openByStatus')}>
          <BarChart
            title={t('desk.dashboard.openByStatus')}
            format={fmt.number}
            bars={d.open.byStatus.map((s) => ({
              key: s.status,
              label: t(`desk.statuses.${s.status}`),
              value: s.count,
              color: STATUS_COLORS[s.status],
            }))}
          />
        </ChartCard>
        <ChartCard title={t('desk.dashboard.openByPriority')}>
          <BarChart
            title={t('desk.dashboard.openByPriority')}
            format={fmt.number}
            bars={priorities.map((p) => ({
              key: p.priority,
              label: t(`desk.priorities.${p.priority}`),
              value: p.count,
              color: `var(--mantine-color-${PRIORITY_COLORS[p.priority]}-6)`,
            }))}
          />
        </ChartCard>
        <ChartCard title={t('desk.dashboard.createdSolved')}>
          {hasTrend ? (
            <LineChart
              title={t('desk.dashboard.createdSolved')}
              format={fmt.number}
              labels={d.trend.map((x) => dayFmt.format(new Date(`${x.date}T00:00:00Z`)))}
              series={[
                {
                  key: 'created',
                  label: t('desk.dashboard.created'),
                  color: 'var(--mantine-color-blue-6)',
                  values: d.trend.map((x) => x.created),
                },
                {
                  key: 'solved',
                  label: t('desk.dashboard.solved'),
                  color: 'var(--mantine-color-green-6)',
                  values: d.trend.map((x) => x.solved),
                },
              ]}
            />
          ) : (
            <Text c="dimmed" size="sm">
              {t('desk.dashboard.noData')}
            </Text>
          )}
        </ChartCard>
        <AgentLoad agents={d.agents} unassigned={unassigned} />
      </SimpleGrid>

      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <ChartCard title={t('desk.dashboard.complianceByTarget')}>
          <Group justify="space-around" wrap="wrap">
            {SLA_TARGETS.map((target) => {
              const c = d.slaCompliance[target];
              const label = t(`desk.targets.${target}`);
              return (
                <Stack key={target} gap={2} align="center">
                  <RingProgress
                    size={110}
                    thickness={10}
                    roundCaps
                    aria-label={t('desk.dashboard.complianceRing', {
                      target: label,
                      percent: pct(c.percent),
                    })}
                    sections={
                      c.percent === null
                        ? []
                        : [
                            { value: c.percent, color: 'teal' },
                            ...(c.percent < 100 ? [{ value: 100 - c.percent, color: 'red' }] : []),
                          ]
                    }
                    label={
                      <Text ta="center" fw={700} size="sm">
                        {pct(c.percent)}
                      </Text>
                    }
                  />
                  <Text size="sm" fw={600}>
                    {label}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {t('desk.dashboard.kpi.complianceDetail', {
                      met: fmt.number(c.met),
                      breached: fmt.number(c.breached),
                    })}
                  </Text>
                </Stack>
              );
            })}
          </Group>
        </ChartCard>
        <ChartCard title={t('desk.dashboard.times')}>
          <Table.ScrollContainer minWidth={420}>
            <Table>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('desk.dashboard.measure')}</Table.Th>
                  <Table.Th>{t('desk.dashboard.median')}</Table.Th>
                  <Table.Th>{t('desk.dashboard.p90')}</Table.Th>
                  <Table.Th>{t('desk.dashboard.ticketCount')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {(['firstResponse', 'resolution'] as const).flatMap((measure) =>
                  (['wallMinutes', 'businessMinutes'] as const).map((kind) => {
                    const s = d[measure][kind];
                    const name = `${t(`desk.targets.${measure}`)} · ${t(
                      kind === 'wallMinutes' ? 'desk.dashboard.wallTime' : 'desk.dashboard.businessTime',
                    )}`;
                    return (
                      <Table.Tr key={`${measure}-${kind}`}>
                        <Table.Th scope="row" fw={500}>
                          {name}
                        </Table.Th>
                        <Table.Td>{dur(s.median)}</Table.Td>
                        <Table.Td>{dur(s.p90)}</Table.Td>
                        <Table.Td>{fmt.number(s.count)}</Table.Td>
                      </Table.Tr>
                    );
                  }),
                )}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </ChartCard>
      </SimpleGrid>

      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <TicketList title={t('desk.dashboard.breachedList')} list={d.breached} tone="red" />
        <TicketList title={t('desk.dashboard.atRiskList')} list={d.atRisk} tone="orange" />
      </SimpleGrid>
    </Stack>
  );
}

function AgentLoad({ agents, unassigned }: { agents: TServiceDashboard['agents']; unassigned: number }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const title = t('desk.dashboard.agentLoad');
  return (
    <ChartCard title={title}>
      {agents.length ? (
        <>
          <HBarChart
            title={title}
            format={fmt.number}
            bars={agents.map((a) => ({
              key: a.userId,
              label: a.name,
              value: a.open,
              color: a.available ? 'var(--mantine-color-violet-6)' : 'var(--mantine-color-gray-5)',
            }))}
          />
          <Table mt="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('desk.dashboard.agent')}</Table.Th>
                <Table.Th>{t('desk.dashboard.presence')}</Table.Th>
                <Table.Th>{t('desk.dashboard.openCount')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {agents.map((a) => (
                <Table.Tr key={a.userId}>
                  <Table.Td dir="auto">{a.name}</Table.Td>
                  <Table.Td>
                    <Badge variant="dot" color={a.available ? 'green' : 'gray'}>
                      {t(a.available ? 'desk.availability.available' : 'desk.availability.away')}
                    </Badge>
                  </Table.Td>
                  <Table.Td>{fmt.number(a.open)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </>
      ) : (
        <Text c="dimmed" size="sm">
          {t('desk.dashboard.noAgents')}
        </Text>
      )}
      <Text size="sm" c={unassigned ? 'orange' : 'dimmed'} mt="xs">
        {t('desk.dashboard.unassignedCount', { n: fmt.number(unassigned) })}
      </Text>
    </ChartCard>
  );
}

function Kpi({ label, value, hint, tone }: { label: string; value: string; hint?: string; tone?: string }) {
  return (
    <Paper withBorder p="sm" component="section" aria-label={label}>
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

function TicketList({
  title,
  list,
  tone,
}: {
  title: string;
  list: { count: number; items: DashTicket[] };
  tone: string;
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  return (
    <Paper withBorder p="sm" component="section" aria-label={title}>
      <Group gap="xs" mb="xs">
        <Title order={2} fz="sm">
          {title}
        </Title>
        <Badge variant="light" color={list.count ? tone : 'gray'}>
          {fmt.number(list.count)}
        </Badge>
        {list.count > list.items.length ? (
          <Text size="xs" c="dimmed">
            {t('desk.dashboard.showingOf', {
              shown: fmt.number(list.items.length),
              count: fmt.number(list.count),
            })}
          </Text>
        ) : null}
      </Group>
      {list.items.length === 0 ? (
        <Text c="dimmed" size="sm">
          {t('desk.dashboard.noTickets')}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={480} mah={360}>
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('desk.dashboard.ticket')}</Table.Th>
                <Table.Th>{t('desk.dashboard.subject')}</Table.Th>
                <Table.Th>{t('desk.dashboard.priority')}</Table.Th>
                <Table.Th>{t('desk.dashboard.assignee')}</Table.Th>
                <Table.Th>{t('desk.dashboard.due')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.items.map((x) => (
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
                    <Badge size="xs" variant="light" color={PRIORITY_COLORS[x.priority]}>
                      {t(`desk.priorities.${x.priority}`)}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" dir="auto" c={x.assigneeName ? undefined : 'dimmed'}>
                      {x.assigneeName ?? t('desk.dashboard.unassigned')}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="xs" c={tone} style={{ whiteSpace: 'nowrap' }}>
                      {fmt.dateTime(x.dueAt)}
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
