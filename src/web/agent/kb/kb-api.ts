import type { TKbStaffArticleHit } from '../../../shared/kb.schemas';
import { http } from '../../ui/api-client';

const V1 = '/api/v1';
const seg = encodeURIComponent;
const ifMatch = (version?: number) =>
  version === undefined ? {} : { headers: { 'If-Match': `"${version}"` } };

export const KB_VISIBILITIES = ['public', 'portal', 'internal'] as const;
export const KB_STATUSES = ['draft', 'published'] as const;
export const KB_LOCALES = ['he', 'en'] as const;
export type KbVisibility = (typeof KB_VISIBILITIES)[number];
export type KbStatus = (typeof KB_STATUSES)[number];
export type KbLocale = (typeof KB_LOCALES)[number];

export interface KbCategory {
  id: string;
  nameHe: string;
  nameEn: string;
  position: number;
  visibility: KbVisibility;
  version: number;
}
export type KbBodyFormat = 'markdown' | 'html';
/** One language as the server returns it (ZKbTranslation): the source as written, and its sanitised HTML. */
export interface KbTranslation {
  title: string;
  bodySource: string;
  bodyFormat: KbBodyFormat;
  bodyHtml: string;
}
export interface KbArticle {
  id: string;
  categoryId: string | null;
  visibility: KbVisibility;
  status: KbStatus;
  relatedIds: string[];
  tags: string[];
  helpfulYes: number;
  helpfulNo: number;
  viewCount: number;
  publishedAt: string | null;
  updatedAt: string;
  version: number;
  translations: Partial<Record<KbLocale, KbTranslation>>;
}
export interface KbArticleInput {
  categoryId: string | null;
  visibility: KbVisibility;
  status: KbStatus;
  relatedIds: string[];
  tags: string[];
  translations: Partial<Record<KbLocale, { title: string; body: string; format: KbBodyFormat }>>;
}
export interface KbArticleQuery {
  q?: string;
  status?: KbStatus;
  visibility?: KbVisibility;
  categoryId?: string;
}

type Items<T> = { items: T[]; nextCursor?: string | null };

/** The staff knowledge-base calls. */
export const kbApi = {
  listCategories: () => http.get<Items<KbCategory>>(`${V1}/kb/categories`),
  createCategory: (input: Pick<KbCategory, 'nameHe' | 'nameEn'>) =>
    http.post<KbCategory>(`${V1}/kb/categories`, input),
  updateCategory: (id: string, input: Partial<Pick<KbCategory, 'nameHe' | 'nameEn'>>, version: number) =>
    http.patch<KbCategory>(`${V1}/kb/categories/${seg(id)}`, { ...input, version }, ifMatch(version)),
  deleteCategory: (id: string) => http.delete(`${V1}/kb/categories/${seg(id)}`),
  /** The list carries one title per article, in `locale` when the article has it (else the other). */
  listArticles: (locale: KbLocale, query: KbArticleQuery = {}) =>
    http.get<Items<TKbStaffArticleHit>>(`${V1}/kb/articles`, { query: { ...query, locale, limit: 100 } }),
  getArticle: (id: string) => http.get<KbArticle>(`${V1}/kb/articles/${seg(id)}`),
  createArticle: (input: KbArticleInput) => http.post<KbArticle>(`${V1}/kb/articles`, input),
  updateArticle: (id: string, input: Partial<KbArticleInput>, version: number) =>
    http.patch<KbArticle>(`${V1}/kb/articles/${seg(id)}`, input, ifMatch(version)),
  deleteArticle: (id: string, version?: number) =>
    http.delete(`${V1}/kb/articles/${seg(id)}`, ifMatch(version)),
};

export const kbKeys = {
  categories: ['kb', 'categories'] as const,
  articles: (query: KbArticleQuery = {}) => ['kb', 'articles', query] as const,
  allArticles: ['kb', 'articles'] as const,
  article: (id: string) => ['kb', 'article', id] as const,
};

/** The article's title in the UI language, falling back to the other language. */
export const articleTitle = (article: KbArticle, locale: string): string => {
  const first = locale === 'en' ? 'en' : 'he';
  const other = first === 'en' ? 'he' : 'en';
  return article.translations[first]?.title || article.translations[other]?.title || '';
};
