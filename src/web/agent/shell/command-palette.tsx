import { Group, Kbd, Modal, ScrollArea, Text, TextInput } from '@mantine/core';
import { type KeyboardEvent, useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { IconChevron, IconSearch } from '../../ui/icons';
import { NAV_ITEMS, type NavItem, SETTINGS_ITEMS } from './nav-items';
import { hasPermission, useSession } from './session';

interface Entry extends NavItem {
  label: string;
  context: string | null;
}

const fold = (text: string) =>
  text
    .normalize('NFKD')
    .replace(/\p{Mn}/gu, '')
    .toLowerCase()
    .trim();

/** Ctrl+K: jump anywhere by typing. For now it offers the app's screens; records come with search. */
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

function PaletteBody({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const session = useSession();
  const listId = useId();
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);

  const entries = useMemo<Entry[]>(
    () =>
      [
        ...NAV_ITEMS.map((item) => ({ ...item, label: t(item.labelKey), context: null })),
        ...SETTINGS_ITEMS.map((item) => ({ ...item, label: t(item.labelKey), context: t('nav.settings') })),
      ].filter((item) => !item.permission || hasPermission(session, item.permission)),
    [t, session],
  );
  const results = useMemo(() => {
    const q = fold(query);
    if (!q) return entries;
    return entries.filter((entry) => fold(`${entry.label} ${entry.context ?? ''} ${entry.to}`).includes(q));
  }, [entries, query]);
  const current = Math.min(active, Math.max(results.length - 1, 0));

  const go = (entry: Entry | undefined) => {
    if (!entry) return;
    onClose();
    void navigate(entry.to);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    const last = results.length - 1;
    if (event.key === 'ArrowDown') setActive(current >= last ? 0 : current + 1);
    else if (event.key === 'ArrowUp') setActive(current <= 0 ? last : current - 1);
    else if (event.key === 'Enter') go(results[current]);
    else return;
    event.preventDefault();
  };

  const optionId = (index: number) => `${listId}-option-${index}`;

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
        size="lg"
        variant="unstyled"
        px="sm"
        role="combobox"
        aria-expanded
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={results.length ? optionId(current) : undefined}
        data-autofocus
        styles={{ input: { borderBlockEnd: '1px solid var(--mantine-color-gray-2)', borderRadius: 0 } }}
      />
      <ScrollArea.Autosize mah="50vh" type="auto">
        <div id={listId} role="listbox" aria-label={t('search.results')} style={{ padding: 8 }}>
          {results.map((entry, index) => {
            const Icon = entry.icon;
            return (
              // Options are chosen from the input (aria-activedescendant); the mouse is a shortcut.
              // biome-ignore lint/a11y/useKeyWithClickEvents: keyboard handled by the combobox input
              <div
                key={entry.to}
                id={optionId(index)}
                role="option"
                tabIndex={-1}
                aria-selected={index === current}
                className="kesher-palette-option"
                onMouseMove={() => index !== current && setActive(index)}
                onClick={() => go(entry)}
              >
                <Icon size={18} />
                <Text size="sm" style={{ flex: 1 }}>
                  {entry.context ? (
                    <Text span c="dimmed" size="sm">
                      {entry.context} ›{' '}
                    </Text>
                  ) : null}
                  {entry.label}
                </Text>
                {index === current ? <IconChevron size={16} /> : null}
              </div>
            );
          })}
          {results.length === 0 ? (
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
