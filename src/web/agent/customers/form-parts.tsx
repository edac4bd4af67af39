import {
  ActionIcon,
  Alert,
  Button,
  Center,
  Fieldset,
  Group,
  Loader,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import type { GetInputPropsReturnType } from '@mantine/form';
import { type ReactNode, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { IconAlert, IconPlus } from '../../ui/icons';
import { fieldErrors } from '../../ui/problem';
import { IconX } from './customer-icons';

let nextKey = 0;
/** A stable React key for a row added to a form list. */
export const rowKey = () => {
  nextKey += 1;
  return `row-${nextKey}`;
};

export interface PhoneRow {
  key: string;
  number: string;
  label: string;
}
export interface EmailRow {
  key: string;
  value: string;
}

export const phoneRows = (phones: { raw: string; label?: string | undefined }[]): PhoneRow[] =>
  phones.map((phone) => ({ key: rowKey(), number: phone.raw, label: phone.label ?? '' }));
export const emailRows = (emails: string[]): EmailRow[] => emails.map((value) => ({ key: rowKey(), value }));

/** The filled rows as the API takes them, and which form row each one came from. */
export const phonesInput = (rows: PhoneRow[]) => {
  const kept = rows.map((row, index) => ({ row, index })).filter(({ row }) => row.number.trim());
  return {
    phones: kept.map(({ row }) =>
      row.label.trim()
        ? { number: row.number.trim(), label: row.label.trim() }
        : { number: row.number.trim() },
    ),
    rows: kept.map(({ index }) => index),
  };
};
export const emailsInput = (rows: EmailRow[]) => {
  const kept = rows.map((row, index) => ({ row, index })).filter(({ row }) => row.value.trim());
  return { emails: kept.map(({ row }) => row.value.trim()), rows: kept.map(({ index }) => index) };
};

/**
 * Server field errors as form paths: `phones.1` of the sent list is the number of the form row it
 * came from, `emails.0` likewise; other paths (customFields.x, address.city) are form paths already.
 */
export const formErrors = (error: unknown, sent: { phoneRows: number[]; emailRows: number[] }) => {
  const result: Record<string, string> = {};
  for (const [path, message] of Object.entries(fieldErrors(error))) {
    const phone = /^phones\.(\d+)/.exec(path);
    const email = /^emails\.(\d+)/.exec(path);
    if (phone) result[`phones.${sent.phoneRows[Number(phone[1])] ?? 0}.number`] = message;
    else if (email) result[`emails.${sent.emailRows[Number(email[1])] ?? 0}.value`] = message;
    else result[path] = message;
  }
  return result;
};

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * What changed from `before` to `after` (both full API inputs): changed top-level fields, and for
 * `customFields` and `consents` only the changed keys. A PATCH sends just this, so a field someone
 * else changed meanwhile is never overwritten by a value this form did not touch.
 */
export const changedFields = <T extends Record<string, unknown>>(before: T, after: T): Partial<T> => {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(after)) {
    const a = before[key];
    const b = after[key];
    if ((key === 'customFields' || key === 'consents') && b && typeof b === 'object') {
      const inner: Record<string, unknown> = {};
      for (const k of new Set([...Object.keys(a ?? {}), ...Object.keys(b)])) {
        const av = (a as Record<string, unknown> | undefined)?.[k];
        const bv = (b as Record<string, unknown>)[k];
        if (!same(av, bv)) inner[k] = bv ?? null;
      }
      if (Object.keys(inner).length) out[key] = inner;
    } else if (!same(a, b)) {
      out[key] = b;
    }
  }
  return out as Partial<T>;
};

export function FormSection({ legend, children }: { legend: string; children: ReactNode }) {
  return (
    <Fieldset
      legend={legend}
      variant="unstyled"
      styles={{
        root: {
          borderBlockStart: '1px solid var(--mantine-color-gray-3)',
          paddingBlockStart: 'var(--mantine-spacing-sm)',
        },
        legend: { fontWeight: 650, fontSize: 'var(--mantine-font-size-md)', paddingInlineEnd: 8 },
      }}
    >
      <Stack gap="sm">{children}</Stack>
    </Fieldset>
  );
}

interface ListEditorProps<R> {
  rows: R[];
  render: (row: R, index: number) => ReactNode;
  onAdd: () => void;
  onRemove: (index: number) => void;
  addLabel: string;
  removeLabel: (index: number) => string;
}

/** Rows of inputs (phones, emails, references) with a remove button each and an add button. */
export function ListEditor<R extends { key: string }>(props: ListEditorProps<R>) {
  return (
    <Stack gap="xs">
      {props.rows.map((row, index) => (
        <Group key={row.key} gap="xs" align="flex-start" wrap="nowrap">
          <Group gap="xs" align="flex-start" wrap="nowrap" style={{ flex: 1, minWidth: 0 }}>
            {props.render(row, index)}
          </Group>
          <ActionIcon
            variant="subtle"
            color="gray"
            size="lg"
            mt={2}
            aria-label={props.removeLabel(index)}
            onClick={() => props.onRemove(index)}
          >
            <IconX size={16} />
          </ActionIcon>
        </Group>
      ))}
      <div>
        <Button variant="subtle" size="xs" leftSection={<IconPlus size={14} />} onClick={props.onAdd}>
          {props.addLabel}
        </Button>
      </div>
    </Stack>
  );
}

export interface ConflictChange {
  field: string;
  theirs: string;
  mine: string | null;
}

/**
 * 409 VERSION_CONFLICT: someone saved this record after it was opened here. Shows what they
 * changed next to this form's edits; the user keeps their edits (saved over the new version) or
 * takes the current values.
 */
export function ConflictNotice({
  changes,
  onReapply,
  onDiscard,
  loading,
}: {
  changes: ConflictChange[];
  onReapply: () => void;
  onDiscard: () => void;
  loading: boolean;
}) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  // the save button is at the bottom of a long form: bring the notice into view
  useEffect(() => {
    ref.current?.scrollIntoView({ block: 'start', behavior: 'smooth' });
  }, []);
  return (
    <Alert
      ref={ref}
      color="orange"
      variant="light"
      icon={<IconAlert size={18} />}
      title={t('customers.conflict.title')}
      role="alert"
    >
      <Stack gap="sm">
        <Text size="sm">{t('customers.conflict.body')}</Text>
        {changes.length ? (
          <Table withTableBorder withColumnBorders fz="sm" bg="var(--mantine-color-body)">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('customers.conflict.field')}</Table.Th>
                <Table.Th>{t('customers.conflict.theirs')}</Table.Th>
                <Table.Th>{t('customers.conflict.mine')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {changes.map((change) => (
                <Table.Tr key={change.field}>
                  <Table.Td>{change.field}</Table.Td>
                  <Table.Td>
                    <span dir="auto">{change.theirs || '—'}</span>
                  </Table.Td>
                  <Table.Td>
                    <span dir="auto">
                      {change.mine === null ? t('customers.conflict.unchanged') : change.mine || '—'}
                    </span>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        ) : null}
        <Group gap="xs">
          <Button size="xs" color="orange" onClick={onReapply} loading={loading}>
            {t('customers.conflict.reapply')}
          </Button>
          <Button size="xs" variant="default" onClick={onDiscard} disabled={loading}>
            {t('customers.conflict.discard')}
          </Button>
        </Group>
      </Stack>
    </Alert>
  );
}

/** A short text for a changed value in the conflict table. */
export const describeValue = (value: unknown): string => {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value))
    return value
      .map((v) =>
        typeof v === 'object' && v
          ? String((v as { number?: string }).number ?? JSON.stringify(v))
          : String(v),
      )
      .join(', ');
  if (typeof value === 'object')
    return Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined && v !== null && v !== '')
      .map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
      .join(', ');
  return String(value);
};

export function PhoneInputs({
  row,
  index,
  numberProps,
  labelProps,
}: {
  row: PhoneRow;
  index: number;
  numberProps: GetInputPropsReturnType;
  labelProps: GetInputPropsReturnType;
}) {
  const { t } = useTranslation();
  return (
    <>
      <TextInput
        {...numberProps}
        aria-label={t('customers.fields.phoneNumber', { n: index + 1 })}
        placeholder="050-234-5678"
        type="tel"
        dir="ltr"
        style={{ flex: 2, minWidth: 0 }}
        data-row={row.key}
      />
      <TextInput
        {...labelProps}
        aria-label={t('customers.fields.phoneLabel', { n: index + 1 })}
        placeholder={t('customers.fields.phoneLabelHint')}
        dir="auto"
        maxLength={40}
        style={{ flex: 1, minWidth: 0 }}
      />
    </>
  );
}

export function FormLoader({ label }: { label: string }) {
  return (
    <Center py="xl">
      <Loader aria-label={label} />
    </Center>
  );
}

/** After a failed submit, focus (and so scroll to) the first field marked invalid. */
export const focusFirstError = (form: HTMLFormElement | null) =>
  requestAnimationFrame(() => form?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
