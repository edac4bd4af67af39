import { Button, Group, Menu, Modal, Stack, TextInput } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmModal } from '../../ui/confirm-modal';
import { FormAlert } from '../../ui/form-alert';
import { IconCheck, IconChevron } from '../../ui/icons';
import { fieldErrors, problemMessage } from '../../ui/problem';
import { WithUserText } from '../../ui/with-user-text';
import { IconStar } from './customer-icons';
import { customersApi, type ListEntity, type ListFilters, type SavedView } from './customers-api';
import { customersKeys } from './customers-queries';

export interface ViewDefinition {
  filters: ListFilters;
  sort: string | null;
  columns: string[];
}

interface SavedViewsMenuProps {
  entity: ListEntity;
  active: SavedView | null;
  current: ViewDefinition;
  dirty: boolean;
  onApply: (view: SavedView | null) => void;
}

/** The user's saved views of this list: pick one, save the current filters as one, rename, delete. */
export function SavedViewsMenu({ entity, active, current, dirty, onApply }: SavedViewsMenuProps) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const [naming, setNaming] = useState<'create' | 'rename' | null>(null);
  const [deleteOpened, deleteDialog] = useDisclosure(false);
  const views = useQuery({
    queryKey: customersKeys.savedViews(entity),
    queryFn: () => customersApi.savedViews(entity),
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: customersKeys.savedViews(entity) });
  const notifyError = (error: unknown) =>
    notifications.show({ color: 'red', message: problemMessage(t, error, i18n.language) });

  const update = useMutation({
    mutationFn: (view: SavedView) => customersApi.updateSavedView(view.id, { definition: current }),
    onSuccess: (view) => {
      notifications.show({
        color: 'teal',
        message: (
          <WithUserText value={view.name} translate={(name) => t('customers.views.saved', { name })} />
        ),
      });
      onApply(view);
      void refresh();
    },
    onError: notifyError,
  });
  const remove = useMutation({
    mutationFn: (view: SavedView) => customersApi.deleteSavedView(view.id),
    onSuccess: () => {
      deleteDialog.close();
      onApply(null);
      void refresh();
    },
  });

  const items = views.data?.items ?? [];
  return (
    <>
      <Menu position="bottom-end" width={260} shadow="md" withinPortal>
        <Menu.Target>
          <Button
            variant={active ? 'light' : 'default'}
            leftSection={<IconStar size={16} />}
            rightSection={<IconChevron size={14} style={{ transform: 'rotate(90deg)' }} mirrored={false} />}
            maw={260}
          >
            <span style={{ overflow: 'hidden', textOverflow: 'ellipsis' }} dir="auto">
              {active ? active.name : t('customers.views.button')}
              {active && dirty ? ' *' : ''}
            </span>
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Label>{t('customers.views.title')}</Menu.Label>
          <Menu.Item onClick={() => onApply(null)} rightSection={active ? null : <IconCheck size={14} />}>
            {entity === 'account' ? t('customers.views.allAccounts') : t('customers.views.allContacts')}
          </Menu.Item>
          {items.map((view) => (
            <Menu.Item
              key={view.id}
              onClick={() => onApply(view)}
              rightSection={active?.id === view.id ? <IconCheck size={14} /> : null}
            >
              <span dir="auto">{view.name}</span>
            </Menu.Item>
          ))}
          <Menu.Divider />
          <Menu.Item onClick={() => setNaming('create')}>{t('customers.views.saveAs')}</Menu.Item>
          {active ? (
            <>
              <Menu.Item disabled={!dirty} onClick={() => update.mutate(active)}>
                {t('customers.views.saveChanges')}
              </Menu.Item>
              <Menu.Item onClick={() => setNaming('rename')}>{t('customers.views.rename')}</Menu.Item>
              <Menu.Item color="red" onClick={deleteDialog.open}>
                {t('customers.views.delete')}
              </Menu.Item>
            </>
          ) : null}
        </Menu.Dropdown>
      </Menu>

      <Modal
        opened={naming !== null}
        onClose={() => setNaming(null)}
        title={naming === 'rename' ? t('customers.views.rename') : t('customers.views.saveAs')}
        size="sm"
      >
        {naming ? (
          <ViewNameForm
            entity={entity}
            mode={naming}
            view={active}
            definition={current}
            onDone={(view) => {
              setNaming(null);
              onApply(view);
              void refresh();
            }}
            onCancel={() => setNaming(null)}
          />
        ) : null}
      </Modal>

      <ConfirmModal
        opened={deleteOpened}
        onClose={deleteDialog.close}
        title={
          active ? (
            <WithUserText
              value={active.name}
              translate={(name) => t('customers.views.deleteTitle', { name })}
            />
          ) : null
        }
        body={t('customers.views.deleteBody')}
        confirmLabel={t('customers.views.delete')}
        danger
        loading={remove.isPending}
        error={remove.error ? problemMessage(t, remove.error, i18n.language) : null}
        onConfirm={() => active && remove.mutate(active)}
      />
    </>
  );
}

function ViewNameForm({
  entity,
  mode,
  view,
  definition,
  onDone,
  onCancel,
}: {
  entity: ListEntity;
  mode: 'create' | 'rename';
  view: SavedView | null;
  definition: ViewDefinition;
  onDone: (view: SavedView) => void;
  onCancel: () => void;
}) {
  const { t, i18n } = useTranslation();
  const [name, setName] = useState(mode === 'rename' ? (view?.name ?? '') : '');
  const [error, setError] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: () =>
      mode === 'rename' && view
        ? customersApi.updateSavedView(view.id, { name: name.trim() })
        : customersApi.createSavedView({ entity, name: name.trim(), definition }),
    onSuccess: onDone,
    onError: (e) => setError(fieldErrors(e).name ?? null),
  });
  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        if (!name.trim()) {
          setError(t('validation.required'));
          return;
        }
        save.mutate();
      }}
    >
      <Stack>
        <TextInput
          label={t('customers.views.name')}
          value={name}
          onChange={(event) => {
            setName(event.currentTarget.value);
            setError(null);
          }}
          error={error}
          dir="auto"
          required
          maxLength={80}
          data-autofocus
        />
        <FormAlert
          message={
            save.error && !fieldErrors(save.error).name ? problemMessage(t, save.error, i18n.language) : null
          }
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={save.isPending}>
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
