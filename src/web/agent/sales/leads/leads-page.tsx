import {
  Anchor,
  Badge,
  Button,
  Group,
  Modal,
  NativeSelect,
  Paper,
  Skeleton,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { useDebouncedValue, useDisclosure, useHotkeys } from '@mantine/hooks';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { useFormat } from '../../../ui/format';
import { IconPlus, IconSearch } from '../../../ui/icons';
import { PageHeader } from '../../../ui/page-header';
import { useSession } from '../../shell/session';
import { QueryError } from '../common/query-error';
import { SortTh } from '../common/sort-th';
import { SpacerRow, useWindowedRows } from '../common/windowed-rows';
import {
  LEAD_SOURCES,
  LEAD_STATUSES,
  type LeadListQuery,
  type LeadSource,
  type LeadStatus,
  salesApi,
} from '../sales-api';
import { salesKeys } from '../sales-queries';
import { LeadForm } from './lead-form';
import { LEAD_STATUS_COLOR } from './lead-labels';

const ROW_HEIGHT = 53;
const COLUMNS = 6;

/** /leads — every lead, filtered by status and source, newest first; cursor paging. */
export function LeadsPage() {
  const { t } = useTranslation();
  const session = useSession();
  const navigate = useNavigate();
  const format = useFormat();
  const [creating, create] = useDisclosure(false);
  const [text, setText] = useState('');
  const [q] = useDebouncedValue(text.trim(), 250);
  const [status, setStatus] = useState<LeadStatus | ''>('');
  const [source, setSource] = useState<LeadSource | ''>('');
  const [sort, setSort] = useState<string | undefined>('-createdAt');
  useHotkeys([['n', () => create.open(), { usePhysicalKeys: true }]]);

  const query: LeadListQuery = {
    q: q || undefined,
    status: status || undefined,
    source: source || undefined,
    sort,
  };
  const leads = useInfiniteQuery({
    queryKey: salesKeys.leadList(query),
    queryFn: ({ pageParam }) => salesApi.listLeads({ ...query, cursor: pageParam }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const rows = leads.data?.pages.flatMap((page) => page.items) ?? [];
  const windowed = useWindowedRows<HTMLTableSectionElement>(rows.length, ROW_HEIGHT);

  return (
    <>
      <PageHeader
        title={t('sales.leads.title')}
        description={t('sales.leads.intro')}
        actions={
          <Button leftSection={<IconPlus size={16} />} onClick={create.open} aria-keyshortcuts="N">
            {t('sales.leads.new')}
          </Button>
        }
      />
      <Stack gap="md">
        <Group gap="sm" align="flex-end" wrap="wrap">
          <TextInput
            label={t('sales.leads.filters.search')}
            value={text}
            onChange={(event) => setText(event.currentTarget.value)}
            leftSection={<IconSearch size={16} />}
            dir="auto"
            w={{ base: '100%', sm: 260 }}
          />
          <NativeSelect
            label={t('sales.leads.filters.status')}
            value={status}
            onChange={(event) => setStatus(event.currentTarget.value as LeadStatus | '')}
            data={[
              { value: '', label: t('sales.common.all') },
              ...LEAD_STATUSES.map((value) => ({ value, label: t(`sales.leadStatus.${value}`) })),
            ]}
          />
          <NativeSelect
            label={t('sales.leads.filters.source')}
            value={source}
            onChange={(event) => setSource(event.currentTarget.value as LeadSource | '')}
            data={[
              { value: '', label: t('sales.common.all') },
              ...LEAD_SOURCES.map((value) => ({ value, label: t(`sales.leadSource.${value}`) })),
            ]}
          />
        </Group>
        {leads.isError && !leads.data ? (
          <QueryError error={leads.error} onRetry={() => void leads.refetch()} />
        ) : (
          <Paper withBorder>
            <Table.ScrollContainer minWidth={820}>
              <Table verticalSpacing="sm" horizontalSpacing="md" highlightOnHover>
                <Table.Thead>
                  <Table.Tr>
                    <SortTh sortKey="name" sort={sort} onSort={setSort}>
                      {t('sales.leads.columns.name')}
                    </SortTh>
                    <SortTh sortKey="company" sort={sort} onSort={setSort}>
                      {t('sales.leads.columns.company')}
                    </SortTh>
                    <Table.Th>{t('sales.leads.columns.contact')}</Table.Th>
                    <Table.Th>{t('sales.leads.columns.source')}</Table.Th>
                    <SortTh sortKey="status" sort={sort} onSort={setSort}>
                      {t('sales.leads.columns.status')}
                    </SortTh>
                    <SortTh sortKey="createdAt" sort={sort} onSort={setSort} firstDescending>
                      {t('sales.leads.columns.created')}
                    </SortTh>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody ref={windowed.ref}>
                  {leads.isPending
                    ? [0, 1, 2].map((n) => (
                        <Table.Tr key={n}>
                          <Table.Td colSpan={COLUMNS}>
                            <Skeleton h={18} />
                          </Table.Td>
                        </Table.Tr>
                      ))
                    : null}
                  {!leads.isPending && rows.length === 0 ? (
                    <Table.Tr>
                      <Table.Td colSpan={COLUMNS}>
                        <Stack align="center" gap={4} py="lg">
                          <Text fw={600}>{t('sales.leads.empty.title')}</Text>
                          <Text c="dimmed" size="sm">
                            {q || status || source
                              ? t('sales.leads.empty.filtered')
                              : t('sales.leads.empty.body')}
                          </Text>
                        </Stack>
                      </Table.Td>
                    </Table.Tr>
                  ) : null}
                  <SpacerRow height={windowed.before} colSpan={COLUMNS} />
                  {rows.slice(windowed.start, windowed.end).map((lead) => (
                    <Table.Tr key={lead.id} style={{ blockSize: ROW_HEIGHT }}>
                      <Table.Td maw={240}>
                        <Anchor component={Link} to={`/leads/${lead.id}`} size="sm" fw={600} dir="auto">
                          {lead.fullName}
                        </Anchor>
                      </Table.Td>
                      <Table.Td maw={220}>
                        <Text size="sm" truncate>
                          <span dir="auto">{lead.company ?? '—'}</span>
                        </Text>
                      </Table.Td>
                      <Table.Td maw={240}>
                        <Text size="sm" truncate>
                          <bdi>{lead.emails[0] ?? lead.phones[0]?.raw ?? '—'}</bdi>
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{t(`sales.leadSource.${lead.source}`)}</Text>
                      </Table.Td>
                      <Table.Td>
                        <Badge variant="light" color={LEAD_STATUS_COLOR[lead.status]}>
                          {t(`sales.leadStatus.${lead.status}`)}
                        </Badge>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
                          {format.date(lead.createdAt)}
                        </Text>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                  <SpacerRow height={windowed.after} colSpan={COLUMNS} />
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </Paper>
        )}
        {leads.hasNextPage ? (
          <Group justify="center">
            <Button
              variant="light"
              loading={leads.isFetchingNextPage}
              onClick={() => void leads.fetchNextPage()}
            >
              {t('common.loadMore')}
            </Button>
          </Group>
        ) : null}
      </Stack>
      <Modal opened={creating} onClose={create.close} title={t('sales.leads.new')} size="lg">
        {creating ? (
          <LeadForm
            currentUserId={session.user.id}
            onCancel={create.close}
            onSaved={(lead) => {
              create.close();
              void navigate(`/leads/${lead.id}`);
            }}
          />
        ) : null}
      </Modal>
    </>
  );
}
