import { z } from 'zod';

/**
 * Every kind of record the search box can find. A module that adds a searchable record (tickets)
 * adds its type here and registers it with the search service; nothing else changes.
 */
export const SEARCH_TYPES = ['account', 'contact', 'lead', 'deal', 'ticket'] as const;
export const ZSearchType = z.enum(SEARCH_TYPES);
export type TSearchType = z.infer<typeof ZSearchType>;

export const SEARCH_LIMIT_DEFAULT = 5;
export const SEARCH_LIMIT_MAX = 50;

export const ZSearchQuery = z.object({
  q: z.string().trim().min(1).max(200),
  // Comma-separated: ?types=account,contact. Absent: every type the caller may read.
  types: z
    .string()
    .max(200)
    .transform((s, ctx) => {
      const list = [
        ...new Set(
          s
            .split(',')
            .map((x) => x.trim())
            .filter(Boolean),
        ),
      ];
      const bad = list.filter((x) => !(SEARCH_TYPES as readonly string[]).includes(x));
      if (bad.length) {
        ctx.addIssue({ code: 'custom', message: `Unknown type(s): ${bad.join(', ')}` });
        return z.NEVER;
      }
      return list as TSearchType[];
    })
    .optional(),
  // Results per type.
  limit: z.coerce.number().int().min(1).max(SEARCH_LIMIT_MAX).default(SEARCH_LIMIT_DEFAULT),
});
export type TSearchQuery = z.infer<typeof ZSearchQuery>;

export const ZSearchResult = z
  .object({
    type: ZSearchType,
    id: z.uuid(),
    title: z.string(),
    subtitle: z.string().nullable(),
    /** Higher is better: 3 = exact phone/email/number, 2–3 = a word starts with the query, <1 = similar. */
    score: z.number(),
  })
  .meta({ id: 'SearchResult' });
export type TSearchResult = z.infer<typeof ZSearchResult>;

export const ZSearchResponse = z
  .object({
    /** Grouped by type (the group with the best hit first), best first within a group. */
    results: z.array(ZSearchResult),
    groups: z.array(z.object({ type: ZSearchType, results: z.array(ZSearchResult) })),
  })
  .meta({ id: 'SearchResponse' });
export type TSearchResponse = z.infer<typeof ZSearchResponse>;
