import { and, asc, eq, inArray, ne, type SQL, sql } from 'drizzle-orm';
import type {
  TKbArticleHit,
  TKbArticleView,
  TKbFeedbackResult,
  TKbLocale,
  TKbReaderCategory,
  TKbReaderListQuery,
} from '../../../shared/kb.schemas.js';
import type { TenantScope, Tx } from '../../platform/db/database.js';
import { notFound } from '../../platform/http/versioning.js';
import type { KbDeps } from './kb.deps.js';
import { kbArticles, kbArticleTranslations, kbArticleVotes, kbCategories } from './kb.table.js';
import { snippetOf } from './kb-render.js';
import { isoOf, type KbListRow, listKbArticles } from './kb-search.js';

/**
 * Who reads: a portal contact (their session's scope) or an anonymous visitor of the public help
 * centre. Both run as kesher_portal, whose policies already hide internal, draft and deleted
 * articles; the public reader additionally sees only visibility = 'public' (checked here, in SQL,
 * because the database role is the same).
 */
export type KbReader = {
  scope: Extract<TenantScope, { role: 'portal' }>;
  publicOnly: boolean;
  /** The vote key the kesher_portal policy allows: `contact:` + the scope's contact id. */
  voterKey: string;
};

const visibleSql = (r: KbReader): SQL =>
  r.publicOnly
    ? sql`a.status = 'published' and a.visibility = 'public'`
    : sql`a.status = 'published' and a.visibility in ('public', 'portal')`;

const visibleWhere = (r: KbReader) =>
  and(
    eq(kbArticles.status, 'published'),
    r.publicOnly ? eq(kbArticles.visibility, 'public') : ne(kbArticles.visibility, 'internal'),
    sql`${kbArticles.deletedAt} is null`,
  );

export const toReaderHit = (r: KbListRow): TKbArticleHit => ({
  id: r.id,
  categoryId: r.category_id,
  locale: r.locale,
  locales: r.locales,
  title: r.title,
  snippet: snippetOf(r.body_head),
  score: r.score == null ? null : Number(r.score),
  publishedAt: isoOf(r.published_at),
  updatedAt: isoOf(r.updated_at) ?? '',
});

/** The asked language if the article has it, else the other one. */
const pick = <T extends { locale: TKbLocale }>(translations: T[], locale: TKbLocale): T | undefined =>
  translations.find((t) => t.locale === locale) ?? translations[0];

export const createKbReader = (deps: KbDeps) => {
  const inTx = <T>(r: KbReader, fn: (tx: Tx) => Promise<T>) => deps.database.tenantTx(r.scope, fn);

  /** Locks a visible article (404 otherwise: internal, draft, deleted, another tenant's). */
  const lockVisible = async (tx: Tx, r: KbReader, id: string) => {
    const [row] = await tx
      .select({ id: kbArticles.id })
      .from(kbArticles)
      .where(and(eq(kbArticles.id, id), visibleWhere(r)))
      .for('update');
    if (!row) throw notFound('Article');
  };

  const list = (r: KbReader, q: TKbReaderListQuery, opts: { partial?: boolean } = {}) =>
    inTx(r, async (tx) => {
      const where = [visibleSql(r)];
      if (q.categoryId) where.push(sql`a.category_id = ${q.categoryId}`);
      const page = await listKbArticles(tx, {
        tenantId: r.scope.tenantId,
        where,
        q: q.q,
        locale: q.locale,
        limit: q.limit,
        cursor: q.cursor,
        order: 'position',
        partial: opts.partial ?? false,
      });
      return { items: page.rows.map(toReaderHit), nextCursor: page.nextCursor };
    });

  return {
    categories: (r: KbReader, locale: TKbLocale) =>
      inTx(r, async (tx): Promise<{ items: TKbReaderCategory[] }> => {
        const rows = await tx
          .select()
          .from(kbCategories)
          .where(
            r.publicOnly ? eq(kbCategories.visibility, 'public') : ne(kbCategories.visibility, 'internal'),
          )
          .orderBy(asc(kbCategories.position), asc(kbCategories.id));
        return {
          items: rows.map((c) => ({
            id: c.id,
            name: (locale === 'en' ? c.nameEn || c.nameHe : c.nameHe || c.nameEn) ?? '',
            nameHe: c.nameHe,
            nameEn: c.nameEn,
            position: c.position,
          })),
        };
      }),

    list,

    /** Deflection: the 5 articles most relevant to what a customer is typing as a ticket subject. */
    suggest: async (r: KbReader, q: string, locale: TKbLocale) => {
      if (!q.trim()) return { items: [] };
      const { items } = await list(r, { q, locale, limit: 5 }, { partial: true });
      return { items };
    },

    /** One article in the asked language (or the other); counts the view. */
    view: (r: KbReader, id: string, locale: TKbLocale) =>
      inTx(r, async (tx): Promise<TKbArticleView> => {
        // The counter update is also the visibility check: it touches only an article this
        // reader may see, and kesher_portal may change no other column.
        const [a] = await tx
          .update(kbArticles)
          .set({ viewCount: sql`${kbArticles.viewCount} + 1` })
          .where(and(eq(kbArticles.id, id), visibleWhere(r)))
          .returning();
        if (!a) throw notFound('Article');
        const translations = await tx
          .select()
          .from(kbArticleTranslations)
          .where(eq(kbArticleTranslations.articleId, id))
          .orderBy(asc(kbArticleTranslations.locale));
        const t = pick(translations, locale);
        if (!t) throw notFound('Article');

        let related: TKbArticleView['related'] = [];
        if (a.relatedIds.length) {
          const rows = await tx
            .select({
              id: kbArticles.id,
              locale: kbArticleTranslations.locale,
              title: kbArticleTranslations.title,
            })
            .from(kbArticles)
            .innerJoin(
              kbArticleTranslations,
              and(
                eq(kbArticleTranslations.tenantId, kbArticles.tenantId),
                eq(kbArticleTranslations.articleId, kbArticles.id),
              ),
            )
            .where(and(inArray(kbArticles.id, a.relatedIds), visibleWhere(r)));
          // In the author's order; each in the reader's language when it exists.
          related = a.relatedIds.flatMap((rid) => {
            const best = pick(
              rows.filter((x) => x.id === rid),
              locale,
            );
            return best ? [best] : [];
          });
        }
        const [vote] = await tx
          .select({ helpful: kbArticleVotes.helpful })
          .from(kbArticleVotes)
          .where(and(eq(kbArticleVotes.articleId, id), eq(kbArticleVotes.voterKey, r.voterKey)));
        return {
          id: a.id,
          categoryId: a.categoryId,
          locale: t.locale,
          requestedLocale: locale,
          locales: translations.map((x) => x.locale),
          title: t.title,
          bodyHtml: t.bodyHtml,
          tags: a.tags,
          helpfulYes: a.helpfulYes,
          helpfulNo: a.helpfulNo,
          viewCount: a.viewCount,
          publishedAt: a.publishedAt?.toISOString() ?? null,
          updatedAt: a.updatedAt.toISOString(),
          related,
          myVote: vote ? vote.helpful === 'yes' : null,
        };
      }),

    /**
     * "Was this helpful?": one vote per voter per article, changeable. The counters on the article
     * move by the difference, under the article's row lock, so concurrent votes cannot skew them
     * (kesher_portal sees only its own votes, so it could not recount them anyway).
     */
    feedback: (r: KbReader, id: string, helpful: boolean) =>
      inTx(r, async (tx): Promise<TKbFeedbackResult> => {
        await lockVisible(tx, r, id);
        const value = helpful ? 'yes' : 'no';
        const [old] = await tx
          .select({ helpful: kbArticleVotes.helpful })
          .from(kbArticleVotes)
          .where(and(eq(kbArticleVotes.articleId, id), eq(kbArticleVotes.voterKey, r.voterKey)));
        const yes = (value === 'yes' ? 1 : 0) - (old?.helpful === 'yes' ? 1 : 0);
        const no = (value === 'no' ? 1 : 0) - (old?.helpful === 'no' ? 1 : 0);
        await tx
          .insert(kbArticleVotes)
          .values({ tenantId: r.scope.tenantId, articleId: id, voterKey: r.voterKey, helpful: value })
          .onConflictDoUpdate({
            target: [kbArticleVotes.tenantId, kbArticleVotes.articleId, kbArticleVotes.voterKey],
            set: { helpful: value },
          });
        const [a] = await tx
          .update(kbArticles)
          .set({
            helpfulYes: sql`${kbArticles.helpfulYes} + ${yes}`,
            helpfulNo: sql`${kbArticles.helpfulNo} + ${no}`,
          })
          .where(eq(kbArticles.id, id))
          .returning({ helpfulYes: kbArticles.helpfulYes, helpfulNo: kbArticles.helpfulNo });
        if (!a) throw notFound('Article');
        return { helpful, helpfulYes: a.helpfulYes, helpfulNo: a.helpfulNo };
      }),
  };
};

export type KbReaderService = ReturnType<typeof createKbReader>;
