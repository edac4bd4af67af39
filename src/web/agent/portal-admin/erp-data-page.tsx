import { Badge, Button, Group, Paper, Skeleton, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { FormAlert } from '../../ui/form-alert';
import { IconPlus } from '../../ui/icons';
import { PageHeader } from '../../ui/page-header';
import { problemMessage } from '../../ui/problem';
import { hasPermission, useSession } from '../shell/session';
import { portalAdminApi, portalAdminKeys } from './portal-admin-api';
import { useDateTime } from './portal-common';

/** /settings/erp-data — the datasets customers see and the connectors that fill them. */
export function ErpDataPage() {
  const { t, i18n } = useTranslation();
  const canWrite = hasPermission(useSession(), 'datasets:write');
  const format = useDateTime();
  const datasets = useQuery({ queryKey: portalAdminKeys.datasets, queryFn: portalAdminApi.listDatasets });
  const connectors = useQuery({
    queryKey: portalAdminKeys.connectors,
    queryFn: portalAdminApi.listConnectors,
  });
  const label = (d: { labelHe: string; labelEn: string }) => (i18n.language === 'en' ? d.labelEn : d.labelHe);
  const datasetName = (id: string) => {
    const d = datasets.data?.items.find((x) => x.id === id);
    return d ? label(d) : '—';
  };
  return (
    <>
      <PageHeader
        order={2}
        title={t('portalAdmin.erp.title')}
        description={t('portalAdmin.erp.description')}
        documentTitle={t('portalAdmin.erp.title')}
      />
      <Stack gap="xl">
        <Paper withBorder p="md" component="section" aria-labelledby="erp-datasets">
          <Group justify="space-between" mb="sm">
            <Title order={3} fz="h4" id="erp-datasets">
              {t('portalAdmin.erp.datasets')}
            </Title>
            {canWrite ? (
              <Button
                component={Link}
                to="/settings/erp-data/datasets/new"
                leftSection={<IconPlus size={16} />}
              >
                {t('portalAdmin.erp.newDataset')}
              </Button>
            ) : null}
          </Group>
          {datasets.isPending ? <Skeleton h={60} /> : null}
          {datasets.isError ? <FormAlert message={problemMessage(t, datasets.error, i18n.language)} /> : null}
          {datasets.data?.items.length === 0 ? (
            <Text c="dimmed">{t('portalAdmin.erp.datasetsEmpty')}</Text>
          ) : null}
          {datasets.data?.items.length ? (
            <Table.ScrollContainer minWidth={520}>
              <Table highlightOnHover>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('portalAdmin.dataset.title')}</Table.Th>
                    <Table.Th>{t('portalAdmin.dataset.key')}</Table.Th>
                    <Table.Th>{t('portalAdmin.dataset.fields')}</Table.Th>
                    <Table.Th>{t('portalAdmin.erp.lastGood')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {datasets.data.items.map((d) => (
                    <Table.Tr key={d.id}>
                      <Table.Td>
                        <Link to={`/settings/erp-data/datasets/${encodeURIComponent(d.key)}`}>
                          <span dir="auto">{label(d)}</span>
                        </Link>
                      </Table.Td>
                      <Table.Td>
                        <bdi dir="ltr" className="kesher-mono">
                          {d.key}
                        </bdi>
                      </Table.Td>
                      <Table.Td>{format.number(d.fields.length)}</Table.Td>
                      <Table.Td>{format.dateTime(d.lastGoodAt)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          ) : null}
        </Paper>

        <Paper withBorder p="md" component="section" aria-labelledby="erp-connectors">
          <Group justify="space-between" mb="sm">
            <Title order={3} fz="h4" id="erp-connectors">
              {t('portalAdmin.erp.connectors')}
            </Title>
            {canWrite && datasets.data?.items.length ? (
              <Button
                component={Link}
                to="/settings/erp-data/connectors/new"
                leftSection={<IconPlus size={16} />}
              >
                {t('portalAdmin.erp.newConnector')}
              </Button>
            ) : null}
          </Group>
          {datasets.data?.items.length === 0 ? (
            <Text c="dimmed">{t('portalAdmin.erp.needDataset')}</Text>
          ) : null}
          {connectors.isPending ? <Skeleton h={60} /> : null}
          {connectors.isError ? (
            <FormAlert message={problemMessage(t, connectors.error, i18n.language)} />
          ) : null}
          {connectors.data?.items.length === 0 ? (
            <Text c="dimmed">{t('portalAdmin.erp.connectorsEmpty')}</Text>
          ) : null}
          {connectors.data?.items.length ? (
            <Table.ScrollContainer minWidth={620}>
              <Table highlightOnHover>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('portalAdmin.connector.name')}</Table.Th>
                    <Table.Th>{t('portalAdmin.connector.kind')}</Table.Th>
                    <Table.Th>{t('portalAdmin.connector.dataset')}</Table.Th>
                    <Table.Th>{t('portalAdmin.connector.lastSuccess')}</Table.Th>
                    <Table.Th>{t('portalAdmin.connector.enabled')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {connectors.data.items.map((c) => (
                    <Table.Tr key={c.id}>
                      <Table.Td>
                        <Link to={`/settings/erp-data/connectors/${c.id}`}>
                          <span dir="auto">{c.name}</span>
                        </Link>
                        {c.lastError ? (
                          <Text size="xs" c="red" dir="auto" lineClamp={1}>
                            {c.lastError}
                          </Text>
                        ) : null}
                      </Table.Td>
                      <Table.Td>{t(`portalAdmin.connector.kinds.${c.kind}`)}</Table.Td>
                      <Table.Td>
                        <span dir="auto">{datasetName(c.datasetId)}</span>
                      </Table.Td>
                      <Table.Td>{format.dateTime(c.lastSuccessAt)}</Table.Td>
                      <Table.Td>
                        <Badge color={c.enabled ? 'green' : 'gray'} variant="light">
                          {c.enabled ? t('portalAdmin.connector.enabled') : '—'}
                        </Badge>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          ) : null}
        </Paper>
      </Stack>
    </>
  );
}
