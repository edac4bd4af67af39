import {
  Anchor,
  Button,
  Group,
  NativeSelect,
  Paper,
  Skeleton,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useFormat } from '../../../ui/format';
import { IconSearch } from '../../../ui/icons';
import { useMoney } from '../common/money';
import { QueryError } from '../common/query-error';
import { SortTh } from '../common/sort-th';
import { UserSelect } from '../common/user-select';
import { SpacerRow, useWindowedRows } from '../common/windowed-rows';
import { DEAL_STATUSES, type DealListQuery, type DealStatus, type Pipeline, salesApi } from '../sales-api';
import { salesKeys, useUserDirectory } from '../sales-queries';

const ROW_HEIGHT = 49;
const COLUMNS = 7;
export const DEAL_STATUS_COLOR: Record<DealStatus, string> = { open: 'blue', won: 'teal', lost: 'red' };

/** The deals of a pipeline as a table: sort by column, filter, load more (cursor paging). */
export function DealList({ pipeline }: { pipeline: Pipeline | undefined }) {
  const { t } = useTranslation();
  const money = useMoney();
  const format = useFormat();
  const directory = useUserDirectory();
  const [text, setText] = useState('');
  const [q] = useDebouncedValue(text.trim(), 250);
  const [status, setStatus] = useState<DealStatus | ''>('');
  const [stageId, setStageId] = useState('');
  const [ownerId, setOwnerId] = useState('');
  const [sort, setSort] = useState<string | undefined>('-createdAt');

  const query: DealListQuery = {
    pipelineId: pipeline?.id,
    q: q || undefined,
    status: status || undefined,
    stageId: stageId || undefined,
    ownerId: ownerId || undefined,
    sort,
  };
  const deals = useInfiniteQuery({
    queryKey: salesKeys.dealList(query),
    queryFn: ({ pageParam }) => salesApi.listDeals({ ...query, cursor: pageParam }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    enabled: pipeline !== undefined,
  });
  const rows = deals.data?.pages.flatMap((page) => page.items) ?? [];
  const windowed = useWindowedRows<HTMLTableSectionElement>(rows.length, ROW_HEIGHT);
  const stageById = new Map(pipeline?.stages.map((stage) => [stage.id, stage]) ?? []);

  return (
    <Stack gap="md">
      <Group gap="sm" align="flex-end" wrap="wrap">
        <TextInput
          label={t('sales.deals.filters.search')}
          value={text}
          onChange={(event) => setText(event.currentTarget.value)}
          leftSection={<IconSearch size={16} />}
          dir="auto"
          w={{ base: '100%', sm: 240 }}
        />
        <NativeSelect
          label={t('sales.deals.filters.status')}
          value={status}
          onChange={(event) => setStatus(event.currentTarget.value as DealStatus | '')}
          data={[
            { value: '', label: t('sales.common.all') },
            ...DEAL_STATUSES.map((value) => ({ value, label: t(`sales.dealStatus.${value}`) })),
          ]}
        />
        <NativeSelect
          label={t('sales.deals.filters.stage')}
          value={stageId}
          onChange={(event) => setStageId(event.currentTarget.value)}
          data={[
            { value: '', label: t('sales.common.all') },
            ...(pipeline?.stages.map((stage) => ({ value: stage.id, label: stage.name })) ?? []),
          ]}
        />
        <UserSelect
          label={t('sales.deals.filters.owner')}
          value={ownerId}
          onChange={setOwnerId}
          emptyLabel={t('sales.common.anyone')}
        />
      </Group>

      {deals.isError && !deals.data ? (
        <QueryError error={deals.error} onRetry={() => void deals.refetch()} />
      ) : (
        <Paper withBorder>
          <Table.ScrollContainer minWidth={860}>
            <Table verticalSpacing="sm" horizontalSpacing="md" highlightOnHover>
              <Table.Thead>
                <Table.Tr>
                  <SortTh sortKey="number" sort={sort} onSort={setSort}>
                    {t('sales.deals.columns.number')}
                  </SortTh>
                  <SortTh sortKey="name" sort={sort} onSort={setSort}>
                    {t('sales.deals.columns.name')}
                  </SortTh>
                  <Table.Th>{t('sales.deals.columns.account')}</Table.Th>
                  <Table.Th>{t('sales.deals.columns.stage')}</Table.Th>
                  <SortTh sortKey="amount" sort={sort} onSort={setSort} firstDescending>
                    {t('sales.deals.columns.amount')}
                  </SortTh>
                  <SortTh sortKey="expectedCloseDate" sort={sort} onSort={setSort}>
                    {t('sales.deals.columns.expectedClose')}
                  </SortTh>
                  <Table.Th>{t('sales.deals.columns.owner')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody ref={windowed.ref}>
                {deals.isPending
                  ? [0, 1, 2].map((n) => (
                      <Table.Tr key={n}>
                        <Table.Td colSpan={COLUMNS}>
                          <Skeleton h={18} />
                        </Table.Td>
                      </Table.Tr>
                    ))
                  : null}
                {!deals.isPending && rows.length === 0 ? (
                  <Table.Tr>
                    <Table.Td colSpan={COLUMNS}>
                      <Text c="dimmed" ta="center" py="lg">
                        {t('sales.deals.emptyList')}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                ) : null}
                <SpacerRow height={windowed.before} colSpan={COLUMNS} />
                {rows.slice(windowed.start, windowed.end).map((deal) => {
                  const stage = stageById.get(deal.stageId);
                  return (
                    <Table.Tr key={deal.id} style={{ blockSize: ROW_HEIGHT }}>
                      <Table.Td>
                        <Text size="sm" c="dimmed">
                          {deal.number}
                        </Text>
                      </Table.Td>
                      <Table.Td maw={280}>
                        <Anchor component={Link} to={`/deals/${deal.id}`} size="sm" fw={600} dir="auto">
                          {deal.name}
                        </Anchor>
                      </Table.Td>
                      <Table.Td maw={220}>
                        <Text size="sm" truncate>
                          <span dir="auto">{deal.accountName ?? '—'}</span>
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Text
                          size="sm"
                          c={deal.status === 'open' ? undefined : `${DEAL_STATUS_COLOR[deal.status]}.8`}
                          fw={deal.status === 'open' ? undefined : 600}
                        >
                          <span dir="auto">{stage?.name ?? '—'}</span>
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
                          {deal.amount === null ? '—' : money.format(deal.amount, deal.currency)}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
                          {deal.expectedCloseDate ? format.date(`${deal.expectedCloseDate}T12:00:00`) : '—'}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm" truncate>
                          <span dir="auto">{directory.nameOf(deal.ownerId) ?? '—'}</span>
                        </Text>
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
                <SpacerRow height={windowed.after} colSpan={COLUMNS} />
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Paper>
      )}
      {deals.hasNextPage ? (
        <Group justify="center">
          <Button
            variant="light"
            loading={deals.isFetchingNextPage}
            onClick={() => void deals.fetchNextPage()}
          >
            {t('common.loadMore')}
          </Button>
        </Group>
      ) : null}
    </Stack>
  );
}
