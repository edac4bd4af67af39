import {
  Button,
  Group,
  Modal,
  NativeSelect,
  SegmentedControl,
  Skeleton,
  VisuallyHidden,
} from '@mantine/core';
import { useDisclosure, useHotkeys } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { IconPlus } from '../../../ui/icons';
import { PageHeader } from '../../../ui/page-header';
import { WithUserText } from '../../../ui/with-user-text';
import { useSession } from '../../shell/session';
import { QueryError } from '../common/query-error';
import { IconBoard, IconList } from '../common/sales-icons';
import { usePipelines } from '../sales-queries';
import { DealBoard } from './deal-board';
import { DealForm } from './deal-form';
import { DealList } from './deal-list';

type View = 'board' | 'list';

/** /deals — the pipeline as a Kanban board (default) or a table; ?view=list&pipeline=<id>. */
export function DealsPage() {
  const { t } = useTranslation();
  const session = useSession();
  const [params, setParams] = useSearchParams();
  const pipelines = usePipelines();
  const [creating, create] = useDisclosure(false);
  const view: View = params.get('view') === 'list' ? 'list' : 'board';
  const items = pipelines.data?.items ?? [];
  const pipeline =
    items.find((p) => p.id === params.get('pipeline')) ?? items.find((p) => p.isDefault) ?? items[0];

  // "N" starts a new deal, as in the other lists (not while typing in a field)
  useHotkeys([['n', () => create.open(), { usePhysicalKeys: true }]]);

  const setParam = (key: string, value: string | null) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (value) next.set(key, value);
        else next.delete(key);
        return next;
      },
      { replace: true },
    );

  return (
    <>
      <PageHeader
        title={t('sales.deals.title')}
        actions={
          <Button leftSection={<IconPlus size={16} />} onClick={create.open} aria-keyshortcuts="N">
            {t('sales.deals.new')}
          </Button>
        }
      />
      <Group justify="space-between" align="flex-end" mb="md" gap="sm">
        {pipelines.isPending ? (
          <Skeleton h={36} w={220} />
        ) : (
          <NativeSelect
            label={t('sales.deals.pipeline')}
            value={pipeline?.id ?? ''}
            onChange={(event) => setParam('pipeline', event.currentTarget.value)}
            data={items.map((p) => ({ value: p.id, label: p.name }))}
            w={{ base: '100%', xs: 240 }}
          />
        )}
        <SegmentedControl
          aria-label={t('sales.deals.view')}
          value={view}
          onChange={(value) => setParam('view', value === 'list' ? 'list' : null)}
          data={[
            {
              value: 'board',
              label: (
                <Group gap={6} wrap="nowrap">
                  <IconBoard size={16} />
                  <span>{t('sales.deals.viewBoard')}</span>
                </Group>
              ),
            },
            {
              value: 'list',
              label: (
                <Group gap={6} wrap="nowrap">
                  <IconList size={16} />
                  <span>{t('sales.deals.viewList')}</span>
                </Group>
              ),
            },
          ]}
        />
      </Group>
      {pipelines.isError ? (
        <QueryError error={pipelines.error} onRetry={() => void pipelines.refetch()} />
      ) : pipelines.isPending ? null : view === 'board' ? (
        <DealBoard pipelineId={pipeline?.id} />
      ) : (
        <DealList pipeline={pipeline} />
      )}
      <VisuallyHidden>{t('sales.deals.shortcutHint')}</VisuallyHidden>
      <Modal opened={creating} onClose={create.close} title={t('sales.deals.new')} size="lg">
        {creating ? (
          <DealForm
            pipelines={items}
            pipelineId={pipeline?.id}
            currentUserId={session.user.id}
            onCancel={create.close}
            onSaved={(deal) => {
              create.close();
              notifications.show({
                color: 'teal',
                message: (
                  <WithUserText value={deal.name} translate={(name) => t('sales.deals.created', { name })} />
                ),
              });
            }}
          />
        ) : null}
      </Modal>
    </>
  );
}
