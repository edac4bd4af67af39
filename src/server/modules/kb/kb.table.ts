import { sql } from 'drizzle-orm';
import { foreignKey, index, integer, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { id, tenantId, tenantPk, timestamps, tstz, version } from '../../platform/db/columns.js';

export const KB_VISIBILITIES = ['public', 'portal', 'internal'] as const;
export const KB_STATUSES = ['draft', 'published'] as const;
export const KB_LOCALES = ['he', 'en'] as const;

/** Knowledge-base categories; labels per language (an empty one falls back to the other). */
export const kbCategories = pgTable(
  'kb_categories',
  {
    tenantId: tenantId(),
    id: id(),
    nameHe: text('name_he').notNull().default(''),
    nameEn: text('name_en').notNull().default(''),
    position: integer('position').notNull().default(0),
    visibility: text('visibility', { enum: KB_VISIBILITIES }).notNull().default('public'),
    version: version(),
    ...timestamps(),
  },
  (t) => [tenantPk(t)],
);

/**
 * An article: visibility and status are per article; its text is per language in
 * kb_article_translations. Counters are kept on the row (never count(*) per view).
 */
export const kbArticles = pgTable(
  'kb_articles',
  {
    tenantId: tenantId(),
    id: id(),
    categoryId: uuid('category_id'),
    visibility: text('visibility', { enum: KB_VISIBILITIES }).notNull().default('public'),
    status: text('status', { enum: KB_STATUSES }).notNull().default('draft'),
    relatedIds: uuid('related_ids').array().notNull().default([]),
    tags: text('tags').array().notNull().default([]),
    helpfulYes: integer('helpful_yes').notNull().default(0),
    helpfulNo: integer('helpful_no').notNull().default(0),
    viewCount: integer('view_count').notNull().default(0),
    position: integer('position').notNull().default(0),
    authorId: uuid('author_id'),
    publishedAt: tstz('published_at'),
    version: version(),
    ...timestamps(),
    deletedAt: tstz('deleted_at'),
  },
  (t) => [
    tenantPk(t),
    foreignKey({
      columns: [t.tenantId, t.categoryId],
      foreignColumns: [kbCategories.tenantId, kbCategories.id],
      name: 'kb_articles_category_fk',
    }),
    index('kb_articles_listing_idx').on(t.tenantId, t.categoryId, t.position).where(sql`deleted_at is null`),
  ],
);

/** One language version of an article. body_html is sanitised on write; norm_text feeds search. */
export const kbArticleTranslations = pgTable(
  'kb_article_translations',
  {
    tenantId: tenantId(),
    articleId: uuid('article_id').notNull(),
    locale: text('locale', { enum: KB_LOCALES }).notNull(),
    title: text('title').notNull(),
    // What the author wrote (Markdown or HTML) and its sanitised HTML rendering.
    bodySource: text('body_source').notNull().default(''),
    bodyFormat: text('body_format', { enum: ['markdown', 'html'] })
      .notNull()
      .default('markdown'),
    bodyHtml: text('body_html').notNull().default(''),
    // Normalised title + body text (hebrew-normalise searchVariants) for pg_trgm search.
    normTitle: text('norm_title').notNull().default(''),
    normText: text('norm_text').notNull().default(''),
    ...timestamps(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.articleId, t.locale] }),
    foreignKey({
      columns: [t.tenantId, t.articleId],
      foreignColumns: [kbArticles.tenantId, kbArticles.id],
      name: 'kb_article_translations_article_fk',
    }).onDelete('cascade'),
    index('kb_article_translations_trgm_idx').using('gin', t.tenantId, sql`${t.normText} gin_trgm_ops`),
    // Typo-tolerant suggestions compare the query with titles only (word_similarity, <%).
    index('kb_article_translations_title_trgm_idx').using(
      'gin',
      t.tenantId,
      sql`${t.normTitle} gin_trgm_ops`,
    ),
  ],
);

/** One "was this helpful?" vote per voter (portal contact, or an anonymous browser key) per article. */
export const kbArticleVotes = pgTable(
  'kb_article_votes',
  {
    tenantId: tenantId(),
    articleId: uuid('article_id').notNull(),
    voterKey: text('voter_key').notNull(),
    helpful: text('helpful', { enum: ['yes', 'no'] }).notNull(),
    createdAt: tstz('created_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.articleId, t.voterKey] }),
    foreignKey({
      columns: [t.tenantId, t.articleId],
      foreignColumns: [kbArticles.tenantId, kbArticles.id],
      name: 'kb_article_votes_article_fk',
    }).onDelete('cascade'),
  ],
);

export type KbArticleRow = typeof kbArticles.$inferSelect;
export type KbTranslationRow = typeof kbArticleTranslations.$inferSelect;
export type KbCategoryRow = typeof kbCategories.$inferSelect;
