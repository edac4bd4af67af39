import {
  ActionIcon,
  Anchor,
  Button,
  Group,
  NumberInput,
  Paper,
  PasswordInput,
  SegmentedControl,
  Select,
  SimpleGrid,
  Skeleton,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { ConfirmModal } from '../../ui/confirm-modal';
import { FormAlert } from '../../ui/form-alert';
import { IconPlus } from '../../ui/icons';
import { PageHeader } from '../../ui/page-header';
import { fieldErrors, problemMessage } from '../../ui/problem';
import { hasPermission, useSession } from '../shell/session';
import { type ConnectorDraft, draftOf, emptyDraft, inputOf, serviceRootOf } from './connector-draft';
import { ConnectorRuns, ConnectorTools } from './connector-runs';
import { portalAdminApi, portalAdminKeys, type TConnector } from './portal-admin-api';

const KINDS = ['priority', 'json_http', 'csv_url'] as const;
const TRANSFORMS = ['none', 'trim', 'number', 'date', 'upper', 'lower'] as const;
const PAGINGS = ['none', 'page', 'offset', 'cursor'] as const;

/** /settings/erp-data/connectors/:id (or /new) — source, credentials, mapping; test, run, history. */
export function ConnectorEditorPage() {
  const { id = 'new' } = useParams();
  const { t, i18n } = useTranslation();
  const isNew = id === 'new';
  const connector = useQuery({
    queryKey: portalAdminKeys.connector(id),
    queryFn: () => portalAdminApi.getConnector(id),
    enabled: !isNew,
  });
  return (
    <>
      <Anchor component={Link} to="/settings/erp-data" size="sm">
        {t('portalAdmin.erp.back')}
      </Anchor>
      {isNew ? <ConnectorForm initial={null} /> : null}
      {!isNew && connector.isPending ? <Skeleton h={320} mt="md" /> : null}
      {!isNew && connector.isError ? (
        <FormAlert message={problemMessage(t, connector.error, i18n.language)} />
      ) : null}
      {connector.data ? (
        <>
          <ConnectorForm key={connector.data.version} initial={connector.data} />
          <ConnectorTools connector={connector.data} />
          <ConnectorRuns connectorId={connector.data.id} />
        </>
      ) : null}
    </>
  );
}

function ConnectorForm({ initial }: { initial: TConnector | null }) {
  const { t, i18n } = useTranslation();
  const canWrite = hasPermission(useSession(), 'datasets:write');
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const datasets = useQuery({ queryKey: portalAdminKeys.datasets, queryFn: portalAdminApi.listDatasets });
  const firstDataset = datasets.data?.items[0]?.id ?? '';
  const [draft, setDraft] = useState<ConnectorDraft>(() => (initial ? draftOf(initial) : emptyDraft('')));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [deleting, setDeleting] = useState(false);
  const datasetId = draft.datasetId || firstDataset;
  const dataset = datasets.data?.items.find((d) => d.id === datasetId);
  const set = <K extends keyof ConnectorDraft>(key: K, value: ConnectorDraft[K]) =>
    setDraft((d) => ({ ...d, [key]: value }));
  const text = (key: keyof ConnectorDraft) => ({
    value: String(draft[key]),
    onChange: (e: React.ChangeEvent<HTMLInputElement>) => set(key, e.currentTarget.value as never),
    disabled: !canWrite,
  });
  const onError = (e: unknown) => {
    setErrors(fieldErrors(e));
    setError(problemMessage(t, e, i18n.language));
  };

  const save = useMutation({
    mutationFn: () => {
      const body = inputOf({ ...draft, datasetId });
      if (!initial) return portalAdminApi.createConnector(body);
      const { kind: _k, datasetId: _d, ...patch } = body;
      return portalAdminApi.updateConnector(initial.id, patch, initial.version);
    },
    onSuccess: (saved) => {
      setErrors({});
      setError(null);
      void queryClient.invalidateQueries({ queryKey: portalAdminKeys.connectors });
      notifications.show({ color: 'green', message: t('portalAdmin.connector.saved') });
      if (!initial) void navigate(`/settings/erp-data/connectors/${saved.id}`);
    },
    onError,
  });
  const remove = useMutation({
    mutationFn: () => portalAdminApi.deleteConnector(initial?.id ?? ''),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: portalAdminKeys.connectors });
      void navigate('/settings/erp-data');
    },
    onError,
  });

  const secretHint =
    initial?.credentials.set && initial.credentials.last4
      ? t('portalAdmin.connector.secretSet', { last4: initial.credentials.last4 })
      : undefined;
  const configError = (key: string) => errors[`config.${key}`];
  const targets = (dataset?.fields ?? []).map((f) => f.key);
  const title = initial?.name ?? t('portalAdmin.erp.newConnector');

  return (
    <Paper
      withBorder
      p="md"
      mt="md"
      component="form"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <PageHeader order={2} title={title} documentTitle={title} />
      <Stack gap="sm">
        <FormAlert message={error} />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            label={t('portalAdmin.connector.name')}
            {...text('name')}
            error={errors.name}
            required
            dir="auto"
          />
          <Select
            label={t('portalAdmin.connector.dataset')}
            data={(datasets.data?.items ?? []).map((d) => ({
              value: d.id,
              label: i18n.language === 'en' ? d.labelEn : d.labelHe,
            }))}
            value={datasetId || null}
            onChange={(v) => v && set('datasetId', v)}
            allowDeselect={false}
            disabled={!!initial || !canWrite}
            error={errors.datasetId}
          />
        </SimpleGrid>
        <Stack gap={4}>
          <Text size="sm" fw={500} id="connector-kind">
            {t('portalAdmin.connector.kind')}
          </Text>
          <SegmentedControl
            aria-labelledby="connector-kind"
            data={KINDS.map((k) => ({ value: k, label: t(`portalAdmin.connector.kinds.${k}`) }))}
            value={draft.kind}
            onChange={(v) => set('kind', v as ConnectorDraft['kind'])}
            disabled={!!initial || !canWrite}
          />
        </Stack>

        {draft.kind === 'priority' ? (
          <>
            <SimpleGrid cols={{ base: 1, sm: 3 }}>
              <TextInput
                label={t('portalAdmin.connector.baseUrl')}
                description={t('portalAdmin.connector.baseUrlHint')}
                {...text('baseUrl')}
                error={configError('serviceRoot')}
                required
                dir="ltr"
              />
              <TextInput label={t('portalAdmin.connector.tabula')} {...text('tabula')} required dir="ltr" />
              <TextInput label={t('portalAdmin.connector.company')} {...text('company')} required dir="ltr" />
            </SimpleGrid>
            {draft.baseUrl && draft.company ? (
              <Text size="xs" c="dimmed">
                {t('portalAdmin.connector.serviceRoot')}: <bdi dir="ltr">{serviceRootOf(draft)}</bdi>
              </Text>
            ) : null}
            <Stack gap={4}>
              <Text size="sm" fw={500} id="connector-auth">
                {t('portalAdmin.connector.auth')}
              </Text>
              <SegmentedControl
                aria-labelledby="connector-auth"
                data={(['pat', 'basic'] as const).map((k) => ({
                  value: k,
                  label: t(`portalAdmin.connector.auths.${k}`),
                }))}
                value={draft.authKind}
                onChange={(v) => set('authKind', v as 'basic' | 'pat')}
                disabled={!canWrite}
              />
            </Stack>
            {draft.authKind === 'basic' ? (
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <TextInput
                  label={t('portalAdmin.connector.username')}
                  {...text('username')}
                  error={errors['credentials.username']}
                  dir="ltr"
                  autoComplete="off"
                />
                <PasswordInput
                  label={t('portalAdmin.connector.password')}
                  description={secretHint}
                  {...text('password')}
                  error={errors['credentials.password']}
                  dir="ltr"
                  autoComplete="new-password"
                />
              </SimpleGrid>
            ) : (
              <PasswordInput
                label={t('portalAdmin.connector.token')}
                description={secretHint}
                {...text('token')}
                error={errors['credentials.token'] ?? errors.credentials}
                dir="ltr"
                autoComplete="new-password"
              />
            )}
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TextInput
                label={t('portalAdmin.connector.appId')}
                {...text('appId')}
                dir="ltr"
                autoComplete="off"
              />
              <PasswordInput
                label={t('portalAdmin.connector.appKey')}
                {...text('appKey')}
                dir="ltr"
                autoComplete="new-password"
              />
            </SimpleGrid>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TextInput
                label={t('portalAdmin.connector.entity')}
                {...text('entity')}
                error={configError('entity')}
                required
                dir="ltr"
              />
              <TextInput
                label={t('portalAdmin.connector.select')}
                description={t('portalAdmin.connector.selectHint')}
                {...text('select')}
                error={configError('select')}
                required
                dir="ltr"
              />
              <TextInput
                label={t('portalAdmin.connector.expand')}
                description={t('portalAdmin.connector.expandHint')}
                {...text('expandSubform')}
                error={configError('expand.subform')}
                dir="ltr"
              />
              <TextInput
                label={t('portalAdmin.connector.expandSelect')}
                {...text('expandSelect')}
                error={configError('expand.select')}
                disabled={!canWrite || !draft.expandSubform}
                dir="ltr"
              />
            </SimpleGrid>
          </>
        ) : (
          <>
            <TextInput
              label={t('portalAdmin.connector.url')}
              {...text('url')}
              error={configError('url')}
              required
              dir="ltr"
            />
            {draft.kind === 'json_http' ? (
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <TextInput
                  label={t('portalAdmin.connector.rowsPath')}
                  description={t('portalAdmin.connector.rowsPathHint')}
                  {...text('rowsPath')}
                  error={configError('rowsPath')}
                  dir="ltr"
                />
                <Select
                  label={t('portalAdmin.connector.paging')}
                  data={PAGINGS.map((p) => ({ value: p, label: t(`portalAdmin.connector.pagings.${p}`) }))}
                  value={draft.pagingKind}
                  onChange={(v) => v && set('pagingKind', v as ConnectorDraft['pagingKind'])}
                  allowDeselect={false}
                  disabled={!canWrite}
                />
                {draft.pagingKind !== 'none' ? (
                  <TextInput
                    label={t(`portalAdmin.connector.pagingParam.${draft.pagingKind}`)}
                    {...text('pagingParam')}
                    error={configError('paging.param')}
                    dir="ltr"
                  />
                ) : null}
                {draft.pagingKind === 'offset' || draft.pagingKind === 'page' ? (
                  <>
                    <TextInput
                      label={t(`portalAdmin.connector.pagingSize.${draft.pagingKind}`)}
                      {...text('pagingSize')}
                      error={configError('paging.size')}
                      inputMode="numeric"
                      dir="ltr"
                    />
                    <TextInput
                      label={t(`portalAdmin.connector.pagingSizeParam.${draft.pagingKind}`)}
                      {...text('limitParam')}
                      error={configError(
                        draft.pagingKind === 'offset' ? 'paging.limitParam' : 'paging.sizeParam',
                      )}
                      dir="ltr"
                    />
                  </>
                ) : null}
                {draft.pagingKind === 'cursor' ? (
                  <TextInput
                    label={t('portalAdmin.connector.cursorPath')}
                    description={t('portalAdmin.connector.cursorPathHint')}
                    {...text('cursorPath')}
                    error={configError('paging.cursorPath')}
                    dir="ltr"
                  />
                ) : null}
              </SimpleGrid>
            ) : (
              <Select
                label={t('portalAdmin.connector.format')}
                data={['csv', 'xlsx']}
                value={draft.format}
                onChange={(v) => v && set('format', v as 'csv' | 'xlsx')}
                allowDeselect={false}
                disabled={!canWrite}
              />
            )}
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TextInput label={t('portalAdmin.connector.authHeader')} {...text('headerName')} dir="ltr" />
              <PasswordInput
                label={t('portalAdmin.connector.token')}
                description={secretHint}
                {...text('headerValue')}
                error={errors['credentials.value']}
                dir="ltr"
                autoComplete="new-password"
              />
            </SimpleGrid>
          </>
        )}

        <Title order={3} fz="h5" id="connector-mapping" mt="sm">
          {t('portalAdmin.connector.mapping')}
        </Title>
        <FormAlert message={errors.mapping} />
        <Table aria-labelledby="connector-mapping">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('portalAdmin.connector.source')}</Table.Th>
              <Table.Th>{t('portalAdmin.connector.target')}</Table.Th>
              <Table.Th>{t('portalAdmin.connector.transform')}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {draft.mapping.map((m, i) => {
              const n = i + 1;
              const update = (patch: Partial<typeof m>) =>
                set(
                  'mapping',
                  draft.mapping.map((x, j) => (j === i ? { ...x, ...patch } : x)),
                );
              return (
                // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place
                <Table.Tr key={i}>
                  <Table.Td>
                    <TextInput
                      aria-label={`${t('portalAdmin.connector.source')} ${n}`}
                      value={m.source}
                      onChange={(e) => update({ source: e.currentTarget.value })}
                      error={errors[`mapping.${i}.source`]}
                      disabled={!canWrite}
                      dir="ltr"
                    />
                  </Table.Td>
                  <Table.Td>
                    <Select
                      aria-label={`${t('portalAdmin.connector.target')} ${n}`}
                      data={targets}
                      value={targets.includes(m.target) ? m.target : null}
                      onChange={(v) => update({ target: v ?? '' })}
                      error={errors[`mapping.${i}.target`]}
                      disabled={!canWrite}
                    />
                  </Table.Td>
                  <Table.Td>
                    <Select
                      aria-label={`${t('portalAdmin.connector.transform')} ${n}`}
                      data={TRANSFORMS.map((x) => ({
                        value: x,
                        label: t(`portalAdmin.connector.transforms.${x}`),
                      }))}
                      value={m.transform}
                      onChange={(v) => v && update({ transform: v as (typeof TRANSFORMS)[number] })}
                      allowDeselect={false}
                      disabled={!canWrite}
                    />
                  </Table.Td>
                  <Table.Td>
                    {canWrite && draft.mapping.length > 1 ? (
                      <ActionIcon
                        variant="subtle"
                        color="red"
                        aria-label={`${t('portalAdmin.connector.removeMapping')} ${n}`}
                        onClick={() =>
                          set(
                            'mapping',
                            draft.mapping.filter((_, j) => j !== i),
                          )
                        }
                      >
                        ×
                      </ActionIcon>
                    ) : null}
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
        {canWrite ? (
          <Group>
            <Button
              variant="default"
              leftSection={<IconPlus size={16} />}
              onClick={() =>
                set('mapping', [...draft.mapping, { source: '', target: '', transform: 'none' }])
              }
            >
              {t('portalAdmin.connector.addMapping')}
            </Button>
          </Group>
        ) : null}
        <Group align="flex-end">
          <NumberInput
            label={t('portalAdmin.connector.interval')}
            value={draft.intervalMinutes}
            onChange={(v) => set('intervalMinutes', typeof v === 'number' ? v : 15)}
            min={5}
            max={10080}
            error={errors.intervalMinutes}
            disabled={!canWrite}
            w={180}
          />
          <Switch
            label={t('portalAdmin.connector.enabled')}
            checked={draft.enabled}
            onChange={(e) => set('enabled', e.currentTarget.checked)}
            disabled={!canWrite}
            mb={8}
          />
        </Group>
        {canWrite ? (
          <Group justify="space-between">
            <Button type="submit" loading={save.isPending}>
              {t('portalAdmin.connector.save')}
            </Button>
            {initial ? (
              <Button variant="subtle" color="red" onClick={() => setDeleting(true)}>
                {t('portalAdmin.connector.delete')}
              </Button>
            ) : null}
          </Group>
        ) : null}
        {!initial ? (
          <Text size="xs" c="dimmed">
            {t('portalAdmin.connector.saveFirst')}
          </Text>
        ) : null}
      </Stack>
      <ConfirmModal
        opened={deleting}
        title={t('portalAdmin.connector.delete')}
        body={t('portalAdmin.connector.deleteConfirm')}
        confirmLabel={t('portalAdmin.connector.delete')}
        danger
        loading={remove.isPending}
        error={error}
        onConfirm={() => remove.mutate()}
        onClose={() => setDeleting(false)}
      />
    </Paper>
  );
}
