import {
  Alert,
  Button,
  CloseButton,
  FileButton,
  Group,
  Menu,
  Modal,
  Paper,
  SegmentedControl,
  Select,
  Stack,
  Text,
  Textarea,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type KeyboardEvent, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { hasCode } from '../../ui/api-client';
import { IconChevron } from '../../ui/icons';
import { problemMessage } from '../../ui/problem';
import { MessageItem } from './message-item';
import {
  type PostMessageInput,
  type TicketDetail,
  type TicketMessage,
  type TicketStatus,
  ticketKeys,
  ticketsApi,
  useMacros,
  useUsers,
} from './tickets-api';

/** The text of macro HTML, parsed inertly (DOMParser runs no scripts and loads nothing). */
const htmlToText = (html: string): string => {
  const doc = new DOMParser().parseFromString(
    html.replace(/<br\s*\/?>/gi, '\n').replace(/<\/p>/gi, '\n'),
    'text/html',
  );
  return (doc.body.textContent ?? '').replace(/\n{3,}/g, '\n\n').trim();
};

const MENTION_RE = /(^|\s)@([^\s@[\]()]{0,30})$/;

interface Attachment {
  id: string;
  fileName: string;
}

/** Reply or internal note: macros, @mentions, attachments, "send and set status", stale-view check. */
export function ReplyBox({
  ticket,
  onTyping,
}: {
  ticket: TicketDetail;
  onTyping: (typing: boolean) => void;
}) {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const users = useUsers();
  const macros = useMacros();
  const [body, setBody] = useState('');
  const [visibility, setVisibility] = useState<'public' | 'internal'>('public');
  const [attachments, setAttachments] = useState<Attachment[]>([]);
  const [macroStatus, setMacroStatus] = useState<TicketStatus | null>(null);
  const [stale, setStale] = useState<{
    messages: TicketMessage[];
    statusAfter: TicketStatus | undefined;
  } | null>(null);
  const [mention, setMention] = useState<{ query: string; index: number } | null>(null);
  const textRef = useRef<HTMLTextAreaElement>(null);
  const typingTimer = useRef<ReturnType<typeof setTimeout> | null>(null);

  useEffect(
    () => () => {
      if (typingTimer.current) clearTimeout(typingTimer.current);
    },
    [],
  );

  const markTyping = () => {
    if (!typingTimer.current) onTyping(true);
    else clearTimeout(typingTimer.current);
    typingTimer.current = setTimeout(() => {
      typingTimer.current = null;
      onTyping(false);
    }, 4000);
  };

  const send = useMutation({
    mutationFn: (args: { statusAfter?: TicketStatus | undefined; force?: boolean }) => {
      const input: PostMessageInput = {
        body,
        visibility,
        attachmentIds: attachments.map((a) => a.id),
        basedOnMessageId: ticket.lastPublicMessageId,
        force: args.force ?? false,
      };
      const statusAfter = args.statusAfter ?? macroStatus ?? undefined;
      if (statusAfter) input.statusAfter = statusAfter;
      return ticketsApi.post(ticket.id, input);
    },
    onSuccess: (result) => {
      setBody('');
      setAttachments([]);
      setMacroStatus(null);
      setStale(null);
      onTyping(false);
      notifications.show({
        color: 'green',
        message: result.followUp
          ? t('tickets.reply.followUp', { number: result.ticket.number })
          : t('tickets.reply.sent'),
      });
      void qc.invalidateQueries({ queryKey: ticketKeys.all });
    },
    onError: (error, args) => {
      if (hasCode(error, 'STALE_VIEW')) {
        const list = (error.problem as Record<string, unknown>).newMessages;
        setStale({
          messages: Array.isArray(list) ? (list as TicketMessage[]) : [],
          statusAfter: args.statusAfter,
        });
      }
    },
  });

  const upload = useMutation({
    mutationFn: (files: File[]) => Promise.all(files.map((f) => ticketsApi.upload(f))),
    onSuccess: (uploaded) =>
      setAttachments((prev) => [...prev, ...uploaded.map((u) => ({ id: u.id, fileName: u.fileName }))]),
  });

  const applyMacro = useMutation({
    mutationFn: (macroId: string) => ticketsApi.applyMacro(ticket.id, macroId),
    onSuccess: (applied) => {
      const text = htmlToText(applied.bodyHtml);
      setBody((prev) => (prev.trim() ? `${prev}\n\n${text}` : text));
      setVisibility(applied.visibility);
      setMacroStatus(applied.statusAfter);
      textRef.current?.focus();
    },
  });

  const candidates = useMemo(() => {
    if (!mention) return [];
    const q = mention.query.toLowerCase();
    return (users.data ?? [])
      .filter((u) => u.active && (u.name.toLowerCase().includes(q) || u.email.toLowerCase().startsWith(q)))
      .slice(0, 6);
  }, [mention, users.data]);

  const onChange = (value: string, caret: number) => {
    setBody(value);
    markTyping();
    if (visibility !== 'internal') return setMention(null);
    const match = MENTION_RE.exec(value.slice(0, caret));
    setMention(match ? { query: match[2] ?? '', index: 0 } : null);
  };

  const insertMention = (user: { id: string; name: string }) => {
    const el = textRef.current;
    const caret = el?.selectionStart ?? body.length;
    const before = body.slice(0, caret).replace(/@([^\s@[\]()]{0,30})$/, `@[${user.name}](${user.id}) `);
    const next = before + body.slice(caret);
    setBody(next);
    setMention(null);
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(before.length, before.length);
    });
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (mention && candidates.length) {
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault();
        const d = event.key === 'ArrowDown' ? 1 : -1;
        setMention({ ...mention, index: (mention.index + d + candidates.length) % candidates.length });
        return;
      }
      if (event.key === 'Enter' || event.key === 'Tab') {
        event.preventDefault();
        const user = candidates[mention.index];
        if (user) insertMention(user);
        return;
      }
      if (event.key === 'Escape') {
        event.preventDefault();
        setMention(null);
        return;
      }
    }
    // Ctrl/⌘+Enter sends
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey) && body.trim()) {
      event.preventDefault();
      send.mutate({});
    }
  };

  const canSend = body.trim().length > 0 && !upload.isPending;
  const error =
    send.error && !hasCode(send.error, 'STALE_VIEW') ? send.error : (upload.error ?? applyMacro.error);

  return (
    <Paper withBorder p="md" component="section" aria-label={t('tickets.reply.composer')}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (canSend) send.mutate({});
        }}
      >
        <Stack gap="sm">
          <Group justify="space-between" gap="sm" wrap="wrap">
            <SegmentedControl
              aria-label={t('tickets.reply.mode')}
              value={visibility}
              onChange={(v) => {
                setVisibility(v as 'public' | 'internal');
                setMention(null);
              }}
              data={[
                { value: 'public', label: t('tickets.ticket.public') },
                { value: 'internal', label: t('tickets.ticket.internal') },
              ]}
              color={visibility === 'internal' ? 'yellow' : 'blue'}
            />
            <Select
              aria-label={t('tickets.reply.macros')}
              placeholder={
                macros.data?.length ? t('tickets.reply.macroPlaceholder') : t('tickets.reply.noMacros')
              }
              data={(macros.data ?? []).map((m) => ({ value: m.id, label: m.name }))}
              disabled={!macros.data?.length}
              value={null}
              onChange={(v) => v && applyMacro.mutate(v)}
              searchable
              w={220}
              size="xs"
            />
          </Group>
          <div style={{ position: 'relative' }}>
            <Textarea
              ref={textRef}
              label={t('tickets.reply.label')}
              placeholder={
                visibility === 'internal'
                  ? t('tickets.reply.notePlaceholder')
                  : t('tickets.reply.replyPlaceholder')
              }
              value={body}
              onChange={(e) => onChange(e.currentTarget.value, e.currentTarget.selectionStart)}
              onKeyDown={onKeyDown}
              onBlur={() => setTimeout(() => setMention(null), 150)}
              dir="auto"
              autosize
              minRows={4}
              maxRows={16}
              styles={
                visibility === 'internal'
                  ? { input: { background: 'var(--mantine-color-yellow-light)' } }
                  : undefined
              }
              aria-autocomplete={visibility === 'internal' ? 'list' : undefined}
              aria-expanded={Boolean(mention && candidates.length)}
              aria-controls={mention && candidates.length ? 'mention-list' : undefined}
            />
            {mention && candidates.length ? (
              <Paper
                withBorder
                shadow="md"
                p={4}
                id="mention-list"
                role="listbox"
                aria-label={t('tickets.reply.mentionPicker')}
                style={{
                  position: 'absolute',
                  insetInlineStart: 0,
                  insetBlockStart: '100%',
                  zIndex: 10,
                  minWidth: 220,
                }}
              >
                {candidates.map((u, i) => (
                  <button
                    key={u.id}
                    type="button"
                    role="option"
                    aria-selected={i === mention.index}
                    onMouseDown={(e) => {
                      e.preventDefault();
                      insertMention(u);
                    }}
                    style={{
                      display: 'block',
                      inlineSize: '100%',
                      textAlign: 'start',
                      padding: '4px 8px',
                      border: 0,
                      background: i === mention.index ? 'var(--mantine-color-blue-light)' : 'transparent',
                      cursor: 'pointer',
                    }}
                  >
                    <bdi>{u.name}</bdi>
                  </button>
                ))}
              </Paper>
            ) : null}
          </div>
          {attachments.length ? (
            <Group gap="xs">
              {attachments.map((a) => (
                <Group
                  key={a.id}
                  gap={2}
                  wrap="nowrap"
                  bg="var(--mantine-color-gray-light)"
                  px={6}
                  style={{ borderRadius: 4 }}
                >
                  <Text size="xs">
                    <bdi>{a.fileName}</bdi>
                  </Text>
                  <CloseButton
                    size="xs"
                    aria-label={t('tickets.reply.removeAttachment', { name: a.fileName })}
                    onClick={() => setAttachments((prev) => prev.filter((x) => x.id !== a.id))}
                  />
                </Group>
              ))}
            </Group>
          ) : null}
          {error ? (
            <Alert color="red" variant="light" role="alert">
              {problemMessage(t, error, i18n.language)}
            </Alert>
          ) : null}
          <Group justify="space-between" gap="sm" wrap="wrap">
            <FileButton onChange={(files) => files.length && upload.mutate(files)} multiple>
              {(props) => (
                <Button {...props} variant="default" size="sm" loading={upload.isPending}>
                  {t('tickets.reply.attach')}
                </Button>
              )}
            </FileButton>
            <Group gap={0} wrap="nowrap">
              <Button
                type="submit"
                disabled={!canSend}
                loading={send.isPending}
                style={{ borderStartEndRadius: 0, borderEndEndRadius: 0 }}
              >
                {t('tickets.reply.send')}
              </Button>
              <Menu position="bottom-end">
                <Menu.Target>
                  <Button
                    disabled={!canSend}
                    aria-label={t('tickets.reply.sendAnd')}
                    px={8}
                    style={{
                      borderStartStartRadius: 0,
                      borderEndStartRadius: 0,
                      borderInlineStart: '1px solid rgba(255,255,255,.4)',
                    }}
                  >
                    <IconChevron size={16} style={{ transform: 'rotate(90deg)' }} mirrored={false} />
                  </Button>
                </Menu.Target>
                <Menu.Dropdown>
                  <Menu.Label>{t('tickets.reply.sendAnd')}</Menu.Label>
                  <Menu.Item onClick={() => send.mutate({ statusAfter: 'pending_customer' })}>
                    {t('tickets.reply.sendPending')}
                  </Menu.Item>
                  <Menu.Item onClick={() => send.mutate({ statusAfter: 'solved' })}>
                    {t('tickets.reply.sendSolved')}
                  </Menu.Item>
                </Menu.Dropdown>
              </Menu>
            </Group>
          </Group>
        </Stack>
      </form>
      <Modal
        opened={Boolean(stale)}
        onClose={() => setStale(null)}
        title={t('tickets.reply.staleTitle')}
        size="lg"
      >
        <Stack gap="sm">
          <Text size="sm">{t('tickets.reply.staleText')}</Text>
          {stale?.messages.map((m) => (
            <MessageItem key={m.id} message={m} />
          ))}
          <Group justify="flex-end">
            <Button
              variant="default"
              onClick={() => {
                setStale(null);
                void qc.invalidateQueries({ queryKey: ticketKeys.detail(ticket.id) });
                textRef.current?.focus();
              }}
            >
              {t('tickets.reply.edit')}
            </Button>
            <Button
              color="orange"
              loading={send.isPending}
              onClick={() => send.mutate({ statusAfter: stale?.statusAfter, force: true })}
            >
              {t('tickets.reply.sendAnyway')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Paper>
  );
}
