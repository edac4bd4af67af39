import { Alert, Button, Checkbox, EmptyState, Group, Loader, Menu, Paper, Stack, Text } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Page } from '../../ui/api-types';
import { IconDownload, IconPlus, IconUsers } from '../../ui/icons';
import { toLocale } from '../../ui/locale';
import { problemMessage } from '../../ui/problem';
import { BulkActions } from './bulk-actions';
import { IconColumns } from './customer-icons';
import {
  type Account,
  type Contact,
  customersApi,
  exportUrl,
  type ListEntity,
  type ListFilters,
  type ListQuery,
  type SavedView,
} from './customers-api';
import { useCustomerFormat } from './customers-format';
import { customersKeys, useCustomFieldDefs, useUsers } from './customers-queries';
import { buildColumns, cfColumnKey, rowName, STANDARD_COLUMNS } from './list-columns';
import { ListFiltersBar, ListSearchInput } from './list-filters';
import { SavedViewsMenu, type ViewDefinition } from './saved-views-menu';
import { VirtualTable } from './virtual-table';

const PAGE_SIZE = 100;

type Row = Account | Contact;

const cleanFilters = (filters: ListFilters): ListFilters =>
  Object.fromEntries(Object.entries(filters).filter(([, value]) => value !== undefined && value !== ''));

/** A saved view's filters as list query parameters (they were saved from one). */
const viewFilters = (view: SavedView): ListFilters =>
  Object.fromEntries(
    Object.entries(view.definition.filters)
      .filter(([, value]) => value !== null && value !== undefined && value !== '')
      .map(([key, value]) => [key, typeof value === 'string' ? value : JSON.stringify(value)]),
  );

const sameDefinition = (a: ViewDefinition, b: ViewDefinition) =>
  JSON.stringify([cleanFilters(a.filters), a.sort, a.columns]) ===
  JSON.stringify([cleanFilters(b.filters), b.sort, b.columns]);

/** Accounts or contacts: filters, saved views, sortable virtualised table, bulk actions, export. */
export function RecordList({ entity, onCreate }: { entity: ListEntity; onCreate: () => void }) {
  const { t, i18n } = useTranslation();
  const format = useCustomerFormat();
  const users = useUsers();
  const { defs } = useCustomFieldDefs(entity);
  const [filters, setFilters] = useState<ListFilters>({});
  const [sort, setSort] = useState<string | null>(null);
  const [columnKeys, setColumnKeys] = useState<string[]>([...STANDARD_COLUMNS[entity]]);
  const [view, setView] = useState<SavedView | null>(null);
  const [selected, setSelected] = useState<Set<string>>(new Set());

  const query = useMemo<ListQuery>(() => ({ filters: cleanFilters(filters), sort }), [filters, sort]);
  const list = useInfiniteQuery({
    queryKey: customersKeys.list(entity, query),
    queryFn: ({ pageParam, signal }): Promise<Page<Row>> =>
      entity === 'account'
        ? customersApi.listAccounts(query, pageParam, PAGE_SIZE, signal)
        : customersApi.listContacts(query, pageParam, PAGE_SIZE, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const rows = useMemo<Row[]>(() => list.data?.pages.flatMap((page) => page.items) ?? [], [list.data]);

  const allColumns = useMemo(
    () => buildColumns(entity, { t, format, defs, userName: users.nameOf }),
    [entity, t, format, defs, users.nameOf],
  );
  const columns = useMemo(
    () => ['name', ...columnKeys.filter((key) => key !== 'name')].flatMap((key) => allColumns.get(key) ?? []),
    [allColumns, columnKeys],
  );

  const current: ViewDefinition = { filters: query.filters, sort, columns: columnKeys };
  const dirty = view
    ? !sameDefinition(current, {
        filters: viewFilters(view),
        sort: view.definition.sort,
        columns: view.definition.columns.length ? view.definition.columns : [...STANDARD_COLUMNS[entity]],
      })
    : false;

  const applyView = (next: SavedView | null) => {
    setView(next);
    setSelected(new Set());
    setFilters(next ? viewFilters(next) : {});
    setSort(next?.definition.sort ?? null);
    setColumnKeys(next?.definition.columns.length ? next.definition.columns : [...STANDARD_COLUMNS[entity]]);
  };
  const changeFilters = (next: ListFilters) => {
    setFilters(next);
    setSelected(new Set());
  };
  const toggleColumn = (key: string) =>
    setColumnKeys((keys) => (keys.includes(key) ? keys.filter((k) => k !== key) : [...keys, key]));

  const { hasNextPage, isFetchingNextPage, fetchNextPage } = list;
  const loadMore = useCallback(() => {
    if (hasNextPage && !isFetchingNextPage) void fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);

  const filtered = Object.keys(query.filters).length > 0;
  const lang = toLocale(i18n.language);
  const optional = [
    ...STANDARD_COLUMNS[entity].filter((key) => key !== 'name'),
    ...defs.map((def) => cfColumnKey(def.key)),
  ];

  return (
    <Stack gap="sm">
      <Group justify="space-between" align="flex-end" gap="sm">
        <ListSearchInput filters={filters} onChange={changeFilters} />
        <Group gap="xs">
          <SavedViewsMenu entity={entity} active={view} current={current} dirty={dirty} onApply={applyView} />
          <Menu position="bottom-end" width={240} shadow="md" closeOnItemClick={false} withinPortal>
            <Menu.Target>
              <Button variant="default" leftSection={<IconColumns size={16} />}>
                {t('customers.list.columns')}
              </Button>
            </Menu.Target>
            <Menu.Dropdown mah={420} style={{ overflowY: 'auto' }}>
              <Menu.Label>{t('customers.list.showColumns')}</Menu.Label>
              {optional.map((key) => (
                <Menu.Item key={key} onClick={() => toggleColumn(key)}>
                  <Checkbox
                    size="xs"
                    readOnly
                    tabIndex={-1}
                    checked={columnKeys.includes(key)}
                    label={allColumns.get(key)?.header ?? key}
                    styles={{ label: { cursor: 'pointer' } }}
                  />
                </Menu.Item>
              ))}
            </Menu.Dropdown>
          </Menu>
          <Menu position="bottom-end" width={200} shadow="md" withinPortal>
            <Menu.Target>
              <Button variant="default" leftSection={<IconDownload size={16} />}>
                {t('customers.list.export')}
              </Button>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Item component="a" href={exportUrl(entity, query, 'csv', lang)} download>
                {t('customers.list.exportCsv')}
              </Menu.Item>
              <Menu.Item component="a" href={exportUrl(entity, query, 'xlsx', lang)} download>
                {t('customers.list.exportXlsx')}
              </Menu.Item>
            </Menu.Dropdown>
          </Menu>
        </Group>
      </Group>
      <ListFiltersBar
        entity={entity}
        filters={filters}
        onChange={changeFilters}
        defs={defs}
        userOptions={users.options()}
      />

      {selected.size ? (
        <BulkActions
          entity={entity}
          ids={[...selected]}
          userOptions={users.options()}
          onClear={() => setSelected(new Set())}
        />
      ) : null}

      {list.isError && !list.data ? (
        <Alert color="red" variant="light" title={problemMessage(t, list.error, i18n.language)}>
          <Button size="xs" variant="light" color="red" onClick={() => void list.refetch()}>
            {t('common.retry')}
          </Button>
        </Alert>
      ) : list.isPending ? (
        <Paper withBorder py={64}>
          <Group justify="center">
            <Loader aria-label={t('common.loading')} />
          </Group>
        </Paper>
      ) : rows.length === 0 ? (
        <Paper withBorder py={56} px="lg">
          <EmptyState variant="light" size="lg">
            <EmptyState.Indicator>
              <IconUsers size={36} />
            </EmptyState.Indicator>
            <EmptyState.Title order={2}>
              {filtered
                ? t('customers.list.noMatches')
                : entity === 'account'
                  ? t('empty.customers.title')
                  : t('customers.list.emptyContacts')}
            </EmptyState.Title>
            <EmptyState.Description>
              {filtered
                ? t('customers.list.noMatchesHint')
                : entity === 'account'
                  ? t('empty.customers.description')
                  : t('customers.list.emptyHint')}
            </EmptyState.Description>
            <EmptyState.Actions>
              {filtered ? (
                <Button variant="default" onClick={() => changeFilters({})}>
                  {t('customers.filters.clear')}
                </Button>
              ) : (
                <Button leftSection={<IconPlus size={16} />} onClick={onCreate}>
                  {entity === 'account'
                    ? t('customers.actions.newAccount')
                    : t('customers.actions.newContact')}
                </Button>
              )}
            </EmptyState.Actions>
          </EmptyState>
        </Paper>
      ) : (
        <VirtualTable<Row>
          label={entity === 'account' ? t('customers.tabs.accounts') : t('customers.tabs.contacts')}
          rows={rows}
          columns={columns}
          rowId={(row) => row.id}
          rowLabel={(row) => t('customers.list.selectRow', { name: rowName(row) })}
          selected={selected}
          onSelectedChange={setSelected}
          sort={sort}
          onSortChange={setSort}
          onEndReached={loadMore}
          footer={
            <Group justify="center" py="sm" gap="sm">
              {hasNextPage ? (
                <Button variant="subtle" size="xs" onClick={loadMore} loading={isFetchingNextPage}>
                  {t('common.loadMore')}
                </Button>
              ) : (
                <Text size="xs" c="dimmed">
                  {t('customers.list.shown', { count: rows.length })}
                </Text>
              )}
            </Group>
          }
        />
      )}
    </Stack>
  );
}
