import {
  ActionIcon,
  Anchor,
  Button,
  Checkbox,
  Group,
  Modal,
  Radio,
  Select,
  SimpleGrid,
  Stack,
  TagsInput,
  Text,
  TextInput,
} from '@mantine/core';
import { type GetInputPropsReturnType, useForm } from '@mantine/form';
import { useDebouncedValue, useMediaQuery } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { hasCode } from '../../ui/api-client';
import { FormAlert } from '../../ui/form-alert';
import { problemMessage } from '../../ui/problem';
import { WithUserText } from '../../ui/with-user-text';
import {
  CONSENT_CHANNELS,
  CONTACT_CHANNELS,
  CONTACT_LANGUAGES,
  type ConsentChannel,
} from './contact-constants';
import {
  type CfFormValue,
  CustomFieldInput,
  cfFromForm,
  cfToForm,
  isWideField,
  validateCf,
} from './custom-field-input';
import { IconX } from './customer-icons';
import { type Contact, type CreateContactInput, type CustomFieldDef, customersApi } from './customers-api';
import { useCustomerFormat } from './customers-format';
import { customersKeys, useCustomFieldDefs, useUsers } from './customers-queries';
import {
  type ConflictChange,
  ConflictNotice,
  changedFields,
  describeValue,
  type EmailRow,
  emailRows,
  emailsInput,
  FormLoader,
  FormSection,
  focusFirstError,
  formErrors,
  ListEditor,
  PhoneInputs,
  type PhoneRow,
  phoneRows,
  phonesInput,
  rowKey,
} from './form-parts';

interface AccountLinkRow {
  key: string;
  accountId: string;
  name: string;
  role: string;
}

interface ConsentRow {
  granted: boolean;
  source: string;
  at: string | null;
}

interface ContactFormValues {
  firstName: string;
  lastName: string;
  title: string;
  accounts: AccountLinkRow[];
  primaryAccountId: string | null;
  phones: PhoneRow[];
  emails: EmailRow[];
  fax: string;
  birthday: string;
  preferredLanguage: string | null;
  preferredChannel: string | null;
  consents: Record<ConsentChannel, ConsentRow>;
  ownerId: string | null;
  tags: string[];
  customFields: Record<string, CfFormValue>;
}

const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** An account the new contact starts linked to (the card's "add contact"). */
export interface PresetAccount {
  id: string;
  name: string;
}

const toForm = (
  contact: Contact | null,
  defs: CustomFieldDef[],
  preset?: PresetAccount | null,
): ContactFormValues => {
  const accounts: AccountLinkRow[] = contact
    ? contact.accounts.map((a) => ({
        key: rowKey(),
        accountId: a.accountId,
        name: a.name,
        role: a.role ?? '',
      }))
    : preset
      ? [{ key: rowKey(), accountId: preset.id, name: preset.name, role: '' }]
      : [];
  return {
    firstName: contact?.firstName ?? '',
    lastName: contact?.lastName ?? '',
    title: contact?.title ?? '',
    accounts,
    primaryAccountId: contact?.accountId ?? accounts[0]?.accountId ?? null,
    phones: contact?.phones.length ? phoneRows(contact.phones) : [{ key: rowKey(), number: '', label: '' }],
    emails: contact?.emails.length ? emailRows(contact.emails) : [{ key: rowKey(), value: '' }],
    fax: contact?.fax ?? '',
    birthday: contact?.birthday ?? '',
    preferredLanguage: contact?.preferredLanguage ?? null,
    preferredChannel: contact?.preferredChannel ?? null,
    consents: Object.fromEntries(
      CONSENT_CHANNELS.map((channel) => {
        const consent = contact?.consents[channel];
        return [
          channel,
          { granted: consent?.granted ?? false, source: consent?.source ?? '', at: consent?.at ?? null },
        ];
      }),
    ) as Record<ConsentChannel, ConsentRow>,
    ownerId: contact?.ownerId ?? null,
    tags: contact?.tags ?? [],
    customFields: Object.fromEntries(
      defs.map((def) => [def.key, cfToForm(def, contact?.customFields[def.key])]),
    ),
  };
};

const toInput = (values: ContactFormValues, defs: CustomFieldDef[]) => {
  const phones = phonesInput(values.phones);
  const emails = emailsInput(values.emails);
  const trimmed = (v: string) => v.trim() || null;
  const primary = values.accounts.some((a) => a.accountId === values.primaryAccountId)
    ? values.primaryAccountId
    : (values.accounts[0]?.accountId ?? null);
  const input = {
    firstName: values.firstName.trim(),
    lastName: values.lastName.trim(),
    title: trimmed(values.title),
    accounts: values.accounts.map((a) => ({
      accountId: a.accountId,
      role: a.role.trim() || null,
      isPrimary: a.accountId === primary,
    })),
    phones: phones.phones,
    emails: emails.emails,
    fax: trimmed(values.fax),
    birthday: trimmed(values.birthday),
    preferredLanguage: values.preferredLanguage as (typeof CONTACT_LANGUAGES)[number] | null,
    preferredChannel: values.preferredChannel as (typeof CONTACT_CHANNELS)[number] | null,
    consents: Object.fromEntries(
      CONSENT_CHANNELS.map((channel) => [
        channel,
        { granted: values.consents[channel].granted, source: values.consents[channel].source.trim() },
      ]),
    ) as Record<ConsentChannel, { granted: boolean; source: string }>,
    ownerId: values.ownerId,
    tags: values.tags,
    customFields: Object.fromEntries(
      defs.map((def) => [def.key, cfFromForm(def, values.customFields[def.key])]),
    ),
  };
  return { input, sent: { phoneRows: phones.rows, emailRows: emails.rows } };
};

type FullInput = ReturnType<typeof toInput>['input'];

const createInput = (input: FullInput): CreateContactInput => ({
  firstName: input.firstName,
  lastName: input.lastName,
  ...(input.title ? { title: input.title } : {}),
  ...(input.accounts.length ? { accounts: input.accounts } : {}),
  phones: input.phones,
  emails: input.emails,
  ...(input.fax ? { fax: input.fax } : {}),
  ...(input.birthday ? { birthday: input.birthday } : {}),
  ...(input.preferredLanguage ? { preferredLanguage: input.preferredLanguage } : {}),
  ...(input.preferredChannel ? { preferredChannel: input.preferredChannel } : {}),
  // only consents actually given: "no consent" is the default and needs no source
  consents: Object.fromEntries(Object.entries(input.consents).filter(([, c]) => c.granted)),
  ownerId: input.ownerId,
  tags: input.tags,
  customFields: Object.fromEntries(Object.entries(input.customFields).filter(([, v]) => v !== null)),
});

interface ContactFormModalProps {
  opened: boolean;
  onClose: () => void;
  contact?: Contact | null;
  /** For a new contact: the account it starts linked to. */
  presetAccount?: PresetAccount | null;
  onSaved?: (contact: Contact) => void;
}

export function ContactFormModal({
  opened,
  onClose,
  contact = null,
  presetAccount,
  onSaved,
}: ContactFormModalProps) {
  const { t } = useTranslation();
  const phone = useMediaQuery('(max-width: 48em)');
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      size="xl"
      fullScreen={phone}
      title={
        contact ? (
          <WithUserText
            value={contact.fullName}
            translate={(name) => t('customers.form.editContactTitle', { name })}
          />
        ) : (
          t('customers.form.newContactTitle')
        )
      }
    >
      {opened ? (
        <ContactForm
          contact={contact}
          presetAccount={presetAccount ?? null}
          onClose={onClose}
          onSaved={onSaved}
        />
      ) : null}
    </Modal>
  );
}

interface ContactFormProps {
  contact: Contact | null;
  presetAccount: PresetAccount | null;
  onClose: () => void;
  onSaved?: ((contact: Contact) => void) | undefined;
}

function ContactForm(props: ContactFormProps) {
  const { t } = useTranslation();
  const { defs, isPending } = useCustomFieldDefs('contact');
  if (isPending) return <FormLoader label={t('common.loading')} />;
  return <ContactFormBody {...props} defs={defs} />;
}

function ContactFormBody({
  contact,
  presetAccount,
  onClose,
  onSaved,
  defs,
}: ContactFormProps & { defs: CustomFieldDef[] }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const format = useCustomerFormat();
  const users = useUsers();
  const [base, setBase] = useState<Contact | null>(contact);
  const [conflict, setConflict] = useState<Contact | null>(null);
  const sentRef = useRef({ phoneRows: [] as number[], emailRows: [] as number[] });
  const formRef = useRef<HTMLFormElement>(null);
  const initial = useMemo(() => toForm(contact, defs, presetAccount), [contact, defs, presetAccount]);

  const form = useForm<ContactFormValues>({
    initialValues: initial,
    validate: (values) => {
      const errors: Record<string, string | null> = {};
      if (!values.firstName.trim()) errors.firstName = t('validation.required');
      values.emails.forEach((row, i) => {
        if (row.value.trim() && !EMAIL_RE.test(row.value.trim()))
          errors[`emails.${i}.value`] = t('validation.email');
      });
      for (const channel of CONSENT_CHANNELS) {
        const now = values.consents[channel];
        const before = initial.consents[channel];
        const changed = now.granted !== before.granted || now.source.trim() !== before.source;
        if (changed && !now.source.trim())
          errors[`consents.${channel}.source`] = t('customers.validation.consentSource');
      }
      for (const def of defs)
        errors[`customFields.${def.key}`] = validateCf(t, def, values.customFields[def.key]);
      return errors;
    },
  });

  /** Consents: only channels whose consent changed are sent (the server keeps the others). */
  const consentChanges = (before: FullInput, after: FullInput) =>
    Object.fromEntries(
      Object.entries(after.consents).filter(([channel, c]) => {
        const was = before.consents[channel as ConsentChannel];
        return c.granted !== was.granted || c.source !== was.source;
      }),
    );

  const save = useMutation({
    mutationFn: async ({ values, version }: { values: ContactFormValues; version?: number }) => {
      const { input, sent } = toInput(values, defs);
      sentRef.current = sent;
      if (!base) return customersApi.createContact(createInput(input));
      const before = toInput(toForm(base, defs), defs).input;
      const { consents: _consents, ...changes } = changedFields(before, input);
      const consents = consentChanges(before, input);
      return customersApi.updateContact(base.id, version ?? base.version, {
        ...changes,
        ...(Object.keys(consents).length ? { consents } : {}),
      });
    },
    onSuccess: (saved) => {
      queryClient.setQueryData(customersKeys.contact(saved.id), saved);
      void queryClient.invalidateQueries({ queryKey: customersKeys.all });
      notifications.show({
        color: 'teal',
        message: (
          <WithUserText
            value={saved.fullName}
            translate={(name) =>
              base ? t('customers.form.saved', { name }) : t('customers.form.created', { name })
            }
          />
        ),
      });
      onSaved?.(saved);
      onClose();
    },
    onError: (error) => {
      if (hasCode(error, 'VERSION_CONFLICT') && error.problem.current) {
        setConflict(error.problem.current as Contact);
        return;
      }
      const errors = formErrors(error, sentRef.current);
      // accounts.N.accountId / accountId: the account picker
      for (const key of Object.keys(errors)) {
        if (key.startsWith('accounts') || key === 'accountId') errors.accounts = errors[key] ?? '';
      }
      form.setErrors(errors);
      focusFirstError(formRef.current);
    },
  });

  const conflictChanges = useMemo<ConflictChange[]>(() => {
    if (!conflict || !base) return [];
    const before = toInput(toForm(base, defs), defs).input;
    const theirs = changedFields(before, toInput(toForm(conflict, defs), defs).input) as Record<
      string,
      unknown
    >;
    const mine = changedFields(before, toInput(form.getValues(), defs).input) as Record<string, unknown>;
    const describe = (key: string, value: unknown) => {
      if (key === 'ownerId') return users.nameOf(value as string | null) ?? '';
      if (key === 'accounts')
        return (value as { accountId: string }[])
          .map((a) => conflict.accounts.find((c) => c.accountId === a.accountId)?.name ?? a.accountId)
          .join(', ');
      return describeValue(value);
    };
    return Object.entries(theirs).flatMap(([key, value]): ConflictChange[] => {
      if (key === 'customFields' || key === 'consents') {
        return Object.entries(value as Record<string, unknown>).map(([k, v]) => {
          const def = key === 'customFields' ? defs.find((d) => d.key === k) : undefined;
          const my = (mine[key] as Record<string, unknown> | undefined)?.[k];
          return {
            field: def
              ? format.fieldLabel(def)
              : key === 'consents'
                ? `${t('customers.form.sections.consent')}: ${t(`customers.consentChannels.${k as ConsentChannel}`)}`
                : k,
            theirs: describeValue(v),
            mine: my === undefined ? null : describeValue(my),
          };
        });
      }
      const label = key in FIELD_LABELS ? t(FIELD_LABELS[key as keyof typeof FIELD_LABELS]) : key;
      return [
        { field: label, theirs: describe(key, value), mine: key in mine ? describe(key, mine[key]) : null },
      ];
    });
  }, [conflict, base, defs, form, t, format, users]);

  const values = form.getValues();

  return (
    <form
      ref={formRef}
      noValidate
      onSubmit={form.onSubmit(
        (submitted) => {
          setConflict(null);
          save.mutate({ values: submitted });
        },
        () => focusFirstError(formRef.current),
      )}
    >
      <Stack gap="md">
        {conflict ? (
          <ConflictNotice
            changes={conflictChanges}
            loading={save.isPending}
            onReapply={() => save.mutate({ values: form.getValues(), version: conflict.version })}
            onDiscard={() => {
              setBase(conflict);
              form.setValues(toForm(conflict, defs));
              form.resetDirty(toForm(conflict, defs));
              setConflict(null);
              save.reset();
            }}
          />
        ) : null}

        <FormSection legend={t('customers.form.sections.person')}>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput
              {...form.getInputProps('firstName')}
              label={t('customers.fields.firstName')}
              dir="auto"
              required
              withAsterisk
              maxLength={100}
              data-autofocus
            />
            <TextInput
              {...form.getInputProps('lastName')}
              label={t('customers.fields.lastName')}
              dir="auto"
              maxLength={100}
            />
            <TextInput
              {...form.getInputProps('title')}
              label={t('customers.fields.jobTitle')}
              dir="auto"
              maxLength={100}
            />
            <TextInput
              {...form.getInputProps('birthday')}
              label={t('customers.fields.birthday')}
              type="date"
            />
            <Select
              {...form.getInputProps('ownerId')}
              label={t('customers.fields.owner')}
              placeholder={t('customers.common.noOwner')}
              data={users.options(base?.ownerId)}
              searchable
              clearable
            />
            <TagsInput
              {...form.getInputProps('tags')}
              label={t('customers.fields.tags')}
              description={t('customers.form.tagsHint')}
              clearable
              maxTags={50}
            />
          </SimpleGrid>
        </FormSection>

        <FormSection legend={t('customers.form.sections.accounts')}>
          <AccountLinks
            rows={values.accounts}
            primary={values.primaryAccountId}
            error={form.errors.accounts as string | undefined}
            onPrimary={(id) => form.setFieldValue('primaryAccountId', id)}
            onAdd={(account) => {
              if (values.accounts.some((a) => a.accountId === account.id)) return;
              form.insertListItem('accounts', {
                key: rowKey(),
                accountId: account.id,
                name: account.name,
                role: '',
              });
              if (!values.primaryAccountId) form.setFieldValue('primaryAccountId', account.id);
            }}
            onRemove={(i) => form.removeListItem('accounts', i)}
            roleProps={(i) => form.getInputProps(`accounts.${i}.role`)}
          />
        </FormSection>

        <FormSection legend={t('customers.form.sections.reach')}>
          <Text size="sm" fw={500}>
            {t('customers.fields.phones')}
          </Text>
          <ListEditor
            rows={values.phones}
            addLabel={t('customers.form.addPhone')}
            removeLabel={(i) => t('customers.form.removePhone', { n: i + 1 })}
            onAdd={() => form.insertListItem('phones', { key: rowKey(), number: '', label: '' })}
            onRemove={(i) => form.removeListItem('phones', i)}
            render={(row, i) => (
              <PhoneInputs
                row={row}
                index={i}
                numberProps={form.getInputProps(`phones.${i}.number`)}
                labelProps={form.getInputProps(`phones.${i}.label`)}
              />
            )}
          />
          <Text size="sm" fw={500}>
            {t('customers.fields.emails')}
          </Text>
          <ListEditor
            rows={values.emails}
            addLabel={t('customers.form.addEmail')}
            removeLabel={(i) => t('customers.form.removeEmail', { n: i + 1 })}
            onAdd={() => form.insertListItem('emails', { key: rowKey(), value: '' })}
            onRemove={(i) => form.removeListItem('emails', i)}
            render={(_row, i) => (
              <TextInput
                {...form.getInputProps(`emails.${i}.value`)}
                aria-label={t('customers.fields.emailN', { n: i + 1 })}
                type="email"
                dir="ltr"
                style={{ flex: 1 }}
              />
            )}
          />
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <TextInput
              {...form.getInputProps('fax')}
              label={t('customers.fields.fax')}
              type="tel"
              dir="ltr"
            />
            <Select
              {...form.getInputProps('preferredLanguage')}
              label={t('customers.fields.preferredLanguage')}
              data={CONTACT_LANGUAGES.map((lang) => ({
                value: lang,
                label: t(`customers.languages.${lang}`),
              }))}
              clearable
            />
            <Select
              {...form.getInputProps('preferredChannel')}
              label={t('customers.fields.preferredChannel')}
              data={CONTACT_CHANNELS.map((channel) => ({
                value: channel,
                label: t(`customers.consentChannels.${channel}`),
              }))}
              clearable
            />
          </SimpleGrid>
        </FormSection>

        <FormSection legend={t('customers.form.sections.consent')}>
          <Text size="xs" c="dimmed">
            {t('customers.form.consentHint')}
          </Text>
          {CONSENT_CHANNELS.map((channel) => {
            const row = values.consents[channel];
            return (
              <Group key={channel} gap="sm" align="flex-start" wrap="wrap">
                <Checkbox
                  {...form.getInputProps(`consents.${channel}.granted`, { type: 'checkbox' })}
                  label={t(`customers.consentChannels.${channel}`)}
                  w={130}
                  mt={8}
                />
                <TextInput
                  {...form.getInputProps(`consents.${channel}.source`)}
                  aria-label={t('customers.form.consentSource', {
                    channel: t(`customers.consentChannels.${channel}`),
                  })}
                  placeholder={t('customers.form.consentSourceHint')}
                  dir="auto"
                  maxLength={100}
                  style={{ flex: 1, minWidth: 200 }}
                  description={
                    row.at
                      ? t(row.granted ? 'customers.consent.grantedAt' : 'customers.consent.revokedAt', {
                          date: format.dateTime(row.at),
                        })
                      : undefined
                  }
                />
              </Group>
            );
          })}
        </FormSection>

        {defs.length ? (
          <FormSection legend={t('customers.form.sections.customFields')}>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              {defs.map((def) => (
                <div key={def.key} style={isWideField(def) ? { gridColumn: '1 / -1' } : undefined}>
                  <CustomFieldInput
                    def={def}
                    value={values.customFields[def.key]}
                    onChange={(value) => form.setFieldValue(`customFields.${def.key}`, value)}
                    error={form.errors[`customFields.${def.key}`] as string | undefined}
                    userOptions={users.options()}
                  />
                </div>
              ))}
            </SimpleGrid>
          </FormSection>
        ) : null}

        <FormAlert
          message={
            save.error && !hasCode(save.error, 'VERSION_CONFLICT')
              ? problemMessage(t, save.error, i18n.language)
              : null
          }
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={save.isPending} disabled={conflict !== null}>
            {base ? t('common.save') : t('customers.form.createContact')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** The contact's accounts: add one by searching, set a role, pick the primary one, remove. */
function AccountLinks({
  rows,
  primary,
  error,
  onPrimary,
  onAdd,
  onRemove,
  roleProps,
}: {
  rows: AccountLinkRow[];
  primary: string | null;
  error: string | undefined;
  onPrimary: (id: string) => void;
  onAdd: (account: { id: string; name: string }) => void;
  onRemove: (index: number) => void;
  roleProps: (index: number) => GetInputPropsReturnType;
}) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search.trim(), 200);
  const found = useQuery({
    queryKey: ['customers', 'account-picker', debounced],
    queryFn: ({ signal }) =>
      customersApi.listAccounts({ filters: { q: debounced || undefined }, sort: null }, null, 20, signal),
    staleTime: 10_000,
  });
  const linked = new Set(rows.map((r) => r.accountId));
  const options = (found.data?.items ?? [])
    .filter((account) => !linked.has(account.id))
    .map((account) => ({ value: account.id, label: account.name }));

  return (
    <Stack gap="xs">
      {rows.length ? (
        <Radio.Group
          value={primary}
          onChange={onPrimary}
          label={t('customers.form.primaryAccount')}
          size="sm"
        >
          <Stack gap={6} mt={4}>
            {rows.map((row, i) => (
              <Group key={row.key} gap="sm" wrap="nowrap" align="center">
                <Radio
                  value={row.accountId}
                  aria-label={t('customers.form.makePrimary', { name: row.name })}
                />
                <Anchor
                  href={`/customers/accounts/${row.accountId}`}
                  target="_blank"
                  size="sm"
                  style={{ flex: 1, minWidth: 0 }}
                  truncate
                >
                  <span dir="auto">{row.name}</span>
                </Anchor>
                <TextInput
                  {...roleProps(i)}
                  aria-label={t('customers.form.roleAt', { name: row.name })}
                  placeholder={t('customers.fields.role')}
                  size="xs"
                  dir="auto"
                  w={160}
                />
                <ActionIcon
                  variant="subtle"
                  color="gray"
                  aria-label={t('customers.form.unlinkAccount', { name: row.name })}
                  onClick={() => onRemove(i)}
                >
                  <IconX size={16} />
                </ActionIcon>
              </Group>
            ))}
          </Stack>
        </Radio.Group>
      ) : (
        <Text size="sm" c="dimmed">
          {t('customers.form.noAccounts')}
        </Text>
      )}
      <Select
        label={t('customers.form.linkAccount')}
        placeholder={t('customers.form.linkAccountHint')}
        data={options}
        value={null}
        searchable
        searchValue={search}
        onSearchChange={setSearch}
        filter={({ options: all }) => all}
        nothingFoundMessage={found.isFetching ? t('common.loading') : t('customers.form.noAccountFound')}
        onChange={(id, option) => {
          if (id && option) onAdd({ id, name: option.label });
          setSearch('');
        }}
        error={error}
        comboboxProps={{ withinPortal: true }}
      />
    </Stack>
  );
}

const FIELD_LABELS = {
  firstName: 'customers.fields.firstName',
  lastName: 'customers.fields.lastName',
  title: 'customers.fields.jobTitle',
  accounts: 'customers.form.sections.accounts',
  phones: 'customers.fields.phones',
  emails: 'customers.fields.emails',
  fax: 'customers.fields.fax',
  birthday: 'customers.fields.birthday',
  preferredLanguage: 'customers.fields.preferredLanguage',
  preferredChannel: 'customers.fields.preferredChannel',
  ownerId: 'customers.fields.owner',
  tags: 'customers.fields.tags',
} as const;
