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
// can serve from the GIN index — and a single longer word also finds typos in titles by
// word_similarity (titles only: fuzzy-matching bodies was the slow part and found noise).
// Ranking: every word a whole word of the title (4), starts title words (3), found in the body (2),
// a fuzzy title match (its similarity, < 1). An article is ranked by its best language.
//
// Speed (bench/benchmarks/kb-suggest.bench.ts): matching reads kb_translations_scoped (migration
// 0021), a tenant-scoped view, because under RLS the planner will not use the non-leakproof pg_trgm
// operators as index conditions. The page is ordered and limited first, on ids and scores only;
// the reader's language (or the fallback) and the locale list come after, for those rows alone,
// in one lateral lookup per row by primary key.

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

/** The text has a word starting with one of the variants. */
const startsWord = (col: SQL, variants: string[]) =>
  sql`${col} ~ ${`(^| )(${variants.map(reEscape).join('|')})`}`;
const startsWords = (col: SQL, words: string[][]) => all(words.map((v) => startsWord(col, v)));
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
  /** Rank titles holding some of the words too, below every full match (ticket-form suggestions). */
  partial?: boolean;
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

type Ranked = { id: string; score: string };

/** Body-match candidates the trigram index may return before the ordered walk takes over. */
const BODY_CANDIDATES = 200;
type PageCursor = ReturnType<typeof decodeCursor> | null;

/**
 * The matching article ids of one page, best first. The score bands do not overlap — title
 * matches (3–4), body matches (2), typos in titles (< 1) — so each band is its own indexed
 * statement, run only while the page is not full: a suggestion that titles answer never reads a
 * body. An article's score is its best language's; a lower band skips articles a higher one holds.
 */
const rankMatches = async (
  tx: Tx,
  tenantId: string,
  filters: SQL,
  parsed: ParsedKbQuery,
  c: PageCursor,
  limit: number,
  partial: boolean,
): Promise<Ranked[]> => {
  const title = sql`t.norm_title`;
  const titleMatchOf = (alias: string) => startsWords(sql.raw(`${alias}.norm_title`), parsed.words);
  const textMatchOf = (alias: string) => startsWords(sql.raw(`${alias}.norm_text`), parsed.words);
  const titleMatch = titleMatchOf('t');
  const textMatch = textMatchOf('t');
  const visible = sql`exists (select 1 from kb_articles a
    where a.tenant_id = ${tenantId} and a.id = h.article_id and ${filters})`;
  // Another language of the same article already matched in a higher band.
  const heldBy = (match: SQL) => sql`exists (select 1 from kb_translations_scoped t2
    where t2.tenant_id = t.tenant_id and t2.article_id = t.article_id and ${match})`;
  const after = c
    ? sql`where (m.score < ${c.v}::numeric or (m.score = ${c.v}::numeric and m.id < ${c.id}))`
    : sql``;
  const band = async (score: SQL, match: SQL, n: number) =>
    rowsOf<Ranked>(
      // The matches first, on their own (MATERIALIZED): joined with the article filter in one
      // plan, the planner misjudged the regex's selectivity and scanned every translation.
      await tx.execute(sql`with hits as materialized (
          select t.article_id, ${score} as score from kb_translations_scoped t
          where t.tenant_id = ${tenantId} and ${match})
        select m.id, m.score::text as score from (
          select h.article_id as id, round(max(h.score)::numeric, 4) as score
          from hits h where ${visible}
          group by h.article_id) m
        ${after}
        order by m.score desc, m.id desc
        limit ${n}`),
    );
  // Body matches all score 2, so they come in id order. A word in few bodies: the trigram index
  // finds them all (the candidates stay under the cap) and they are sorted. A word in many bodies
  // (over the cap): walking the articles in id order finds a page within a few dozen, where
  // rechecking every matching body against the regex was the slow part (60-80 ms on 2,000).
  const bodyBand = async (n: number): Promise<Ranked[]> => {
    const idAfter = c && Number(c.v) === 2 ? sql` and a.id < ${c.id}` : sql``;
    const notInTitle = sql`not exists (select 1 from kb_translations_scoped t2
      where t2.tenant_id = ${tenantId} and t2.article_id = a.id and ${titleMatchOf('t2')})`;
    const found = rowsOf<Ranked & { candidates: number }>(
      await tx.execute(sql`with hits as materialized (
          select t.article_id from kb_translations_scoped t
          where t.tenant_id = ${tenantId} and ${textMatch}
          limit ${BODY_CANDIDATES})
        select a.id, '2' as score, (select count(*)::int from hits) as candidates
        from kb_articles a
        where a.tenant_id = ${tenantId} and a.id in (select article_id from hits)
          and ${filters}${idAfter} and ${notInTitle}
        order by a.id desc
        limit ${n}`),
    );
    const candidates = found[0]?.candidates ?? 0;
    if (found.length === 0 || candidates < BODY_CANDIDATES)
      return found.map(({ id, score }) => ({ id, score }));
    return rowsOf<Ranked>(
      await tx.execute(sql`select a.id, '2' as score from kb_articles a
        where ${filters}${idAfter}
          and coalesce((select true from kb_translations_scoped t
            where t.tenant_id = ${tenantId} and t.article_id = a.id and ${textMatch} limit 1), false)
          and ${notInTitle}
        order by a.id desc
        limit ${n}`),
    );
  };

  const out: Ranked[] = [];
  const cursorScore = c ? Number(c.v) : Number.POSITIVE_INFINITY;
  if (cursorScore >= 3) {
    const whole = wholeWords(title, parsed.words);
    out.push(
      ...(await band(sql`case when ${whole} then 4 when ${titleMatch} then 3 else 0 end`, titleMatch, limit)),
    );
  }
  if (out.length < limit && cursorScore >= 2) {
    out.push(...(await bodyBand(limit - out.length)));
  }
  // Partial title matches (deflection only): a customer types a whole sentence as the subject —
  // "איפה המכולה שלי" — whose every word no title holds. Titles starting words with some of the
  // query's words of 3+ letters rank by how many, between the body band (2) and typos (< 1):
  // 1 + matched / (words + 1), so never as high as a full match.
  const partialWords = parsed.words.filter((v) => (v[0]?.length ?? 0) >= 3);
  if (out.length < limit && partial && !c && parsed.words.length > 1 && partialWords.length) {
    const some = sql`(${sql.join(
      partialWords.map((v) => startsWord(title, v)),
      sql` or `,
    )})`;
    const matched = sql.join(
      partialWords.map((v) => sql`(${startsWord(title, v)})::int`),
      sql` + `,
    );
    const score = sql`1 + (${matched})::numeric / ${parsed.words.length + 1}`;
    const other = sql`${some} and not ${heldBy(textMatchOf('t2'))}`;
    out.push(...(await band(score, other, limit - out.length)));
  }
  if (out.length < limit && parsed.fuzzy) {
    const fuzzy = sql`${parsed.fuzzy} <% ${title}`;
    const other = sql`${fuzzy} and not ${heldBy(textMatchOf('t2'))}`;
    out.push(...(await band(sql`word_similarity(${parsed.fuzzy}, ${title})`, other, limit - out.length)));
  }
  return out;
};

/** One page of articles: ranked by relevance with a query, else in `order`; keyset cursor. */
export const listKbArticles = async (tx: Tx, input: KbListInput) => {
  const parsed = parseKbQuery(input.q);
  // A query with nothing searchable in it (one letter) finds nothing rather than everything.
  if (input.q && !parsed) return { rows: [] as KbListRow[], nextCursor: null };
  const c = input.cursor ? decodeCursor(input.cursor) : null;
  const base = sql`a.tenant_id = ${input.tenantId} and a.deleted_at is null`;
  const filters = input.where.length ? sql`${base} and ${sql.join(input.where, sql` and `)}` : base;

  const limit = input.limit + 1;
  let pageSql: SQL;
  let order: SQL;
  if (parsed) {
    const ranked = await rankMatches(tx, input.tenantId, filters, parsed, c, limit, input.partial ?? false);
    if (ranked.length === 0) return { rows: [] as KbListRow[], nextCursor: null };
    // The ranked ids in their order, with their scores, as the page's driving rows.
    pageSql = sql`unnest(${`{${ranked.map((r) => r.id).join(',')}}`}::uuid[],
        ${`{${ranked.map((r) => r.score).join(',')}}`}::numeric[]) with ordinality as p(id, score, ord)`;
    order = sql`p.ord`;
  } else if (input.order === 'updated') {
    const after = c
      ? sql` and (a.updated_at < ${c.v}::timestamptz or (a.updated_at = ${c.v}::timestamptz and a.id < ${c.id}))`
      : sql``;
    pageSql = sql`(select a.id, null::numeric as score from kb_articles a
      where ${filters}${after} order by a.updated_at desc, a.id desc limit ${limit}) p`;
    order = sql`a.updated_at desc, a.id desc`;
  } else {
    const after = c
      ? sql` and (a.position > ${c.v}::int or (a.position = ${c.v}::int and a.id > ${c.id}))`
      : sql``;
    pageSql = sql`(select a.id, null::numeric as score from kb_articles a
      where ${filters}${after} order by a.position asc, a.id asc limit ${limit}) p`;
    order = sql`a.position asc, a.id asc`;
  }

  // Only the page's articles: the asked language first, else the other, and all their languages,
  // in one primary-key lookup per article.
  const first = sql`(x.locale = ${input.locale}) desc, x.locale`;
  const rows = rowsOf<KbListRow>(
    await tx.execute(sql`select a.id, a.category_id, a.visibility, a.status, a.tags, a.view_count,
        a.helpful_yes, a.helpful_no, a.position, a.published_at, a.updated_at,
        a.updated_at::text as updated_key, p.score,
        d.locale, d.title, d.body_head, d.locales
      from ${pageSql}
      join kb_articles a on a.tenant_id = ${input.tenantId} and a.id = p.id
      cross join lateral (
        select (array_agg(x.locale order by ${first}))[1] as locale,
          (array_agg(x.title order by ${first}))[1] as title,
          (array_agg(left(x.body_html, 3000) order by ${first}))[1] as body_head,
          array_agg(x.locale order by x.locale) as locales
        from kb_article_translations x
        where x.tenant_id = a.tenant_id and x.article_id = a.id) d
      where ${filters} and d.locale is not null
      order by ${order}`),
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
