import {
  Anchor,
  Button,
  Group,
  Modal,
  NumberInput,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { FormAlert } from '../../ui/form-alert';
import { fieldErrors, problemMessage } from '../../ui/problem';
import { WithUserText } from '../../ui/with-user-text';
import { CALL_DIRECTIONS, CALL_RESULTS, TASK_PRIORITIES } from './contact-constants';
import { customersApi } from './customers-api';
import { fromLocalInput, toLocalInput } from './customers-format';
import { customersKeys, useUsers } from './customers-queries';

export type QuickAction = 'call' | 'note' | 'task' | 'deal';

/** What the new record is about: the account, the contact, or both. */
export interface RecordLinks {
  accountId?: string | undefined;
  contactId?: string | undefined;
}

interface QuickActionModalProps {
  action: QuickAction | null;
  onClose: () => void;
  links: RecordLinks;
  /** People to pick for a call on an account (its contacts). */
  contacts?: { id: string; name: string }[];
}

const TITLES = {
  call: 'customers.quick.logCall',
  note: 'customers.quick.addNote',
  task: 'customers.quick.addTask',
  deal: 'customers.quick.newDeal',
} as const;

/** Log a call, add a note, add a task or open a deal from the card, in one small dialog. */
export function QuickActionModal({ action, onClose, links, contacts = [] }: QuickActionModalProps) {
  const { t } = useTranslation();
  return (
    <Modal opened={action !== null} onClose={onClose} title={action ? t(TITLES[action]) : ''} size="lg">
      {action === 'call' ? <CallForm links={links} contacts={contacts} onDone={onClose} /> : null}
      {action === 'note' ? <NoteForm links={links} onDone={onClose} /> : null}
      {action === 'task' ? <TaskForm links={links} onDone={onClose} /> : null}
      {action === 'deal' ? <DealForm links={links} onDone={onClose} /> : null}
    </Modal>
  );
}

const useSaved = (onDone: () => void) => {
  const queryClient = useQueryClient();
  return (message: ReactNode) => {
    notifications.show({ color: 'teal', message });
    void queryClient.invalidateQueries({ queryKey: customersKeys.all });
    onDone();
  };
};

function Actions({ onCancel, loading, submit }: { onCancel: () => void; loading: boolean; submit: string }) {
  const { t } = useTranslation();
  return (
    <Group justify="flex-end">
      <Button variant="default" onClick={onCancel}>
        {t('common.cancel')}
      </Button>
      <Button type="submit" loading={loading}>
        {submit}
      </Button>
    </Group>
  );
}

function CallForm({
  links,
  contacts,
  onDone,
}: {
  links: RecordLinks;
  contacts: { id: string; name: string }[];
  onDone: () => void;
}) {
  const { t, i18n } = useTranslation();
  const saved = useSaved(onDone);
  const form = useForm({
    initialValues: {
      direction: 'outbound' as (typeof CALL_DIRECTIONS)[number],
      contactId: links.contactId ?? (null as string | null),
      occurredAt: toLocalInput(new Date().toISOString()),
      minutes: 0 as number | string,
      seconds: 0 as number | string,
      outcome: 'answered' as string | null,
      body: '',
    },
  });
  const save = useMutation({
    mutationFn: (values: typeof form.values) =>
      customersApi.createActivity({
        kind: 'call',
        accountId: links.accountId,
        contactId: values.contactId ?? undefined,
        direction: values.direction,
        occurredAt: fromLocalInput(values.occurredAt) ?? undefined,
        durationSeconds: Math.round(Number(values.minutes || 0) * 60 + Number(values.seconds || 0)),
        outcome: values.outcome ?? undefined,
        body: values.body.trim() || undefined,
      }),
    onSuccess: () => saved(t('customers.quick.callLogged')),
    onError: (error) => form.setErrors(fieldErrors(error)),
  });
  return (
    <form noValidate onSubmit={form.onSubmit((values) => save.mutate(values))}>
      <Stack>
        <div>
          <Text size="sm" fw={500} mb={4} id="call-direction-label">
            {t('customers.calls.direction')}
          </Text>
          <SegmentedControl
            {...form.getInputProps('direction')}
            aria-labelledby="call-direction-label"
            data={CALL_DIRECTIONS.map((d) => ({ value: d, label: t(`customers.calls.${d}`) }))}
          />
        </div>
        {!links.contactId && contacts.length ? (
          <Select
            {...form.getInputProps('contactId')}
            label={t('customers.calls.with')}
            data={contacts.map((c) => ({ value: c.id, label: c.name }))}
            clearable
            searchable
          />
        ) : null}
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <TextInput
            {...form.getInputProps('occurredAt')}
            label={t('customers.calls.when')}
            type="datetime-local"
          />
          <NumberInput
            {...form.getInputProps('minutes')}
            label={t('customers.calls.minutes')}
            min={0}
            max={1440}
            allowDecimal={false}
          />
          <NumberInput
            {...form.getInputProps('seconds')}
            label={t('customers.calls.seconds')}
            min={0}
            max={59}
            allowDecimal={false}
          />
        </SimpleGrid>
        <Select
          {...form.getInputProps('outcome')}
          label={t('customers.calls.outcome')}
          data={CALL_RESULTS.map((o) => ({ value: o, label: t(`customers.calls.outcomes.${o}`) }))}
          clearable
        />
        <Textarea
          {...form.getInputProps('body')}
          label={t('customers.calls.notes')}
          dir="auto"
          autosize
          minRows={3}
          maxRows={10}
          data-autofocus
        />
        <FormAlert message={save.error ? problemMessage(t, save.error, i18n.language) : null} />
        <Actions onCancel={onDone} loading={save.isPending} submit={t('customers.quick.logCall')} />
      </Stack>
    </form>
  );
}

function NoteForm({ links, onDone }: { links: RecordLinks; onDone: () => void }) {
  const { t, i18n } = useTranslation();
  const saved = useSaved(onDone);
  const form = useForm({
    initialValues: { body: '' },
    validate: { body: (v) => (v.trim() ? null : t('validation.required')) },
  });
  const save = useMutation({
    mutationFn: (values: typeof form.values) =>
      customersApi.createActivity({ kind: 'note', ...links, body: values.body }),
    onSuccess: () => saved(t('customers.quick.noteAdded')),
    onError: (error) => form.setErrors(fieldErrors(error)),
  });
  return (
    <form noValidate onSubmit={form.onSubmit((values) => save.mutate(values))}>
      <Stack>
        <Textarea
          {...form.getInputProps('body')}
          label={t('customers.quick.note')}
          dir="auto"
          autosize
          minRows={4}
          maxRows={14}
          required
          data-autofocus
          onKeyDown={(event) => {
            // Ctrl+Enter saves from the multi-line box
            if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
              event.preventDefault();
              event.currentTarget.form?.requestSubmit();
            }
          }}
          description={t('customers.quick.ctrlEnter')}
        />
        <FormAlert message={save.error ? problemMessage(t, save.error, i18n.language) : null} />
        <Actions onCancel={onDone} loading={save.isPending} submit={t('customers.quick.addNote')} />
      </Stack>
    </form>
  );
}

function TaskForm({ links, onDone }: { links: RecordLinks; onDone: () => void }) {
  const { t, i18n } = useTranslation();
  const saved = useSaved(onDone);
  const users = useUsers();
  const form = useForm({
    initialValues: {
      title: '',
      dueAt: '',
      priority: 'normal' as (typeof TASK_PRIORITIES)[number],
      assigneeId: null as string | null,
      description: '',
    },
    validate: { title: (v) => (v.trim() ? null : t('validation.required')) },
  });
  const save = useMutation({
    mutationFn: (values: typeof form.values) =>
      customersApi.createTask({
        ...links,
        title: values.title.trim(),
        dueAt: fromLocalInput(values.dueAt),
        priority: values.priority,
        ...(values.assigneeId ? { assigneeId: values.assigneeId } : {}),
        ...(values.description.trim() ? { description: values.description } : {}),
      }),
    onSuccess: (task) =>
      saved(
        <WithUserText value={task.title} translate={(title) => t('customers.quick.taskAdded', { title })} />,
      ),
    onError: (error) => form.setErrors(fieldErrors(error)),
  });
  return (
    <form noValidate onSubmit={form.onSubmit((values) => save.mutate(values))}>
      <Stack>
        <TextInput
          {...form.getInputProps('title')}
          label={t('customers.tasks.title')}
          dir="auto"
          required
          withAsterisk
          maxLength={300}
          data-autofocus
        />
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <TextInput
            {...form.getInputProps('dueAt')}
            label={t('customers.tasks.due')}
            type="datetime-local"
          />
          <Select
            {...form.getInputProps('priority')}
            label={t('customers.tasks.priority')}
            data={TASK_PRIORITIES.map((p) => ({ value: p, label: t(`customers.tasks.priorities.${p}`) }))}
            allowDeselect={false}
          />
          <Select
            {...form.getInputProps('assigneeId')}
            label={t('customers.tasks.assignee')}
            placeholder={t('customers.tasks.assigneeMe')}
            data={users.options()}
            searchable
            clearable
          />
        </SimpleGrid>
        <Textarea
          {...form.getInputProps('description')}
          label={t('customers.tasks.description')}
          dir="auto"
          autosize
          minRows={2}
          maxRows={8}
        />
        <FormAlert message={save.error ? problemMessage(t, save.error, i18n.language) : null} />
        <Actions onCancel={onDone} loading={save.isPending} submit={t('customers.quick.addTask')} />
      </Stack>
    </form>
  );
}

function DealForm({ links, onDone }: { links: RecordLinks; onDone: () => void }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const saved = useSaved(onDone);
  const form = useForm({
    initialValues: { name: '', amount: '' as number | string, currency: 'ILS', expectedCloseDate: '' },
    validate: { name: (v) => (v.trim() ? null : t('validation.required')) },
  });
  const save = useMutation({
    mutationFn: (values: typeof form.values) =>
      customersApi.createDeal({
        ...links,
        name: values.name.trim(),
        amount: typeof values.amount === 'number' ? values.amount.toFixed(2) : null,
        currency: values.currency,
        expectedCloseDate: values.expectedCloseDate || null,
      }),
    onSuccess: (deal) =>
      saved(
        <>
          <WithUserText value={deal.name} translate={(name) => t('customers.quick.dealCreated', { name })} />{' '}
          {/* notifications render outside the router: navigate through the closure */}
          <Anchor
            href={`/deals/${deal.id}`}
            size="sm"
            onClick={(event) => {
              event.preventDefault();
              void navigate(`/deals/${deal.id}`);
            }}
          >
            {t('customers.quick.openDeal')}
          </Anchor>
        </>,
      ),
    onError: (error) => form.setErrors(fieldErrors(error)),
  });
  return (
    <form noValidate onSubmit={form.onSubmit((values) => save.mutate(values))}>
      <Stack>
        <TextInput
          {...form.getInputProps('name')}
          label={t('customers.deals.name')}
          dir="auto"
          required
          withAsterisk
          maxLength={200}
          data-autofocus
        />
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <NumberInput
            {...form.getInputProps('amount')}
            label={t('customers.deals.amount')}
            min={0}
            decimalScale={2}
            thousandSeparator=","
            leftSection={form.values.currency === 'ILS' ? '₪' : undefined}
          />
          <Select
            {...form.getInputProps('currency')}
            label={t('customers.deals.currency')}
            data={['ILS', 'USD', 'EUR', 'GBP']}
            allowDeselect={false}
          />
          <TextInput
            {...form.getInputProps('expectedCloseDate')}
            label={t('customers.deals.expectedClose')}
            type="date"
          />
        </SimpleGrid>
        <FormAlert message={save.error ? problemMessage(t, save.error, i18n.language) : null} />
        <Actions onCancel={onDone} loading={save.isPending} submit={t('customers.quick.newDeal')} />
      </Stack>
    </form>
  );
}
