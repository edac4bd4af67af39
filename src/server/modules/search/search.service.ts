import { type SQL, sql } from 'drizzle-orm';
import { normaliseText, queryVariants } from '../../../shared/hebrew-normalise.js';
import type { Permission } from '../../../shared/permissions.js';
import type {
  TSearchQuery,
  TSearchResponse,
  TSearchResult,
  TSearchType,
} from '../../../shared/search.schemas.js';
import type { Database } from '../../platform/db/database.js';
import { rowsOf } from '../../platform/db/database.js';
import { scopeOf, type TenantCtx } from '../../platform/http/actor.js';
import { phoneQueryKeys } from '../../platform/phones.js';

/** What a query means for the index: words to match as word prefixes, exact keys, a fuzzy form. */
export type ParsedSearch = {
  /** Every word must start a word of the document; each word has its variants (prefix stripped). */
  words: string[][];
  /** Exact keys: phone digits, an email, a company/record number or external id. */
  keys: string[];
  /** The query for trigram similarity (typos): a single word of 4+ letters. */
  fuzzy: string | null;
};

const ONLY_DIGITS_LIKE = /^[+\d\s\-().]+$/;

/** Reads a search-box query: names (Hebrew/English), an email, a phone in any format, a number. */
export const parseSearchQuery = (q: string): ParsedSearch => {
  const raw = q.trim();
  const lower = raw.toLowerCase();
  const keys = new Set<string>(phoneQueryKeys(raw));
  if (raw.includes('@')) {
    keys.add(lower);
    // Emails are indexed as typed (lower-case) in norm_text, so a prefix of one matches as a word.
    return { words: [[lower]], keys: [...keys], fuzzy: null };
  }
  // Identifiers are indexed lower-case without spaces, dashes, dots and slashes (51-538585-4,
  // C-10023). Only a token with a digit can be one; a name would only cost an extra index probe.
  const compact = lower.replace(/[\s\-./]/g, '');
  if (/\d/.test(compact) && (!/\s/.test(raw) || ONLY_DIGITS_LIKE.test(raw))) keys.add(compact);
  // Digits only: a phone, a company or record number — exact keys, not names.
  if (ONLY_DIGITS_LIKE.test(raw)) return { words: [], keys: [...keys], fuzzy: null };
  const base = normaliseText(raw);
  const parts = base.split(' ').filter(Boolean);
  // "Any 2+ letters": a lone letter finds nothing (it would match most of the tenant).
  if (!parts.some((w) => w.length >= 2)) return { words: [], keys: [...keys], fuzzy: null };
  return {
    // "הכהן" also tries "כהן"; but "כהן" does not try "הן": two letters left over match too much.
    words: parts.map((w) => queryVariants(w).filter((v, i) => i === 0 || v.length >= 3)),
    keys: [...keys],
    // Typos: one word of 4+ letters (shorter ones and several words are covered by prefixes).
    fuzzy: parts.length === 1 && base.length >= 4 ? base : null,
  };
};

/** Rows a tier ranks at most (see buildSearchSql). */
const CANDIDATES = 300;

/** search_words keeps the first 200 characters of a word (migration 0022). */
const WORD_MAX = 200;

/**
 * The least string above every string starting with `p` in byte (COLLATE "C") order: its last
 * code point plus one. UTF-8 byte order is code point order, so this holds for Hebrew too.
 */
export const nextPrefix = (p: string): string => {
  const cps = [...p];
  const last = cps.pop()?.codePointAt(0) ?? 0;
  // Skip the surrogate range, which no string holds; past the last code point, nothing is above.
  const next = last + 1 === 0xd800 ? 0xe000 : Math.min(last + 1, 0x10ffff);
  return cps.join('') + String.fromCodePoint(next);
};

const reEscape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, (c) => `\\${c}`);

const and = (parts: SQL[]) => sql.join(parts, sql` and `);

/**
 * The search statement, shared verbatim by the service and the benchmark's bare baseline.
 *
 * Tiers, best first: an exact key — phone, email, company or record number (3); every word of
 * the query is a whole word of the document (2.5) or starts one (2); a trigram-similar name
 * (word_similarity, 0–1, one word of 4+ letters). Ties by title. Each tier is one bounded index
 * scan; only the fuzzy tier pays for word_similarity.
 *
 * Word starts are found in search_words (migration 0022), a btree of every document's words: a
 * one-word query (and its prefix-stripped variant) is a range scan `word >= 'כהנ' and
 * word < 'כהס'` that stops after the rows the tier needs — a GIN trigram lookup had to collect
 * every match first. The documents it leads to are then checked by one regex per query word,
 * `(^| )(הכהנ|כהנ)` on norm_text, so the ranking means what it always did. Several words and the
 * fuzzy tier use the trigram GIN: pg_trgm reads ^ and the space as word boundaries, so the regex
 * gives the index the word-start trigrams of every word at once.
 *
 * It reads `search_documents_scoped` (migration 0007): the caller's tenant rows only, by the same
 * `app.tenant_id` setting RLS uses. Under RLS itself the planner may not use pg_trgm or array
 * operators as index conditions (they are not LEAKPROOF), so every search would scan the tenant.
 */
export const buildSearchSql = (
  tenantId: string,
  parsed: ParsedSearch,
  types: readonly TSearchType[],
  limit: number,
): SQL | null => {
  if (types.length === 0) return null;
  const keysArm = parsed.keys.length
    ? sql`d.keys && array[${sql.join(
        parsed.keys.map((k) => sql`${k}`),
        sql`, `,
      )}]::text[]`
    : null;
  const startsWord = (variants: string[]) =>
    sql`d.norm_text ~ ${`(^| )(${variants.map(reEscape).join('|')})`}`;
  const isWord = (v: string) => sql`d.norm_text ~ ${`(^| )${reEscape(v)}( |$)`}`;
  const prefixArm = parsed.words.length ? sql`(${and(parsed.words.map(startsWord))})` : null;
  // Whole words as typed (not prefix-stripped): "הכהן" ranks the literal הכהן above כהן.
  const wholeArm = parsed.words.length ? sql`(${and(parsed.words.map((v) => isWord(v[0] ?? '')))})` : null;
  const fuzzyArm = parsed.fuzzy ? sql`${parsed.fuzzy} <% d.norm_text` : null;
  if (!keysArm && !prefixArm && !fuzzyArm) return null;

  const typeList = sql.join(
    types.map((t) => sql`${t}`),
    sql`, `,
  );
  // Each tier is its own bounded scan: a common prefix in a big tenant ("mar" among 250k names)
  // matches thousands of rows, and ranking them all costs ~10× more than the page needs. The first
  // CANDIDATES rows of a tier (in table order) are ranked; typing a letter more narrows it.
  const cap = Math.max(CANDIDATES, limit * types.length * 4);
  const tier = (score: SQL, conds: Array<SQL | null>, rows: number) =>
    sql`(select d.entity_type, d.entity_id, d.title, d.subtitle, ${score} as score
      from search_documents_scoped d
      where d.tenant_id = ${tenantId} and d.entity_type in (${typeList})
        and ${and(conds.filter((c): c is SQL => c !== null))}
      limit ${rows})`;
  const not = (c: SQL | null) => (c ? sql`not (${c})` : null);
  // One word (what the search box mostly gets): the prefix tier walks search_words, then
  // reads each document by its key (LIMIT 1 keeps the lateral a per-word key lookup: a hash join
  // would read the whole tenant); DISTINCT ON drops a document met through two of its words.
  // Several words stay on the trigram GIN, which intersects all of them in the index: from one
  // word's range ("משה" in "משה כה") a tenant's thousands of Moshes would be read for a few hits.
  const lead = parsed.words[0] ?? [];
  const prefixTier = (score: SQL, conds: Array<SQL | null>, rows: number) =>
    sql`(select distinct on (p.entity_type, p.entity_id) p.* from (
      select d.entity_type, d.entity_id, d.title, d.subtitle, d.score
      from search_words w
      cross join lateral (
        select d.entity_type, d.entity_id, d.title, d.subtitle, ${score} as score
        from search_documents_scoped d
        where d.tenant_id = w.tenant_id and d.entity_type = w.entity_type and d.entity_id = w.entity_id
          and ${and(conds.filter((c): c is SQL => c !== null))}
        limit 1) d
      where w.tenant_id = ${tenantId} and w.entity_type in (${typeList})
        and (${sql.join(
          lead.map((v) => {
            const p = v.slice(0, WORD_MAX);
            return sql`(w.word >= ${p} and w.word < ${nextPrefix(p)})`;
          }),
          sql` or `,
        )})
      limit ${rows}) p)`;
  const tiers = [
    keysArm ? tier(sql`3`, [keysArm], cap) : null,
    prefixArm && wholeArm
      ? (parsed.words.length === 1 ? prefixTier : tier)(
          sql`case when ${wholeArm} then 2.5 else 2 end`,
          [prefixArm, not(keysArm)],
          cap,
        )
      : null,
    fuzzyArm
      ? tier(
          sql`word_similarity(${parsed.fuzzy}, d.norm_text)`,
          [fuzzyArm, not(prefixArm), not(keysArm)],
          cap,
        )
      : null,
  ].filter((t): t is SQL => t !== null);
  return sql`select entity_type as type, entity_id as id, title, subtitle, round(score::numeric, 3)::float8 as score
  from (
    select h.*, row_number() over (partition by h.entity_type order by h.score desc, h.title, h.entity_id) as rn
    from (${sql.join(tiers, sql` union all `)}) h
  ) r
  where rn <= ${limit}
  order by entity_type, rn`;
};

export type SearchRow = {
  type: TSearchType;
  id: string;
  title: string;
  subtitle: string | null;
  score: number;
};

/** Groups rows by type, the group with the best hit first; ties keep the registered order. */
export const groupResults = (rows: SearchRow[], order: readonly TSearchType[]): TSearchResponse => {
  const groups = new Map<TSearchType, TSearchResult[]>();
  for (const r of rows) {
    const g = groups.get(r.type) ?? [];
    g.push({ type: r.type, id: r.id, title: r.title, subtitle: r.subtitle, score: Number(r.score) });
    groups.set(r.type, g);
  }
  const sorted = [...groups.entries()]
    .map(([type, results]) => ({ type, results }))
    .sort(
      (a, b) =>
        (b.results[0]?.score ?? 0) - (a.results[0]?.score ?? 0) ||
        order.indexOf(a.type) - order.indexOf(b.type),
    );
  return { results: sorted.flatMap((g) => g.results), groups: sorted };
};

/** Which permission lets an actor see hits of a type. Modules register their types at wiring. */
export type SearchTypeRegistry = Map<TSearchType, Permission>;

const canRead = (ctx: TenantCtx, perm: Permission) => {
  const a = ctx.actor;
  if (a.kind === 'user') return a.permissions.has(perm);
  if (a.kind === 'api_key') return a.scopes.has(perm);
  return false;
};

export const createSearch = (deps: { database: Database }) => {
  const registry: SearchTypeRegistry = new Map([
    ['account', 'crm:read'],
    ['contact', 'crm:read'],
    ['lead', 'crm:read'],
    ['deal', 'crm:read'],
  ]);
  return {
    /** Makes a record type searchable for actors holding `permission` (tickets: tickets:read). */
    registerType: (type: TSearchType, permission: Permission) => {
      registry.set(type, permission);
    },

    search: async (ctx: TenantCtx, input: TSearchQuery): Promise<TSearchResponse> => {
      const registered = [...registry.keys()];
      const wanted = input.types ?? registered;
      const types = registered.filter(
        (t) => wanted.includes(t) && canRead(ctx, registry.get(t) as Permission),
      );
      const query = buildSearchSql(ctx.tenantId, parseSearchQuery(input.q), types, input.limit);
      if (!query) return { results: [], groups: [] };
      const rows = await deps.database.tenantTx(scopeOf(ctx), async (tx) =>
        rowsOf<SearchRow>(await tx.execute(query)),
      );
      return groupResults(rows, registered);
    },
  };
};

export type Search = ReturnType<typeof createSearch>;
