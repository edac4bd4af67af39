import {
  Badge,
  Button,
  Grid,
  Group,
  Paper,
  SegmentedControl,
  Select,
  Skeleton,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TNotificationEvent, TTemplateContent } from '../../../shared/notifications.schemas';
import { isApiError } from '../../ui/api-client';
import { FormAlert } from '../../ui/form-alert';
import { PageHeader } from '../../ui/page-header';
import { fieldErrors, problemMessage } from '../../ui/problem';
import { deskApi, deskKeys } from './desk-api';
import { NoAccess, useCanManage } from './desk-common';
import './desk.css';

const EVENTS: TNotificationEvent[] = [
  'ticket_created',
  'ticket_assigned',
  'agent_replied',
  'pending_customer',
  'ticket_solved',
  'sla_warning',
  'sla_breached',
  'mention',
];

/** /settings/notifications — per-event templates in he and en with a live, sandboxed preview. */
export function NotificationsPage() {
  const { t } = useTranslation();
  const canManage = useCanManage();
  return (
    <>
      <PageHeader
        order={2}
        title={t('desk.notifications.title')}
        description={t('desk.notifications.description')}
        documentTitle={t('desk.notifications.title')}
      />
      {canManage ? <TemplatesEditor /> : <NoAccess />}
    </>
  );
}

function TemplatesEditor() {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const templates = useQuery({ queryKey: deskKeys.templates, queryFn: deskApi.listTemplates });
  const [event, setEvent] = useState<TNotificationEvent>('ticket_created');
  const [locale, setLocale] = useState<'he' | 'en'>('he');
  const current = templates.data?.items.find((x) => x.event === event && x.locale === locale);
  const [draft, setDraft] = useState<TTemplateContent>({ subject: '', body: '', actionLabel: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (current)
      setDraft({ subject: current.subject, body: current.body, actionLabel: current.actionLabel ?? '' });
    setErrors({});
    setError(null);
  }, [current]);

  const [debounced] = useDebouncedValue(draft, 400);
  const preview = useQuery({
    queryKey: ['desk', 'template-preview', event, locale, debounced],
    queryFn: () =>
      deskApi.previewTemplate({
        event,
        locale,
        template: {
          subject: debounced.subject,
          body: debounced.body,
          ...(debounced.actionLabel ? { actionLabel: debounced.actionLabel } : {}),
        },
      }),
    enabled: Boolean(debounced.subject.trim() && debounced.body.trim()),
    retry: false,
    placeholderData: (prev) => prev,
  });

  const put = useMutation({
    mutationFn: (template: TTemplateContent | null) =>
      deskApi.putTemplates({ templates: [{ event, locale, template }] }),
    onSuccess: (data) => {
      setErrors({});
      setError(null);
      queryClient.setQueryData(deskKeys.templates, data);
      notifications.show({ color: 'green', message: t('desk.common.saved') });
    },
    onError: (e) => {
      const fe = fieldErrors(e);
      const flat: Record<string, string> = {};
      for (const [k, v] of Object.entries(fe)) flat[k.split('.').at(-1) ?? k] = v;
      setErrors(flat);
      setError(problemMessage(t, e, i18n.language));
    },
  });

  if (templates.isPending) return <Skeleton h={400} />;
  if (templates.isError) return <FormAlert message={problemMessage(t, templates.error, i18n.language)} />;

  const previewError = preview.error
    ? isApiError(preview.error)
      ? (preview.error.problem.errors?.[0]?.message ??
        preview.error.problem.detail ??
        problemMessage(t, preview.error, i18n.language))
      : problemMessage(t, preview.error, i18n.language)
    : null;

  return (
    <Grid gap="lg">
      <Grid.Col span={{ base: 12, md: 6 }}>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            put.mutate({
              subject: draft.subject,
              body: draft.body,
              ...(draft.actionLabel ? { actionLabel: draft.actionLabel } : {}),
            });
          }}
        >
          <Stack gap="sm">
            <Group align="flex-end" wrap="wrap">
              <Select
                label={t('desk.notifications.event')}
                data={EVENTS.map((ev) => ({ value: ev, label: t(`desk.notifications.events.${ev}`) }))}
                value={event}
                onChange={(v) => v && setEvent(v as TNotificationEvent)}
                allowDeselect={false}
                miw={240}
              />
              <div>
                <Text size="sm" fw={500} mb={4} id="tpl-locale">
                  {t('desk.notifications.locale')}
                </Text>
                <SegmentedControl
                  aria-labelledby="tpl-locale"
                  value={locale}
                  onChange={(v) => setLocale(v as 'he' | 'en')}
                  data={[
                    { value: 'he', label: t('language.he') },
                    { value: 'en', label: t('language.en') },
                  ]}
                />
              </div>
              {current ? (
                <Badge variant="light" color={current.custom ? 'blue' : 'gray'} mb={8}>
                  {current.custom ? t('desk.notifications.custom') : t('desk.notifications.shipped')}
                </Badge>
              ) : null}
            </Group>
            <FormAlert message={error} />
            <TextInput
              label={t('desk.notifications.subject')}
              value={draft.subject}
              onChange={(e) => {
                const v = e.currentTarget.value;
                setDraft((d) => ({ ...d, subject: v }));
              }}
              error={errors.subject}
              dir={locale === 'he' ? 'rtl' : 'ltr'}
              lang={locale}
            />
            <Textarea
              label={t('desk.notifications.body')}
              value={draft.body}
              onChange={(e) => {
                const v = e.currentTarget.value;
                setDraft((d) => ({ ...d, body: v }));
              }}
              error={errors.body}
              autosize
              minRows={8}
              dir={locale === 'he' ? 'rtl' : 'ltr'}
              lang={locale}
            />
            <TextInput
              label={t('desk.notifications.actionLabel')}
              value={draft.actionLabel ?? ''}
              onChange={(e) => {
                const v = e.currentTarget.value;
                setDraft((d) => ({ ...d, actionLabel: v }));
              }}
              error={errors.actionLabel}
              dir={locale === 'he' ? 'rtl' : 'ltr'}
              lang={locale}
            />
            <div>
              <Text size="xs" c="dimmed" mb={4}>
                {t('desk.notifications.placeholders')}
              </Text>
              <Group gap={4}>
                {(current?.placeholders ?? []).map((p) => (
                  <Badge key={p} variant="outline" tt="none" dir="ltr">{`{{${p}}}`}</Badge>
                ))}
              </Group>
            </div>
            <Group>
              <Button type="submit" loading={put.isPending}>
                {t('desk.common.save')}
              </Button>
              {current?.custom ? (
                <Button variant="subtle" onClick={() => put.mutate(null)}>
                  {t('desk.notifications.reset')}
                </Button>
              ) : null}
            </Group>
          </Stack>
        </form>
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 6 }}>
        <Paper withBorder p="sm" component="section" aria-labelledby="tpl-preview">
          <Title order={3} fz="md" id="tpl-preview" mb="xs">
            {t('desk.notifications.preview')}
          </Title>
          {previewError ? (
            <FormAlert message={t('desk.notifications.previewError', { message: previewError })} />
          ) : null}
          {preview.data ? (
            <>
              <Text fw={600} mb="xs" dir="auto">
                {preview.data.subject}
              </Text>
              <iframe
                title={t('desk.notifications.previewFrame')}
                className="desk-preview-frame"
                sandbox=""
                srcDoc={preview.data.html}
              />
            </>
          ) : preview.isFetching ? (
            <Skeleton h={300} />
          ) : null}
        </Paper>
      </Grid.Col>
    </Grid>
  );
}
