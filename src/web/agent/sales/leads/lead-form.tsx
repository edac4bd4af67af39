import {
  Button,
  Group,
  NativeSelect,
  SimpleGrid,
  Stack,
  TagsInput,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { hasCode, isApiError } from '../../../ui/api-client';
import { FormAlert } from '../../../ui/form-alert';
import { problemMessage } from '../../../ui/problem';
import { formRules } from '../../../ui/validators';
import { ConflictAlert } from '../common/conflict-alert';
import { formFieldErrors } from '../common/form-errors';
import { UserSelect } from '../common/user-select';
import {
  LEAD_OPEN_STATUSES,
  LEAD_SOURCES,
  type Lead,
  type LeadOpenStatus,
  type LeadSource,
  salesApi,
  type UpdateLeadInput,
} from '../sales-api';
import { salesKeys } from '../sales-queries';

interface LeadFormValues {
  firstName: string;
  lastName: string;
  company: string;
  title: string;
  phones: string[];
  emails: string[];
  source: LeadSource;
  status: LeadOpenStatus;
  message: string;
  ownerId: string;
}

const valuesOf = (lead: Lead | undefined, ownerId: string): LeadFormValues => ({
  firstName: lead?.firstName ?? '',
  lastName: lead?.lastName ?? '',
  company: lead?.company ?? '',
  title: lead?.title ?? '',
  phones: lead?.phones.map((phone) => phone.raw) ?? [],
  emails: lead?.emails ?? [],
  source: lead?.source ?? 'phone',
  status: lead && lead.status !== 'converted' ? lead.status : 'new',
  message: lead?.message ?? '',
  ownerId: lead ? (lead.ownerId ?? '') : ownerId,
});

const sameList = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((value, index) => value === b[index]);

interface LeadFormProps {
  lead?: Lead;
  currentUserId: string;
  onSaved: (lead: Lead) => void;
  onCancel: () => void;
}

/** Create or edit a lead; edits carry the version read (If-Match). */
export function LeadForm({ lead, currentUserId, onSaved, onCancel }: LeadFormProps) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const rules = formRules(t);
  const form = useForm<LeadFormValues>({
    initialValues: valuesOf(lead, currentUserId),
    validate: { firstName: rules.required },
  });

  const save = useMutation({
    mutationFn: (values: LeadFormValues) => {
      const clean = {
        firstName: values.firstName.trim(),
        lastName: values.lastName.trim(),
        company: values.company.trim(),
        title: values.title.trim(),
        message: values.message.trim(),
      };
      if (!lead) {
        return salesApi.createLead({
          ...clean,
          company: clean.company || undefined,
          title: clean.title || undefined,
          message: clean.message || undefined,
          phones: values.phones,
          emails: values.emails,
          source: values.source,
          status: values.status,
          ownerId: values.ownerId || null,
        });
      }
      const initial = valuesOf(lead, currentUserId);
      const patch: UpdateLeadInput = {};
      if (values.firstName !== initial.firstName) patch.firstName = clean.firstName;
      if (values.lastName !== initial.lastName) patch.lastName = clean.lastName;
      if (values.company !== initial.company) patch.company = clean.company || null;
      if (values.title !== initial.title) patch.title = clean.title || null;
      if (!sameList(values.phones, initial.phones)) patch.phones = values.phones;
      if (!sameList(values.emails, initial.emails)) patch.emails = values.emails;
      if (values.source !== initial.source) patch.source = values.source;
      if (values.status !== initial.status && lead.status !== 'converted') patch.status = values.status;
      if (values.message !== initial.message) patch.message = clean.message || null;
      if (values.ownerId !== initial.ownerId) patch.ownerId = values.ownerId || null;
      return salesApi.updateLead(lead.id, lead.version, patch);
    },
    onSuccess: (saved) => {
      queryClient.setQueryData(salesKeys.lead(saved.id), saved);
      void queryClient.invalidateQueries({ queryKey: salesKeys.leadLists });
      onSaved(saved);
    },
    onError: (error) => form.setErrors(formFieldErrors(error)),
  });

  const conflict = hasCode(save.error, 'VERSION_CONFLICT');
  const loadCurrent = () => {
    const current = isApiError(save.error) ? (save.error.problem.current as Lead | undefined) : undefined;
    if (current) queryClient.setQueryData(salesKeys.lead(current.id), current);
    save.reset();
  };

  return (
    <form noValidate onSubmit={form.onSubmit((values) => save.mutate(values))}>
      <Stack>
        <SimpleGrid cols={{ base: 1, xs: 2 }}>
          <TextInput
            {...form.getInputProps('firstName')}
            label={t('sales.leads.form.firstName')}
            dir="auto"
            required
            data-autofocus
          />
          <TextInput {...form.getInputProps('lastName')} label={t('sales.leads.form.lastName')} dir="auto" />
          <TextInput {...form.getInputProps('company')} label={t('sales.leads.form.company')} dir="auto" />
          <TextInput {...form.getInputProps('title')} label={t('sales.leads.form.title')} dir="auto" />
        </SimpleGrid>
        <TagsInput
          {...form.getInputProps('phones')}
          label={t('sales.leads.form.phones')}
          description={t('sales.leads.form.listHint')}
          dir="ltr"
          splitChars={[',', ';']}
          clearable
        />
        <TagsInput
          {...form.getInputProps('emails')}
          label={t('sales.leads.form.emails')}
          description={t('sales.leads.form.listHint')}
          dir="ltr"
          splitChars={[',', ';', ' ']}
          clearable
        />
        <SimpleGrid cols={{ base: 1, xs: 2 }}>
          <NativeSelect
            {...form.getInputProps('source')}
            label={t('sales.leads.form.source')}
            data={LEAD_SOURCES.map((value) => ({ value, label: t(`sales.leadSource.${value}`) }))}
          />
          <NativeSelect
            {...form.getInputProps('status')}
            label={t('sales.leads.form.status')}
            disabled={lead?.status === 'converted'}
            data={LEAD_OPEN_STATUSES.map((value) => ({ value, label: t(`sales.leadStatus.${value}`) }))}
          />
        </SimpleGrid>
        <UserSelect
          label={t('sales.leads.form.owner')}
          value={form.values.ownerId}
          onChange={(value) => form.setFieldValue('ownerId', value)}
          emptyLabel={t('sales.common.unassigned')}
          error={form.errors.ownerId as string | undefined}
        />
        <Textarea
          {...form.getInputProps('message')}
          label={t('sales.leads.form.message')}
          dir="auto"
          autosize
          minRows={2}
          maxRows={8}
        />
        {conflict ? (
          <ConflictAlert onReload={loadCurrent} />
        ) : (
          <FormAlert message={save.error ? problemMessage(t, save.error, i18n.language) : null} />
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={save.isPending}>
            {lead ? t('common.save') : t('sales.leads.form.create')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
