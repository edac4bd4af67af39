import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useDocumentTitle } from '../shell/branding';
import { LoadError } from '../shell/page-state';
import { columnLabel, datasetLabel, useLocale } from './dataset-format';
import { datasetKeys, datasetsApi } from './datasets-api';
import { UpdatedAgo } from './updated-ago';
import './datasets.css';

// Syncs land every few minutes: re-read the list now and then so "updated" moves on by itself.
const LIST_REFRESH_MS = 5 * 60_000;
const COLUMNS_PREVIEW = 4;

export const useDatasets = () =>
  useQuery({ queryKey: datasetKeys.list, queryFn: datasetsApi.list, refetchInterval: LIST_REFRESH_MS });

function ListSkeleton() {
  const { t } = useTranslation('portal');
  return (
    <div aria-busy="true">
      <p className="visually-hidden" role="status">
        {t('common.loading')}
      </p>
      <ul className="dataset-cards" aria-hidden="true">
        {[0, 1, 2].map((i) => (
          <li key={i} className="dataset-card dataset-card--skeleton">
            <span className="skeleton skeleton--title" />
            <span className="skeleton" />
            <span className="skeleton skeleton--short" />
          </li>
        ))}
      </ul>
    </div>
  );
}

/** /portal/:workspace/data — one card per table the company shares with this customer. */
export function DatasetsListPage() {
  const { t } = useTranslation('portal');
  const { workspace = '' } = useParams();
  const locale = useLocale();
  const list = useDatasets();
  useDocumentTitle(t('datasets.title'));
  const base = `/portal/${encodeURIComponent(workspace)}/data`;
  const items = list.data?.items ?? [];

  return (
    <>
      <div className="page-head">
        <h1>{t('datasets.title')}</h1>
      </div>
      <p className="muted datasets-intro">{t('datasets.intro')}</p>
      {list.isPending ? (
        <ListSkeleton />
      ) : list.isError ? (
        <LoadError error={list.error} onRetry={() => void list.refetch()} />
      ) : items.length === 0 ? (
        <p className="state">{t('datasets.empty')}</p>
      ) : (
        <ul className="dataset-cards" aria-label={t('datasets.title')}>
          {items.map((d) => {
            const name = datasetLabel(d, locale);
            const cols = d.fields.slice(0, COLUMNS_PREVIEW).map((f) => columnLabel(f, locale));
            if (d.fields.length > COLUMNS_PREVIEW) cols.push('…');
            return (
              <li key={d.key} className="dataset-card" data-dataset={d.key}>
                <h2 className="dataset-card__title">
                  <Link to={`${base}/${encodeURIComponent(d.key)}`} dir="auto">
                    {name}
                  </Link>
                </h2>
                <p className="muted dataset-card__columns" dir="auto">
                  {t('datasets.columns', { list: cols.join(', ') })}
                </p>
                <UpdatedAgo at={d.updatedAt} className="dataset-card__updated" />
              </li>
            );
          })}
        </ul>
      )}
    </>
  );
}
