import { z } from 'zod';
import { ZPageQuery } from './pagination.js';

// Knowledge base: staff authoring (/api/v1/kb), the customer portal (/api/portal/v1/kb) and the
// anonymous public help centre (/api/public/v1/kb/:workspace).

export const ZKbLocale = z.enum(['he', 'en']);
export type TKbLocale = z.infer<typeof ZKbLocale>;
/** public: anyone; portal: signed-in customers; internal: staff only. */
export const ZKbVisibility = z.enum(['public', 'portal', 'internal']);
export const ZKbStatus = z.enum(['draft', 'published']);

// ── Categories ────────────────────────────────────────────────────────

export const ZKbCategory = z.object({
  id: z.uuid(),
  nameHe: z.string(),
  nameEn: z.string(),
  position: z.number().int(),
  visibility: ZKbVisibility,
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TKbCategory = z.infer<typeof ZKbCategory>;

const categoryFields = {
  nameHe: z.string().trim().max(200),
  nameEn: z.string().trim().max(200),
  position: z.number().int().min(0).max(1_000_000),
  visibility: ZKbVisibility,
};

export const ZCreateKbCategory = z
  .object({
    nameHe: categoryFields.nameHe.default(''),
    nameEn: categoryFields.nameEn.default(''),
    position: categoryFields.position.default(0),
    visibility: categoryFields.visibility.default('public'),
  })
  .refine((c) => c.nameHe !== '' || c.nameEn !== '', {
    path: ['nameHe'],
    message: 'Give the category a name in Hebrew or English',
  });
export type TCreateKbCategory = z.infer<typeof ZCreateKbCategory>;

export const ZUpdateKbCategory = z.object({
  nameHe: categoryFields.nameHe.optional(),
  nameEn: categoryFields.nameEn.optional(),
  position: categoryFields.position.optional(),
  visibility: categoryFields.visibility.optional(),
  version: z.number().int().optional(),
});
export type TUpdateKbCategory = z.infer<typeof ZUpdateKbCategory>;

// ── Articles (staff) ──────────────────────────────────────────────────

export const ZKbTranslationInput = z.object({
  title: z.string().trim().min(1).max(300),
  /** Markdown (rendered) or HTML; either way the stored HTML is sanitised. */
  body: z.string().max(200_000).default(''),
  format: z.enum(['markdown', 'html']).default('markdown'),
});
export type TKbTranslationInput = z.infer<typeof ZKbTranslationInput>;

export const ZKbTranslation = z.object({
  title: z.string(),
  bodySource: z.string(),
  bodyFormat: z.enum(['markdown', 'html']),
  bodyHtml: z.string(),
});

const ZTags = z.array(z.string().trim().min(1).max(50)).max(30);
const ZRelated = z.array(z.uuid()).max(20);

export const ZCreateKbArticle = z
  .object({
    categoryId: z.uuid().nullable().default(null),
    visibility: ZKbVisibility.default('internal'),
    status: ZKbStatus.default('draft'),
    tags: ZTags.default([]),
    relatedIds: ZRelated.default([]),
    position: z.number().int().min(0).max(1_000_000).default(0),
    translations: z.object({ he: ZKbTranslationInput.optional(), en: ZKbTranslationInput.optional() }),
  })
  .refine((a) => a.translations.he || a.translations.en, {
    path: ['translations'],
    message: 'Write the article in Hebrew or English',
  });
export type TCreateKbArticle = z.infer<typeof ZCreateKbArticle>;

export const ZUpdateKbArticle = z.object({
  categoryId: z.uuid().nullable().optional(),
  visibility: ZKbVisibility.optional(),
  status: ZKbStatus.optional(),
  tags: ZTags.optional(),
  relatedIds: ZRelated.optional(),
  position: z.number().int().min(0).max(1_000_000).optional(),
  /** A language set to null is removed; at least one must remain. */
  translations: z
    .object({ he: ZKbTranslationInput.nullable().optional(), en: ZKbTranslationInput.nullable().optional() })
    .optional(),
  version: z.number().int().optional(),
});
export type TUpdateKbArticle = z.infer<typeof ZUpdateKbArticle>;

export const ZKbArticle = z.object({
  id: z.uuid(),
  categoryId: z.uuid().nullable(),
  visibility: ZKbVisibility,
  status: ZKbStatus,
  tags: z.array(z.string()),
  relatedIds: z.array(z.uuid()),
  position: z.number().int(),
  helpfulYes: z.number().int(),
  helpfulNo: z.number().int(),
  viewCount: z.number().int(),
  authorId: z.uuid().nullable(),
  publishedAt: z.string().nullable(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  translations: z.object({ he: ZKbTranslation.optional(), en: ZKbTranslation.optional() }),
});
export type TKbArticle = z.infer<typeof ZKbArticle>;

/** A list or search row: the article in one language (the asked one, else the other). */
export const ZKbArticleHit = z.object({
  id: z.uuid(),
  categoryId: z.uuid().nullable(),
  /** The language of title/snippet: the requested one when the article has it, else the other. */
  locale: ZKbLocale,
  locales: z.array(ZKbLocale),
  title: z.string(),
  snippet: z.string(),
  /** Relevance when a query was given (title matches rank above body matches), else null. */
  score: z.number().nullable(),
  publishedAt: z.string().nullable(),
  updatedAt: z.string(),
});
export type TKbArticleHit = z.infer<typeof ZKbArticleHit>;

export const ZKbStaffArticleHit = ZKbArticleHit.extend({
  visibility: ZKbVisibility,
  status: ZKbStatus,
  tags: z.array(z.string()),
  viewCount: z.number().int(),
  helpfulYes: z.number().int(),
  helpfulNo: z.number().int(),
});
export type TKbStaffArticleHit = z.infer<typeof ZKbStaffArticleHit>;

const ZQ = z.string().trim().max(200).optional();

export const ZKbStaffListQuery = ZPageQuery.extend({
  status: ZKbStatus.optional(),
  visibility: ZKbVisibility.optional(),
  categoryId: z.uuid().optional(),
  q: ZQ,
  locale: ZKbLocale.default('he'),
});
export type TKbStaffListQuery = z.infer<typeof ZKbStaffListQuery>;

// ── Reading (portal and public) ───────────────────────────────────────

export const ZKbReaderCategory = z.object({
  id: z.uuid(),
  /** The name in the asked language, else the other one. */
  name: z.string(),
  nameHe: z.string(),
  nameEn: z.string(),
  position: z.number().int(),
});
export type TKbReaderCategory = z.infer<typeof ZKbReaderCategory>;

export const ZKbLocaleQuery = z.object({ locale: ZKbLocale.default('he') });

export const ZKbReaderListQuery = ZPageQuery.extend({
  q: ZQ,
  categoryId: z.uuid().optional(),
  locale: ZKbLocale.default('he'),
});
export type TKbReaderListQuery = z.infer<typeof ZKbReaderListQuery>;

export const ZKbSuggestQuery = z.object({
  q: z.string().trim().max(300),
  locale: ZKbLocale.default('he'),
});

export const ZKbRelated = z.object({ id: z.uuid(), locale: ZKbLocale, title: z.string() });

export const ZKbArticleView = z.object({
  id: z.uuid(),
  categoryId: z.uuid().nullable(),
  /** The language returned; differs from requestedLocale when the article lacks that language. */
  locale: ZKbLocale,
  requestedLocale: ZKbLocale,
  locales: z.array(ZKbLocale),
  title: z.string(),
  bodyHtml: z.string(),
  tags: z.array(z.string()),
  helpfulYes: z.number().int(),
  helpfulNo: z.number().int(),
  viewCount: z.number().int(),
  publishedAt: z.string().nullable(),
  updatedAt: z.string(),
  related: z.array(ZKbRelated),
  /** This reader's vote, if any. */
  myVote: z.boolean().nullable(),
});
export type TKbArticleView = z.infer<typeof ZKbArticleView>;

export const ZKbFeedback = z.object({ helpful: z.boolean() });
export const ZKbFeedbackResult = z.object({
  helpful: z.boolean(),
  helpfulYes: z.number().int(),
  helpfulNo: z.number().int(),
});
export type TKbFeedbackResult = z.infer<typeof ZKbFeedbackResult>;

export const ZKbWorkspaceParams = z.object({ workspace: z.string().min(1).max(100) });
export const ZKbWorkspaceIdParams = ZKbWorkspaceParams.extend({ id: z.uuid() });
