import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../ui/api-client';

export function Loading() {
  const { t } = useTranslation('portal');
  return (
    <p className="state" role="status" aria-live="polite">
      {t('common.loading')}
    </p>
  );
}

export function FullPageMessage({
  title,
  body,
  children,
}: {
  title: string;
  body: string;
  children?: ReactNode;
}) {
  return (
    <main className="page page--narrow" id="main">
      <h1>{title}</h1>
      <p>{body}</p>
      {children}
    </main>
  );
}

/** A failed query: what went wrong, and a way to try again. */
export function LoadError({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation('portal');
  const notFound = isApiError(error) && error.status === 404;
  return (
    <div className="alert alert--error" role="alert">
      <p>{notFound ? t('common.notFound') : t('common.error')}</p>
      {onRetry && !notFound && (
        <button type="button" className="button" onClick={onRetry}>
          {t('common.retry')}
        </button>
      )}
    </div>
  );
}

/** Polite status text for a screen reader, e.g. "Your reply was sent." */
export function Notice({ children, tone = 'info' }: { children: ReactNode; tone?: 'info' | 'error' }) {
  return (
    <div className={`alert alert--${tone}`} role={tone === 'error' ? 'alert' : 'status'}>
      {children}
    </div>
  );
}
