import { and, eq, inArray, isNull, type SQL, sql } from 'drizzle-orm';
import type {
  TCreateKbArticle,
  TKbArticle,
  TKbLocale,
  TKbStaffArticleHit,
  TKbStaffListQuery,
  TKbTranslationInput,
  TUpdateKbArticle,
} from '../../../shared/kb.schemas.js';
import type { Tx } from '../../platform/db/database.js';
import { validationError } from '../../platform/errors/app-error.js';
import { scopeOf, type TenantCtx } from '../../platform/http/actor.js';
import { expectedVersion, notFound, versionConflict } from '../../platform/http/versioning.js';
import { auditFromCtx, recordAudit } from '../audit/index.js';
import type { KbDeps } from './kb.deps.js';
import {
  KB_LOCALES,
  type KbArticleRow,
  type KbTranslationRow,
  kbArticles,
  kbArticleTranslations,
} from './kb.table.js';
import { checkCategory } from './kb-categories.service.js';
import { renderTranslation, snippetOf } from './kb-render.js';
import { isoOf, type KbListRow, listKbArticles } from './kb-search.js';

export const toArticle = (r: KbArticleRow, translations: KbTranslationRow[]): TKbArticle => {
  const tr: TKbArticle['translations'] = {};
  for (const t of translations) {
    tr[t.locale] = {
      title: t.title,
      bodySource: t.bodySource,
      bodyFormat: t.bodyFormat,
      bodyHtml: t.bodyHtml,
    };
  }
  return {
    id: r.id,
    categoryId: r.categoryId,
    visibility: r.visibility,
    status: r.status,
    tags: r.tags,
    relatedIds: r.relatedIds,
    position: r.position,
    helpfulYes: r.helpfulYes,
    helpfulNo: r.helpfulNo,
    viewCount: r.viewCount,
    authorId: r.authorId,
    publishedAt: r.publishedAt?.toISOString() ?? null,
    version: r.version,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    translations: tr,
  };
};

/** A list row as staff see it. */
export const toStaffHit = (r: KbListRow): TKbStaffArticleHit => ({
  id: r.id,
  categoryId: r.category_id,
  locale: r.locale,
  locales: r.locales,
  title: r.title,
  snippet: snippetOf(r.body_head),
  score: r.score == null ? null : Number(r.score),
  publishedAt: isoOf(r.published_at),
  updatedAt: isoOf(r.updated_at) ?? '',
  visibility: r.visibility,
  status: r.status,
  tags: r.tags,
  viewCount: r.view_count,
  helpfulYes: r.helpful_yes,
  helpfulNo: r.helpful_no,
});

const getArticleRowOrThrow = async (tx: Tx, id: string, opts: { forUpdate?: boolean } = {}) => {
  const q = tx
    .select()
    .from(kbArticles)
    .where(and(eq(kbArticles.id, id), isNull(kbArticles.deletedAt)))
    .limit(1);
  const [row] = await (opts.forUpdate ? q.for('update') : q);
  if (!row) throw notFound('Article');
  return row;
};

const translationsOf = (tx: Tx, id: string) =>
  tx.select().from(kbArticleTranslations).where(eq(kbArticleTranslations.articleId, id));

/** Related articles must be other live articles of the tenant. */
const checkRelated = async (tx: Tx, relatedIds: string[] | undefined, selfId: string | null) => {
  if (!relatedIds?.length) return [];
  const ids = [...new Set(relatedIds)];
  if (selfId && ids.includes(selfId)) {
    throw validationError([{ path: 'relatedIds', message: 'An article cannot be related to itself' }]);
  }
  const found = await tx
    .select({ id: kbArticles.id })
    .from(kbArticles)
    .where(and(inArray(kbArticles.id, ids), isNull(kbArticles.deletedAt)));
  const known = new Set(found.map((r) => r.id));
  const missing = ids.filter((i) => !known.has(i));
  if (missing.length) {
    throw validationError([{ path: 'relatedIds', message: `Unknown article: ${missing.join(', ')}` }]);
  }
  return ids;
};

const upsertTranslation = async (
  tx: Tx,
  tenantId: string,
  articleId: string,
  locale: TKbLocale,
  t: TKbTranslationInput,
  now: Date,
) => {
  const values = renderTranslation(t);
  await tx
    .insert(kbArticleTranslations)
    .values({ tenantId, articleId, locale, ...values, createdAt: now, updatedAt: now })
    .onConflictDoUpdate({
      target: [kbArticleTranslations.tenantId, kbArticleTranslations.articleId, kbArticleTranslations.locale],
      set: { ...values, updatedAt: now },
    });
};

export const createKbArticles = (deps: KbDeps) => {
  const inTx = <T>(ctx: TenantCtx, fn: (tx: Tx) => Promise<T>) => deps.database.tenantTx(scopeOf(ctx), fn);
  const load = async (tx: Tx, id: string) =>
    toArticle(await getArticleRowOrThrow(tx, id), await translationsOf(tx, id));

  return {
    list: (ctx: TenantCtx, q: TKbStaffListQuery) =>
      inTx(ctx, async (tx) => {
        const where: SQL[] = [];
        if (q.status) where.push(sql`a.status = ${q.status}`);
        if (q.visibility) where.push(sql`a.visibility = ${q.visibility}`);
        if (q.categoryId) where.push(sql`a.category_id = ${q.categoryId}`);
        const page = await listKbArticles(tx, {
          tenantId: ctx.tenantId,
          where,
          q: q.q,
          locale: q.locale,
          limit: q.limit,
          cursor: q.cursor,
          order: 'updated',
        });
        return { items: page.rows.map(toStaffHit), nextCursor: page.nextCursor };
      }),

    get: (ctx: TenantCtx, id: string) => inTx(ctx, (tx) => load(tx, id)),

    create: (ctx: TenantCtx, input: TCreateKbArticle) =>
      inTx(ctx, async (tx) => {
        await checkCategory(tx, input.categoryId);
        const relatedIds = await checkRelated(tx, input.relatedIds, null);
        const now = deps.clock.now();
        const [row] = await tx
          .insert(kbArticles)
          .values({
            tenantId: ctx.tenantId,
            categoryId: input.categoryId,
            visibility: input.visibility,
            status: input.status,
            tags: [...new Set(input.tags)],
            relatedIds,
            position: input.position,
            authorId: ctx.actor.kind === 'user' ? ctx.actor.userId : null,
            publishedAt: input.status === 'published' ? now : null,
            createdAt: now,
            updatedAt: now,
          })
          .returning();
        if (!row) throw new Error('insert returned no row');
        for (const locale of KB_LOCALES) {
          const t = input.translations[locale];
          if (t) await upsertTranslation(tx, ctx.tenantId, row.id, locale, t, now);
        }
        await recordAudit(
          tx,
          auditFromCtx(
            ctx,
            'kb.article.created',
            { kind: 'kb_article', id: row.id },
            { status: row.status, visibility: row.visibility },
          ),
        );
        return load(tx, row.id);
      }),

    update: (ctx: TenantCtx, id: string, input: TUpdateKbArticle, ifMatch: string | undefined) =>
      inTx(ctx, async (tx) => {
        const version = expectedVersion(ifMatch, input.version);
        const current = await getArticleRowOrThrow(tx, id, { forUpdate: true });
        if (current.version !== version)
          throw versionConflict(toArticle(current, await translationsOf(tx, id)));
        if (input.categoryId !== undefined) await checkCategory(tx, input.categoryId);
        const relatedIds =
          input.relatedIds === undefined ? undefined : await checkRelated(tx, input.relatedIds, id);
        const now = deps.clock.now();

        const changed: string[] = [];
        if (input.translations) {
          const existing = new Set((await translationsOf(tx, id)).map((t) => t.locale));
          for (const locale of KB_LOCALES) {
            const t = input.translations[locale];
            if (t === undefined) continue;
            if (t === null) existing.delete(locale);
            else existing.add(locale);
          }
          if (existing.size === 0) {
            throw validationError([
              { path: 'translations', message: 'Keep the article in at least one language' },
            ]);
          }
          for (const locale of KB_LOCALES) {
            const t = input.translations[locale];
            if (t === undefined) continue;
            changed.push(`translations.${locale}`);
            if (t === null) {
              await tx
                .delete(kbArticleTranslations)
                .where(
                  and(eq(kbArticleTranslations.articleId, id), eq(kbArticleTranslations.locale, locale)),
                );
            } else {
              await upsertTranslation(tx, ctx.tenantId, id, locale, t, now);
            }
          }
        }
        const set: Partial<typeof kbArticles.$inferInsert> = {};
        if (input.categoryId !== undefined) set.categoryId = input.categoryId;
        if (input.visibility !== undefined) set.visibility = input.visibility;
        if (input.tags !== undefined) set.tags = [...new Set(input.tags)];
        if (relatedIds !== undefined) set.relatedIds = relatedIds;
        if (input.position !== undefined) set.position = input.position;
        if (input.status !== undefined) {
          set.status = input.status;
          // First publication time stays while published; going back to draft clears it.
          set.publishedAt = input.status === 'published' ? (current.publishedAt ?? now) : null;
        }
        changed.push(...Object.keys(set).filter((k) => k !== 'publishedAt'));
        await tx
          .update(kbArticles)
          .set({ ...set, version: current.version + 1, updatedAt: now })
          .where(eq(kbArticles.id, id));
        await recordAudit(
          tx,
          auditFromCtx(
            ctx,
            'kb.article.updated',
            { kind: 'kb_article', id },
            {
              fields: changed,
              ...(set.status && set.status !== current.status ? { status: set.status } : {}),
              ...(set.visibility && set.visibility !== current.visibility
                ? { visibility: set.visibility }
                : {}),
            },
          ),
        );
        return load(tx, id);
      }),

    /** Soft delete: readers stop seeing it at once; the row stays for the audit trail. */
    remove: (ctx: TenantCtx, id: string) =>
      inTx(ctx, async (tx) => {
        await getArticleRowOrThrow(tx, id, { forUpdate: true });
        const now = deps.clock.now();
        await tx.update(kbArticles).set({ deletedAt: now, updatedAt: now }).where(eq(kbArticles.id, id));
        await recordAudit(tx, auditFromCtx(ctx, 'kb.article.deleted', { kind: 'kb_article', id }));
      }),
  };
};

export type KbArticles = ReturnType<typeof createKbArticles>;
