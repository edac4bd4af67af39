// The portal's dataset calls, typed from the shared zod schemas (type-only: no zod in the bundle).
import type { z } from 'zod';
import type { TPortalDataset, ZPortalRecords } from '../../../shared/datasets.schemas';
import { http } from '../../ui/api-client';
import type { Locale } from '../../ui/locale';

const BASE = '/api/portal/v1/datasets';

export type TDatasetView = TPortalDataset;
export type TDatasetColumn = TPortalDataset['fields'][number];
export type TRecordsPage = z.infer<typeof ZPortalRecords>;
export type TRecord = TRecordsPage['items'][number];

/** What the customer asked for: search, sort and exact-match filters (field key → value). */
export type TTableQuery = {
  q: string;
  sort: string | null;
  dir: 'asc' | 'desc';
  filters: Record<string, string>;
};

export const PAGE_SIZE = 50;

/** The API's query parameters for a table query; `filter.<field>` is how the server takes filters. */
export const queryParams = (query: TTableQuery): Record<string, string> => {
  const out: Record<string, string> = {};
  if (query.q.trim()) out.q = query.q.trim();
  if (query.sort) {
    out.sort = query.sort;
    out.dir = query.dir;
  }
  for (const [key, value] of Object.entries(query.filters)) {
    if (value !== '') out[`filter.${key}`] = value;
  }
  return out;
};

export const datasetKeys = {
  list: ['portal', 'datasets'] as const,
  records: (key: string, query: TTableQuery) => ['portal', 'datasets', key, 'records', query] as const,
};

const datasetPath = (key: string) => `${BASE}/${encodeURIComponent(key)}`;

export const datasetsApi = {
  list: () => http.get<{ items: TDatasetView[] }>(BASE),
  records: (key: string, query: TTableQuery, cursor: string | undefined, signal?: AbortSignal) =>
    http.get<TRecordsPage>(`${datasetPath(key)}/records`, {
      query: { ...queryParams(query), cursor, limit: PAGE_SIZE },
      signal,
    }),
  /** A plain link (the browser downloads it with the session cookie) for the same query. */
  exportUrl: (key: string, query: TTableQuery, format: 'csv' | 'xlsx', lang: Locale) => {
    const params = new URLSearchParams({ ...queryParams(query), format, lang });
    return `${datasetPath(key)}/export?${params.toString()}`;
  },
};
