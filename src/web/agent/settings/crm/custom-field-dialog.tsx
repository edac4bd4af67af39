import {
  ActionIcon,
  Button,
  Fieldset,
  Group,
  Modal,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { FormAlert } from '../../../ui/form-alert';
import { IconPlus } from '../../../ui/icons';
import { fieldErrors, problemMessage } from '../../../ui/problem';
import { WithUserText } from '../../../ui/with-user-text';
import { IconTrash } from './crm-icons';
import {
  CUSTOM_FIELD_TYPES,
  type CustomFieldDef,
  type CustomFieldEntity,
  type CustomFieldType,
  crmSettingsApi,
  crmSettingsKeys,
  sharedKeys,
} from './crm-settings-api';
import { useBilingual } from './use-crm-admin';

const KEY_RE = /^[a-z][a-z0-9_]{0,39}$/;
// keys, values and patterns are code: monospace in the box only, not in its label or hint
const MONO = { input: { fontFamily: 'var(--mantine-font-family-monospace)' } };
const LIST_TYPES: readonly CustomFieldType[] = ['select', 'multi_select'];
const NUMBER_TYPES: readonly CustomFieldType[] = ['number', 'currency'];
const TEXT_TYPES: readonly CustomFieldType[] = ['text', 'long_text'];

/** "Contract end date" → "contract_end_date": a key suggestion from the English label. */
export const suggestKey = (label: string): string => {
  const slug = label
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  if (!slug) return '';
  return (/^[a-z]/.test(slug) ? slug : `f_${slug}`).slice(0, 40).replace(/_+$/, '');
};

interface OptionRow {
  value: string;
  labelHe: string;
  labelEn: string;
  /** The value still follows the English name (the admin has not typed one). */
  auto: boolean;
}

interface FieldFormValues {
  labelHe: string;
  labelEn: string;
  key: string;
  keyAuto: boolean;
  type: CustomFieldType;
  required: boolean;
  options: OptionRow[];
  min: number | string;
  max: number | string;
  maxLength: number | string;
  pattern: string;
}

const asNumber = (value: number | string): number | undefined =>
  value === '' || value === null || Number.isNaN(Number(value)) ? undefined : Number(value);

const initialValues = (field: CustomFieldDef | null): FieldFormValues => ({
  labelHe: field?.labelHe ?? '',
  labelEn: field?.labelEn ?? '',
  key: field?.key ?? '',
  keyAuto: !field,
  type: field?.type ?? 'text',
  required: field?.required ?? false,
  options: (field?.options ?? []).map((o) => ({ ...o, auto: false })),
  min: field?.validation.min ?? '',
  max: field?.validation.max ?? '',
  maxLength: field?.validation.maxLength ?? '',
  pattern: field?.validation.pattern ?? '',
});

const validationOf = (values: FieldFormValues) => {
  const validation: { min?: number; max?: number; maxLength?: number; pattern?: string } = {};
  if (NUMBER_TYPES.includes(values.type)) {
    const min = asNumber(values.min);
    const max = asNumber(values.max);
    if (min !== undefined) validation.min = min;
    if (max !== undefined) validation.max = max;
  }
  if (TEXT_TYPES.includes(values.type)) {
    const maxLength = asNumber(values.maxLength);
    if (maxLength !== undefined) validation.maxLength = maxLength;
    if (values.pattern.trim()) validation.pattern = values.pattern.trim();
  }
  return validation;
};

interface CustomFieldDialogProps {
  opened: boolean;
  onClose: () => void;
  entity: CustomFieldEntity;
  /** The field to edit; null to create one. */
  field: CustomFieldDef | null;
}

export function CustomFieldDialog({ opened, onClose, entity, field }: CustomFieldDialogProps) {
  const { t } = useTranslation();
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      size="xl"
      title={
        field
          ? t('crmSettings.customFields.dialog.editTitle')
          : t('crmSettings.customFields.dialog.createTitle', { entity: t(`crmSettings.entities.${entity}`) })
      }
    >
      {opened ? <FieldForm key={field?.id ?? 'new'} entity={entity} field={field} onDone={onClose} /> : null}
    </Modal>
  );
}

function FieldForm({
  entity,
  field,
  onDone,
}: {
  entity: CustomFieldEntity;
  field: CustomFieldDef | null;
  onDone: () => void;
}) {
  const { t, i18n } = useTranslation();
  const bilingual = useBilingual();
  const queryClient = useQueryClient();
  const form = useForm<FieldFormValues>({
    initialValues: initialValues(field),
    validate: {
      labelHe: (v) => (v.trim() ? null : t('validation.required')),
      labelEn: (v) => (v.trim() ? null : t('validation.required')),
      key: (v) => (field || KEY_RE.test(v.trim()) ? null : t('crmSettings.customFields.errors.key')),
      options: {
        value: (v, values, path) => {
          if (!v.trim()) return t('validation.required');
          const index = Number(path.split('.')[1]);
          const first = values.options.findIndex((o) => o.value.trim() === v.trim());
          return first !== index ? t('crmSettings.customFields.errors.optionDuplicate') : null;
        },
        labelHe: (v) => (v.trim() ? null : t('validation.required')),
        labelEn: (v) => (v.trim() ? null : t('validation.required')),
      },
      max: (v, values) => {
        const min = asNumber(values.min);
        const max = asNumber(v);
        return NUMBER_TYPES.includes(values.type) && min !== undefined && max !== undefined && max < min
          ? t('crmSettings.customFields.errors.minMax')
          : null;
      },
      pattern: (v, values) => {
        if (!TEXT_TYPES.includes(values.type) || !v.trim()) return null;
        try {
          new RegExp(v.trim(), 'u');
          return null;
        } catch {
          return t('crmSettings.customFields.errors.pattern');
        }
      },
    },
  });
  const isList = LIST_TYPES.includes(form.values.type);

  const save = useMutation({
    mutationFn: (values: FieldFormValues) => {
      const options = LIST_TYPES.includes(values.type)
        ? values.options.map(({ value, labelHe, labelEn }) => ({
            value: value.trim(),
            labelHe: labelHe.trim(),
            labelEn: labelEn.trim(),
          }))
        : [];
      const common = {
        labelHe: values.labelHe.trim(),
        labelEn: values.labelEn.trim(),
        required: values.required,
        options,
        validation: validationOf(values),
      };
      return field
        ? crmSettingsApi.updateCustomField(field.id, common)
        : crmSettingsApi.createCustomField({ ...common, entity, key: values.key.trim(), type: values.type });
    },
    onSuccess: (saved) => {
      void queryClient.invalidateQueries({ queryKey: crmSettingsKeys.customFields(entity) });
      void queryClient.invalidateQueries({ queryKey: sharedKeys.customFields });
      const name = bilingual(saved).primary;
      notifications.show({
        color: 'teal',
        message: (
          <WithUserText
            value={name}
            translate={(placeholder) =>
              field
                ? t('crmSettings.customFields.updatedNotice', { name: placeholder })
                : t('crmSettings.customFields.createdNotice', { name: placeholder })
            }
          />
        ),
      });
      onDone();
    },
    onError: (error) =>
      form.setErrors(
        fieldErrors(error, {
          // the key is checked here first: on a create the server can only mean "taken"
          messages: field ? {} : { key: t('crmSettings.customFields.errors.keyTaken') },
          rename: {
            'validation.min': 'min',
            'validation.max': 'max',
            'validation.maxLength': 'maxLength',
            'validation.pattern': 'pattern',
          },
        }),
      ),
  });

  const onEnglishLabel = (value: string) => {
    form.setFieldValue('labelEn', value);
    if (!field && form.values.keyAuto) form.setFieldValue('key', suggestKey(value));
  };

  const onOptionEnglish = (index: number, value: string) => {
    form.setFieldValue(`options.${index}.labelEn`, value);
    if (form.values.options[index]?.auto) form.setFieldValue(`options.${index}.value`, suggestKey(value));
  };

  const addOption = () => form.insertListItem('options', { value: '', labelHe: '', labelEn: '', auto: true });

  const typeData = CUSTOM_FIELD_TYPES.map((type) => ({
    value: type,
    label: t(`crmSettings.fieldTypes.${type}`),
  }));

  return (
    <form
      noValidate
      onSubmit={form.onSubmit((values) => {
        if (LIST_TYPES.includes(values.type) && values.options.length === 0) {
          form.setFieldError('options', t('crmSettings.customFields.errors.optionsRequired'));
          return;
        }
        save.mutate(values);
      })}
    >
      <Stack>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            {...form.getInputProps('labelHe')}
            label={t('crmSettings.customFields.dialog.labelHe')}
            dir="auto"
            required
            maxLength={120}
            data-autofocus
          />
          <TextInput
            {...form.getInputProps('labelEn')}
            onChange={(event) => onEnglishLabel(event.currentTarget.value)}
            label={t('crmSettings.customFields.dialog.labelEn')}
            dir="auto"
            required
            maxLength={120}
          />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            {...form.getInputProps('key')}
            onChange={(event) => {
              form.setFieldValue('key', event.currentTarget.value.toLowerCase());
              form.setFieldValue('keyAuto', false);
            }}
            label={t('crmSettings.customFields.dialog.key')}
            description={
              field
                ? t('crmSettings.customFields.dialog.keyLocked')
                : t('crmSettings.customFields.dialog.keyHint')
            }
            dir="ltr"
            styles={MONO}
            required
            maxLength={40}
            disabled={Boolean(field)}
            autoComplete="off"
            spellCheck={false}
          />
          <Select
            {...form.getInputProps('type')}
            onChange={(value) => {
              if (!value) return;
              form.setFieldValue('type', value as CustomFieldType);
              if (LIST_TYPES.includes(value as CustomFieldType) && form.values.options.length === 0)
                addOption();
            }}
            label={t('crmSettings.customFields.dialog.type')}
            description={field ? t('crmSettings.customFields.dialog.typeLocked') : undefined}
            data={typeData}
            allowDeselect={false}
            disabled={Boolean(field)}
            required
            withAsterisk={false}
            comboboxProps={{ withinPortal: true }}
          />
        </SimpleGrid>
        <Switch
          {...form.getInputProps('required', { type: 'checkbox' })}
          label={t('crmSettings.customFields.dialog.required')}
          description={t('crmSettings.customFields.dialog.requiredHint')}
        />

        {isList ? (
          <Fieldset legend={t('crmSettings.customFields.dialog.options')} variant="filled">
            <Stack gap="xs">
              <Text size="xs" c="dimmed">
                {t('crmSettings.customFields.dialog.optionsHint')}
              </Text>
              {form.values.options.map((_option, index) => {
                const n = index + 1;
                return (
                  // biome-ignore lint/suspicious/noArrayIndexKey: options have no id; inputs follow their index
                  <Group key={index} gap="xs" align="flex-start" wrap="nowrap">
                    <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="xs" style={{ flex: 1 }}>
                      <TextInput
                        {...form.getInputProps(`options.${index}.labelHe`)}
                        aria-label={t('crmSettings.customFields.dialog.optionLabelHeLabel', { n })}
                        placeholder={t('crmSettings.customFields.dialog.optionLabelHe')}
                        dir="auto"
                        maxLength={120}
                      />
                      <TextInput
                        {...form.getInputProps(`options.${index}.labelEn`)}
                        onChange={(event) => onOptionEnglish(index, event.currentTarget.value)}
                        aria-label={t('crmSettings.customFields.dialog.optionLabelEnLabel', { n })}
                        placeholder={t('crmSettings.customFields.dialog.optionLabelEn')}
                        dir="auto"
                        maxLength={120}
                      />
                      <TextInput
                        {...form.getInputProps(`options.${index}.value`)}
                        onChange={(event) => {
                          form.setFieldValue(`options.${index}.value`, event.currentTarget.value);
                          form.setFieldValue(`options.${index}.auto`, false);
                        }}
                        aria-label={t('crmSettings.customFields.dialog.optionValueLabel', { n })}
                        placeholder={t('crmSettings.customFields.dialog.optionValue')}
                        dir="ltr"
                        styles={MONO}
                        maxLength={80}
                        spellCheck={false}
                      />
                    </SimpleGrid>
                    <ActionIcon
                      variant="subtle"
                      color="red"
                      mt={4}
                      aria-label={t('crmSettings.customFields.dialog.removeOption', { n })}
                      onClick={() => form.removeListItem('options', index)}
                    >
                      <IconTrash size={16} />
                    </ActionIcon>
                  </Group>
                );
              })}
              {form.errors.options ? (
                <Text size="sm" c="red" role="alert">
                  {form.errors.options}
                </Text>
              ) : null}
              <Group>
                <Button variant="light" size="xs" leftSection={<IconPlus size={14} />} onClick={addOption}>
                  {t('crmSettings.customFields.dialog.addOption')}
                </Button>
              </Group>
            </Stack>
          </Fieldset>
        ) : null}

        {NUMBER_TYPES.includes(form.values.type) ? (
          <Fieldset legend={t('crmSettings.customFields.dialog.validation')} variant="filled">
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <NumberInput
                {...form.getInputProps('min')}
                label={t('crmSettings.customFields.dialog.min')}
                withAsterisk={false}
                decimalScale={form.values.type === 'currency' ? 2 : undefined}
              />
              <NumberInput
                {...form.getInputProps('max')}
                label={t('crmSettings.customFields.dialog.max')}
                withAsterisk={false}
                decimalScale={form.values.type === 'currency' ? 2 : undefined}
              />
            </SimpleGrid>
          </Fieldset>
        ) : null}

        {TEXT_TYPES.includes(form.values.type) ? (
          <Fieldset legend={t('crmSettings.customFields.dialog.validation')} variant="filled">
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <NumberInput
                {...form.getInputProps('maxLength')}
                label={t('crmSettings.customFields.dialog.maxLength')}
                min={1}
                max={10_000}
                allowDecimal={false}
                allowNegative={false}
              />
              <TextInput
                {...form.getInputProps('pattern')}
                label={t('crmSettings.customFields.dialog.pattern')}
                description={t('crmSettings.customFields.dialog.patternHint')}
                dir="ltr"
                styles={MONO}
                maxLength={200}
                spellCheck={false}
                autoComplete="off"
              />
            </SimpleGrid>
          </Fieldset>
        ) : null}

        <FormAlert message={save.error ? problemMessage(t, save.error, i18n.language) : null} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={save.isPending}>
            {field
              ? t('crmSettings.customFields.dialog.submitEdit')
              : t('crmSettings.customFields.dialog.submitCreate')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
