import {
  Alert,
  Anchor,
  Badge,
  Button,
  Grid,
  Group,
  Paper,
  Skeleton,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useFormat } from '../../../ui/format';
import { IconCheck } from '../../../ui/icons';
import { PageHeader } from '../../../ui/page-header';
import { useSession } from '../../shell/session';
import { BackLink } from '../common/back-link';
import { DetailList, type DetailRow } from '../common/detail-list';
import { QueryError } from '../common/query-error';
import { IconConvert, IconEdit } from '../common/sales-icons';
import { salesApi } from '../sales-api';
import { salesKeys, useUserDirectory } from '../sales-queries';
import { ConvertLeadModal } from './convert-lead-modal';
import { LeadForm } from './lead-form';
import { LEAD_STATUS_COLOR } from './lead-labels';

const META_KEYS = ['referer', 'utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content'] as const;
const isMetaKey = (key: string): key is (typeof META_KEYS)[number] =>
  (META_KEYS as readonly string[]).includes(key);

/** /leads/:id — a lead's details, edit form and the Convert dialog. */
export function LeadPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const session = useSession();
  const format = useFormat();
  const directory = useUserDirectory();
  const [editing, setEditing] = useState(false);
  const [converting, convert] = useDisclosure(false);
  const lead = useQuery({ queryKey: salesKeys.lead(id), queryFn: () => salesApi.getLead(id) });
  const back = <BackLink to="/leads" label={t('sales.leads.back')} />;

  if (lead.isPending) {
    return (
      <Stack>
        {back}
        <Skeleton h={32} w="40%" />
        <Skeleton h={240} />
      </Stack>
    );
  }
  if (lead.isError) {
    return (
      <Stack>
        {back}
        <QueryError error={lead.error} onRetry={() => void lead.refetch()} />
      </Stack>
    );
  }

  const l = lead.data;
  const converted = l.status === 'converted';
  const ltr = (value: string) => <bdi dir="ltr">{value}</bdi>;
  const owner = directory.nameOf(l.ownerId);
  const linkList = (items: { key: string; href: string; text: string }[]) =>
    items.length ? (
      <Stack gap={0} align="flex-end">
        {items.map((item) => (
          <Anchor key={item.key} href={item.href} size="sm">
            {ltr(item.text)}
          </Anchor>
        ))}
      </Stack>
    ) : (
      '—'
    );
  const rows: DetailRow[] = [
    { label: t('sales.leads.form.company'), value: l.company ? <bdi>{l.company}</bdi> : '—' },
    { label: t('sales.leads.form.title'), value: l.title ? <bdi>{l.title}</bdi> : '—' },
    {
      label: t('sales.leads.form.phones'),
      value: linkList(
        l.phones.map((phone) => ({
          key: phone.raw,
          href: `tel:${phone.e164 ?? phone.raw}`,
          text: phone.raw,
        })),
      ),
    },
    {
      label: t('sales.leads.form.emails'),
      value: linkList(l.emails.map((email) => ({ key: email, href: `mailto:${email}`, text: email }))),
    },
    { label: t('sales.leads.form.source'), value: t(`sales.leadSource.${l.source}`) },
    { label: t('sales.leads.form.owner'), value: owner ? <bdi>{owner}</bdi> : '—' },
    { label: t('sales.common.created'), value: format.dateTime(l.createdAt) },
    // where a web-form lead came from; other keys are the website's own field names
    ...Object.entries(l.meta).map(([key, value]) => ({
      label: isMetaKey(key) ? t(`sales.leads.meta.${key}`) : key,
      value: ltr(value),
    })),
  ];

  return (
    <>
      {back}
      <PageHeader
        title={l.fullName}
        description={t('sales.leads.numberLabel', { number: l.number })}
        actions={
          <Group gap="xs">
            <Badge size="lg" variant="light" color={LEAD_STATUS_COLOR[l.status]}>
              {t(`sales.leadStatus.${l.status}`)}
            </Badge>
            {editing ? null : (
              <Button variant="default" leftSection={<IconEdit size={16} />} onClick={() => setEditing(true)}>
                {t('sales.common.edit')}
              </Button>
            )}
            {converted ? null : (
              <Button leftSection={<IconConvert size={16} />} onClick={convert.open}>
                {t('sales.convert.open')}
              </Button>
            )}
          </Group>
        }
      />
      {converted ? (
        <Alert
          color="grape"
          variant="light"
          icon={<IconCheck size={18} />}
          mb="lg"
          title={t('sales.leads.convertedTitle')}
        >
          <Group gap="md">
            {l.convertedAt ? <Text size="sm">{format.dateTime(l.convertedAt)}</Text> : null}
            {l.convertedAccountId ? (
              <Anchor component={Link} to={`/customers/accounts/${l.convertedAccountId}`} size="sm">
                {t('sales.leads.openAccount')}
              </Anchor>
            ) : null}
            {l.convertedDealId ? (
              <Anchor component={Link} to={`/deals/${l.convertedDealId}`} size="sm">
                {t('sales.leads.openDeal')}
              </Anchor>
            ) : null}
          </Group>
        </Alert>
      ) : null}
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: editing ? 8 : 6 }}>
          <Paper withBorder p="lg">
            <Title order={2} fz="h4" mb="md">
              {editing ? t('sales.leads.editTitle') : t('sales.leads.details')}
            </Title>
            {editing ? (
              <LeadForm
                key={l.version}
                lead={l}
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
        {editing ? null : (
          <Grid.Col span={{ base: 12, md: 6 }}>
            <Paper withBorder p="lg">
              <Title order={2} fz="h4" mb="md">
                {t('sales.leads.form.message')}
              </Title>
              {l.message ? (
                <Text size="sm" dir="auto" style={{ whiteSpace: 'pre-wrap' }}>
                  {l.message}
                </Text>
              ) : (
                <Text size="sm" c="dimmed">
                  {t('sales.leads.noMessage')}
                </Text>
              )}
            </Paper>
          </Grid.Col>
        )}
      </Grid>
      {converted ? null : <ConvertLeadModal lead={l} opened={converting} onClose={convert.close} />}
    </>
  );
}
