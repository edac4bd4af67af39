import {
  Anchor,
  Badge,
  Button,
  Group,
  MultiSelect,
  Paper,
  SegmentedControl,
  Select,
  SimpleGrid,
  Skeleton,
  Stack,
  Tabs,
  TagsInput,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { isApiError } from '../../ui/api-client';
import { ConfirmModal } from '../../ui/confirm-modal';
import { FormAlert } from '../../ui/form-alert';
import { PageHeader } from '../../ui/page-header';
import { fieldErrors, problemMessage } from '../../ui/problem';
import { useDateTime } from '../portal-admin/portal-common';
import { hasPermission, useSession } from '../shell/session';
import {
  articleTitle,
  KB_LOCALES,
  KB_VISIBILITIES,
  type KbArticle,
  type KbArticleInput,
  type KbLocale,
  type KbStatus,
  type KbVisibility,
  kbApi,
  kbKeys,
} from './kb-api';
import { textsOf, translationsInput } from './kb-article-texts';
import { categoryName } from './kb-page';
import { MarkdownPreview } from './markdown-preview';

/** /portal-admin/kb/:id (or /new) — the article editor: he/en tabs, Markdown with preview, settings. */
export function KbArticlePage() {
  const { id = 'new' } = useParams();
  const { t, i18n } = useTranslation();
  const isNew = id === 'new';
  const article = useQuery({
    queryKey: kbKeys.article(id),
    queryFn: () => kbApi.getArticle(id),
    enabled: !isNew,
  });
  return (
    <>
      <Anchor component={Link} to="/portal-admin/kb" size="sm">
        {t('kb.editor.back')}
      </Anchor>
      {isNew ? <ArticleEditor initial={null} /> : null}
      {!isNew && article.isPending ? <Skeleton h={360} mt="md" /> : null}
      {!isNew && article.isError ? (
        <FormAlert message={problemMessage(t, article.error, i18n.language)} />
      ) : null}
      {article.data ? <ArticleEditor key={article.data.version} initial={article.data} /> : null}
    </>
  );
}

function ArticleEditor({ initial }: { initial: KbArticle | null }) {
  const { t, i18n } = useTranslation();
  const canWrite = hasPermission(useSession(), 'kb:write');
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const format = useDateTime();
  const categories = useQuery({ queryKey: kbKeys.categories, queryFn: kbApi.listCategories });
  const listLocale: KbLocale = i18n.language === 'en' ? 'en' : 'he';
  const others = useQuery({
    queryKey: [...kbKeys.articles({}), listLocale],
    queryFn: () => kbApi.listArticles(listLocale),
  });
  const [texts, setTexts] = useState(() => textsOf(initial));
  const [locale, setLocale] = useState<KbLocale>(
    i18n.language === 'en' && initial?.translations.en ? 'en' : 'he',
  );
  const [mode, setMode] = useState<'write' | 'preview'>('write');
  const [categoryId, setCategoryId] = useState<string | null>(initial?.categoryId ?? null);
  const [visibility, setVisibility] = useState<KbVisibility>(initial?.visibility ?? 'public');
  const [relatedIds, setRelatedIds] = useState<string[]>(initial?.relatedIds ?? []);
  const [tags, setTags] = useState<string[]>(initial?.tags ?? []);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [conflict, setConflict] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const status: KbStatus = initial?.status ?? 'draft';

  const setText = (key: 'title' | 'body', value: string) =>
    setTexts((x) => ({ ...x, [locale]: { ...x[locale], [key]: value } }));
  const onError = (e: unknown) => {
    setConflict(isApiError(e) && (e.status === 409 || e.status === 412));
    setErrors(fieldErrors(e));
    setError(problemMessage(t, e, i18n.language));
  };

  const save = useMutation({
    mutationFn: (nextStatus: KbStatus) => {
      const translations = translationsInput(texts);
      const body: KbArticleInput = {
        categoryId,
        visibility,
        status: nextStatus,
        relatedIds,
        tags,
        translations,
      };
      return initial ? kbApi.updateArticle(initial.id, body, initial.version) : kbApi.createArticle(body);
    },
    onSuccess: (saved, nextStatus) => {
      setErrors({});
      setError(null);
      setConflict(false);
      queryClient.setQueryData(kbKeys.article(saved.id), saved);
      void queryClient.invalidateQueries({ queryKey: kbKeys.allArticles });
      notifications.show({
        color: 'green',
        message: nextStatus === 'published' ? t('kb.editor.published') : t('kb.editor.saved'),
      });
      if (!initial) void navigate(`/portal-admin/kb/${saved.id}`, { replace: true });
    },
    onError,
  });
  const remove = useMutation({
    mutationFn: () => kbApi.deleteArticle(initial?.id ?? '', initial?.version),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: kbKeys.allArticles });
      void navigate('/portal-admin/kb');
    },
    onError,
  });

  const title = initial
    ? articleTitle(initial, i18n.language) || t('kb.list.untitled')
    : t('kb.editor.newTitle');
  const dir = locale === 'he' ? 'rtl' : 'ltr';
  const fieldError = (key: string) => errors[`translations.${locale}.${key}`];
  const relatedOptions = (others.data?.items ?? [])
    .filter((a) => a.id !== initial?.id)
    .map((a) => ({ value: a.id, label: a.title || t('kb.list.untitled') }));

  return (
    <Paper
      withBorder
      p="md"
      mt="md"
      component="form"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate(status);
      }}
    >
      <PageHeader order={1} title={title} />
      {initial ? (
        <Group gap="xs" mb="sm">
          <Badge color={status === 'published' ? 'green' : 'gray'} variant="light">
            {t(`kb.statuses.${status}`)}
          </Badge>
          <Text size="sm" c="dimmed" data-testid="kb-stats">
            {t('kb.editor.stats', {
              views: format.number(initial.viewCount),
              yes: format.number(initial.helpfulYes),
              no: format.number(initial.helpfulNo),
            })}
          </Text>
        </Group>
      ) : null}
      <Stack gap="sm">
        <FormAlert message={error} />
        {conflict ? (
          <Group>
            <Button
              variant="light"
              onClick={() =>
                void queryClient.invalidateQueries({ queryKey: kbKeys.article(initial?.id ?? '') })
              }
            >
              {t('kb.editor.reload')}
            </Button>
          </Group>
        ) : null}
        <Tabs value={locale} onChange={(v) => v && setLocale(v as KbLocale)}>
          <Tabs.List aria-label={t('kb.editor.languages')}>
            {KB_LOCALES.map((l) => (
              <Tabs.Tab key={l} value={l} lang={l}>
                {t(`kb.editor.${l}`)}
                {!texts[l].title.trim() ? (
                  <Text span size="xs" c="dimmed">
                    {' '}
                    · {t('kb.editor.missingLocale')}
                  </Text>
                ) : null}
              </Tabs.Tab>
            ))}
          </Tabs.List>
        </Tabs>
        <TextInput
          label={t('kb.editor.titleField')}
          value={texts[locale].title}
          onChange={(e) => setText('title', e.currentTarget.value)}
          error={fieldError('title') ?? errors.translations}
          disabled={!canWrite}
          dir={dir}
          lang={locale}
        />
        <Group justify="space-between" align="flex-end">
          <Text size="sm" fw={500}>
            {t('kb.editor.body')}
          </Text>
          <SegmentedControl
            size="xs"
            data={[
              { value: 'write', label: t('kb.editor.write') },
              { value: 'preview', label: t('kb.editor.preview') },
            ]}
            value={mode}
            onChange={(v) => setMode(v as 'write' | 'preview')}
          />
        </Group>
        {mode === 'write' ? (
          <Textarea
            aria-label={t('kb.editor.body')}
            value={texts[locale].body}
            onChange={(e) => setText('body', e.currentTarget.value)}
            error={fieldError('body')}
            disabled={!canWrite}
            autosize
            minRows={10}
            dir={dir}
            lang={locale}
            classNames={{ input: 'kesher-mono' }}
          />
        ) : (
          <Paper withBorder p="md" mih={200} lang={locale}>
            {texts[locale].body.trim() ? (
              <MarkdownPreview source={texts[locale].body} dir={dir} />
            ) : (
              <Text c="dimmed">{t('kb.editor.previewEmpty')}</Text>
            )}
          </Paper>
        )}
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Select
            label={t('kb.editor.category')}
            data={(categories.data?.items ?? []).map((c) => ({
              value: c.id,
              label: categoryName(c, i18n.language),
            }))}
            value={categoryId}
            onChange={setCategoryId}
            clearable
            placeholder={t('kb.list.noCategory')}
            error={errors.categoryId}
            disabled={!canWrite}
          />
          <Select
            label={t('kb.editor.visibility')}
            data={KB_VISIBILITIES.map((v) => ({ value: v, label: t(`kb.visibilities.${v}`) }))}
            value={visibility}
            onChange={(v) => v && setVisibility(v as KbVisibility)}
            allowDeselect={false}
            error={errors.visibility}
            disabled={!canWrite}
          />
          <MultiSelect
            label={t('kb.editor.related')}
            data={relatedOptions}
            value={relatedIds}
            onChange={setRelatedIds}
            searchable
            error={errors.relatedIds}
            disabled={!canWrite}
          />
          <TagsInput
            label={t('kb.editor.tags')}
            value={tags}
            onChange={setTags}
            error={errors.tags}
            disabled={!canWrite}
          />
        </SimpleGrid>
        {canWrite ? (
          <Group justify="space-between">
            <Group>
              <Button
                type="submit"
                variant={status === 'published' ? 'filled' : 'default'}
                loading={save.isPending && save.variables === status}
              >
                {t('kb.editor.save')}
              </Button>
              {status === 'draft' ? (
                <Button
                  onClick={() => save.mutate('published')}
                  loading={save.isPending && save.variables === 'published'}
                >
                  {t('kb.editor.publish')}
                </Button>
              ) : (
                <Button
                  variant="default"
                  onClick={() => save.mutate('draft')}
                  loading={save.isPending && save.variables === 'draft'}
                >
                  {t('kb.editor.unpublish')}
                </Button>
              )}
            </Group>
            {initial ? (
              <Button variant="subtle" color="red" onClick={() => setDeleting(true)}>
                {t('kb.editor.delete')}
              </Button>
            ) : null}
          </Group>
        ) : null}
      </Stack>
      <ConfirmModal
        opened={deleting}
        title={t('kb.editor.delete')}
        body={t('kb.editor.deleteConfirm')}
        confirmLabel={t('kb.editor.delete')}
        danger
        loading={remove.isPending}
        error={error}
        onConfirm={() => remove.mutate()}
        onClose={() => setDeleting(false)}
      />
    </Paper>
  );
}
