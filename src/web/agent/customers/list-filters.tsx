import {
  Badge,
  Button,
  CloseButton,
  Group,
  NumberInput,
  Popover,
  Select,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { type ReactNode, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { IconSearch } from '../../ui/icons';
import { CONSENT_CHANNELS } from './contact-constants';
import { IconFilter, IconX } from './customer-icons';
import type { CustomFieldDef, ListEntity, ListFilters } from './customers-api';
import { KNOWN_TIERS, useCustomerFormat } from './customers-format';

interface ListFiltersProps {
  entity: ListEntity;
  filters: ListFilters;
  onChange: (next: ListFilters) => void;
  defs: CustomFieldDef[];
  userOptions: { value: string; label: string }[];
}

/** Custom-field types a list can filter by equality (a date-time rarely equals anything). */
const FILTERABLE = new Set<CustomFieldDef['type']>([
  'text',
  'long_text',
  'number',
  'currency',
  'date',
  'select',
  'multi_select',
  'checkbox',
  'phone',
  'email',
  'url',
  'user',
]);

export const parseCf = (cf: string | undefined): Record<string, unknown> => {
  if (!cf) return {};
  try {
    const parsed: unknown = JSON.parse(cf);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
};

const withValue = (filters: ListFilters, key: string, value: string | undefined): ListFilters => {
  const next = { ...filters };
  if (value) next[key] = value;
  else delete next[key];
  return next;
};

/** A text filter applied 300 ms after typing stops; follows the filter when a view replaces it. */
function DebouncedText({
  value,
  onChange,
  ...props
}: {
  value: string | undefined;
  onChange: (value: string | undefined) => void;
  'aria-label': string;
  placeholder: string;
  leftSection?: ReactNode;
  w?: number | string;
}) {
  const { t } = useTranslation();
  const clearLabel = t('customers.filters.clearField', { field: props['aria-label'] });
  const [text, setText] = useState(value ?? '');
  const [debounced] = useDebouncedValue(text.trim(), 300);
  const latest = useRef({ value, onChange });
  latest.current = { value, onChange };
  useEffect(() => {
    setText((current) => (current.trim() === (value ?? '') ? current : (value ?? '')));
  }, [value]);
  useEffect(() => {
    if ((debounced || undefined) !== latest.current.value) latest.current.onChange(debounced || undefined);
  }, [debounced]);
  return (
    <TextInput
      {...props}
      value={text}
      onChange={(event) => setText(event.currentTarget.value)}
      dir="auto"
      rightSection={
        text ? <CloseButton size="sm" aria-label={clearLabel} onClick={() => setText('')} /> : null
      }
    />
  );
}

/** The list's own text search (names; for contacts also emails). */
export function ListSearchInput({ filters, onChange }: Pick<ListFiltersProps, 'filters' | 'onChange'>) {
  const { t } = useTranslation();
  return (
    <DebouncedText
      aria-label={t('customers.filters.search')}
      placeholder={t('customers.filters.search')}
      leftSection={<IconSearch size={16} />}
      value={filters.q}
      onChange={(q) => onChange(withValue(filters, 'q', q))}
      w={280}
    />
  );
}

/** The list's filter row: owner, status, tier / consent, tag and custom fields. */
export function ListFiltersBar({ entity, filters, onChange, defs, userOptions }: ListFiltersProps) {
  const { t } = useTranslation();
  const format = useCustomerFormat();
  const cf = parseCf(filters.cf);
  const cfCount = Object.keys(cf).length;
  const active = Object.keys(filters).filter((key) => filters[key]).length;
  const filterable = defs.filter((def) => FILTERABLE.has(def.type));

  const setCf = (key: string, value: unknown) => {
    const next = { ...cf };
    if (value === undefined || value === null || value === '') delete next[key];
    else next[key] = value;
    onChange(withValue(filters, 'cf', Object.keys(next).length ? JSON.stringify(next) : undefined));
  };

  return (
    <Group gap="sm" align="flex-end" wrap="wrap">
      <Select
        aria-label={t('customers.filters.owner')}
        placeholder={t('customers.filters.owner')}
        data={userOptions}
        value={filters.ownerId ?? null}
        onChange={(value) => onChange(withValue(filters, 'ownerId', value ?? undefined))}
        searchable
        clearable
        w={170}
        comboboxProps={{ withinPortal: true }}
      />
      {entity === 'account' ? (
        <>
          <Select
            aria-label={t('customers.filters.status')}
            placeholder={t('customers.filters.status')}
            data={[
              { value: 'active', label: t('customers.status.active') },
              { value: 'inactive', label: t('customers.status.inactive') },
            ]}
            value={filters.status ?? null}
            onChange={(value) => onChange(withValue(filters, 'status', value ?? undefined))}
            clearable
            w={130}
          />
          <Select
            aria-label={t('customers.filters.tier')}
            placeholder={t('customers.filters.tier')}
            data={[
              ...KNOWN_TIERS.map((tier) => ({ value: tier, label: format.tier(tier) })),
              ...(filters.tier && !(KNOWN_TIERS as readonly string[]).includes(filters.tier)
                ? [{ value: filters.tier, label: filters.tier }]
                : []),
            ]}
            value={filters.tier ?? null}
            onChange={(value) => onChange(withValue(filters, 'tier', value ?? undefined))}
            clearable
            w={130}
          />
        </>
      ) : (
        <Select
          aria-label={t('customers.filters.consent')}
          placeholder={t('customers.filters.consent')}
          data={CONSENT_CHANNELS.map((channel) => ({
            value: channel,
            label: t(`customers.consentChannels.${channel}`),
          }))}
          value={filters.hasConsent ?? null}
          onChange={(value) => onChange(withValue(filters, 'hasConsent', value ?? undefined))}
          clearable
          w={170}
        />
      )}
      <DebouncedText
        aria-label={t('customers.filters.tag')}
        placeholder={t('customers.filters.tag')}
        value={filters.tag}
        onChange={(tag) => onChange(withValue(filters, 'tag', tag))}
        w={130}
      />
      {filterable.length ? (
        <Popover position="bottom-start" width={320} shadow="md" trapFocus withinPortal>
          <Popover.Target>
            <Button
              variant="default"
              leftSection={<IconFilter size={16} />}
              rightSection={
                cfCount ? (
                  <Badge tt="none" size="xs" circle>
                    {cfCount}
                  </Badge>
                ) : null
              }
            >
              {t('customers.filters.customFields')}
            </Button>
          </Popover.Target>
          <Popover.Dropdown>
            <Stack gap="xs">
              <Text size="sm" fw={600}>
                {t('customers.filters.customFieldsTitle')}
              </Text>
              {filterable.map((def) => (
                <CustomFieldFilter
                  key={def.key}
                  def={def}
                  value={cf[def.key]}
                  onChange={(value) => setCf(def.key, value)}
                  userOptions={userOptions}
                />
              ))}
            </Stack>
          </Popover.Dropdown>
        </Popover>
      ) : null}
      {active ? (
        <Button variant="subtle" color="gray" onClick={() => onChange({})} leftSection={<IconX size={14} />}>
          {t('customers.filters.clear')}
        </Button>
      ) : null}
    </Group>
  );
}

function CustomFieldFilter({
  def,
  value,
  onChange,
  userOptions,
}: {
  def: CustomFieldDef;
  value: unknown;
  onChange: (value: unknown) => void;
  userOptions: { value: string; label: string }[];
}) {
  const { t } = useTranslation();
  const format = useCustomerFormat();
  const label = format.fieldLabel(def);
  const options = def.options.map((o) => ({ value: o.value, label: format.optionLabel(def, o.value) }));
  switch (def.type) {
    case 'select':
      return (
        <Select
          label={label}
          data={options}
          value={typeof value === 'string' ? value : null}
          onChange={(v) => onChange(v ?? undefined)}
          clearable
          comboboxProps={{ withinPortal: false }}
        />
      );
    case 'multi_select':
      return (
        <Select
          label={label}
          description={t('customers.filters.includes')}
          data={options}
          value={Array.isArray(value) ? String(value[0] ?? '') || null : null}
          onChange={(v) => onChange(v ? [v] : undefined)}
          clearable
          comboboxProps={{ withinPortal: false }}
        />
      );
    case 'checkbox':
      return (
        <Select
          label={label}
          data={[
            { value: 'true', label: t('customers.common.yes') },
            { value: 'false', label: t('customers.common.no') },
          ]}
          value={typeof value === 'boolean' ? String(value) : null}
          onChange={(v) => onChange(v === null ? undefined : v === 'true')}
          clearable
          comboboxProps={{ withinPortal: false }}
        />
      );
    case 'user':
      return (
        <Select
          label={label}
          data={userOptions}
          value={typeof value === 'string' ? value : null}
          onChange={(v) => onChange(v ?? undefined)}
          searchable
          clearable
          comboboxProps={{ withinPortal: false }}
        />
      );
    case 'number':
    case 'currency':
      return (
        <NumberInput
          label={label}
          value={typeof value === 'number' ? value : ''}
          onChange={(v) => onChange(typeof v === 'number' ? v : undefined)}
          leftSection={def.type === 'currency' ? '₪' : undefined}
          decimalScale={2}
        />
      );
    case 'date':
      return (
        <TextInput
          label={label}
          type="date"
          value={typeof value === 'string' ? value : ''}
          onChange={(event) => onChange(event.currentTarget.value || undefined)}
        />
      );
    default:
      return (
        <TextInput
          label={label}
          value={typeof value === 'string' ? value : ''}
          onChange={(event) => onChange(event.currentTarget.value || undefined)}
          dir="auto"
        />
      );
  }
}
