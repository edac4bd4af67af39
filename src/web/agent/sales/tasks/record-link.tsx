import { Anchor, Skeleton, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { salesApi, type Task } from '../sales-api';
import { salesKeys } from '../sales-queries';

export type LinkType = 'deal' | 'contact' | 'account' | 'lead';

/** The record a task is about, most specific first. */
export const primaryLink = (task: Pick<Task, 'dealId' | 'contactId' | 'accountId' | 'leadId'>) =>
  task.dealId
    ? { type: 'deal' as const, id: task.dealId }
    : task.contactId
      ? { type: 'contact' as const, id: task.contactId }
      : task.accountId
        ? { type: 'account' as const, id: task.accountId }
        : task.leadId
          ? { type: 'lead' as const, id: task.leadId }
          : null;

export const recordPath = (type: LinkType, id: string) =>
  type === 'deal'
    ? `/deals/${id}`
    : type === 'lead'
      ? `/leads/${id}`
      : type === 'contact'
        ? `/customers/contacts/${id}`
        : `/customers/accounts/${id}`;

/** The title of a linked record, loaded once per record and cached. */
export const useRecordTitle = (link: { type: LinkType; id: string } | null) =>
  useQuery({
    queryKey: salesKeys.recordTitle(link?.type ?? '', link?.id ?? ''),
    queryFn: () => (link ? salesApi.recordTitle(link.type, link.id) : Promise.resolve('')),
    enabled: link !== null,
    staleTime: 5 * 60_000,
    retry: false,
  });

/** "Deal: Fleet pilot" as a link to the record. */
export function RecordLink({ type, id }: { type: LinkType; id: string }) {
  const { t } = useTranslation();
  const title = useRecordTitle({ type, id });
  if (title.isPending) return <Skeleton h={14} w={120} />;
  const label = title.data ?? t('sales.tasks.unknownRecord');
  return (
    <Text size="sm" truncate>
      <Text span size="xs" c="dimmed">
        {t(`sales.tasks.linkTypes.${type}`)}:{' '}
      </Text>
      <Anchor component={Link} to={recordPath(type, id)} size="sm" dir="auto">
        {label}
      </Anchor>
    </Text>
  );
}
