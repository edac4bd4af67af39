// Hebrew-aware text normalisation shared by indexing (server) and highlighting (web).
// PostgreSQL has no Hebrew dictionary, so we index normalised text with pg_trgm instead.

const FINALS: Record<string, string> = { ך: 'כ', ם: 'מ', ן: 'נ', ף: 'פ', ץ: 'צ' };
/** One-letter prefixes: ו (and), ה (the), ב (in), ל (to), מ (from), ש (that), כ (as). */
const PREFIXES = new Set(['ו', 'ה', 'ב', 'ל', 'מ', 'ש', 'כ']);

/**
 * Lower-cases, strips niqqud and cantillation (\p{Mn} — not the U+0591–U+05C7 block, which also
 * holds the maqaf and sof pasuq), folds final letters, unifies gershayim/quotes and dashes.
 */
export const normaliseText = (s: string): string =>
  s
    .normalize('NFKD')
    .replace(/\p{Mn}/gu, '')
    .toLowerCase()
    .replace(/[ךםןףץ]/g, (c) => FINALS[c] ?? c)
    .replace(/[״"׳'`]/g, '')
    .replace(/[־\-–—_/\\.,;:!?()[\]{}<>|]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

const isHebrewWord = (w: string) => /^[\u05d0-\u05ea]{3,}$/.test(w);

/**
 * Normalised text plus, for each Hebrew word of 3+ letters starting with a one-letter prefix, the
 * word without it — so "הכהן", "ולוי" are found by "כהן", "לוי" and vice versa.
 */
export const searchVariants = (s: string): string => {
  const base = normaliseText(s);
  const extra: string[] = [];
  for (const w of base.split(' ')) {
    if (isHebrewWord(w) && PREFIXES.has(w[0] ?? '')) extra.push(w.slice(1));
  }
  return extra.length ? `${base} ${extra.join(' ')}` : base;
};

/** Query side: the normalised query, and the query without a leading one-letter prefix. */
export const queryVariants = (q: string): string[] => {
  const base = normaliseText(q);
  const out = [base];
  if (isHebrewWord(base) && PREFIXES.has(base[0] ?? '')) out.push(base.slice(1));
  return out;
};
