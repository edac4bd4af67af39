import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { useFormat } from '../../ui/format';
import { toLocale } from '../../ui/locale';
import { type KbSource, kbApi, kbSourceKey, type TKbArticle } from '../api';
import { useDocumentTitle } from '../shell/branding';
import { errorText } from '../shell/errors';
import { LoadError, Loading, Notice } from '../shell/page-state';

/** Where this knowledge base lives: /portal/<ws>/kb (signed in) or /kb/<ws> (public). */
const kbHome = (source: KbSource, workspace: string) =>
  source.kind === 'portal'
    ? `/portal/${encodeURIComponent(workspace)}/kb`
    : `/kb/${encodeURIComponent(workspace)}`;

const useLocale = () => toLocale(useTranslation('portal').i18n.language);

export function KbHomePage({ source }: { source: KbSource }) {
  const { t } = useTranslation('portal');
  const { workspace = '' } = useParams();
  const locale = useLocale();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const categoryId = params.get('category') ?? '';
  const [draft, setDraft] = useState(q);
  const title = source.kind === 'portal' ? t('kb.title') : t('kb.publicTitle');
  useDocumentTitle(title);

  const categories = useQuery({
    queryKey: [...['portal', 'kb', kbSourceKey(source)], 'categories', locale],
    queryFn: () => kbApi.categories(source, locale),
  });
  const articles = useInfiniteQuery({
    queryKey: [...['portal', 'kb', kbSourceKey(source)], 'articles', locale, q, categoryId],
    queryFn: ({ pageParam }) =>
      kbApi.articles(source, {
        locale,
        ...(q ? { q } : {}),
        ...(categoryId ? { categoryId } : {}),
        ...(pageParam ? { cursor: pageParam } : {}),
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });

  const update = (next: { q?: string; category?: string }) => {
    const out = new URLSearchParams();
    const nq = next.q ?? q;
    const nc = next.category ?? categoryId;
    if (nq) out.set('q', nq);
    if (nc) out.set('category', nc);
    setParams(out, { replace: true });
  };
  const search = (e: FormEvent) => {
    e.preventDefault();
    update({ q: draft.trim() });
  };
  const items = articles.data?.pages.flatMap((p) => p.items) ?? [];
  const home = kbHome(source, workspace);

  return (
    <>
      <h1>{title}</h1>
      <search>
        <form className="search-form" onSubmit={search}>
          <label htmlFor="kb-search" className="visually-hidden">
            {t('kb.search')}
          </label>
          <input
            id="kb-search"
            type="search"
            dir="auto"
            maxLength={200}
            placeholder={t('kb.searchPlaceholder')}
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
          />
          <button type="submit" className="button button--primary">
            {t('kb.searchSubmit')}
          </button>
        </form>
      </search>
      <div className="kb-layout">
        <nav aria-labelledby="kb-categories">
          <h2 id="kb-categories">{t('kb.categories')}</h2>
          {categories.isError ? (
            <LoadError error={categories.error} onRetry={() => void categories.refetch()} />
          ) : (
            <ul className="category-list">
              <li>
                <button type="button" aria-pressed={!categoryId} onClick={() => update({ category: '' })}>
                  {t('kb.allCategories')}
                </button>
              </li>
              {(categories.data?.items ?? []).map((c) => (
                <li key={c.id}>
                  <button
                    type="button"
                    aria-pressed={categoryId === c.id}
                    onClick={() => update({ category: c.id })}
                    dir="auto"
                  >
                    {c.name}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </nav>
        <section aria-labelledby="kb-results">
          <h2 id="kb-results">{t('kb.results')}</h2>
          {articles.isPending ? (
            <Loading />
          ) : articles.isError ? (
            <LoadError error={articles.error} onRetry={() => void articles.refetch()} />
          ) : items.length === 0 ? (
            <p className="state">{t('kb.empty')}</p>
          ) : (
            <ul className="article-list">
              {items.map((a) => (
                <li key={a.id} className="article-row" lang={a.locale}>
                  <Link to={`${home}/${a.id}`} dir="auto">
                    {a.title}
                  </Link>
                  {a.snippet && (
                    <p className="muted" dir="auto">
                      {a.snippet}
                    </p>
                  )}
                </li>
              ))}
            </ul>
          )}
          {articles.hasNextPage && (
            <p>
              <button
                type="button"
                className="button"
                disabled={articles.isFetchingNextPage}
                onClick={() => void articles.fetchNextPage()}
              >
                {t('kb.more')}
              </button>
            </p>
          )}
        </section>
      </div>
    </>
  );
}

function Helpful({ source, article }: { source: KbSource; article: TKbArticle }) {
  const { t } = useTranslation('portal');
  const queryClient = useQueryClient();
  const vote = useMutation({
    mutationFn: (helpful: boolean) => kbApi.feedback(source, article.id, helpful),
    onSuccess: (result) =>
      queryClient.setQueriesData<TKbArticle>(
        { queryKey: ['portal', 'kb', kbSourceKey(source), 'article', article.id] },
        (old) => old && { ...old, ...result, myVote: result.helpful },
      ),
  });
  const mine = article.myVote;
  return (
    <section className="card" aria-labelledby="helpful-title">
      <h2 id="helpful-title">{t('kb.helpful.question')}</h2>
      <div className="button-row">
        {([true, false] as const).map((helpful) => (
          <button
            key={String(helpful)}
            type="button"
            className={`button${mine === helpful ? ' button--primary' : ''}`}
            aria-pressed={mine === helpful}
            disabled={vote.isPending}
            onClick={() => vote.mutate(helpful)}
          >
            {helpful ? t('kb.helpful.yes') : t('kb.helpful.no')}
          </button>
        ))}
      </div>
      {vote.isSuccess && <Notice>{t('kb.helpful.thanks')}</Notice>}
      {vote.isError && <Notice tone="error">{errorText(t, vote.error)}</Notice>}
      {article.helpfulYes > 0 && (
        <p className="muted">{t('kb.helpful.counts', { yes: article.helpfulYes })}</p>
      )}
    </section>
  );
}

export function KbArticlePage({ source }: { source: KbSource }) {
  const { t } = useTranslation('portal');
  const { workspace = '', id = '' } = useParams();
  const locale = useLocale();
  const fmt = useFormat();
  const article = useQuery({
    queryKey: ['portal', 'kb', kbSourceKey(source), 'article', id, locale],
    queryFn: () => kbApi.article(source, id, locale),
  });
  useDocumentTitle(article.data?.title ?? t('kb.title'));
  const home = kbHome(source, workspace);

  if (article.isPending) return <Loading />;
  if (article.isError) return <LoadError error={article.error} onRetry={() => void article.refetch()} />;
  const a = article.data;
  return (
    <article lang={a.locale} className="page--narrow article">
      <p>
        <Link to={home}>{t('kb.back')}</Link>
      </p>
      <h1 dir="auto">{a.title}</h1>
      <p className="muted">{t('kb.updated', { date: fmt.date(a.updatedAt) })}</p>
      {a.locale !== a.requestedLocale && <Notice>{t('kb.otherLanguage')}</Notice>}
      {/*
        The body is HTML the server rendered and sanitised when the article was saved (kb-render.ts:
        an allow-list of structural tags, no script/style/event attributes, http(s)/mailto links with
        rel="noopener noreferrer", http(s) images only), so it is injected as stored.
      */}
      {/* biome-ignore lint/security/noDangerouslySetInnerHtml: sanitised by the server, see above */}
      <div className="article-body" dir="auto" dangerouslySetInnerHTML={{ __html: a.bodyHtml }} />
      <Helpful source={source} article={a} />
      {a.related.length > 0 && (
        <nav aria-labelledby="related-title">
          <h2 id="related-title">{t('kb.related')}</h2>
          <ul>
            {a.related.map((r) => (
              <li key={r.id} lang={r.locale}>
                <Link to={`${home}/${r.id}`} dir="auto">
                  {r.title}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      )}
      {source.kind === 'portal' && (
        <p>
          {t('kb.contact')}{' '}
          <Link to={`/portal/${encodeURIComponent(workspace)}/tickets/new`}>{t('kb.contactLink')}</Link>
        </p>
      )}
    </article>
  );
}
