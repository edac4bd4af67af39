import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useFormat } from '../../ui/format';
import { portalApi, portalKeys, type TTicketSummary } from '../api';
import { useWorkspace } from '../auth/auth-pages';
import { useDocumentTitle } from '../shell/branding';
import { LoadError, Loading } from '../shell/page-state';
import { StatusBadge } from './status-badge';

type Filter = 'open' | 'closed';

export function TicketsListPage() {
  const { t } = useTranslation('portal');
  const workspace = useWorkspace();
  const fmt = useFormat();
  const [params, setParams] = useSearchParams();
  const status: Filter = params.get('status') === 'closed' ? 'closed' : 'open';
  useDocumentTitle(t('tickets.title'));

  const list = useInfiniteQuery({
    queryKey: portalKeys.tickets(status),
    queryFn: ({ pageParam }) => portalApi.tickets(status, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items: TTicketSummary[] = list.data?.pages.flatMap((p) => p.items) ?? [];
  const base = `/portal/${encodeURIComponent(workspace)}/tickets`;

  return (
    <>
      <div className="page-head">
        <h1>{t('tickets.title')}</h1>
        <Link to={`${base}/new`} className="button button--primary">
          {t('tickets.newTicket')}
        </Link>
      </div>
      {/* biome-ignore lint/a11y/useSemanticElements: a labelled group of toggle buttons */}
      <div className="segmented" role="group" aria-label={t('tickets.filter.label')}>
        {(['open', 'closed'] as const).map((value) => (
          <button
            key={value}
            type="button"
            aria-pressed={status === value}
            onClick={() => setParams(value === 'open' ? {} : { status: value }, { replace: true })}
          >
            {t(`tickets.filter.${value}`)}
          </button>
        ))}
      </div>
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <LoadError error={list.error} onRetry={() => void list.refetch()} />
      ) : items.length === 0 ? (
        <p className="state">{t(`tickets.empty.${status}`)}</p>
      ) : (
        <ul className="ticket-list" aria-label={t(`tickets.filter.${status}`)}>
          {items.map((ticket) => (
            <li key={ticket.id} className="ticket-row" data-ticket-id={ticket.id}>
              <Link to={`${base}/${ticket.id}`} dir="auto">
                {ticket.subject}
              </Link>
              <div className="ticket-row__meta">
                <span>{t('tickets.number', { number: `#${ticket.number}` })}</span>
                <StatusBadge status={ticket.status} />
                <span>
                  {t('tickets.view.handler')}:{' '}
                  <span dir="auto">{ticket.handlerName ?? t('tickets.view.noHandler')}</span>
                </span>
                {ticket.promisedAnswerAt && (
                  <span>
                    {t('tickets.view.promised')}:{' '}
                    <time dateTime={ticket.promisedAnswerAt}>{fmt.dateTime(ticket.promisedAnswerAt)}</time>
                  </span>
                )}
                <span>
                  {t('tickets.columns.updated')}:{' '}
                  <time dateTime={ticket.updatedAt}>{fmt.dateTime(ticket.updatedAt)}</time>
                </span>
              </div>
            </li>
          ))}
        </ul>
      )}
      {list.hasNextPage && (
        <p>
          <button
            type="button"
            className="button"
            onClick={() => void list.fetchNextPage()}
            disabled={list.isFetchingNextPage}
          >
            {t('tickets.more')}
          </button>
        </p>
      )}
    </>
  );
}
