import { Badge, Button, Drawer, Group, Select, Skeleton, Stack, Table, Text } from '@mantine/core';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { FormAlert } from '../../ui/form-alert';
import { useFormat } from '../../ui/format';
import { PageHeader } from '../../ui/page-header';
import { problemMessage } from '../../ui/problem';
import { deskApi, deskKeys, type OutboxStatus } from './desk-api';
import { NoAccess, useCanManage } from './desk-common';
import './desk.css';

const STATUSES: OutboxStatus[] = ['outbox', 'queued', 'sending', 'sent', 'failed'];
const COLORS: Record<OutboxStatus, string> = {
  outbox: 'gray',
  queued: 'blue',
  sending: 'blue',
  sent: 'green',
  failed: 'red',
};

/** /settings/outbox — the dev outbox / delivery log, filterable by status, with a sandboxed detail. */
export function OutboxPage() {
  const { t } = useTranslation();
  const canManage = useCanManage();
  return (
    <>
      <PageHeader
        order={2}
        title={t('desk.outbox.title')}
        description={t('desk.outbox.description')}
        documentTitle={t('desk.outbox.title')}
      />
      {canManage ? <OutboxList /> : <NoAccess />}
    </>
  );
}

function OutboxList() {
  const { t, i18n } = useTranslation();
  const fmt = useFormat();
  const [params, setParams] = useSearchParams();
  const status = (params.get('status') as OutboxStatus | null) ?? null;
  const openId = params.get('id');
  const list = useInfiniteQuery({
    queryKey: deskKeys.outbox(status),
    queryFn: ({ pageParam }) => deskApi.listOutbox(status, pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    refetchInterval: 15_000,
  });
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const setParam = (key: string, value: string | null) =>
    setParams((prev) => {
      const next = new URLSearchParams(prev);
      if (value) next.set(key, value);
      else next.delete(key);
      return next;
    });

  return (
    <Stack gap="sm">
      <Select
        label={t('desk.outbox.status')}
        data={[
          { value: '', label: t('desk.outbox.all') },
          ...STATUSES.map((s) => ({ value: s, label: t(`desk.outbox.statuses.${s}`) })),
        ]}
        value={status ?? ''}
        onChange={(v) => setParam('status', v || null)}
        allowDeselect={false}
        w={220}
      />
      {list.isPending ? <Skeleton h={200} /> : null}
      {list.isError ? <FormAlert message={problemMessage(t, list.error, i18n.language)} /> : null}
      {list.data && items.length === 0 ? <Text c="dimmed">{t('desk.outbox.empty')}</Text> : null}
      {items.length ? (
        <Table.ScrollContainer minWidth={1000}>
          <Table striped highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('desk.outbox.to')}</Table.Th>
                <Table.Th>{t('desk.outbox.subject')}</Table.Th>
                <Table.Th>{t('desk.outbox.kind')}</Table.Th>
                <Table.Th>{t('desk.outbox.status')}</Table.Th>
                <Table.Th>{t('desk.outbox.attempts')}</Table.Th>
                <Table.Th>{t('desk.outbox.lastError')}</Table.Th>
                <Table.Th>{t('desk.outbox.created')}</Table.Th>
                <Table.Th>{t('desk.outbox.sent')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((m) => (
                <Table.Tr
                  key={m.id}
                  className="desk-row-button"
                  tabIndex={0}
                  aria-label={t('desk.outbox.open', { subject: m.subject })}
                  onClick={() => setParam('id', m.id)}
                  onKeyDown={(e) => {
                    if (e.key === 'Enter' || e.key === ' ') {
                      e.preventDefault();
                      setParam('id', m.id);
                    }
                  }}
                >
                  <Table.Td>
                    <bdi>{m.to}</bdi>
                  </Table.Td>
                  <Table.Td maw={280}>
                    <Text size="sm" truncate dir="auto">
                      {m.subject}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="xs" c="dimmed" dir="ltr">
                      {m.kind}
                    </Text>
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    <Badge color={COLORS[m.status]} variant="light" style={{ overflow: 'visible' }}>
                      {t(`desk.outbox.statuses.${m.status}`)}
                    </Badge>
                  </Table.Td>
                  <Table.Td>{fmt.number(m.attempts)}</Table.Td>
                  <Table.Td maw={220}>
                    <Text size="xs" c="red" truncate dir="auto">
                      {m.lastError ?? ''}
                    </Text>
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    <Text size="xs">{fmt.dateTime(m.createdAt)}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="xs">{m.sentAt ? fmt.dateTime(m.sentAt) : '—'}</Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      ) : null}
      {list.hasNextPage ? (
        <Group>
          <Button
            variant="default"
            onClick={() => void list.fetchNextPage()}
            loading={list.isFetchingNextPage}
          >
            {t('common.loadMore')}
          </Button>
        </Group>
      ) : null}
      <OutboxDetailDrawer id={openId} onClose={() => setParam('id', null)} />
    </Stack>
  );
}

function OutboxDetailDrawer({ id, onClose }: { id: string | null; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const fmt = useFormat();
  const [showText, setShowText] = useState(false);
  const detail = useQuery({
    queryKey: deskKeys.outboxItem(id ?? ''),
    queryFn: () => deskApi.getOutbox(id ?? ''),
    enabled: Boolean(id),
  });
  const d = detail.data;
  return (
    <Drawer
      opened={Boolean(id)}
      onClose={onClose}
      position={i18n.dir() === 'rtl' ? 'left' : 'right'}
      size="xl"
      title={d ? <span dir="auto">{d.subject}</span> : t('desk.outbox.title')}
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      {detail.isPending ? <Skeleton h={300} /> : null}
      {detail.isError ? <FormAlert message={problemMessage(t, detail.error, i18n.language)} /> : null}
      {d ? (
        <Stack gap="sm">
          <Group gap="xs">
            <Badge color={COLORS[d.status]} variant="light">
              {t(`desk.outbox.statuses.${d.status}`)}
            </Badge>
            <Text size="sm">
              {t('desk.outbox.to')}: <bdi>{d.to}</bdi>
            </Text>
            <Text size="xs" c="dimmed">
              {fmt.dateTime(d.createdAt)} · {t('desk.outbox.attempts')}: {fmt.number(d.attempts)}
            </Text>
          </Group>
          {d.lastError ? (
            <Text size="sm" c="red" dir="auto">
              {d.lastError}
            </Text>
          ) : null}
          <iframe title={t('desk.outbox.frame')} className="desk-preview-frame" sandbox="" srcDoc={d.html} />
          <Button variant="subtle" size="xs" onClick={() => setShowText((v) => !v)} aria-expanded={showText}>
            {t('desk.outbox.text')}
          </Button>
          {showText ? (
            <Text component="pre" size="xs" style={{ whiteSpace: 'pre-wrap' }} dir="auto">
              {d.text}
            </Text>
          ) : null}
        </Stack>
      ) : null}
    </Drawer>
  );
}
