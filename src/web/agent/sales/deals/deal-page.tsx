import { Anchor, Badge, Button, Grid, Group, Paper, Skeleton, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useFormat } from '../../../ui/format';
import { PageHeader } from '../../../ui/page-header';
import { TimelinePanel } from '../../customers/timeline-panel';
import { useSession } from '../../shell/session';
import { BackLink } from '../common/back-link';
import { DetailList, type DetailRow } from '../common/detail-list';
import { useMoney } from '../common/money';
import { QueryError } from '../common/query-error';
import { IconEdit } from '../common/sales-icons';
import { salesApi } from '../sales-api';
import { salesKeys, usePipelines, useUserDirectory } from '../sales-queries';
import { DealForm } from './deal-form';
import { DEAL_STATUS_COLOR } from './deal-list';

/** /deals/:id — a deal's details, its edit form and the timeline of its account. */
export function DealPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const session = useSession();
  const format = useFormat();
  const money = useMoney();
  const directory = useUserDirectory();
  const pipelines = usePipelines();
  const [editing, setEditing] = useState(false);
  const deal = useQuery({ queryKey: salesKeys.deal(id), queryFn: () => salesApi.getDeal(id) });

  const back = <BackLink to="/deals" label={t('sales.deals.backToBoard')} />;

  if (deal.isPending) {
    return (
      <Stack>
        {back}
        <Skeleton h={32} w="40%" />
        <Skeleton h={240} />
      </Stack>
    );
  }
  if (deal.isError) {
    return (
      <Stack>
        {back}
        <QueryError error={deal.error} onRetry={() => void deal.refetch()} />
      </Stack>
    );
  }

  const d = deal.data;
  const pipeline = pipelines.data?.items.find((p) => p.id === d.pipelineId);
  const stage = pipeline?.stages.find((s) => s.id === d.stageId);
  const owner = directory.nameOf(d.ownerId);
  const rows: DetailRow[] = [
    { label: t('sales.deals.columns.account'), value: d.accountName ? <bdi>{d.accountName}</bdi> : '—' },
    { label: t('sales.deals.form.pipeline'), value: pipeline ? <bdi>{pipeline.name}</bdi> : '—' },
    { label: t('sales.deals.columns.stage'), value: stage ? <bdi>{stage.name}</bdi> : '—' },
    {
      label: t('sales.deals.columns.amount'),
      value: d.amount === null ? '—' : money.format(d.amount, d.currency),
    },
    {
      label: t('sales.deals.form.expectedClose'),
      value: d.expectedCloseDate ? format.date(`${d.expectedCloseDate}T12:00:00`) : '—',
    },
    {
      label: t('sales.deals.form.probability'),
      value: d.probability === null ? '—' : `${format.number(d.probability)}%`,
    },
    { label: t('sales.deals.columns.owner'), value: owner ? <bdi>{owner}</bdi> : '—' },
  ];
  if (d.status === 'lost' && d.lostReason) {
    rows.push({ label: t('sales.lost.reason'), value: <bdi>{d.lostReason}</bdi> });
  }
  if (d.closedAt) rows.push({ label: t('sales.deals.closedAt'), value: format.dateTime(d.closedAt) });
  rows.push({ label: t('sales.common.created'), value: format.dateTime(d.createdAt) });

  return (
    <>
      {back}
      <PageHeader
        title={d.name}
        description={t('sales.deals.numberLabel', { number: d.number })}
        actions={
          <Group gap="xs">
            <Badge size="lg" variant="light" color={DEAL_STATUS_COLOR[d.status]}>
              {t(`sales.dealStatus.${d.status}`)}
            </Badge>
            {editing ? null : (
              <Button variant="default" leftSection={<IconEdit size={16} />} onClick={() => setEditing(true)}>
                {t('sales.common.edit')}
              </Button>
            )}
          </Group>
        }
      />
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Paper withBorder p="lg">
            <Title order={2} fz="h4" mb="md">
              {editing ? t('sales.deals.editTitle') : t('sales.deals.details')}
            </Title>
            {editing && pipelines.data ? (
              <DealForm
                key={d.version}
                deal={d}
                pipelines={pipelines.data.items}
                currentUserId={session.user.id}
                onCancel={() => setEditing(false)}
                onSaved={() => {
                  setEditing(false);
                  notifications.show({ color: 'teal', message: t('sales.common.saved') });
                }}
              />
            ) : (
              <DetailList rows={rows} />
            )}
          </Paper>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Group justify="space-between" mb="sm">
            <Title order={2} fz="h4">
              {t('sales.deals.accountTimeline')}
            </Title>
            {d.accountId ? (
              <Anchor component={Link} to={`/customers/accounts/${d.accountId}`} size="sm">
                {t('sales.deals.openAccount')}
              </Anchor>
            ) : null}
          </Group>
          {d.accountId ? (
            <Paper withBorder p="md">
              <TimelinePanel scope="account" id={d.accountId} />
            </Paper>
          ) : (
            <Text c="dimmed" size="sm">
              {t('sales.deals.noAccount')}
            </Text>
          )}
        </Grid.Col>
      </Grid>
    </>
  );
}
