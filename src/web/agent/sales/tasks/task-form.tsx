import { Button, Group, NativeSelect, SimpleGrid, Stack, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { hasCode, isApiError } from '../../../ui/api-client';
import { FormAlert } from '../../../ui/form-alert';
import { problemMessage } from '../../../ui/problem';
import { formRules } from '../../../ui/validators';
import { ConflictAlert } from '../common/conflict-alert';
import { fromDateTimeInput, toDateTimeInput } from '../common/dates';
import { formFieldErrors } from '../common/form-errors';
import { type PickedRecord, RecordSearchSelect } from '../common/record-search-select';
import { UserSelect } from '../common/user-select';
import { salesApi, TASK_PRIORITIES, type Task, type TaskPriority, type UpdateTaskInput } from '../sales-api';
import { salesKeys } from '../sales-queries';
import { primaryLink, useRecordTitle } from './record-link';

// Reminder choices, as minutes before the due time; 'custom' shows its own date-time field.
const REMINDERS = ['none', '0', '15', '60', '1440', 'custom'] as const;
type Reminder = (typeof REMINDERS)[number];

interface TaskFormValues {
  title: string;
  description: string;
  due: string;
  reminder: Reminder;
  reminderAt: string;
  priority: TaskPriority;
  assigneeId: string;
  link: PickedRecord | null;
}

const reminderOf = (task: Task | undefined): Pick<TaskFormValues, 'reminder' | 'reminderAt'> => {
  if (!task?.reminderAt) return { reminder: 'none', reminderAt: '' };
  if (task.dueAt) {
    const minutes = (Date.parse(task.dueAt) - Date.parse(task.reminderAt)) / 60_000;
    const preset = REMINDERS.find((r) => r === String(minutes));
    if (preset) return { reminder: preset, reminderAt: '' };
  }
  return { reminder: 'custom', reminderAt: toDateTimeInput(task.reminderAt) };
};

const reminderAtOf = (values: TaskFormValues): string | null => {
  if (values.reminder === 'none') return null;
  if (values.reminder === 'custom') return fromDateTimeInput(values.reminderAt);
  const due = fromDateTimeInput(values.due);
  return due ? new Date(Date.parse(due) - Number(values.reminder) * 60_000).toISOString() : null;
};

// Link types a task may point at from this form, and the field each one fills.
const LINK_FIELD = { account: 'accountId', contact: 'contactId', deal: 'dealId', lead: 'leadId' } as const;

interface TaskFormProps {
  task?: Task;
  currentUserId: string;
  onSaved: (task: Task) => void;
  /** A stale edit was refused: show the task as it is now. */
  onReload?: (current: Task) => void;
  onCancel: () => void;
}

/** Create or edit a task: what, when (and a reminder), how urgent, who, and about which record. */
export function TaskForm({ task, currentUserId, onSaved, onReload, onCancel }: TaskFormProps) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const rules = formRules(t);
  const initialLink = useMemo(() => (task ? primaryLink(task) : null), [task]);
  const linkTitle = useRecordTitle(initialLink);

  const form = useForm<TaskFormValues>({
    initialValues: {
      title: task?.title ?? '',
      description: task?.description ?? '',
      due: toDateTimeInput(task?.dueAt),
      ...reminderOf(task),
      priority: task?.priority ?? 'normal',
      assigneeId: task ? (task.assigneeId ?? '') : currentUserId,
      link: null,
    },
    validate: {
      title: rules.required,
      reminder: (value, values) =>
        value !== 'none' && value !== 'custom' && !values.due ? t('sales.tasks.form.reminderNeedsDue') : null,
      reminderAt: (value, values) =>
        values.reminder === 'custom' && !value ? t('validation.required') : null,
    },
  });

  // the linked record's title arrives after the form is built
  const { setFieldValue } = form;
  useEffect(() => {
    if (initialLink && linkTitle.data) setFieldValue('link', { ...initialLink, title: linkTitle.data });
  }, [initialLink, linkTitle.data, setFieldValue]);

  const save = useMutation({
    mutationFn: (values: TaskFormValues) => {
      const base = {
        title: values.title.trim(),
        description: values.description.trim() || null,
        dueAt: fromDateTimeInput(values.due),
        reminderAt: reminderAtOf(values),
        priority: values.priority,
        assigneeId: values.assigneeId || null,
      };
      const picked = values.link && values.link.type !== 'ticket' ? values.link : null;
      if (!task) {
        return salesApi.createTask({
          ...base,
          description: base.description ?? undefined,
          ...(picked ? { [LINK_FIELD[picked.type as keyof typeof LINK_FIELD]]: picked.id } : {}),
        });
      }
      const patch: UpdateTaskInput = { ...base };
      // a new record replaces the one shown; other links of the task stay as they are
      if (picked?.id !== initialLink?.id) {
        if (initialLink) patch[LINK_FIELD[initialLink.type]] = null;
        if (picked) patch[LINK_FIELD[picked.type as keyof typeof LINK_FIELD]] = picked.id;
      }
      return salesApi.updateTask(task.id, task.version, patch);
    },
    onSuccess: (saved) => {
      void queryClient.invalidateQueries({ queryKey: salesKeys.taskLists });
      onSaved(saved);
    },
    onError: (error) =>
      form.setErrors(
        formFieldErrors(error, {
          dueAt: 'due',
          accountId: 'link',
          contactId: 'link',
          dealId: 'link',
          leadId: 'link',
        }),
      ),
  });

  const conflict = hasCode(save.error, 'VERSION_CONFLICT');

  return (
    <form noValidate onSubmit={form.onSubmit((values) => save.mutate(values))}>
      <Stack>
        <TextInput
          {...form.getInputProps('title')}
          label={t('sales.tasks.form.title')}
          dir="auto"
          required
          data-autofocus
        />
        <Textarea
          {...form.getInputProps('description')}
          label={t('sales.tasks.form.description')}
          dir="auto"
          autosize
          minRows={2}
          maxRows={6}
        />
        <SimpleGrid cols={{ base: 1, xs: 2 }}>
          <TextInput {...form.getInputProps('due')} type="datetime-local" label={t('sales.tasks.form.due')} />
          <NativeSelect
            {...form.getInputProps('reminder')}
            label={t('sales.tasks.form.reminder')}
            data={REMINDERS.map((value) => ({ value, label: t(`sales.tasks.reminders.r${value}`) }))}
          />
        </SimpleGrid>
        {form.values.reminder === 'custom' ? (
          <TextInput
            {...form.getInputProps('reminderAt')}
            type="datetime-local"
            label={t('sales.tasks.form.reminderAt')}
            required
          />
        ) : null}
        <SimpleGrid cols={{ base: 1, xs: 2 }}>
          <NativeSelect
            {...form.getInputProps('priority')}
            label={t('sales.tasks.form.priority')}
            data={TASK_PRIORITIES.map((value) => ({ value, label: t(`sales.taskPriority.${value}`) }))}
          />
          <UserSelect
            label={t('sales.tasks.form.assignee')}
            value={form.values.assigneeId}
            onChange={(value) => form.setFieldValue('assigneeId', value)}
            emptyLabel={t('sales.common.unassigned')}
            error={form.errors.assigneeId as string | undefined}
          />
        </SimpleGrid>
        <RecordSearchSelect
          label={t('sales.tasks.form.link')}
          description={t('sales.tasks.form.linkHint')}
          types={['account', 'contact', 'deal']}
          value={form.values.link}
          onChange={(value) => form.setFieldValue('link', value)}
          error={form.errors.link as string | undefined}
        />
        {conflict ? (
          <ConflictAlert
            onReload={() => {
              const current = isApiError(save.error)
                ? (save.error.problem.current as Task | undefined)
                : undefined;
              save.reset();
              if (current) onReload?.(current);
            }}
          />
        ) : (
          <FormAlert message={save.error ? problemMessage(t, save.error, i18n.language) : null} />
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={save.isPending}>
            {task ? t('common.save') : t('sales.tasks.form.create')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
