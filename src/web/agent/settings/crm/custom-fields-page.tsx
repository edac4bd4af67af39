import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Code,
  EmptyState,
  Group,
  Paper,
  Skeleton,
  Stack,
  Switch,
  Table,
  Tabs,
  Text,
  Tooltip,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { ConfirmModal } from '../../../ui/confirm-modal';
import { IconInfo, IconPlus } from '../../../ui/icons';
import { PageHeader } from '../../../ui/page-header';
import { problemMessage } from '../../../ui/problem';
import { WithUserText } from '../../../ui/with-user-text';
import { IconArchive, IconFields, IconPencil, IconRestore } from './crm-icons';
import {
  CUSTOM_FIELD_ENTITIES,
  type CustomFieldDef,
  type CustomFieldEntity,
  crmSettingsApi,
  crmSettingsKeys,
  sharedKeys,
} from './crm-settings-api';
import { CustomFieldDialog } from './custom-field-dialog';
import { moveItem, useReorder } from './reorder';
import { useBilingual, useCanManageSettings } from './use-crm-admin';

const isEntity = (value: string | null): value is CustomFieldEntity =>
  CUSTOM_FIELD_ENTITIES.includes(value as CustomFieldEntity);

/** /settings/custom-fields — the admin's extra fields per record type (?entity=account|contact|…). */
export function CustomFieldsPage() {
  const { t } = useTranslation();
  const canManage = useCanManageSettings();
  const [params, setParams] = useSearchParams();
  const raw = params.get('entity');
  const entity: CustomFieldEntity = isEntity(raw) ? raw : 'account';
  const [editing, setEditing] = useState<CustomFieldDef | null>(null);
  const [dialogOpened, dialog] = useDisclosure(false);

  if (!canManage) {
    return (
      <>
        <PageHeader
          order={2}
          title={t('crmSettings.customFields.title')}
          documentTitle={t('crmSettings.customFields.title')}
        />
        <Alert color="gray" variant="light" icon={<IconInfo size={18} />}>
          {t('crmSettings.common.noAccess')}
        </Alert>
      </>
    );
  }

  const openCreate = () => {
    setEditing(null);
    dialog.open();
  };
  const openEdit = (field: CustomFieldDef) => {
    setEditing(field);
    dialog.open();
  };

  return (
    <>
      <PageHeader
        order={2}
        title={t('crmSettings.customFields.title')}
        documentTitle={t('crmSettings.customFields.title')}
        description={t('crmSettings.customFields.intro')}
        actions={
          <Button leftSection={<IconPlus size={16} />} onClick={openCreate}>
            {t('crmSettings.customFields.create')}
          </Button>
        }
      />
      <Tabs
        variant="pills"
        value={entity}
        onChange={(value) => {
          if (isEntity(value)) setParams(value === 'account' ? {} : { entity: value }, { replace: true });
        }}
        keepMounted={false}
      >
        <Tabs.List aria-label={t('crmSettings.customFields.entityTabs')} mb="md">
          {CUSTOM_FIELD_ENTITIES.map((value) => (
            <Tabs.Tab key={value} value={value}>
              {t(`crmSettings.entities.${value}`)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        <Tabs.Panel value={entity}>
          <FieldList entity={entity} onCreate={openCreate} onEdit={openEdit} />
        </Tabs.Panel>
      </Tabs>
      <CustomFieldDialog opened={dialogOpened} onClose={dialog.close} entity={entity} field={editing} />
    </>
  );
}

function FieldList({
  entity,
  onCreate,
  onEdit,
}: {
  entity: CustomFieldEntity;
  onCreate: () => void;
  onEdit: (field: CustomFieldDef) => void;
}) {
  const { t, i18n } = useTranslation();
  const bilingual = useBilingual();
  const queryClient = useQueryClient();
  const [showArchived, setShowArchived] = useState(false);
  const [archiving, setArchiving] = useState<CustomFieldDef | null>(null);
  const queryKey = crmSettingsKeys.customFields(entity);
  const fields = useQuery({ queryKey, queryFn: () => crmSettingsApi.listCustomFields(entity) });

  const all = fields.data?.items ?? [];
  const active = all.filter((f) => !f.archived);
  const archived = all.filter((f) => f.archived);

  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey });
    void queryClient.invalidateQueries({ queryKey: sharedKeys.customFields });
  };

  const setArchived = useMutation({
    mutationFn: ({ field, value }: { field: CustomFieldDef; value: boolean }) =>
      crmSettingsApi.updateCustomField(field.id, { archived: value }),
    onSuccess: (saved, { value }) => {
      setArchiving(null);
      const name = bilingual(saved).primary;
      notifications.show({
        color: 'teal',
        message: (
          <WithUserText
            value={name}
            translate={(placeholder) =>
              value
                ? t('crmSettings.customFields.archivedNotice', { name: placeholder })
                : t('crmSettings.customFields.unarchivedNotice', { name: placeholder })
            }
          />
        ),
      });
    },
    onSettled: refresh,
  });

  // New order → the positions that changed, one PATCH each (in order: PGlite serialises anyway).
  const reorder = useMutation({
    mutationFn: async (ordered: CustomFieldDef[]) => {
      for (const [index, field] of ordered.entries()) {
        if (field.position !== index) await crmSettingsApi.updateCustomField(field.id, { position: index });
      }
    },
    onMutate: async (ordered) => {
      await queryClient.cancelQueries({ queryKey });
      const renumbered = ordered.map((field, index) => ({ ...field, position: index }));
      queryClient.setQueryData<{ items: CustomFieldDef[] }>(queryKey, (old) =>
        old ? { items: [...renumbered, ...old.items.filter((f) => f.archived)] } : old,
      );
    },
    onError: () => notifications.show({ color: 'red', message: t('crmSettings.customFields.reorderFailed') }),
    onSettled: refresh,
  });

  const { rowProps, controls, liveRegion } = useReorder({
    ids: active.map((f) => f.id),
    nameOf: (index) => (active[index] ? bilingual(active[index]).primary : ''),
    onMove: (from, to) => reorder.mutate(moveItem(active, from, to)),
  });

  let content: ReactNode;
  if (fields.isError && !fields.data) {
    content = (
      <Alert color="red" variant="light" title={problemMessage(t, fields.error, i18n.language)}>
        <Button size="xs" variant="light" color="red" onClick={() => void fields.refetch()}>
          {t('common.retry')}
        </Button>
      </Alert>
    );
  } else if (fields.isPending) {
    content = <Skeleton height={200} radius="lg" />;
  } else if (active.length === 0 && (!showArchived || archived.length === 0)) {
    content = (
      <Paper withBorder py={48} px="lg">
        <EmptyState variant="light">
          <EmptyState.Indicator>
            <IconFields size={32} />
          </EmptyState.Indicator>
          <EmptyState.Title order={3}>
            {t('crmSettings.customFields.empty.title', { entity: t(`crmSettings.entities.${entity}`) })}
          </EmptyState.Title>
          <EmptyState.Description>{t('crmSettings.customFields.empty.description')}</EmptyState.Description>
          <EmptyState.Actions>
            <Button leftSection={<IconPlus size={16} />} onClick={onCreate}>
              {t('crmSettings.customFields.create')}
            </Button>
          </EmptyState.Actions>
        </EmptyState>
      </Paper>
    );
  } else {
    const row = (field: CustomFieldDef, index: number | null) => {
      const { primary, secondary } = bilingual(field);
      return (
        <Table.Tr
          key={field.id}
          {...(index === null ? {} : rowProps(index))}
          c={field.archived ? 'dimmed' : undefined}
        >
          <Table.Td w={1}>{index === null ? null : controls(index, primary)}</Table.Td>
          <Table.Td>
            <Stack gap={0}>
              <Text size="sm" fw={500}>
                <span dir="auto">{primary}</span>
              </Text>
              <Text size="xs" c="dimmed">
                <span dir="auto">{secondary}</span>
              </Text>
            </Stack>
          </Table.Td>
          <Table.Td>
            <Code>
              <bdi>{field.key}</bdi>
            </Code>
          </Table.Td>
          <Table.Td>
            <Group gap={6}>
              <Badge variant="light" color="gray" tt="none" fw={500}>
                {t(`crmSettings.fieldTypes.${field.type}`)}
              </Badge>
              {field.options.length ? (
                <Text size="xs" c="dimmed">
                  {t('crmSettings.customFields.optionsCount', { count: field.options.length })}
                </Text>
              ) : null}
            </Group>
          </Table.Td>
          <Table.Td>
            {field.archived ? (
              <Badge variant="light" color="gray">
                {t('crmSettings.customFields.archived')}
              </Badge>
            ) : field.required ? (
              <Badge variant="light" color="orange">
                {t('crmSettings.customFields.required')}
              </Badge>
            ) : (
              <Text size="sm" c="dimmed">
                {t('crmSettings.customFields.optional')}
              </Text>
            )}
          </Table.Td>
          <Table.Td>
            <Group gap={4} wrap="nowrap">
              <Tooltip label={t('crmSettings.customFields.edit')} withArrow>
                <ActionIcon
                  variant="subtle"
                  aria-label={t('crmSettings.customFields.editLabel', { name: primary })}
                  onClick={() => onEdit(field)}
                >
                  <IconPencil size={18} />
                </ActionIcon>
              </Tooltip>
              {field.archived ? (
                <Tooltip label={t('crmSettings.customFields.unarchive')} withArrow>
                  <ActionIcon
                    variant="subtle"
                    aria-label={t('crmSettings.customFields.unarchiveLabel', { name: primary })}
                    loading={setArchived.isPending && setArchived.variables?.field.id === field.id}
                    onClick={() => setArchived.mutate({ field, value: false })}
                  >
                    <IconRestore size={18} />
                  </ActionIcon>
                </Tooltip>
              ) : (
                <Tooltip label={t('crmSettings.customFields.archive')} withArrow>
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    aria-label={t('crmSettings.customFields.archiveLabel', { name: primary })}
                    onClick={() => {
                      setArchived.reset();
                      setArchiving(field);
                    }}
                  >
                    <IconArchive size={18} />
                  </ActionIcon>
                </Tooltip>
              )}
            </Group>
          </Table.Td>
        </Table.Tr>
      );
    };
    content = (
      <Paper withBorder>
        <Table.ScrollContainer minWidth={720}>
          <Table verticalSpacing="sm" horizontalSpacing="md">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('crmSettings.customFields.columns.order')}</Table.Th>
                <Table.Th>{t('crmSettings.customFields.columns.label')}</Table.Th>
                <Table.Th>{t('crmSettings.customFields.columns.key')}</Table.Th>
                <Table.Th>{t('crmSettings.customFields.columns.type')}</Table.Th>
                <Table.Th>{t('crmSettings.customFields.columns.required')}</Table.Th>
                <Table.Th>{t('crmSettings.customFields.columns.actions')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {active.map((field, index) => row(field, index))}
              {showArchived ? archived.map((field) => row(field, null)) : null}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Paper>
    );
  }

  const archivingName = archiving ? bilingual(archiving).primary : '';
  return (
    <>
      {archived.length || showArchived ? (
        <Group justify="flex-end" mb="sm">
          <Switch
            checked={showArchived}
            onChange={(event) => setShowArchived(event.currentTarget.checked)}
            label={t('crmSettings.customFields.showArchived')}
          />
        </Group>
      ) : null}
      {content}
      {liveRegion}
      <ConfirmModal
        opened={archiving !== null}
        onClose={() => setArchiving(null)}
        title={
          <WithUserText
            value={archivingName}
            translate={(name) => t('crmSettings.customFields.archiveTitle', { name })}
          />
        }
        body={t('crmSettings.customFields.archiveBody')}
        confirmLabel={t('crmSettings.customFields.archiveConfirm')}
        danger
        loading={setArchived.isPending}
        error={setArchived.error ? problemMessage(t, setArchived.error, i18n.language) : null}
        onConfirm={() => archiving && setArchived.mutate({ field: archiving, value: true })}
      />
    </>
  );
}
