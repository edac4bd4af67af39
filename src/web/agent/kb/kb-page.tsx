import {
  ActionIcon,
  Badge,
  Button,
  Group,
  Paper,
  Select,
  Skeleton,
  Stack,
  Table,
  Tabs,
  Text,
  TextInput,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { FormAlert } from '../../ui/form-alert';
import { IconPlus } from '../../ui/icons';
import { PageHeader } from '../../ui/page-header';
import { fieldErrors, problemMessage } from '../../ui/problem';
import { useDateTime } from '../portal-admin/portal-common';
import { hasPermission, useSession } from '../shell/session';
import {
  KB_STATUSES,
  KB_VISIBILITIES,
  type KbArticleQuery,
  type KbCategory,
  type KbLocale,
  type KbStatus,
  type KbVisibility,
  kbApi,
  kbKeys,
} from './kb-api';

export const categoryName = (c: KbCategory, locale: string) =>
  (locale === 'en' ? c.nameEn || c.nameHe : c.nameHe || c.nameEn) || '—';

/** /portal-admin/kb — the knowledge base: articles (with filters) and categories. */
export function KbPage() {
  const { t } = useTranslation();
  const canWrite = hasPermission(useSession(), 'kb:write');
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') === 'categories' ? 'categories' : 'articles';
  return (
    <>
      <PageHeader
        title={t('kb.title')}
        description={t('kb.description')}
        actions={
          canWrite ? (
            <Button component={Link} to="/portal-admin/kb/new" leftSection={<IconPlus size={16} />}>
              {t('kb.newArticle')}
            </Button>
          ) : null
        }
      />
      <Tabs value={tab} onChange={(v) => setParams(v === 'categories' ? { tab: v } : {})} keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="articles">{t('kb.tabs.articles')}</Tabs.Tab>
          <Tabs.Tab value="categories">{t('kb.tabs.categories')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="articles">
          <ArticleList />
        </Tabs.Panel>
        <Tabs.Panel value="categories">
          <Categories canWrite={canWrite} />
        </Tabs.Panel>
      </Tabs>
    </>
  );
}

function ArticleList() {
  const { t, i18n } = useTranslation();
  const format = useDateTime();
  const [q, setQ] = useState('');
  const [filters, setFilters] = useState<Omit<KbArticleQuery, 'q'>>({});
  const query: KbArticleQuery = { ...filters, ...(q.trim() ? { q: q.trim() } : {}) };
  const categories = useQuery({ queryKey: kbKeys.categories, queryFn: kbApi.listCategories });
  const locale: KbLocale = i18n.language === 'en' ? 'en' : 'he';
  const articles = useQuery({
    queryKey: [...kbKeys.articles(query), locale],
    queryFn: () => kbApi.listArticles(locale, query),
  });
  const all = { value: '', label: t('kb.filters.all') };
  const catName = (id: string | null) => {
    const c = categories.data?.items.find((x) => x.id === id);
    return c ? categoryName(c, i18n.language) : t('kb.list.noCategory');
  };
  return (
    <Stack gap="sm">
      <Group align="flex-end" wrap="wrap">
        <TextInput
          label={t('kb.filters.search')}
          value={q}
          onChange={(e) => setQ(e.currentTarget.value)}
          type="search"
          dir="auto"
          miw={240}
        />
        <Select
          label={t('kb.filters.status')}
          data={[all, ...KB_STATUSES.map((s) => ({ value: s, label: t(`kb.statuses.${s}`) }))]}
          value={filters.status ?? ''}
          onChange={(v) => setFilters(({ status: _, ...f }) => (v ? { ...f, status: v as KbStatus } : f))}
          allowDeselect={false}
        />
        <Select
          label={t('kb.filters.visibility')}
          data={[all, ...KB_VISIBILITIES.map((s) => ({ value: s, label: t(`kb.visibilities.${s}`) }))]}
          value={filters.visibility ?? ''}
          onChange={(v) =>
            setFilters(({ visibility: _, ...f }) => (v ? { ...f, visibility: v as KbVisibility } : f))
          }
          allowDeselect={false}
        />
        <Select
          label={t('kb.filters.category')}
          data={[
            all,
            ...(categories.data?.items ?? []).map((c) => ({
              value: c.id,
              label: categoryName(c, i18n.language),
            })),
          ]}
          value={filters.categoryId ?? ''}
          onChange={(v) => setFilters(({ categoryId: _, ...f }) => (v ? { ...f, categoryId: v } : f))}
          allowDeselect={false}
        />
      </Group>
      {articles.isPending ? <Skeleton h={120} /> : null}
      {articles.isError ? <FormAlert message={problemMessage(t, articles.error, i18n.language)} /> : null}
      {articles.data?.items.length === 0 ? <Text c="dimmed">{t('kb.list.empty')}</Text> : null}
      {articles.data?.items.length ? (
        <Table.ScrollContainer minWidth={720}>
          <Table highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('kb.list.title')}</Table.Th>
                <Table.Th>{t('kb.filters.category')}</Table.Th>
                <Table.Th>{t('kb.filters.status')}</Table.Th>
                <Table.Th>{t('kb.filters.visibility')}</Table.Th>
                <Table.Th>{t('kb.list.views')}</Table.Th>
                <Table.Th>{t('kb.list.helpful')}</Table.Th>
                <Table.Th>{t('kb.list.updated')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {articles.data.items.map((a) => (
                <Table.Tr key={a.id}>
                  <Table.Td>
                    <Link to={`/portal-admin/kb/${a.id}`}>
                      <span dir="auto" lang={a.locale}>
                        {a.title || t('kb.list.untitled')}
                      </span>
                    </Link>
                    <Group gap={4}>
                      {(['he', 'en'] as const).map((l) =>
                        a.locales.includes(l) ? (
                          <Badge key={l} size="xs" variant="outline" tt="uppercase">
                            {l}
                          </Badge>
                        ) : null,
                      )}
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <span dir="auto">{catName(a.categoryId)}</span>
                  </Table.Td>
                  <Table.Td>
                    <Badge color={a.status === 'published' ? 'green' : 'gray'} variant="light">
                      {t(`kb.statuses.${a.status}`)}
                    </Badge>
                  </Table.Td>
                  <Table.Td>{t(`kb.visibilities.${a.visibility}`)}</Table.Td>
                  <Table.Td>{format.number(a.viewCount)}</Table.Td>
                  <Table.Td>
                    {format.number(a.helpfulYes)} / {format.number(a.helpfulYes + a.helpfulNo)}
                  </Table.Td>
                  <Table.Td>{format.dateTime(a.updatedAt)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      ) : null}
    </Stack>
  );
}

function Categories({ canWrite }: { canWrite: boolean }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const categories = useQuery({ queryKey: kbKeys.categories, queryFn: kbApi.listCategories });
  const [draft, setDraft] = useState({ nameHe: '', nameEn: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const done = () => {
    setErrors({});
    setError(null);
    void queryClient.invalidateQueries({ queryKey: kbKeys.categories });
  };
  const onError = (e: unknown) => {
    setErrors(fieldErrors(e));
    setError(problemMessage(t, e, i18n.language));
  };
  const create = useMutation({
    mutationFn: () => kbApi.createCategory({ nameHe: draft.nameHe.trim(), nameEn: draft.nameEn.trim() }),
    onSuccess: () => {
      setDraft({ nameHe: '', nameEn: '' });
      done();
      notifications.show({ color: 'green', message: t('kb.categories.saved') });
    },
    onError,
  });
  const remove = useMutation({ mutationFn: kbApi.deleteCategory, onSuccess: done, onError });
  return (
    <Stack gap="sm" maw={720}>
      {canWrite ? (
        <Paper
          withBorder
          p="sm"
          component="form"
          onSubmit={(e) => {
            e.preventDefault();
            create.mutate();
          }}
        >
          <Group align="flex-start" wrap="wrap">
            <TextInput
              label={t('kb.categories.nameHe')}
              value={draft.nameHe}
              onChange={(e) => {
                const v = e.currentTarget.value;
                setDraft((d) => ({ ...d, nameHe: v }));
              }}
              error={errors.nameHe}
              dir="rtl"
              lang="he"
            />
            <TextInput
              label={t('kb.categories.nameEn')}
              value={draft.nameEn}
              onChange={(e) => {
                const v = e.currentTarget.value;
                setDraft((d) => ({ ...d, nameEn: v }));
              }}
              error={errors.nameEn}
              dir="ltr"
              lang="en"
            />
            <Button
              type="submit"
              mt={25}
              leftSection={<IconPlus size={16} />}
              loading={create.isPending}
              disabled={!draft.nameHe.trim() && !draft.nameEn.trim()}
            >
              {t('kb.categories.add')}
            </Button>
          </Group>
        </Paper>
      ) : null}
      <FormAlert message={error} />
      {categories.isPending ? <Skeleton h={60} /> : null}
      {categories.isError ? <FormAlert message={problemMessage(t, categories.error, i18n.language)} /> : null}
      {categories.data?.items.length === 0 ? <Text c="dimmed">{t('kb.categories.empty')}</Text> : null}
      <Stack gap={4} component="ul" style={{ listStyle: 'none', paddingInlineStart: 0, margin: 0 }}>
        {categories.data?.items.map((c) => (
          <Paper component="li" withBorder p="xs" key={c.id}>
            <Group justify="space-between">
              <Text>
                <span dir="rtl">{c.nameHe || '—'}</span> · <span dir="ltr">{c.nameEn || '—'}</span>
              </Text>
              {canWrite ? (
                <ActionIcon
                  variant="subtle"
                  color="red"
                  aria-label={t('kb.categories.delete', { name: categoryName(c, i18n.language) })}
                  onClick={() => remove.mutate(c.id)}
                >
                  ×
                </ActionIcon>
              ) : null}
            </Group>
          </Paper>
        ))}
      </Stack>
    </Stack>
  );
}
