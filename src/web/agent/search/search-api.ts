import type { TSearchResponse, TSearchResult, TSearchType } from '../../../shared/search.schemas';
import { http } from '../../ui/api-client';

export type SearchResult = TSearchResult;
export type SearchType = TSearchType;
export type SearchResponse = TSearchResponse;

/** Type-ahead starts at two characters, as the server's "any 2+ letters" rule. */
export const SEARCH_MIN_LENGTH = 2;

export const searchRecords = (q: string, limit: number, signal?: AbortSignal) =>
  http.get<SearchResponse>('/api/v1/search', { query: { q, limit }, signal });

/** Where a search result opens. Leads, deals and tickets have their own screens. */
export const recordPath = (result: Pick<SearchResult, 'type' | 'id'>): string => {
  const id = encodeURIComponent(result.id);
  switch (result.type) {
    case 'account':
      return `/customers/accounts/${id}`;
    case 'contact':
      return `/customers/contacts/${id}`;
    case 'lead':
      return `/leads/${id}`;
    case 'deal':
      return `/deals/${id}`;
    case 'ticket':
      return `/tickets/${id}`;
    default: {
      const never: never = result.type;
      return String(never);
    }
  }
};
