import { type SQL, sql } from 'drizzle-orm';
import { normaliseText, queryVariants } from '../../../shared/hebrew-normalise.js';
import type { TKbLocale } from '../../../shared/kb.schemas.js';
import { rowsOf, type Tx } from '../../platform/db/database.js';
import { decodeCursor, encodeCursor } from '../../platform/db/keyset.js';

// Article search and listing, one statement for staff, portal and public readers (they differ only
// in the filters the caller adds, and the portal's also in the RLS policies of kesher_portal).
//
// Hebrew-aware like the CRM search (search.service.ts): texts are stored normalised with
// searchVariants (niqqud stripped, final letters folded, one-letter prefixes also stored
// stripped) and the query goes through queryVariants, so "בהתקנה", "הַהתקנה" and "התקנה" meet.
// Each query word must start a word of the text — `(^| )(variant|variant)` regexes, which pg_trgm
// can serve from the GIN index — and a single longer word also finds typos by word_similarity.
// Ranking: every word a whole word of the title (4), starts title words (3), found in the body (2),
// a fuzzy match (its similarity, < 1). An article is ranked by its best language.
//
// RLS note: under row-level security the planner will not use the (non-leakproof) pg_trgm
// operators as index conditions, so a query scans the tenant's translations. A knowledge base is
// hundreds to a few thousand articles, which is a few milliseconds (see the kb tests' timing);
// the CRM search needed the scoped-view trick only because it indexes every customer record.

export type ParsedKbQuery = { words: string[][]; fuzzy: string | null };

/** Null when the query has nothing searchable (blank, or only single letters). */
export const parseKbQuery = (q: string | undefined): ParsedKbQuery | null => {
  if (!q) return null;
  const base = normaliseText(q);
  const parts = base.split(' ').filter((w) => w.length >= 2);
  if (parts.length === 0) return null;
  return {
    // "הכהן" also tries "כהן"; two letters left after a prefix would match too much.
    words: parts.slice(0, 8).map((w) => queryVariants(w).filter((v, i) => i === 0 || v.length >= 3)),
    fuzzy: parts.length === 1 && base.length >= 4 ? base : null,
  };
};

const reEscape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, (c) => `\\${c}`);
const all = (parts: SQL[]) => sql`(${sql.join(parts, sql` and `)})`;

const startsWords = (col: SQL, words: string[][]) =>
  all(words.map((v) => sql`${col} ~ ${`(^| )(${v.map(reEscape).join('|')})`}`));
const wholeWords = (col: SQL, words: string[][]) =>
  all(words.map((v) => sql`${col} ~ ${`(^| )${reEscape(v[0] ?? '')}( |$)`}`));

export type KbOrder = 'updated' | 'position';

export type KbListInput = {
  tenantId: string;
  /** Conditions on the article, alias `a`. */
  where: SQL[];
  q: string | undefined;
  locale: TKbLocale;
  limit: number;
  cursor?: string | undefined;
  /** Order without a query: staff see the latest edits first, readers the authors' order. */
  order: KbOrder;
};

export type KbListRow = {
  id: string;
  category_id: string | null;
  visibility: 'public' | 'portal' | 'internal';
  status: 'draft' | 'published';
  tags: string[];
  view_count: number;
  helpful_yes: number;
  helpful_no: number;
  position: number;
  published_at: string | Date | null;
  updated_at: string | Date;
  /** updated_at as PostgreSQL text: microseconds intact, for the cursor (a JS Date keeps ms). */
  updated_key: string;
  score: number | string | null;
  locale: TKbLocale;
  title: string;
  body_head: string;
  locales: TKbLocale[];
};

const iso = (v: string | Date | null) => (v == null ? null : new Date(v).toISOString());

/** One page of articles: ranked by relevance with a query, else in `order`; keyset cursor. */
export const listKbArticles = async (tx: Tx, input: KbListInput) => {
  const parsed = parseKbQuery(input.q);
  // A query with nothing searchable in it (one letter) finds nothing rather than everything.
  if (input.q && !parsed) return { rows: [] as KbListRow[], nextCursor: null };
  const c = input.cursor ? decodeCursor(input.cursor) : null;
  const base = sql`a.tenant_id = ${input.tenantId} and a.deleted_at is null`;
  const filters = input.where.length ? sql`${base} and ${sql.join(input.where, sql` and `)}` : base;

  let from: SQL;
  let scoreExpr: SQL;
  let after: SQL | null = null;
  let order: SQL;
  if (parsed) {
    const title = sql`t.norm_title`;
    const text = sql`t.norm_text`;
    const textMatch = startsWords(text, parsed.words);
    const fuzzy = parsed.fuzzy ? sql`${parsed.fuzzy} <% ${text}` : null;
    const score = sql`case when ${wholeWords(title, parsed.words)} then 4
      when ${startsWords(title, parsed.words)} then 3
      when ${textMatch} then 2
      else ${parsed.fuzzy ? sql`word_similarity(${parsed.fuzzy}, ${text})` : sql`0`} end`;
    from = sql`(select t.article_id, round(max(${score})::numeric, 4) as score
        from kb_article_translations t
        join kb_articles a on a.tenant_id = t.tenant_id and a.id = t.article_id
        where t.tenant_id = ${input.tenantId} and ${filters}
          and ${fuzzy ? sql`(${textMatch} or ${fuzzy})` : textMatch}
        group by t.article_id) m
      join kb_articles a on a.tenant_id = ${input.tenantId} and a.id = m.article_id`;
    scoreExpr = sql`m.score`;
    if (c) after = sql`(m.score < ${c.v}::numeric or (m.score = ${c.v}::numeric and a.id < ${c.id}))`;
    order = sql`m.score desc, a.id desc`;
  } else {
    from = sql`kb_articles a`;
    scoreExpr = sql`null::numeric`;
    if (input.order === 'updated') {
      if (c) {
        after = sql`(a.updated_at < ${c.v}::timestamptz or (a.updated_at = ${c.v}::timestamptz and a.id < ${c.id}))`;
      }
      order = sql`a.updated_at desc, a.id desc`;
    } else {
      if (c) after = sql`(a.position > ${c.v}::int or (a.position = ${c.v}::int and a.id > ${c.id}))`;
      order = sql`a.position asc, a.id asc`;
    }
  }

  const rows = rowsOf<KbListRow>(
    await tx.execute(sql`select a.id, a.category_id, a.visibility, a.status, a.tags, a.view_count,
        a.helpful_yes, a.helpful_no, a.position, a.published_at, a.updated_at,
        a.updated_at::text as updated_key, ${scoreExpr} as score,
        d.locale, d.title, left(d.body_html, 3000) as body_head, l.locales
      from ${from}
      cross join lateral (
        select x.locale, x.title, x.body_html from kb_article_translations x
        where x.tenant_id = a.tenant_id and x.article_id = a.id
        order by (x.locale = ${input.locale}) desc, x.locale limit 1) d
      cross join lateral (
        select array_agg(y.locale order by y.locale) as locales from kb_article_translations y
        where y.tenant_id = a.tenant_id and y.article_id = a.id) l
      where ${filters}${after ? sql` and ${after}` : sql``}
      order by ${order}
      limit ${input.limit + 1}`),
  );
  const page = rows.slice(0, input.limit);
  const last = page.at(-1);
  const cursorValue = (r: KbListRow) =>
    parsed ? String(r.score) : input.order === 'updated' ? r.updated_key : r.position;
  return {
    rows: page,
    nextCursor:
      rows.length > input.limit && last ? encodeCursor({ v: cursorValue(last), id: last.id }) : null,
  };
};

export const isoOf = iso;
