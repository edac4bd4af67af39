import { Button, Group, Modal, Paper, Select, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmModal } from '../../ui/confirm-modal';
import { FormAlert } from '../../ui/form-alert';
import { IconUser } from '../../ui/icons';
import { problemMessage } from '../../ui/problem';
import { IconTag, IconTrash, IconX } from './customer-icons';
import { type BulkAction, customersApi, type ListEntity } from './customers-api';
import { customersKeys } from './customers-queries';

type Dialog = 'assign' | 'tag' | 'untag' | 'delete' | null;

interface BulkActionsProps {
  entity: ListEntity;
  ids: string[];
  userOptions: { value: string; label: string }[];
  onClear: () => void;
}

const NO_OWNER = '__none__';

/** The bar shown while rows are selected: assign, tag, untag or delete them all at once. */
export function BulkActions({ entity, ids, userOptions, onClear }: BulkActionsProps) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const [dialog, setDialog] = useState<Dialog>(null);
  const [owner, setOwner] = useState<string | null>(null);
  const [tag, setTag] = useState('');
  const [tagError, setTagError] = useState<string | null>(null);
  const count = ids.length;

  const run = useMutation({
    mutationFn: (action: BulkAction) => customersApi.bulk(entity, action),
    onSuccess: (result, action) => {
      notifications.show({
        color: 'teal',
        message:
          action.action === 'delete'
            ? t('customers.bulk.deleted', { count: result.affected })
            : t('customers.bulk.updated', { count: result.affected }),
      });
      setDialog(null);
      onClear();
      void queryClient.invalidateQueries({ queryKey: customersKeys.lists(entity) });
    },
  });

  const open = (next: Dialog) => {
    run.reset();
    setOwner(null);
    setTag('');
    setTagError(null);
    setDialog(next);
  };
  const submitTag = (action: 'tag' | 'untag') => {
    if (!tag.trim()) {
      setTagError(t('validation.required'));
      return;
    }
    run.mutate({ action, ids, tag: tag.trim() });
  };
  const error = run.error ? problemMessage(t, run.error, i18n.language) : null;

  return (
    <>
      <Paper
        withBorder
        px="md"
        py="xs"
        radius="md"
        bg="var(--mantine-color-kesher-0)"
        role="region"
        aria-label={t('customers.bulk.label')}
      >
        <Group gap="xs" justify="space-between">
          <Text size="sm" fw={600} aria-live="polite">
            {t('customers.bulk.selected', { count })}
          </Text>
          <Group gap="xs">
            <Button
              size="xs"
              variant="default"
              leftSection={<IconUser size={14} />}
              onClick={() => open('assign')}
            >
              {t('customers.bulk.assign')}
            </Button>
            <Button
              size="xs"
              variant="default"
              leftSection={<IconTag size={14} />}
              onClick={() => open('tag')}
            >
              {t('customers.bulk.tag')}
            </Button>
            <Button size="xs" variant="default" onClick={() => open('untag')}>
              {t('customers.bulk.untag')}
            </Button>
            <Button
              size="xs"
              variant="default"
              color="red"
              leftSection={<IconTrash size={14} />}
              onClick={() => open('delete')}
            >
              {t('customers.bulk.delete')}
            </Button>
            <Button
              size="xs"
              variant="subtle"
              color="gray"
              leftSection={<IconX size={14} />}
              onClick={onClear}
            >
              {t('customers.bulk.clear')}
            </Button>
          </Group>
        </Group>
      </Paper>

      <Modal
        opened={dialog === 'assign'}
        onClose={() => setDialog(null)}
        title={t('customers.bulk.assignTitle', { count })}
      >
        <form
          onSubmit={(event) => {
            event.preventDefault();
            if (owner) run.mutate({ action: 'assign', ids, ownerId: owner === NO_OWNER ? null : owner });
          }}
        >
          <Stack>
            <Select
              label={t('customers.fields.owner')}
              data={[{ value: NO_OWNER, label: t('customers.common.noOwner') }, ...userOptions]}
              value={owner}
              onChange={setOwner}
              searchable
              data-autofocus
            />
            <FormAlert message={error} />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setDialog(null)}>
                {t('common.cancel')}
              </Button>
              <Button type="submit" loading={run.isPending} disabled={!owner}>
                {t('customers.bulk.applyTo', { count })}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>

      <Modal
        opened={dialog === 'tag' || dialog === 'untag'}
        onClose={() => setDialog(null)}
        title={
          dialog === 'untag'
            ? t('customers.bulk.untagTitle', { count })
            : t('customers.bulk.tagTitle', { count })
        }
      >
        <form
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            submitTag(dialog === 'untag' ? 'untag' : 'tag');
          }}
        >
          <Stack>
            <TextInput
              label={t('customers.fields.tag')}
              value={tag}
              onChange={(event) => {
                setTag(event.currentTarget.value);
                setTagError(null);
              }}
              error={tagError}
              maxLength={50}
              dir="auto"
              required
              data-autofocus
            />
            <FormAlert message={error} />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setDialog(null)}>
                {t('common.cancel')}
              </Button>
              <Button type="submit" loading={run.isPending}>
                {t('customers.bulk.applyTo', { count })}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>

      <ConfirmModal
        opened={dialog === 'delete'}
        onClose={() => setDialog(null)}
        title={t('customers.bulk.deleteTitle', { count })}
        body={t('customers.bulk.deleteBody')}
        confirmLabel={t('customers.bulk.delete')}
        danger
        loading={run.isPending}
        error={error}
        onConfirm={() => run.mutate({ action: 'delete', ids })}
      />
    </>
  );
}
