import { Checkbox, MultiSelect, NumberInput, Select, Textarea, TextInput } from '@mantine/core';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { CustomFieldDef } from './customers-api';
import { fromLocalInput, toLocalInput, useCustomerFormat } from './customers-format';

/** A custom field's value while it is edited in a form. */
export type CfFormValue = string | number | boolean | string[];

const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The stored value as the form edits it ('' / [] / false when empty). */
export const cfToForm = (def: CustomFieldDef, value: unknown): CfFormValue => {
  switch (def.type) {
    case 'checkbox':
      return value === true;
    case 'multi_select':
      return Array.isArray(value) ? value.map(String) : [];
    case 'number':
    case 'currency':
      return typeof value === 'number'
        ? value
        : typeof value === 'string' && value !== ''
          ? Number(value)
          : '';
    case 'datetime':
      return typeof value === 'string' ? toLocalInput(value) : '';
    default:
      return typeof value === 'string' ? value : '';
  }
};

/** The form value as the API takes it; null = empty. */
export const cfFromForm = (def: CustomFieldDef, value: CfFormValue | undefined): unknown => {
  switch (def.type) {
    case 'checkbox':
      return value === true;
    case 'multi_select':
      return Array.isArray(value) && value.length ? value : null;
    case 'number':
    case 'currency':
      return typeof value === 'number' && Number.isFinite(value) ? value : null;
    case 'datetime':
      return typeof value === 'string' ? fromLocalInput(value) : null;
    default:
      return typeof value === 'string' && value.trim() ? value.trim() : null;
  }
};

/** Client-side checks (the server checks again): required, and the shape of emails and links. */
export const validateCf = (
  t: TFunction,
  def: CustomFieldDef,
  value: CfFormValue | undefined,
): string | null => {
  const api = cfFromForm(def, value);
  if (def.required && def.type !== 'checkbox' && api === null) return t('validation.required');
  if (api === null || typeof api !== 'string') return null;
  if (def.type === 'email' && !EMAIL_RE.test(api)) return t('validation.email');
  if (def.type === 'url' && !/^https?:\/\/\S+\.\S+/i.test(api)) return t('customers.validation.url');
  return null;
};

interface CustomFieldInputProps {
  def: CustomFieldDef;
  /** From form.getInputProps(`customFields.<key>`). */
  value: CfFormValue | undefined;
  onChange: (value: CfFormValue) => void;
  error?: string | null | undefined;
  userOptions: { value: string; label: string }[];
}

/** One admin-defined field, drawn by its type, labelled in the UI language. */
export function CustomFieldInput({ def, value, onChange, error, userOptions }: CustomFieldInputProps) {
  const format = useCustomerFormat();
  const label = format.fieldLabel(def);
  const common = { label, required: def.required, withAsterisk: def.required, error: error || undefined };
  const text = typeof value === 'string' ? value : '';
  const options = def.options.map((option) => ({
    value: option.value,
    label: format.optionLabel(def, option.value),
  }));
  switch (def.type) {
    case 'text':
      return (
        <TextInput
          {...common}
          value={text}
          onChange={(e) => onChange(e.currentTarget.value)}
          dir="auto"
          maxLength={def.validation.maxLength ?? 500}
        />
      );
    case 'long_text':
      return (
        <Textarea
          {...common}
          value={text}
          onChange={(e) => onChange(e.currentTarget.value)}
          dir="auto"
          autosize
          minRows={2}
          maxRows={8}
        />
      );
    case 'number':
    case 'currency':
      return (
        <NumberInput
          {...common}
          value={typeof value === 'number' ? value : ''}
          onChange={(next) => onChange(typeof next === 'number' ? next : '')}
          leftSection={def.type === 'currency' ? '₪' : undefined}
          decimalScale={def.type === 'currency' ? 2 : undefined}
          thousandSeparator=","
          min={def.validation.min}
          max={def.validation.max}
        />
      );
    case 'date':
      return (
        <TextInput {...common} type="date" value={text} onChange={(e) => onChange(e.currentTarget.value)} />
      );
    case 'datetime':
      return (
        <TextInput
          {...common}
          type="datetime-local"
          value={text}
          onChange={(e) => onChange(e.currentTarget.value)}
        />
      );
    case 'select':
      return (
        <Select
          {...common}
          data={options}
          value={text || null}
          onChange={(next) => onChange(next ?? '')}
          clearable
          searchable={options.length > 7}
        />
      );
    case 'multi_select':
      return (
        <MultiSelect
          {...common}
          data={options}
          value={Array.isArray(value) ? value : []}
          onChange={onChange}
          clearable
          searchable={options.length > 7}
        />
      );
    case 'checkbox':
      return (
        <Checkbox
          label={label}
          checked={value === true}
          onChange={(e) => onChange(e.currentTarget.checked)}
          error={error || undefined}
          mt="xs"
        />
      );
    case 'phone':
      return (
        <TextInput
          {...common}
          type="tel"
          dir="ltr"
          value={text}
          onChange={(e) => onChange(e.currentTarget.value)}
        />
      );
    case 'email':
      return (
        <TextInput
          {...common}
          type="email"
          dir="ltr"
          value={text}
          onChange={(e) => onChange(e.currentTarget.value)}
        />
      );
    case 'url':
      return (
        <TextInput
          {...common}
          type="url"
          dir="ltr"
          placeholder="https://"
          value={text}
          onChange={(e) => onChange(e.currentTarget.value)}
        />
      );
    case 'user':
      return (
        <Select
          {...common}
          data={userOptions}
          value={text || null}
          onChange={(next) => onChange(next ?? '')}
          clearable
          searchable
        />
      );
    default: {
      const never: never = def.type;
      return String(never);
    }
  }
}

/** Whether a field has a label of its own row width (long text) in a two-column grid. */
export const isWideField = (def: CustomFieldDef) => def.type === 'long_text';

export const useYesNo = () => {
  const { t } = useTranslation();
  return (value: boolean) => (value ? t('customers.common.yes') : t('customers.common.no'));
};
