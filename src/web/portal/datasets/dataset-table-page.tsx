import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { isApiError } from '../../ui/api-client';
import { useDocumentTitle } from '../shell/branding';
import { LoadError } from '../shell/page-state';
import { canFilter, DatasetFilters } from './dataset-filters';
import { columnLabel, datasetLabel, useDatasetFormat, useLocale } from './dataset-format';
import { DatasetTable, type SortState } from './dataset-table';
import { datasetKeys, datasetsApi, type TDatasetView, type TTableQuery } from './datasets-api';
import { useDatasets } from './datasets-list-page';
import { UpdatedAgo } from './updated-ago';
import './datasets.css';

const SEARCH_DEBOUNCE_MS = 300;
const RECORDS_REFRESH_MS = 5 * 60_000;
const FILTER_PREFIX = 'filter.';
const SEARCH_INPUT_ID = 'dataset-search';

/**
 * The table's query lives in the URL (?q=&sort=&dir=&filter.<field>=), so reload, back and a
 * shared link keep it. Parameters naming a field the customer cannot sort or filter by are dropped
 * here rather than sent (the server would refuse them).
 */
const useTableQuery = (dataset: TDatasetView | undefined) => {
  const [params, setParams] = useSearchParams();
  const query = useMemo<TTableQuery>(() => {
    const fields = new Map((dataset?.fields ?? []).map((f) => [f.key, f]));
    const sort = params.get('sort');
    const filters: Record<string, string> = {};
    for (const [k, v] of params) {
      if (!k.startsWith(FILTER_PREFIX) || v === '') continue;
      const f = fields.get(k.slice(FILTER_PREFIX.length));
      if (f && canFilter(f)) filters[f.key] = v;
    }
    return {
      q: params.get('q') ?? '',
      sort: sort && fields.has(sort) ? sort : null,
      dir: params.get('dir') === 'desc' ? 'desc' : 'asc',
      filters,
    };
  }, [params, dataset]);

  const update = (next: Partial<TTableQuery>, replace = false) => {
    const merged = { ...query, ...next };
    const out = new URLSearchParams();
    if (merged.q.trim()) out.set('q', merged.q.trim());
    if (merged.sort) {
      out.set('sort', merged.sort);
      out.set('dir', merged.dir);
    }
    for (const [k, v] of Object.entries(merged.filters)) out.set(`${FILTER_PREFIX}${k}`, v);
    setParams(out, { replace });
  };
  return { query, update };
};

/** The search box: typing is debounced into the URL; Enter searches at once. */
function SearchBox({ value, onSearch }: { value: string; onSearch: (q: string) => void }) {
  const { t } = useTranslation('portal');
  const [text, setText] = useState(value);
  const sent = useRef(value);
  // The URL changed by itself (back, "clear all"): show what it says. Compared trimmed, as the URL
  // keeps it, so the space a customer just typed between two words is not taken away.
  useEffect(() => {
    if (value.trim() !== sent.current.trim()) {
      sent.current = value;
      setText(value);
    }
  }, [value]);
  useEffect(() => {
    if (text.trim() === sent.current.trim()) return;
    const id = window.setTimeout(() => {
      sent.current = text;
      onSearch(text);
    }, SEARCH_DEBOUNCE_MS);
    return () => window.clearTimeout(id);
  }, [text, onSearch]);

  return (
    <search className="table-search">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          sent.current = text;
          onSearch(text);
        }}
      >
        <label htmlFor={SEARCH_INPUT_ID} className="visually-hidden">
          {t('datasets.search.label')}
        </label>
        <input
          id={SEARCH_INPUT_ID}
          type="search"
          dir="auto"
          value={text}
          placeholder={t('datasets.search.placeholder')}
          onChange={(e) => setText(e.target.value)}
          enterKeyHint="search"
          autoComplete="off"
          maxLength={200}
        />
      </form>
    </search>
  );
}

/** On a phone the column headers are hidden (rows are cards): sorting gets its own controls. */
function MobileSort({
  dataset,
  sort,
  onChange,
}: {
  dataset: TDatasetView;
  sort: SortState;
  onChange: (sort: SortState) => void;
}) {
  const { t } = useTranslation('portal');
  const fmt = useDatasetFormat();
  return (
    <div className="mobile-sort">
      <label htmlFor="dataset-sort" className="visually-hidden">
        {t('datasets.sort.label')}
      </label>
      <select
        id="dataset-sort"
        value={sort.field ?? ''}
        onChange={(e) => onChange({ field: e.target.value || null, dir: 'asc' })}
      >
        {!sort.field && <option value="">{t('datasets.sort.none')}</option>}
        {dataset.fields.map((f) => (
          <option key={f.key} value={f.key}>
            {t('datasets.sort.label')}: {columnLabel(f, fmt.locale)}
          </option>
        ))}
      </select>
      <button
        type="button"
        className="button"
        disabled={!sort.field}
        aria-label={`${t('datasets.sort.direction')}: ${t(`datasets.sort.${sort.dir}`)}`}
        onClick={() => onChange({ field: sort.field, dir: sort.dir === 'asc' ? 'desc' : 'asc' })}
      >
        <span aria-hidden="true">{sort.dir === 'asc' ? '▲' : '▼'}</span>
        {t(`datasets.sort.${sort.dir}`)}
      </button>
    </div>
  );
}

function TableScreen({ dataset, listPath }: { dataset: TDatasetView; listPath: string }) {
  const { t } = useTranslation('portal');
  const fmt = useDatasetFormat();
  const { query, update } = useTableQuery(dataset);
  const name = datasetLabel(dataset, fmt.locale);

  const records = useInfiniteQuery({
    queryKey: datasetKeys.records(dataset.key, query),
    queryFn: ({ pageParam, signal }) => datasetsApi.records(dataset.key, query, pageParam, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    // While a new search runs the old rows stay on screen (no flash of a skeleton per keystroke).
    placeholderData: keepPreviousData,
    refetchInterval: RECORDS_REFRESH_MS,
  });

  const rows = useMemo(() => records.data?.pages.flatMap((p) => p.items) ?? [], [records.data]);
  const updatedAt = records.data?.pages[0]?.updatedAt ?? dataset.updatedAt;
  // The sort in force: the customer's, else the dataset's default (the server applies it too).
  const sort: SortState = { field: query.sort ?? dataset.defaultSort, dir: query.sort ? query.dir : 'asc' };
  const filterFields = dataset.fields.filter(canFilter);
  const narrowed = query.q.trim() !== '' || Object.keys(query.filters).length > 0;
  const onSearch = useRef((q: string) => update({ q }, true));
  onSearch.current = (q: string) => update({ q }, true);
  const stableSearch = useMemo(() => (q: string) => onSearch.current(q), []);

  const valuesSeen = (fieldKey: string) => {
    const seen = new Set<string>();
    for (const r of rows) {
      const v = r.data[fieldKey];
      if (v !== null && v !== undefined && v !== '') seen.add(String(v));
    }
    return [...seen].sort((a, b) => a.localeCompare(b, fmt.locale));
  };

  const onSort = (field: string) =>
    update({ sort: field, dir: sort.field === field && sort.dir === 'asc' ? 'desc' : 'asc' });
  // The clear button disappears with the empty state: the search box takes the focus instead.
  const clearAll = () => {
    update({ q: '', filters: {} });
    document.getElementById(SEARCH_INPUT_ID)?.focus();
  };
  const badRequest = isApiError(records.error) && records.error.status === 400;

  return (
    <>
      <p className="back-link">
        <Link to={listPath}>
          <span aria-hidden="true" className="back-link__arrow">
            ›
          </span>{' '}
          {t('datasets.back')}
        </Link>
      </p>
      <div className="page-head table-head">
        <div>
          <h1 dir="auto">{name}</h1>
          <UpdatedAgo at={updatedAt} className="muted table-head__updated" />
        </div>
        {/* biome-ignore lint/a11y/useSemanticElements: a labelled group of download links */}
        <div className="button-row" role="group" aria-label={t('datasets.export.label')}>
          {(['csv', 'xlsx'] as const).map((format) => (
            <a
              key={format}
              className="button"
              href={datasetsApi.exportUrl(dataset.key, query, format, fmt.locale)}
              download
              title={t('datasets.export.hint')}
            >
              {t(`datasets.export.${format}`)}
            </a>
          ))}
        </div>
      </div>

      <div className="table-toolbar">
        <SearchBox value={query.q} onSearch={stableSearch} />
        <MobileSort dataset={dataset} sort={sort} onChange={(s) => update({ sort: s.field, dir: s.dir })} />
      </div>
      {filterFields.length > 0 && (
        <DatasetFilters
          fields={filterFields}
          active={query.filters}
          onApply={(filters) => update({ filters })}
          valuesSeen={valuesSeen}
          fmt={fmt}
        />
      )}

      {records.isError && !records.isFetchNextPageError ? (
        <>
          <LoadError error={records.error} onRetry={badRequest ? undefined : () => void records.refetch()} />
          {narrowed && (
            <button type="button" className="button" onClick={clearAll}>
              {t('datasets.table.clearAll')}
            </button>
          )}
        </>
      ) : records.isPending ? (
        <>
          <p className="visually-hidden" role="status">
            {t('datasets.table.loading')}
          </p>
          <DatasetTable
            caption={name}
            fields={dataset.fields}
            rows={[]}
            sort={sort}
            onSort={onSort}
            fmt={fmt}
            loading
          />
        </>
      ) : rows.length === 0 ? (
        <div className="state table-empty">
          <p>{narrowed ? t('datasets.table.noMatch') : t('datasets.table.empty')}</p>
          {narrowed && (
            <button type="button" className="button" onClick={clearAll}>
              {t('datasets.table.clearAll')}
            </button>
          )}
        </div>
      ) : (
        <>
          <p className="muted table-count" role="status">
            {records.isPlaceholderData
              ? t('datasets.table.refreshing')
              : t(records.hasNextPage ? 'datasets.table.shownMore' : 'datasets.table.shown', {
                  n: fmt.number(rows.length),
                })}
          </p>
          <DatasetTable
            caption={name}
            fields={dataset.fields}
            rows={rows}
            sort={sort}
            onSort={onSort}
            fmt={fmt}
          />
          {records.isFetchNextPageError && (
            <LoadError error={records.error} onRetry={() => void records.fetchNextPage()} />
          )}
          {records.hasNextPage && !records.isFetchNextPageError && (
            <p className="table-more">
              <button
                type="button"
                className="button"
                onClick={() => void records.fetchNextPage()}
                disabled={records.isFetchingNextPage}
              >
                {records.isFetchingNextPage ? t('datasets.table.loadingMore') : t('datasets.table.more')}
              </button>
            </p>
          )}
        </>
      )}
    </>
  );
}

/** /portal/:workspace/data/:key — one table: search, sort, filters, paging and export. */
export function DatasetTablePage() {
  const { t } = useTranslation('portal');
  const { workspace = '', key = '' } = useParams();
  const locale = useLocale();
  const list = useDatasets();
  const dataset = list.data?.items.find((d) => d.key === key);
  useDocumentTitle(dataset ? datasetLabel(dataset, locale) : t('datasets.title'));
  const listPath = `/portal/${encodeURIComponent(workspace)}/data`;

  if (list.isPending) {
    return (
      <p className="state" role="status">
        {t('datasets.table.loading')}
      </p>
    );
  }
  if (list.isError) return <LoadError error={list.error} onRetry={() => void list.refetch()} />;
  if (!dataset) {
    return (
      <div className="state">
        <p>{t('datasets.notFound')}</p>
        <Link to={listPath}>{t('datasets.back')}</Link>
      </div>
    );
  }
  return <TableScreen key={dataset.key} dataset={dataset} listPath={listPath} />;
}
