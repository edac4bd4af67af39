import {
  Autocomplete,
  Button,
  Group,
  Modal,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  TagsInput,
  Text,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMediaQuery } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isValidIsraeliId, normaliseIsraeliId } from '../../../shared/israeli-ids';
import { hasCode } from '../../ui/api-client';
import { FormAlert } from '../../ui/form-alert';
import { problemMessage } from '../../ui/problem';
import { WithUserText } from '../../ui/with-user-text';
import {
  type CfFormValue,
  CustomFieldInput,
  cfFromForm,
  cfToForm,
  isWideField,
  validateCf,
} from './custom-field-input';
import { type Account, type CreateAccountInput, type CustomFieldDef, customersApi } from './customers-api';
import { KNOWN_TIERS, useCustomerFormat } from './customers-format';
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

interface RefRow {
  key: string;
  system: string;
  value: string;
}

interface AccountFormValues {
  name: string;
  kind: 'business' | 'private';
  companyNumber: string;
  phones: PhoneRow[];
  emails: EmailRow[];
  fax: string;
  website: string;
  address: { street: string; city: string; zip: string; country: string };
  ownerId: string | null;
  tier: string;
  status: 'active' | 'inactive';
  tags: string[];
  externalRefs: RefRow[];
  customFields: Record<string, CfFormValue>;
}

const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const toForm = (account: Account | null, defs: CustomFieldDef[]): AccountFormValues => ({
  name: account?.name ?? '',
  kind: account?.kind ?? 'business',
  companyNumber: account?.companyNumber ?? '',
  phones: account?.phones.length ? phoneRows(account.phones) : [{ key: rowKey(), number: '', label: '' }],
  emails: account?.emails.length ? emailRows(account.emails) : [{ key: rowKey(), value: '' }],
  fax: account?.fax ?? '',
  website: account?.website ?? '',
  address: {
    street: account?.address.street ?? '',
    city: account?.address.city ?? '',
    zip: account?.address.zip ?? '',
    country: account?.address.country ?? '',
  },
  ownerId: account?.ownerId ?? null,
  tier: account?.tier ?? 'standard',
  status: account?.status ?? 'active',
  tags: account?.tags ?? [],
  externalRefs: Object.entries(account?.externalRefs ?? {}).map(([system, value]) => ({
    key: rowKey(),
    system,
    value,
  })),
  customFields: Object.fromEntries(
    defs.map((def) => [def.key, cfToForm(def, account?.customFields[def.key])]),
  ),
});

/** The whole form as the API takes it, plus which form rows the phones and emails came from. */
const toInput = (values: AccountFormValues, defs: CustomFieldDef[]) => {
  const phones = phonesInput(values.phones);
  const emails = emailsInput(values.emails);
  const trimmed = (v: string) => v.trim() || null;
  const input = {
    name: values.name.trim(),
    kind: values.kind,
    companyNumber: trimmed(values.companyNumber),
    phones: phones.phones,
    emails: emails.emails,
    fax: trimmed(values.fax),
    website: trimmed(values.website),
    address: Object.fromEntries(
      Object.entries(values.address)
        .map(([k, v]) => [k, v.trim()])
        .filter(([, v]) => v),
    ),
    ownerId: values.ownerId,
    tier: values.tier.trim() || 'standard',
    status: values.status,
    tags: values.tags,
    externalRefs: Object.fromEntries(
      values.externalRefs
        .filter((r) => r.system.trim() && r.value.trim())
        .map((r) => [r.system.trim(), r.value.trim()]),
    ),
    customFields: Object.fromEntries(
      defs.map((def) => [def.key, cfFromForm(def, values.customFields[def.key])]),
    ),
  };
  return { input, sent: { phoneRows: phones.rows, emailRows: emails.rows } };
};

type FullInput = ReturnType<typeof toInput>['input'];

/** Create: leave out what is empty (the server's defaults apply). */
const createInput = (input: FullInput): CreateAccountInput => ({
  name: input.name,
  kind: input.kind,
  ...(input.companyNumber ? { companyNumber: input.companyNumber } : {}),
  phones: input.phones,
  emails: input.emails,
  ...(input.fax ? { fax: input.fax } : {}),
  ...(input.website ? { website: input.website } : {}),
  address: input.address,
  ownerId: input.ownerId,
  tier: input.tier,
  status: input.status,
  tags: input.tags,
  externalRefs: input.externalRefs,
  customFields: Object.fromEntries(Object.entries(input.customFields).filter(([, v]) => v !== null)),
});

interface AccountFormModalProps {
  opened: boolean;
  onClose: () => void;
  /** Edit this account; without it the form creates one. */
  account?: Account | null;
  onSaved?: (account: Account) => void;
}

export function AccountFormModal({ opened, onClose, account = null, onSaved }: AccountFormModalProps) {
  const { t } = useTranslation();
  const phone = useMediaQuery('(max-width: 48em)');
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      size="xl"
      fullScreen={phone}
      title={
        account ? (
          <WithUserText
            value={account.name}
            translate={(name) => t('customers.form.editAccountTitle', { name })}
          />
        ) : (
          t('customers.form.newAccountTitle')
        )
      }
    >
      {opened ? <AccountForm account={account} onClose={onClose} onSaved={onSaved} /> : null}
    </Modal>
  );
}

interface AccountFormProps {
  account: Account | null;
  onClose: () => void;
  onSaved?: ((account: Account) => void) | undefined;
}

/** Waits for the tenant's custom fields, so the form starts with every field it will show. */
function AccountForm(props: AccountFormProps) {
  const { t } = useTranslation();
  const { defs, isPending } = useCustomFieldDefs('account');
  if (isPending) return <FormLoader label={t('common.loading')} />;
  return <AccountFormBody {...props} defs={defs} />;
}

function AccountFormBody({ account, onClose, onSaved, defs }: AccountFormProps & { defs: CustomFieldDef[] }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const format = useCustomerFormat();
  const users = useUsers();
  // The version this form read; after "discard" it is the one the conflict showed.
  const [base, setBase] = useState<Account | null>(account);
  const [conflict, setConflict] = useState<Account | null>(null);
  const sentRef = useRef({ phoneRows: [] as number[], emailRows: [] as number[] });
  const formRef = useRef<HTMLFormElement>(null);

  const form = useForm<AccountFormValues>({
    initialValues: toForm(account, defs),
    validate: (values) => {
      const errors: Record<string, string | null> = {};
      if (!values.name.trim()) errors.name = t('validation.required');
      const number = values.companyNumber.trim();
      if (number && !isValidIsraeliId(number)) errors.companyNumber = t('customers.validation.companyNumber');
      values.emails.forEach((row, i) => {
        if (row.value.trim() && !EMAIL_RE.test(row.value.trim()))
          errors[`emails.${i}.value`] = t('validation.email');
      });
      for (const def of defs)
        errors[`customFields.${def.key}`] = validateCf(t, def, values.customFields[def.key]);
      return errors;
    },
  });

  const save = useMutation({
    mutationFn: async ({ values, version }: { values: AccountFormValues; version?: number }) => {
      const { input, sent } = toInput(values, defs);
      sentRef.current = sent;
      if (!base) return customersApi.createAccount(createInput(input));
      const changes = changedFields(toInput(toForm(base, defs), defs).input, input);
      return customersApi.updateAccount(base.id, version ?? base.version, changes);
    },
    onSuccess: (saved) => {
      queryClient.setQueryData(customersKeys.account(saved.id), saved);
      void queryClient.invalidateQueries({ queryKey: customersKeys.all });
      notifications.show({
        color: 'teal',
        message: (
          <WithUserText
            value={saved.name}
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
        setConflict(error.problem.current as Account);
        return;
      }
      form.setErrors(formErrors(error, sentRef.current));
      focusFirstError(formRef.current);
    },
  });

  const conflictChanges = useMemo<ConflictChange[]>(() => {
    if (!conflict || !base) return [];
    const before = toInput(toForm(base, defs), defs).input;
    const theirs = changedFields(before, toInput(toForm(conflict, defs), defs).input);
    const mine = changedFields(before, toInput(form.getValues(), defs).input) as Record<string, unknown>;
    const label = (key: string) =>
      key in FIELD_LABELS ? t(FIELD_LABELS[key as keyof typeof FIELD_LABELS]) : key;
    const describe = (key: string, value: unknown) => {
      if (key === 'ownerId') return users.nameOf(value as string | null) ?? '';
      if (key === 'kind' && (value === 'business' || value === 'private'))
        return t(`customers.kind.${value}`);
      if (key === 'status' && (value === 'active' || value === 'inactive'))
        return t(`customers.status.${value}`);
      if (key === 'tier' && typeof value === 'string') return format.tier(value);
      return describeValue(value);
    };
    return Object.entries(theirs).flatMap(([key, value]): ConflictChange[] => {
      if (key === 'customFields') {
        return Object.entries(value as Record<string, unknown>).map(([cf, v]) => {
          const def = defs.find((d) => d.key === cf);
          const myCf = (mine.customFields as Record<string, unknown> | undefined)?.[cf];
          return {
            field: def ? format.fieldLabel(def) : cf,
            theirs: describeValue(v),
            mine: myCf === undefined ? null : describeValue(myCf),
          };
        });
      }
      return [
        {
          field: label(key),
          theirs: describe(key, value),
          mine: key in mine ? describe(key, mine[key]) : null,
        },
      ];
    });
  }, [conflict, base, defs, form, t, format, users]);

  const values = form.getValues();
  const companyNumber = values.companyNumber.trim();
  const companyHint =
    companyNumber && isValidIsraeliId(companyNumber)
      ? t('customers.form.companyNumberValid', { number: normaliseIsraeliId(companyNumber) })
      : t('customers.form.companyNumberHint');

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

        <FormSection legend={t('customers.form.sections.details')}>
          <TextInput
            {...form.getInputProps('name')}
            label={t('customers.fields.name')}
            dir="auto"
            required
            withAsterisk
            maxLength={200}
            data-autofocus
          />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <div>
              <Text size="sm" fw={500} mb={4} id="account-kind-label">
                {t('customers.fields.kind')}
              </Text>
              <SegmentedControl
                {...form.getInputProps('kind')}
                aria-labelledby="account-kind-label"
                fullWidth
                data={[
                  { value: 'business', label: t('customers.kind.business') },
                  { value: 'private', label: t('customers.kind.private') },
                ]}
              />
            </div>
            <TextInput
              {...form.getInputProps('companyNumber')}
              label={
                values.kind === 'private'
                  ? t('customers.fields.idNumber')
                  : t('customers.fields.companyNumber')
              }
              description={form.errors.companyNumber ? undefined : companyHint}
              inputMode="numeric"
              dir="ltr"
              maxLength={20}
            />
            <Select
              {...form.getInputProps('ownerId')}
              label={t('customers.fields.owner')}
              placeholder={t('customers.common.noOwner')}
              data={users.options(base?.ownerId)}
              searchable
              clearable
            />
            <Autocomplete
              {...form.getInputProps('tier')}
              label={t('customers.fields.tier')}
              data={KNOWN_TIERS.map((tier) => ({ value: tier, label: format.tier(tier) }))}
            />
            <Select
              {...form.getInputProps('status')}
              label={t('customers.fields.status')}
              data={[
                { value: 'active', label: t('customers.status.active') },
                { value: 'inactive', label: t('customers.status.inactive') },
              ]}
              allowDeselect={false}
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
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput
              {...form.getInputProps('fax')}
              label={t('customers.fields.fax')}
              type="tel"
              dir="ltr"
            />
            <TextInput
              {...form.getInputProps('website')}
              label={t('customers.fields.website')}
              type="url"
              dir="ltr"
              placeholder="https://"
            />
          </SimpleGrid>
        </FormSection>

        <FormSection legend={t('customers.form.sections.address')}>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput
              {...form.getInputProps('address.street')}
              label={t('customers.fields.street')}
              dir="auto"
            />
            <TextInput
              {...form.getInputProps('address.city')}
              label={t('customers.fields.city')}
              dir="auto"
            />
            <TextInput {...form.getInputProps('address.zip')} label={t('customers.fields.zip')} dir="ltr" />
            <TextInput
              {...form.getInputProps('address.country')}
              label={t('customers.fields.country')}
              dir="auto"
            />
          </SimpleGrid>
        </FormSection>

        <FormSection legend={t('customers.form.sections.externalRefs')}>
          <Text size="xs" c="dimmed">
            {t('customers.form.externalRefsHint')}
          </Text>
          <ListEditor
            rows={values.externalRefs}
            addLabel={t('customers.form.addRef')}
            removeLabel={(i) => t('customers.form.removeRef', { n: i + 1 })}
            onAdd={() => form.insertListItem('externalRefs', { key: rowKey(), system: '', value: '' })}
            onRemove={(i) => form.removeListItem('externalRefs', i)}
            render={(_row, i) => (
              <>
                <TextInput
                  {...form.getInputProps(`externalRefs.${i}.system`)}
                  aria-label={t('customers.fields.refSystem', { n: i + 1 })}
                  placeholder="priority"
                  dir="ltr"
                  maxLength={40}
                  style={{ flex: 1 }}
                />
                <TextInput
                  {...form.getInputProps(`externalRefs.${i}.value`)}
                  aria-label={t('customers.fields.refValue', { n: i + 1 })}
                  placeholder="10023"
                  dir="ltr"
                  maxLength={100}
                  style={{ flex: 1 }}
                />
              </>
            )}
          />
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
            {base ? t('common.save') : t('customers.form.createAccount')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

const FIELD_LABELS = {
  name: 'customers.fields.name',
  kind: 'customers.fields.kind',
  companyNumber: 'customers.fields.companyNumber',
  phones: 'customers.fields.phones',
  emails: 'customers.fields.emails',
  fax: 'customers.fields.fax',
  website: 'customers.fields.website',
  address: 'customers.form.sections.address',
  ownerId: 'customers.fields.owner',
  tier: 'customers.fields.tier',
  status: 'customers.fields.status',
  tags: 'customers.fields.tags',
  externalRefs: 'customers.form.sections.externalRefs',
} as const;
