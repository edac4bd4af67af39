import {
  Alert,
  Anchor,
  Badge,
  Box,
  Button,
  Checkbox,
  Group,
  Kbd,
  Loader,
  Modal,
  NavLink,
  Paper,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Tooltip,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { http } from '../../ui/api-client';
import { IconInbox, IconPlus, IconSearch } from '../../ui/icons';
import { PageHeader } from '../../ui/page-header';
import { problemMessage } from '../../ui/problem';
import { useMe } from '../queries';
import { PriorityBadge, SlaCountdown, StatusBadge, useNow } from './ticket-format';
import classes from './tickets.module.css';
import {
  type InboxItem,
  type InboxView,
  type ListFilters,
  PRIORITIES,
  STATUSES,
  type TicketCounts,
  ticketKeys,
  ticketsApi,
  useCounts,
  useInbox,
  useRealtimeStatus,
  useTeams,
  useUsers,
} from './tickets-api';

type ViewKey = InboxView | 'all';
const VIEWS: readonly ViewKey[] = [
  'mine',
  'unassigned',
  'team',
  'breaching',
  'open',
  'pending',
  'solved_recently',
];

const countOf = (counts: TicketCounts | undefined, view: ViewKey): number | null => {
  if (!counts) return null;
  switch (view) {
    case 'mine':
    case 'unassigned':
    case 'team':
    case 'open':
    case 'pending':
      return counts.views[view];
    default:
      return null;
  }
};

const isTyping = (target: EventTarget | null) => {
  if (!(target instanceof HTMLElement)) return false;
  const tag = target.tagName;
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || target.isContentEditable;
};

/** The account name of an inbox row (the row carries only the id): one cached lookup per account. */
function AccountName({ id }: { id: string | null }) {
  const account = useQuery({
    queryKey: ['tickets', 'account-name', id],
    queryFn: () => http.get<{ name: string }>(`/api/v1/accounts/${encodeURIComponent(id ?? '')}`),
    enabled: Boolean(id),
    staleTime: 300_000,
  });
  if (!id) return <Text c="dimmed">—</Text>;
  return (
    <Anchor component={Link} to={`/customers/accounts/${encodeURIComponent(id)}`} size="xs" c="dimmed">
      <bdi>{account.data?.name ?? '…'}</bdi>
    </Anchor>
  );
}

/** The service desk inbox: views with badge counts, a table sorted by SLA due, filters, shortcuts, bulk update. */
export function InboxPage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const me = useMe();
  const meId = me.data?.user.id;
  const [params, setParams] = useSearchParams();
  const view = (params.get('view') ?? 'mine') as ViewKey;
  const [search, setSearch] = useState(params.get('q') ?? '');
  const [q] = useDebouncedValue(search, 250);
  const filters: ListFilters = {
    view,
    status: params.get('status') ?? undefined,
    priority: params.get('priority') ?? undefined,
    assigneeId: params.get('assigneeId') ?? undefined,
    teamId: params.get('teamId') ?? undefined,
    q: q.trim().length >= 1 ? q : undefined,
  };
  const live = useRealtimeStatus() === 'open';
  const counts = useCounts(live);
  const list = useInbox(filters, live);
  const users = useUsers();
  const teams = useTeams();
  const now = useNow();

  const rows = useMemo(() => list.data?.pages.flatMap((p) => p.items) ?? [], [list.data]);
  const userName = useMemo(() => new Map((users.data ?? []).map((u) => [u.id, u.name])), [users.data]);
  const userOptions = useMemo(
    () => (users.data ?? []).filter((u) => u.active).map((u) => ({ value: u.id, label: u.name })),
    [users.data],
  );
  const teamOptions = useMemo(
    () => (teams.data ?? []).map((x) => ({ value: x.id, label: x.name })),
    [teams.data],
  );

  const [active, setActive] = useState(0);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [help, setHelp] = useState(false);
  const tableRef = useRef<HTMLTableSectionElement>(null);

  // a new view or filter starts at the top, with nothing selected
  const filterKey = JSON.stringify(filters);
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset on filter change only
  useEffect(() => {
    setActive(0);
    setSelected(new Set());
  }, [filterKey]);

  const setParam = (key: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };

  const refresh = useCallback(() => {
    void qc.invalidateQueries({ queryKey: ticketKeys.all });
  }, [qc]);

  const assign = useMutation({
    mutationFn: (ids: string[]) => ticketsApi.bulk({ ids, set: { assigneeId: meId ?? null } }),
    onSuccess: () => {
      notifications.show({ color: 'green', message: t('tickets.ticket.saved') });
      refresh();
    },
    onError: (error) =>
      notifications.show({ color: 'red', message: problemMessage(t, error, i18n.language) }),
  });

  const toggle = useCallback((id: string) => {
    setSelected((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  }, []);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return;
      if (document.querySelector('[role="dialog"]')) return;
      const row = rows[active];
      switch (event.key) {
        case 'j':
          setActive((i) => Math.min(rows.length - 1, i + 1));
          break;
        case 'k':
          setActive((i) => Math.max(0, i - 1));
          break;
        case 'Enter':
          if (
            row &&
            !(event.target instanceof HTMLButtonElement || event.target instanceof HTMLAnchorElement)
          )
            navigate(`/tickets/${row.id}`);
          else return;
          break;
        case 'x':
          if (row) toggle(row.id);
          break;
        case 'a': {
          const ids = selected.size ? [...selected] : row ? [row.id] : [];
          if (ids.length && meId) assign.mutate(ids);
          break;
        }
        case '?':
          setHelp(true);
          break;
        default:
          return;
      }
      event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [rows, active, selected, meId, navigate, toggle, assign]);

  useEffect(() => {
    const el = tableRef.current?.querySelector<HTMLElement>(`[data-row="${active}"]`);
    el?.scrollIntoView({ block: 'nearest' });
  }, [active]);

  const allSelected = rows.length > 0 && rows.every((r) => selected.has(r.id));

  return (
    <>
      <PageHeader
        title={t('tickets.title')}
        actions={
          <>
            <Tooltip label={live ? t('tickets.inbox.live') : t('tickets.inbox.polling')}>
              <Badge variant="dot" color={live ? 'green' : 'gray'} size="lg">
                {live ? t('tickets.inbox.live') : t('tickets.inbox.polling')}
              </Badge>
            </Tooltip>
            <Button variant="default" onClick={() => setHelp(true)} aria-keyshortcuts="?">
              {t('tickets.inbox.shortcutsButton')}
            </Button>
            <Button component={Link} to="/tickets/new" leftSection={<IconPlus size={18} />}>
              {t('tickets.inbox.newTicket')}
            </Button>
          </>
        }
      />
      <div className={classes.inboxLayout}>
        <Paper
          withBorder
          p="xs"
          component="nav"
          aria-label={t('tickets.views.label')}
          className={classes.views}
        >
          {VIEWS.map((key) => {
            const count = countOf(counts.data, key);
            return (
              <NavLink
                key={key}
                component="button"
                type="button"
                label={t(`tickets.views.${key}`)}
                active={view === key}
                aria-current={view === key ? 'page' : undefined}
                onClick={() => {
                  const next = new URLSearchParams(params);
                  next.set('view', key);
                  setParams(next);
                }}
                rightSection={
                  count === null ? null : (
                    <Badge
                      size="sm"
                      variant={view === key ? 'filled' : 'light'}
                      aria-label={t('tickets.badge', { count })}
                    >
                      {new Intl.NumberFormat(i18n.language).format(count)}
                    </Badge>
                  )
                }
              />
            );
          })}
        </Paper>
        <Stack gap="sm" style={{ minWidth: 0 }}>
          <Group gap="sm" wrap="wrap" role="search" aria-label={t('tickets.filters.label')}>
            <TextInput
              aria-label={t('tickets.filters.search')}
              placeholder={t('tickets.filters.search')}
              leftSection={<IconSearch size={16} />}
              value={search}
              onChange={(e) => setSearch(e.currentTarget.value)}
              dir="auto"
              w={220}
            />
            <Select
              aria-label={t('tickets.filters.status')}
              placeholder={t('tickets.filters.status')}
              data={STATUSES.map((s) => ({ value: s, label: t(`tickets.status.${s}`) }))}
              value={filters.status ?? null}
              onChange={(v) => setParam('status', v)}
              clearable
              w={170}
            />
            <Select
              aria-label={t('tickets.filters.priority')}
              placeholder={t('tickets.filters.priority')}
              data={PRIORITIES.map((p) => ({ value: p, label: t(`tickets.priority.${p}`) }))}
              value={filters.priority ?? null}
              onChange={(v) => setParam('priority', v)}
              clearable
              w={140}
            />
            <Select
              aria-label={t('tickets.filters.assignee')}
              placeholder={t('tickets.filters.assignee')}
              data={userOptions}
              value={filters.assigneeId ?? null}
              onChange={(v) => setParam('assigneeId', v)}
              clearable
              searchable
              w={170}
            />
            {teamOptions.length ? (
              <Select
                aria-label={t('tickets.filters.team')}
                placeholder={t('tickets.filters.team')}
                data={teamOptions}
                value={filters.teamId ?? null}
                onChange={(v) => setParam('teamId', v)}
                clearable
                w={150}
              />
            ) : null}
          </Group>

          {selected.size ? (
            <BulkBar
              ids={[...selected]}
              userOptions={userOptions}
              teamOptions={teamOptions}
              onDone={() => {
                setSelected(new Set());
                refresh();
              }}
            />
          ) : null}

          {list.error ? (
            <Alert color="red" variant="light" role="alert">
              {problemMessage(t, list.error, i18n.language)}
            </Alert>
          ) : null}

          <Paper withBorder className={classes.tableWrap}>
            <Table highlightOnHover stickyHeader verticalSpacing="xs" className={classes.table}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={36}>
                    <Checkbox
                      aria-label={t('tickets.columns.selectAll')}
                      checked={allSelected}
                      indeterminate={selected.size > 0 && !allSelected}
                      onChange={() => setSelected(allSelected ? new Set() : new Set(rows.map((r) => r.id)))}
                    />
                  </Table.Th>
                  <Table.Th>{t('tickets.columns.number')}</Table.Th>
                  <Table.Th>{t('tickets.columns.subject')}</Table.Th>
                  <Table.Th className={classes.hideNarrow}>{t('tickets.columns.requester')}</Table.Th>
                  <Table.Th>{t('tickets.columns.priority')}</Table.Th>
                  <Table.Th>{t('tickets.columns.status')}</Table.Th>
                  <Table.Th className={classes.hideNarrow}>{t('tickets.columns.assignee')}</Table.Th>
                  <Table.Th>{t('tickets.columns.sla')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody ref={tableRef}>
                {rows.map((row, index) => (
                  <InboxRow
                    key={row.id}
                    row={row}
                    index={index}
                    active={index === active}
                    selected={selected.has(row.id)}
                    onToggle={toggle}
                    onFocusRow={setActive}
                    assigneeName={row.assigneeId ? (userName.get(row.assigneeId) ?? '…') : null}
                    now={now}
                  />
                ))}
              </Table.Tbody>
            </Table>
            {list.isPending ? (
              <Group justify="center" p="lg">
                <Loader size="sm" aria-label={t('common.loading')} />
              </Group>
            ) : rows.length === 0 ? (
              <Stack align="center" gap={4} p="xl">
                <IconInbox size={32} />
                <Text fw={600}>{t('tickets.inbox.empty')}</Text>
                <Text c="dimmed" size="sm">
                  {t('tickets.inbox.emptyHint')}
                </Text>
              </Stack>
            ) : null}
          </Paper>
          {list.hasNextPage ? (
            <Group justify="center">
              <Button
                variant="default"
                onClick={() => list.fetchNextPage()}
                loading={list.isFetchingNextPage}
              >
                {t('tickets.inbox.loadMore')}
              </Button>
            </Group>
          ) : null}
        </Stack>
      </div>
      <ShortcutHelp opened={help} onClose={() => setHelp(false)} />
    </>
  );
}

interface RowProps {
  row: InboxItem;
  index: number;
  active: boolean;
  selected: boolean;
  onToggle: (id: string) => void;
  onFocusRow: (index: number) => void;
  assigneeName: string | null;
  now: number;
}

function InboxRow({ row, index, active, selected, onToggle, onFocusRow, assigneeName, now }: RowProps) {
  const { t } = useTranslation();
  const paused = row.status === 'pending_customer' || row.status === 'on_hold';
  return (
    <Table.Tr
      data-row={index}
      data-active={active || undefined}
      aria-selected={selected}
      className={classes.row}
      onMouseDown={() => onFocusRow(index)}
    >
      <Table.Td>
        <Checkbox
          aria-label={t('tickets.columns.selectRow', { number: row.number })}
          checked={selected}
          onChange={() => onToggle(row.id)}
        />
      </Table.Td>
      <Table.Td>
        <Text size="sm" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
          #{row.number}
        </Text>
      </Table.Td>
      <Table.Td className={classes.subjectCell}>
        <Anchor
          component={Link}
          to={`/tickets/${row.id}`}
          fw={row.status === 'new' ? 700 : 500}
          dir="auto"
          size="sm"
        >
          {row.subject}
        </Anchor>
      </Table.Td>
      <Table.Td className={classes.hideNarrow}>
        <Text size="sm">
          <bdi>{row.requesterName ?? '—'}</bdi>
        </Text>
        {row.accountId ? <AccountName id={row.accountId} /> : null}
      </Table.Td>
      <Table.Td>
        <PriorityBadge priority={row.priority} />
      </Table.Td>
      <Table.Td>
        <StatusBadge status={row.status} />
      </Table.Td>
      <Table.Td className={classes.hideNarrow}>
        <Text size="sm" dir="auto" c={assigneeName ? undefined : 'dimmed'}>
          {assigneeName ?? t('tickets.inbox.unassigned')}
        </Text>
      </Table.Td>
      <Table.Td>
        {row.status === 'solved' || row.status === 'closed' ? (
          <Text size="sm" c="dimmed">
            —
          </Text>
        ) : (
          <SlaCountdown dueAt={row.dueAt} warnAt={row.warnAt} now={now} paused={paused} />
        )}
      </Table.Td>
    </Table.Tr>
  );
}

function BulkBar({
  ids,
  userOptions,
  teamOptions,
  onDone,
}: {
  ids: string[];
  userOptions: { value: string; label: string }[];
  teamOptions: { value: string; label: string }[];
  onDone: () => void;
}) {
  const { t, i18n } = useTranslation();
  const NOBODY = '__none__';
  const [status, setStatus] = useState<string | null>(null);
  const [priority, setPriority] = useState<string | null>(null);
  const [assignee, setAssignee] = useState<string | null>(null);
  const [team, setTeam] = useState<string | null>(null);
  const bulk = useMutation({
    mutationFn: () => {
      const set: Parameters<typeof ticketsApi.bulk>[0]['set'] = {};
      if (status) set.status = status as (typeof STATUSES)[number];
      if (priority) set.priority = priority as (typeof PRIORITIES)[number];
      if (assignee) set.assigneeId = assignee === NOBODY ? null : assignee;
      if (team) set.teamId = team === NOBODY ? null : team;
      return ticketsApi.bulk({ ids, set });
    },
    onSuccess: (result) => {
      notifications.show({ color: 'green', message: t('tickets.bulk.done', { count: result.affected }) });
      if (result.failed.length) {
        notifications.show({
          color: 'orange',
          message: t('tickets.bulk.partial', {
            failed: result.failed.length,
            reason: result.failed[0]?.message ?? '',
          }),
        });
      }
      setStatus(null);
      setPriority(null);
      setAssignee(null);
      setTeam(null);
      onDone();
    },
  });
  const nothing = !status && !priority && !assignee && !team;
  return (
    <Paper
      withBorder
      p="sm"
      bg="var(--mantine-color-blue-light)"
      aria-label={t('tickets.bulk.title')}
      role="region"
    >
      <Group gap="sm" wrap="wrap" align="flex-end">
        <Text fw={600} size="sm">
          {t('tickets.inbox.selected', { count: ids.length })}
        </Text>
        <Select
          label={t('tickets.bulk.status')}
          placeholder={t('tickets.bulk.keep')}
          data={STATUSES.map((s) => ({ value: s, label: t(`tickets.status.${s}`) }))}
          value={status}
          onChange={setStatus}
          clearable
          w={160}
          size="xs"
        />
        <Select
          label={t('tickets.bulk.priority')}
          placeholder={t('tickets.bulk.keep')}
          data={PRIORITIES.map((p) => ({ value: p, label: t(`tickets.priority.${p}`) }))}
          value={priority}
          onChange={setPriority}
          clearable
          w={130}
          size="xs"
        />
        <Select
          label={t('tickets.bulk.assignee')}
          placeholder={t('tickets.bulk.keep')}
          data={[{ value: NOBODY, label: t('tickets.bulk.nobody') }, ...userOptions]}
          value={assignee}
          onChange={setAssignee}
          clearable
          searchable
          w={170}
          size="xs"
        />
        {teamOptions.length ? (
          <Select
            label={t('tickets.bulk.team')}
            placeholder={t('tickets.bulk.keep')}
            data={[{ value: NOBODY, label: t('tickets.bulk.nobody') }, ...teamOptions]}
            value={team}
            onChange={setTeam}
            clearable
            w={150}
            size="xs"
          />
        ) : null}
        <Button size="xs" onClick={() => bulk.mutate()} loading={bulk.isPending} disabled={nothing}>
          {t('tickets.bulk.apply', { count: ids.length })}
        </Button>
      </Group>
      {bulk.error ? (
        <Text c="red" size="sm" mt="xs" role="alert">
          {problemMessage(t, bulk.error, i18n.language)}
        </Text>
      ) : null}
    </Paper>
  );
}

function ShortcutHelp({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const items: [string[], string][] = [
    [['j', 'k'], t('tickets.shortcuts.move')],
    [['Enter'], t('tickets.shortcuts.open')],
    [['x'], t('tickets.shortcuts.select')],
    [['a'], t('tickets.shortcuts.assign')],
    [['?'], t('tickets.shortcuts.help')],
    [['Ctrl', 'K'], t('tickets.shortcuts.search')],
  ];
  return (
    <Modal opened={opened} onClose={onClose} title={t('tickets.shortcuts.title')}>
      <Box component="dl" className={classes.shortcuts}>
        {items.map(([keys, label]) => (
          <div key={label}>
            <dt>
              {keys.map((k, i) => (
                <span key={k}>
                  {i ? (keys[0] === 'Ctrl' ? ' + ' : ' / ') : ''}
                  <Kbd dir="ltr">{k}</Kbd>
                </span>
              ))}
            </dt>
            <dd>{label}</dd>
          </div>
        ))}
      </Box>
    </Modal>
  );
}
