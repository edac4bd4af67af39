import type { KbArticle, KbArticleInput, KbBodyFormat, KbLocale } from './kb-api';
import { KB_LOCALES } from './kb-api';

/** What the editor holds per language: the source as the author wrote it, never the rendered HTML. */
export type KbTexts = Record<KbLocale, { title: string; body: string; format: KbBodyFormat }>;

const textOf = (a: KbArticle | null, locale: KbLocale): KbTexts[KbLocale] => {
  const tr = a?.translations[locale];
  // bodySource is the field the API returns; `body` only covers a response shaped like the input.
  const legacy = tr as { body?: string } | undefined;
  return {
    title: tr?.title ?? '',
    body: tr?.bodySource ?? legacy?.body ?? '',
    format: tr?.bodyFormat ?? 'markdown',
  };
};

/** The editor's initial texts for an article (or a new one). */
export const textsOf = (a: KbArticle | null): KbTexts => ({ he: textOf(a, 'he'), en: textOf(a, 'en') });

/**
 * The translations to save: every language with a title or body, in the format it was written in,
 * so an HTML article is not re-read as Markdown.
 */
export const translationsInput = (texts: KbTexts): KbArticleInput['translations'] => {
  const out: KbArticleInput['translations'] = {};
  for (const l of KB_LOCALES) {
    const t = texts[l];
    if (t.title.trim() || t.body.trim()) out[l] = { title: t.title.trim(), body: t.body, format: t.format };
  }
  return out;
};
