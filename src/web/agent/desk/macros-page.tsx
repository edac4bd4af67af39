import {
  Badge,
  Button,
  Group,
  Paper,
  Select,
  Skeleton,
  Stack,
  TagsInput,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TMacro, TTicketStatus } from '../../../shared/tickets.schemas';
import { FormAlert } from '../../ui/form-alert';
import { IconPlus } from '../../ui/icons';
import { PageHeader } from '../../ui/page-header';
import { fieldErrors, problemMessage } from '../../ui/problem';
import { deskApi, deskKeys } from './desk-api';

const PLACEHOLDERS = [
  'requester.firstName',
  'requester.lastName',
  'requester.name',
  'ticket.number',
  'ticket.subject',
  'agent.name',
  'agent.firstName',
];
const STATUSES = ['open', 'pending_customer', 'on_hold', 'solved'] as const;

/** Macro bodies come back as HTML; the editor works on the plain text (paragraphs and line breaks). */
const htmlToText = (html: string): string => {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  for (const br of doc.querySelectorAll('br')) br.replaceWith('\n');
  for (const p of doc.querySelectorAll('p')) p.append('\n\n');
  return (doc.body.textContent ?? '').trim();
};

/** /settings/macros — shared canned replies with placeholders. */
export function MacrosPage() {
  const { t, i18n } = useTranslation();
  const macros = useQuery({ queryKey: deskKeys.macros, queryFn: deskApi.listMacros });
  const [editing, setEditing] = useState<TMacro | 'new' | null>(null);
  return (
    <>
      <PageHeader
        order={2}
        title={t('desk.macros.title')}
        description={t('desk.macros.description')}
        documentTitle={t('desk.macros.title')}
        actions={
          <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')}>
            {t('desk.macros.new')}
          </Button>
        }
      />
      {editing ? (
        <MacroEditor
          key={editing === 'new' ? 'new' : editing.id}
          macro={editing === 'new' ? null : editing}
          onDone={() => setEditing(null)}
        />
      ) : null}
      {macros.isPending ? <Skeleton h={120} /> : null}
      {macros.isError ? <FormAlert message={problemMessage(t, macros.error, i18n.language)} /> : null}
      {macros.data?.items.length === 0 ? <Text c="dimmed">{t('desk.macros.empty')}</Text> : null}
      <Stack gap="xs">
        {macros.data?.items.map((m) => (
          <Paper key={m.id} withBorder p="sm">
            <Group justify="space-between" wrap="nowrap">
              <Stack gap={2} miw={0}>
                <Group gap="xs">
                  <Text fw={600} dir="auto">
                    {m.name}
                  </Text>
                  <Badge variant="light" color={m.visibility === 'internal' ? 'yellow' : 'blue'}>
                    {t(`desk.macros.${m.visibility}`)}
                  </Badge>
                  {m.statusAfter ? (
                    <Badge variant="outline">{t(`desk.statuses.${m.statusAfter}`)}</Badge>
                  ) : null}
                </Group>
                <Text size="sm" c="dimmed" lineClamp={2} dir="auto">
                  {htmlToText(m.bodyHtml)}
                </Text>
              </Stack>
              <Button
                size="xs"
                variant="default"
                onClick={() => setEditing(m)}
                aria-label={`${t('desk.common.edit')}: ${m.name}`}
              >
                {t('desk.common.edit')}
              </Button>
            </Group>
          </Paper>
        ))}
      </Stack>
    </>
  );
}

function MacroEditor({ macro, onDone }: { macro: TMacro | null; onDone: () => void }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const bodyRef = useRef<HTMLTextAreaElement>(null);
  const [draft, setDraft] = useState({
    name: macro?.name ?? '',
    body: macro ? htmlToText(macro.bodyHtml) : '',
    visibility: macro?.visibility ?? ('public' as 'public' | 'internal'),
    statusAfter: (macro?.statusAfter ?? null) as TTicketStatus | null,
    addTags: macro?.addTags ?? [],
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const onError = (e: unknown) => {
    setErrors(fieldErrors(e));
    setError(problemMessage(t, e, i18n.language));
  };
  const done = () => {
    void queryClient.invalidateQueries({ queryKey: deskKeys.macros });
    onDone();
  };
  const save = useMutation({
    mutationFn: () =>
      macro ? deskApi.updateMacro(macro.id, draft, macro.version) : deskApi.createMacro(draft),
    onSuccess: () => {
      notifications.show({ color: 'green', message: t('desk.common.saved') });
      done();
    },
    onError,
  });
  const remove = useMutation({
    mutationFn: () => deskApi.deleteMacro(macro?.id ?? ''),
    onSuccess: done,
    onError,
  });
  const insert = (name: string) => {
    const el = bodyRef.current;
    const token = `{{${name}}}`;
    const at = el?.selectionStart ?? draft.body.length;
    const end = el?.selectionEnd ?? at;
    setDraft((d) => ({ ...d, body: d.body.slice(0, at) + token + d.body.slice(end) }));
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(at + token.length, at + token.length);
    });
  };
  return (
    <Paper
      withBorder
      p="md"
      mb="md"
      component="form"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <Stack gap="sm">
        <FormAlert message={error} />
        <TextInput
          label={t('desk.common.name')}
          value={draft.name}
          onChange={(e) => {
            const v = e.currentTarget.value;
            setDraft((d) => ({ ...d, name: v }));
          }}
          error={errors.name}
          dir="auto"
          required
          data-autofocus
        />
        <Textarea
          ref={bodyRef}
          label={t('desk.macros.body')}
          value={draft.body}
          onChange={(e) => {
            const v = e.currentTarget.value;
            setDraft((d) => ({ ...d, body: v }));
          }}
          error={errors.body}
          autosize
          minRows={4}
          dir="auto"
          required
        />
        <div>
          <Text size="xs" c="dimmed" mb={4}>
            {t('desk.macros.placeholders')}
          </Text>
          <Group gap={4}>
            {PLACEHOLDERS.map((p) => (
              <Button key={p} size="compact-xs" variant="light" onClick={() => insert(p)} dir="ltr">
                {`{{${p}}}`}
              </Button>
            ))}
          </Group>
        </div>
        <Group grow wrap="wrap">
          <Select
            label={t('desk.macros.visibility')}
            data={[
              { value: 'public', label: t('desk.macros.public') },
              { value: 'internal', label: t('desk.macros.internal') },
            ]}
            value={draft.visibility}
            onChange={(v) => v && setDraft((d) => ({ ...d, visibility: v as 'public' | 'internal' }))}
            allowDeselect={false}
          />
          <Select
            label={t('desk.macros.statusAfter')}
            data={[
              { value: '', label: t('desk.macros.keepStatus') },
              ...STATUSES.map((s) => ({ value: s, label: t(`desk.statuses.${s}`) })),
            ]}
            value={draft.statusAfter ?? ''}
            onChange={(v) => setDraft((d) => ({ ...d, statusAfter: (v || null) as TTicketStatus | null }))}
            allowDeselect={false}
          />
          <TagsInput
            label={t('desk.macros.tags')}
            value={draft.addTags}
            onChange={(v) => setDraft((d) => ({ ...d, addTags: v }))}
            error={errors.addTags}
          />
        </Group>
        <Group>
          <Button type="submit" loading={save.isPending}>
            {t('desk.common.save')}
          </Button>
          <Button variant="default" onClick={onDone}>
            {t('desk.common.cancel')}
          </Button>
          {macro ? (
            <Button
              variant="subtle"
              color="red"
              onClick={() => {
                if (window.confirm(t('desk.common.confirmDelete', { name: macro.name }))) remove.mutate();
              }}
            >
              {t('desk.common.delete')}
            </Button>
          ) : null}
        </Group>
      </Stack>
    </Paper>
  );
}
