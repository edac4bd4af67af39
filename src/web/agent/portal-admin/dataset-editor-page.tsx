import {
  ActionIcon,
  Anchor,
  Button,
  Checkbox,
  Group,
  MultiSelect,
  Paper,
  Select,
  SimpleGrid,
  Skeleton,
  Stack,
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
import {
  type Dataset,
  type DatasetField,
  type DatasetInput,
  FIELD_TYPES,
  type FieldType,
  portalAdminApi,
  portalAdminKeys,
} from './portal-admin-api';
import { useDateTime } from './portal-common';

const NEW_FIELD: DatasetField = {
  key: '',
  type: 'text',
  labelHe: '',
  labelEn: '',
  shown: true,
  filterable: false,
};

const EMPTY: DatasetInput = {
  key: '',
  labelHe: '',
  labelEn: '',
  fields: [NEW_FIELD],
  recordKey: [],
  ownerField: '',
};

/** /settings/erp-data/datasets/:key (or /new) — a dataset's definition, its records and unmatched owners. */
export function DatasetEditorPage() {
  const { key = 'new' } = useParams();
  const { t, i18n } = useTranslation();
  const isNew = key === 'new';
  const dataset = useQuery({
    queryKey: portalAdminKeys.dataset(key),
    queryFn: () => portalAdminApi.getDataset(key),
    enabled: !isNew,
  });
  return (
    <>
      <Anchor component={Link} to="/settings/erp-data" size="sm">
        {t('portalAdmin.erp.back')}
      </Anchor>
      {isNew ? <DatasetForm initial={null} /> : null}
      {!isNew && dataset.isPending ? <Skeleton h={320} mt="md" /> : null}
      {!isNew && dataset.isError ? (
        <FormAlert message={problemMessage(t, dataset.error, i18n.language)} />
      ) : null}
      {dataset.data ? (
        <>
          <DatasetForm key={dataset.data.version} initial={dataset.data} />
          <RecordsPreview dataset={dataset.data} />
        </>
      ) : null}
    </>
  );
}

function DatasetForm({ initial }: { initial: Dataset | null }) {
  const { t, i18n } = useTranslation();
  const canWrite = hasPermission(useSession(), 'datasets:write');
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [draft, setDraft] = useState<DatasetInput>(initial ?? EMPTY);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [deleting, setDeleting] = useState(false);
  const setField = (index: number, patch: Partial<DatasetField>) =>
    setDraft((d) => ({ ...d, fields: d.fields.map((f, i) => (i === index ? { ...f, ...patch } : f)) }));
  const fieldKeys = draft.fields.map((f) => f.key.trim()).filter(Boolean);
  const onError = (e: unknown) => {
    setErrors(fieldErrors(e));
    setError(problemMessage(t, e, i18n.language));
  };

  const save = useMutation({
    mutationFn: () => {
      const body: DatasetInput = {
        key: draft.key.trim(),
        labelHe: draft.labelHe,
        labelEn: draft.labelEn,
        recordKey: draft.recordKey,
        ownerField: draft.ownerField,
        fields: draft.fields.map((f) => ({ ...f, key: f.key.trim() })),
      };
      if (!initial) return portalAdminApi.createDataset(body);
      const { key: _key, ...rest } = body;
      return portalAdminApi.updateDataset(initial.key, rest, initial.version);
    },
    onSuccess: (saved) => {
      setErrors({});
      setError(null);
      void queryClient.invalidateQueries({ queryKey: portalAdminKeys.datasets });
      notifications.show({ color: 'green', message: t('portalAdmin.dataset.saved') });
      if (!initial) void navigate(`/settings/erp-data/datasets/${encodeURIComponent(saved.key)}`);
    },
    onError,
  });
  const remove = useMutation({
    mutationFn: () => portalAdminApi.deleteDataset(initial?.key ?? ''),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: portalAdminKeys.datasets });
      void navigate('/settings/erp-data');
    },
    onError,
  });

  const title = initial
    ? i18n.language === 'en'
      ? initial.labelEn
      : initial.labelHe
    : t('portalAdmin.erp.newDataset');
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
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <TextInput
            label={t('portalAdmin.dataset.key')}
            description={t('portalAdmin.dataset.keyHint')}
            value={draft.key}
            onChange={(e) => {
              const v = e.currentTarget.value;
              setDraft((d) => ({ ...d, key: v }));
            }}
            error={errors.key}
            disabled={!!initial || !canWrite}
            required
            dir="ltr"
          />
          <TextInput
            label={t('portalAdmin.dataset.labelHe')}
            value={draft.labelHe}
            onChange={(e) => {
              const v = e.currentTarget.value;
              setDraft((d) => ({ ...d, labelHe: v }));
            }}
            error={errors.labelHe}
            disabled={!canWrite}
            required
            dir="rtl"
            lang="he"
          />
          <TextInput
            label={t('portalAdmin.dataset.labelEn')}
            value={draft.labelEn}
            onChange={(e) => {
              const v = e.currentTarget.value;
              setDraft((d) => ({ ...d, labelEn: v }));
            }}
            error={errors.labelEn}
            disabled={!canWrite}
            required
            dir="ltr"
            lang="en"
          />
        </SimpleGrid>

        <Title order={3} fz="h5" id="dataset-fields">
          {t('portalAdmin.dataset.fields')}
        </Title>
        <FormAlert message={errors.fields} />
        <Table.ScrollContainer minWidth={760}>
          <Table aria-labelledby="dataset-fields">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('portalAdmin.dataset.fieldKey')}</Table.Th>
                <Table.Th>{t('portalAdmin.dataset.fieldType')}</Table.Th>
                <Table.Th>{t('portalAdmin.dataset.labelHe')}</Table.Th>
                <Table.Th>{t('portalAdmin.dataset.labelEn')}</Table.Th>
                <Table.Th>{t('portalAdmin.dataset.shown')}</Table.Th>
                <Table.Th>{t('portalAdmin.dataset.filterable')}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {draft.fields.map((f, i) => {
                const n = i + 1;
                return (
                  // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place; a key typed by the admin changes
                  <Table.Tr key={i}>
                    <Table.Td>
                      <TextInput
                        aria-label={`${t('portalAdmin.dataset.fieldKey')} ${n}`}
                        value={f.key}
                        onChange={(e) => setField(i, { key: e.currentTarget.value })}
                        error={errors[`fields.${i}.key`]}
                        disabled={!canWrite}
                        dir="ltr"
                      />
                    </Table.Td>
                    <Table.Td>
                      <Select
                        aria-label={`${t('portalAdmin.dataset.fieldType')} ${n}`}
                        data={FIELD_TYPES.map((type) => ({
                          value: type,
                          label: t(`portalAdmin.dataset.types.${type}`),
                        }))}
                        value={f.type}
                        onChange={(v) => v && setField(i, { type: v as FieldType })}
                        allowDeselect={false}
                        disabled={!canWrite}
                      />
                    </Table.Td>
                    <Table.Td>
                      <TextInput
                        aria-label={`${t('portalAdmin.dataset.labelHe')} ${n}`}
                        value={f.labelHe}
                        onChange={(e) => setField(i, { labelHe: e.currentTarget.value })}
                        error={errors[`fields.${i}.labelHe`]}
                        disabled={!canWrite}
                        dir="rtl"
                      />
                    </Table.Td>
                    <Table.Td>
                      <TextInput
                        aria-label={`${t('portalAdmin.dataset.labelEn')} ${n}`}
                        value={f.labelEn}
                        onChange={(e) => setField(i, { labelEn: e.currentTarget.value })}
                        error={errors[`fields.${i}.labelEn`]}
                        disabled={!canWrite}
                        dir="ltr"
                      />
                    </Table.Td>
                    <Table.Td>
                      <Checkbox
                        aria-label={`${t('portalAdmin.dataset.shown')} ${n}`}
                        checked={f.shown}
                        onChange={(e) => setField(i, { shown: e.currentTarget.checked })}
                        disabled={!canWrite}
                      />
                    </Table.Td>
                    <Table.Td>
                      <Checkbox
                        aria-label={`${t('portalAdmin.dataset.filterable')} ${n}`}
                        checked={f.filterable}
                        onChange={(e) => setField(i, { filterable: e.currentTarget.checked })}
                        disabled={!canWrite}
                      />
                    </Table.Td>
                    <Table.Td>
                      {canWrite && draft.fields.length > 1 ? (
                        <ActionIcon
                          variant="subtle"
                          color="red"
                          aria-label={t('portalAdmin.dataset.removeField', { key: f.key || n })}
                          onClick={() =>
                            setDraft((d) => ({ ...d, fields: d.fields.filter((_, j) => j !== i) }))
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
        </Table.ScrollContainer>
        {canWrite ? (
          <Group>
            <Button
              variant="default"
              leftSection={<IconPlus size={16} />}
              onClick={() => setDraft((d) => ({ ...d, fields: [...d.fields, { ...NEW_FIELD }] }))}
            >
              {t('portalAdmin.dataset.addField')}
            </Button>
          </Group>
        ) : null}
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <MultiSelect
            label={t('portalAdmin.dataset.recordKey')}
            description={t('portalAdmin.dataset.recordKeyHint')}
            data={fieldKeys}
            value={draft.recordKey.filter((k) => fieldKeys.includes(k))}
            onChange={(v) => setDraft((d) => ({ ...d, recordKey: v }))}
            error={errors.recordKey}
            disabled={!canWrite}
          />
          <Select
            label={t('portalAdmin.dataset.ownerField')}
            description={t('portalAdmin.dataset.ownerFieldHint')}
            data={fieldKeys}
            value={fieldKeys.includes(draft.ownerField) ? draft.ownerField : null}
            onChange={(v) => setDraft((d) => ({ ...d, ownerField: v ?? '' }))}
            error={errors.ownerField}
            disabled={!canWrite}
          />
        </SimpleGrid>
        {canWrite ? (
          <Group justify="space-between">
            <Button type="submit" loading={save.isPending}>
              {t('portalAdmin.dataset.save')}
            </Button>
            {initial ? (
              <Button variant="subtle" color="red" onClick={() => setDeleting(true)}>
                {t('portalAdmin.dataset.delete')}
              </Button>
            ) : null}
          </Group>
        ) : null}
      </Stack>
      <ConfirmModal
        opened={deleting}
        title={t('portalAdmin.dataset.delete')}
        body={t('portalAdmin.dataset.deleteConfirm')}
        confirmLabel={t('portalAdmin.dataset.delete')}
        danger
        loading={remove.isPending}
        error={error}
        onConfirm={() => remove.mutate()}
        onClose={() => setDeleting(false)}
      />
    </Paper>
  );
}

const cell = (value: unknown): string => {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
};

function RecordsPreview({ dataset }: { dataset: Dataset }) {
  const { t, i18n } = useTranslation();
  const format = useDateTime();
  const records = useQuery({
    queryKey: portalAdminKeys.records(dataset.key),
    queryFn: () => portalAdminApi.datasetRecords(dataset.key),
  });
  const unmatched = useQuery({
    queryKey: portalAdminKeys.unmatched(dataset.key),
    queryFn: () => portalAdminApi.unmatchedOwners(dataset.key),
  });
  const shown = dataset.fields.filter((f) => f.shown);
  const label = (f: DatasetField) => (i18n.language === 'en' ? f.labelEn : f.labelHe) || f.key;
  return (
    <SimpleGrid cols={{ base: 1, lg: 3 }} mt="md">
      <Paper
        withBorder
        p="md"
        component="section"
        aria-labelledby="dataset-preview"
        style={{ gridColumn: 'span 2' }}
      >
        <Title order={3} fz="h5" id="dataset-preview" mb="sm">
          {t('portalAdmin.dataset.preview')}
        </Title>
        {records.isPending ? <Skeleton h={80} /> : null}
        {records.isError ? <FormAlert message={problemMessage(t, records.error, i18n.language)} /> : null}
        {records.data?.items.length === 0 ? (
          <Text c="dimmed">{t('portalAdmin.dataset.previewEmpty')}</Text>
        ) : null}
        {records.data?.items.length ? (
          <Table.ScrollContainer minWidth={480}>
            <Table striped>
              <Table.Thead>
                <Table.Tr>
                  {shown.map((f) => (
                    <Table.Th key={f.key}>{label(f)}</Table.Th>
                  ))}
                  <Table.Th>{t('portalAdmin.dataset.owner')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {records.data.items.map((r) => (
                  <Table.Tr key={r.key}>
                    {shown.map((f) => (
                      <Table.Td key={f.key} dir="auto">
                        {f.type === 'number' && typeof r.data[f.key] === 'number'
                          ? format.number(r.data[f.key] as number)
                          : cell(r.data[f.key])}
                      </Table.Td>
                    ))}
                    <Table.Td dir="auto">{r.accountName ?? r.ownerRef}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        ) : null}
      </Paper>
      <Paper withBorder p="md" component="section" aria-labelledby="dataset-unmatched">
        <Title order={3} fz="h5" id="dataset-unmatched" mb={4}>
          {t('portalAdmin.dataset.unmatched')}
        </Title>
        <Text size="xs" c="dimmed" mb="sm">
          {t('portalAdmin.dataset.unmatchedHint')}
        </Text>
        {unmatched.isError ? <FormAlert message={problemMessage(t, unmatched.error, i18n.language)} /> : null}
        {unmatched.data?.items.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('portalAdmin.dataset.unmatchedEmpty')}
          </Text>
        ) : null}
        <Stack gap={4} component="ul" style={{ listStyle: 'none', paddingInlineStart: 0, margin: 0 }}>
          {unmatched.data?.items.map((o) => (
            <Group component="li" key={o.ownerRef} justify="space-between" gap="xs">
              <bdi dir="ltr" className="kesher-mono">
                {o.ownerRef}
              </bdi>
              <Text size="sm" c="dimmed">
                {t('portalAdmin.dataset.unmatchedRecords', { count: o.count ?? o.records ?? 0 })}
              </Text>
            </Group>
          ))}
        </Stack>
      </Paper>
    </SimpleGrid>
  );
}
