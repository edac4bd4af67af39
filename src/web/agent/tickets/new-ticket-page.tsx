import {
  Anchor,
  Button,
  Group,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import type { TSearchResponse } from '../../../shared/search.schemas';
import { http } from '../../ui/api-client';
import { FormAlert } from '../../ui/form-alert';
import { PageHeader } from '../../ui/page-header';
import { fieldErrors, problemMessage } from '../../ui/problem';
import {
  type CfFormValue,
  CustomFieldInput,
  cfFromForm,
  cfToForm,
  validateCf,
} from '../customers/custom-field-input';
import {
  CHANNELS,
  type CreateTicketInput,
  PRIORITIES,
  ticketKeys,
  ticketsApi,
  useTeams,
  useTicketCustomFields,
  useUsers,
} from './tickets-api';

interface Values {
  requesterId: string | null;
  subject: string;
  description: string;
  priority: string;
  category: string;
  channel: string;
  assigneeId: string | null;
  teamId: string | null;
  customFields: Record<string, CfFormValue>;
}

/** Contacts matching what is typed (GET /search?types=contact), for the requester picker. */
const useContactSearch = (text: string) => {
  const [q] = useDebouncedValue(text.trim(), 200);
  return useQuery({
    queryKey: ['tickets', 'contact-search', q],
    queryFn: ({ signal }) =>
      http.get<TSearchResponse>('/api/v1/search', { query: { q, types: 'contact', limit: 10 }, signal }),
    enabled: q.length >= 2,
    placeholderData: keepPreviousData,
    staleTime: 15_000,
  });
};

/** New ticket: requester (contact search), subject, description, priority, category, channel, assignee/team, custom fields. */
export function NewTicketPage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [params] = useSearchParams();
  const users = useUsers();
  const teams = useTeams();
  const defs = useTicketCustomFields();
  const activeDefs = useMemo(() => (defs.data?.items ?? []).filter((d) => !d.archived), [defs.data]);
  const formRef = useRef<HTMLFormElement>(null);
  const [requesterText, setRequesterText] = useState('');
  const [picked, setPicked] = useState<{ value: string; label: string } | null>(null);
  const contacts = useContactSearch(requesterText);

  const form = useForm<Values>({
    initialValues: {
      requesterId: params.get('requesterId'),
      subject: '',
      description: '',
      priority: 'normal',
      category: '',
      channel: 'phone',
      assigneeId: null,
      teamId: null,
      customFields: {},
    },
    validate: (values) => {
      const errors: Record<string, string | null> = {
        requesterId: values.requesterId ? null : t('validation.required'),
        subject: values.subject.trim() ? null : t('validation.required'),
      };
      for (const def of activeDefs) {
        const error = validateCf(t, def, values.customFields[def.key]);
        if (error) errors[`customFields.${def.key}`] = error;
      }
      return errors;
    },
  });

  const create = useMutation({
    mutationFn: (input: CreateTicketInput) => ticketsApi.create(input),
    onSuccess: (ticket) => {
      notifications.show({ color: 'green', message: t('tickets.form.created', { number: ticket.number }) });
      void qc.invalidateQueries({ queryKey: ticketKeys.all });
      navigate(`/tickets/${ticket.id}`);
    },
    onError: (error) => {
      form.setErrors(fieldErrors(error));
      requestAnimationFrame(() =>
        formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus(),
      );
    },
  });

  const submit = form.onSubmit(
    (values) => {
      const customFields: Record<string, unknown> = {};
      for (const def of activeDefs) {
        const v = cfFromForm(def, values.customFields[def.key]);
        if (v !== null) customFields[def.key] = v;
      }
      create.mutate({
        requesterId: values.requesterId ?? '',
        subject: values.subject.trim(),
        description: values.description,
        priority: values.priority as CreateTicketInput['priority'],
        channel: values.channel as CreateTicketInput['channel'],
        ...(values.category.trim() ? { category: values.category.trim() } : {}),
        ...(values.assigneeId ? { assigneeId: values.assigneeId } : {}),
        ...(values.teamId ? { teamId: values.teamId } : {}),
        customFields,
      });
    },
    () =>
      requestAnimationFrame(() =>
        formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus(),
      ),
  );

  const contactOptions = useMemo(() => {
    const found = (contacts.data?.results ?? [])
      .filter((r) => r.type === 'contact')
      .map((r) => ({ value: r.id, label: r.subtitle ? `${r.title} · ${r.subtitle}` : r.title }));
    if (picked && !found.some((o) => o.value === picked.value)) found.unshift(picked);
    return found;
  }, [contacts.data, picked]);
  const userOptions = (users.data ?? []).filter((u) => u.active).map((u) => ({ value: u.id, label: u.name }));
  const teamOptions = (teams.data ?? []).map((x) => ({ value: x.id, label: x.name }));
  const userOptionsForCf = userOptions;

  return (
    <>
      <Anchor component={Link} to="/tickets" size="sm">
        {t('tickets.ticket.back')}
      </Anchor>
      <PageHeader title={t('tickets.form.title')} />
      <Paper withBorder p="lg" maw={860}>
        <form ref={formRef} onSubmit={submit} noValidate>
          <Stack gap="md">
            <FormAlert
              message={
                create.error && !Object.keys(fieldErrors(create.error)).length
                  ? problemMessage(t, create.error, i18n.language)
                  : null
              }
            />
            <Select
              label={t('tickets.form.requester')}
              placeholder={t('tickets.form.requesterPlaceholder')}
              searchable
              required
              withAsterisk
              data={contactOptions}
              searchValue={requesterText}
              onSearchChange={setRequesterText}
              filter={({ options }) => options}
              nothingFoundMessage={
                requesterText.trim().length >= 2 && !contacts.isFetching
                  ? t('tickets.form.requesterNone')
                  : undefined
              }
              {...form.getInputProps('requesterId')}
              onChange={(value, option) => {
                form.setFieldValue('requesterId', value);
                setPicked(value && option ? { value, label: option.label } : null);
              }}
            />
            <TextInput
              label={t('tickets.form.subject')}
              required
              withAsterisk
              dir="auto"
              maxLength={300}
              {...form.getInputProps('subject')}
            />
            <Textarea
              label={t('tickets.form.description')}
              dir="auto"
              autosize
              minRows={4}
              maxRows={14}
              {...form.getInputProps('description')}
            />
            <SimpleGrid cols={{ base: 1, sm: 3 }}>
              <Select
                label={t('tickets.form.priority')}
                data={PRIORITIES.map((p) => ({ value: p, label: t(`tickets.priority.${p}`) }))}
                allowDeselect={false}
                {...form.getInputProps('priority')}
              />
              <Select
                label={t('tickets.form.channel')}
                data={CHANNELS.map((c) => ({ value: c, label: t(`tickets.channel.${c}`) }))}
                allowDeselect={false}
                {...form.getInputProps('channel')}
              />
              <TextInput
                label={t('tickets.form.category')}
                dir="auto"
                maxLength={100}
                {...form.getInputProps('category')}
              />
              <Select
                label={t('tickets.form.assignee')}
                data={userOptions}
                searchable
                clearable
                {...form.getInputProps('assigneeId')}
              />
              {teamOptions.length ? (
                <Select
                  label={t('tickets.form.team')}
                  data={teamOptions}
                  clearable
                  {...form.getInputProps('teamId')}
                />
              ) : null}
            </SimpleGrid>
            {activeDefs.length ? (
              <>
                <Title order={2} fz="h4">
                  {t('tickets.form.customFields')}
                </Title>
                <SimpleGrid cols={{ base: 1, sm: 2 }}>
                  {activeDefs.map((def) => (
                    <CustomFieldInput
                      key={def.id}
                      def={def}
                      value={form.values.customFields[def.key] ?? cfToForm(def, undefined)}
                      onChange={(v) => form.setFieldValue(`customFields.${def.key}`, v)}
                      error={(form.errors[`customFields.${def.key}`] as string | undefined) ?? null}
                      userOptions={userOptionsForCf}
                    />
                  ))}
                </SimpleGrid>
              </>
            ) : null}
            <Group justify="flex-end">
              <Button variant="default" component={Link} to="/tickets">
                {t('common.cancel')}
              </Button>
              <Button type="submit" loading={create.isPending}>
                {t('tickets.form.submit')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Paper>
    </>
  );
}
