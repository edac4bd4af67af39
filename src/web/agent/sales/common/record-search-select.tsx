import { CloseButton, Combobox, Group, InputBase, Loader, Text, useCombobox } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { IconSearch } from '../../../ui/icons';
import { type SearchResult, type SearchType, salesApi } from '../sales-api';

export interface PickedRecord {
  type: SearchType;
  id: string;
  title: string;
}

interface RecordSearchSelectProps {
  label: string;
  description?: string;
  types: readonly SearchType[];
  value: PickedRecord | null;
  onChange: (value: PickedRecord | null) => void;
  error?: string | null | undefined;
  disabled?: boolean;
  required?: boolean;
  autoFocus?: boolean;
}

/**
 * Picks a record (account, contact, deal…) with the smart search as you type: GET /api/v1/search,
 * results grouped by type, arrows + Enter to choose, Esc to close.
 */
export function RecordSearchSelect(props: RecordSearchSelectProps) {
  const { t } = useTranslation();
  const combobox = useCombobox({ onDropdownClose: () => combobox.resetSelectedOption() });
  const [text, setText] = useState('');
  const [typing, setTyping] = useState(false);
  const [debounced] = useDebouncedValue(text.trim(), 200);
  const enabled = typing && debounced.length >= 2;

  const search = useQuery({
    queryKey: ['search', props.types.join(','), debounced],
    queryFn: ({ signal }) => salesApi.search(debounced, props.types, signal),
    enabled,
    staleTime: 10_000,
  });

  const groups = search.data?.groups ?? [];
  const pick = (result: SearchResult) => {
    props.onChange({ type: result.type, id: result.id, title: result.title });
    setTyping(false);
    setText('');
    combobox.closeDropdown();
  };
  const byKey = new Map(groups.flatMap((g) => g.results).map((r) => [`${r.type}:${r.id}`, r]));

  const shown = typing ? text : (props.value?.title ?? '');
  const hint = !enabled
    ? t('sales.picker.typeMore')
    : search.isError
      ? t('errors.generic')
      : !search.isFetching && groups.length === 0
        ? t('sales.picker.noResults')
        : null;

  return (
    <Combobox
      store={combobox}
      onOptionSubmit={(key) => byKey.get(key) && pick(byKey.get(key) as SearchResult)}
    >
      <Combobox.Target>
        <InputBase
          label={props.label}
          description={props.description}
          error={props.error}
          disabled={props.disabled}
          required={props.required}
          autoFocus={props.autoFocus}
          dir="auto"
          value={shown}
          placeholder={t('sales.picker.placeholder')}
          leftSection={search.isFetching ? <Loader size={14} /> : <IconSearch size={16} />}
          rightSection={
            props.value && !props.disabled ? (
              <CloseButton
                size="sm"
                aria-label={t('sales.picker.clear', { label: props.label })}
                onMouseDown={(event) => event.preventDefault()}
                onClick={() => {
                  props.onChange(null);
                  setText('');
                }}
              />
            ) : null
          }
          rightSectionPointerEvents={props.value ? 'all' : 'none'}
          onChange={(event) => {
            setTyping(true);
            setText(event.currentTarget.value);
            combobox.openDropdown();
            combobox.updateSelectedOptionIndex();
          }}
          onFocus={() => {
            if (typing) combobox.openDropdown();
          }}
          onClick={() => combobox.openDropdown()}
          onBlur={() => {
            combobox.closeDropdown();
            setTyping(false);
            setText('');
          }}
          onKeyDown={(event) => {
            // Enter picks an option inside the dropdown; never let it submit the surrounding form
            if (event.key === 'Enter' && combobox.dropdownOpened) event.preventDefault();
          }}
        />
      </Combobox.Target>
      <Combobox.Dropdown hidden={!typing}>
        <Combobox.Options mah={280} style={{ overflowY: 'auto' }}>
          {hint ? <Combobox.Empty>{hint}</Combobox.Empty> : null}
          {groups.map((group) => (
            <Combobox.Group key={group.type} label={t(`sales.recordTypes.${group.type}`)}>
              {group.results.map((result) => (
                <Combobox.Option key={result.id} value={`${result.type}:${result.id}`}>
                  <Group gap={6} wrap="nowrap">
                    <Text size="sm" truncate>
                      <span dir="auto">{result.title}</span>
                    </Text>
                    {result.subtitle ? (
                      <Text size="xs" c="dimmed" truncate>
                        <span dir="auto">{result.subtitle}</span>
                      </Text>
                    ) : null}
                  </Group>
                </Combobox.Option>
              ))}
            </Combobox.Group>
          ))}
        </Combobox.Options>
      </Combobox.Dropdown>
    </Combobox>
  );
}
