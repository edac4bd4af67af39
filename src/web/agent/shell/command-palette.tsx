import { Alert, Group, Kbd, Loader, Modal, ScrollArea, Text, TextInput, VisuallyHidden } from '@mantine/core';
import { type KeyboardEvent, type ReactNode, useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { IconChevron, IconSearch } from '../../ui/icons';
import { problemMessage } from '../../ui/problem';
import { recordPath } from '../search/search-api';
import { SearchResultLabel } from '../search/search-result-option';
import { useRecordSearch } from '../search/use-record-search';
import { NAV_ITEMS, type NavItem, SETTINGS_ITEMS } from './nav-items';
import { hasPermission, useSession } from './session';

interface Entry extends NavItem {
  label: string;
  context: string | null;
}

/** One choosable line: a record found by search or a screen of the app. */
interface PaletteOption {
  key: string;
  to: string;
  label: ReactNode;
}

interface PaletteGroup {
  key: string;
  heading: string | null;
  options: PaletteOption[];
}

const fold = (text: string) =>
  text
    .normalize('NFKD')
    .replace(/\p{Mn}/gu, '')
    .toLowerCase()
    .trim();

/** Ctrl+K: find a customer, contact, lead or deal as you type, or jump to a screen. */
export function CommandPalette({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal.Root opened={opened} onClose={onClose} size="lg" yOffset="12vh" centered={false}>
      <Modal.Overlay backgroundOpacity={0.35} blur={2} />
      <Modal.Content aria-label={t('search.label')}>
        <Modal.Body p={0}>{opened ? <PaletteBody onClose={onClose} /> : null}</Modal.Body>
      </Modal.Content>
    </Modal.Root>
  );
}

function NavLabel({ entry }: { entry: Entry }) {
  const Icon = entry.icon;
  return (
    <>
      <Icon size={18} />
      <Text size="sm" style={{ flex: 1 }}>
        {entry.context ? (
          <Text span c="dimmed" size="sm">
            {entry.context} ›{' '}
          </Text>
        ) : null}
        {entry.label}
      </Text>
    </>
  );
}

function PaletteBody({ onClose }: { onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const session = useSession();
  const listId = useId();
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const records = useRecordSearch(query);

  const entries = useMemo<Entry[]>(
    () =>
      [
        ...NAV_ITEMS.map((item) => ({ ...item, label: t(item.labelKey), context: null })),
        ...SETTINGS_ITEMS.map((item) => ({ ...item, label: t(item.labelKey), context: t('nav.settings') })),
      ].filter((item) => !item.permission || hasPermission(session, item.permission)),
    [t, session],
  );

  const groups = useMemo<PaletteGroup[]>(() => {
    const q = fold(query);
    const screens = q
      ? entries.filter((entry) => fold(`${entry.label} ${entry.context ?? ''} ${entry.to}`).includes(q))
      : entries;
    const screenOptions = screens.map((entry) => ({
      key: `nav:${entry.to}`,
      to: entry.to,
      label: <NavLabel entry={entry} />,
    }));
    if (!records.active) return [{ key: 'nav', heading: null, options: screenOptions }];
    return [
      ...records.groups.map((group) => ({
        key: group.type,
        heading: t(`customers.search.types.${group.type}`),
        options: group.results.map((result) => ({
          key: `${result.type}:${result.id}`,
          to: recordPath(result),
          label: <SearchResultLabel result={result} query={records.query} />,
        })),
      })),
      { key: 'nav', heading: t('search.goTo'), options: screenOptions },
    ].filter((group) => group.options.length > 0);
  }, [entries, query, records.active, records.groups, records.query, t]);

  const options = groups.flatMap((group) => group.options);
  const current = Math.min(active, Math.max(options.length - 1, 0));
  const recordCount = options.filter((option) => !option.key.startsWith('nav:')).length;

  const go = (option: PaletteOption | undefined) => {
    if (!option) return;
    onClose();
    void navigate(option.to);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    const last = options.length - 1;
    if (event.key === 'ArrowDown') setActive(current >= last ? 0 : current + 1);
    else if (event.key === 'ArrowUp') setActive(current <= 0 ? last : current - 1);
    else if (event.key === 'Home' && event.ctrlKey) setActive(0);
    else if (event.key === 'End' && event.ctrlKey) setActive(last);
    else if (event.key === 'Enter') go(options[current]);
    else return;
    event.preventDefault();
  };

  const optionId = (index: number) => `${listId}-option-${index}`;
  let index = -1;

  return (
    <>
      <TextInput
        aria-label={t('search.label')}
        placeholder={t('search.placeholder')}
        value={query}
        onChange={(event) => {
          setQuery(event.currentTarget.value);
          setActive(0);
        }}
        onKeyDown={onKeyDown}
        leftSection={<IconSearch size={20} />}
        rightSection={records.pending ? <Loader size="xs" aria-label={t('common.loading')} /> : null}
        size="lg"
        variant="unstyled"
        px="sm"
        dir="auto"
        role="combobox"
        aria-expanded
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={options.length ? optionId(current) : undefined}
        data-autofocus
        autoComplete="off"
        spellCheck={false}
        styles={{ input: { borderBlockEnd: '1px solid var(--mantine-color-gray-2)', borderRadius: 0 } }}
      />
      <VisuallyHidden aria-live="polite">
        {records.active && !records.pending ? t('customers.search.resultCount', { count: recordCount }) : ''}
      </VisuallyHidden>
      <ScrollArea.Autosize mah="55vh" type="auto">
        <div id={listId} role="listbox" aria-label={t('search.results')} style={{ padding: 8 }}>
          {records.error ? (
            <Alert color="red" variant="light" mb="xs" p="xs">
              {problemMessage(t, records.error, i18n.language)}
            </Alert>
          ) : null}
          {groups.map((group) => (
            // a group of options inside the listbox (ARIA's own pattern; a fieldset would not fit)
            // biome-ignore lint/a11y/useSemanticElements: role=group is what a listbox allows
            <div
              key={group.key}
              role="group"
              aria-labelledby={group.heading ? `${listId}-group-${group.key}` : undefined}
            >
              {group.heading ? (
                <Text
                  id={`${listId}-group-${group.key}`}
                  size="xs"
                  fw={700}
                  c="dimmed"
                  tt="uppercase"
                  px={12}
                  pt={8}
                  pb={4}
                >
                  {group.heading}
                </Text>
              ) : null}
              {group.options.map((option) => {
                index += 1;
                const at = index;
                return (
                  // Options are chosen from the input (aria-activedescendant); the mouse is a shortcut.
                  // biome-ignore lint/a11y/useKeyWithClickEvents: keyboard handled by the combobox input
                  <div
                    key={option.key}
                    id={optionId(at)}
                    role="option"
                    tabIndex={-1}
                    aria-selected={at === current}
                    className="kesher-palette-option"
                    onMouseMove={() => at !== current && setActive(at)}
                    onClick={() => go(option)}
                    ref={(node) => {
                      if (node && at === current) node.scrollIntoView({ block: 'nearest' });
                    }}
                  >
                    {option.label}
                    {at === current ? <IconChevron size={16} /> : null}
                  </div>
                );
              })}
            </div>
          ))}
          {options.length === 0 && !records.pending ? (
            <Text c="dimmed" size="sm" ta="center" py="lg">
              {t('search.noResults')}
            </Text>
          ) : null}
        </div>
      </ScrollArea.Autosize>
      <Group px="md" py={8} gap="xs" style={{ borderBlockStart: '1px solid var(--mantine-color-gray-2)' }}>
        <Text size="xs" c="dimmed">
          {t('search.hint')}
        </Text>
      </Group>
    </>
  );
}

export function ShortcutHint() {
  return (
    <Group gap={2} wrap="nowrap" dir="ltr">
      <Kbd size="xs">Ctrl</Kbd>
      <Kbd size="xs">K</Kbd>
    </Group>
  );
}
