import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, type ReactNode, useContext, useEffect } from 'react';
import { Navigate, useLocation } from 'react-router';
import { isApiError } from '../../ui/api-client';
import { portalApi, portalKeys, type TPortalMe } from '../api';
import { hasChosenLocale, setPortalLocale } from '../i18n';
import { LoadError, Loading } from './page-state';

const SessionContext = createContext<TPortalMe | null>(null);

export const useMe = () =>
  useQuery({ queryKey: portalKeys.me, queryFn: portalApi.me, staleTime: 60_000, retry: false });

/** Where sign-in sends back to: a path inside this workspace's portal only (no open redirect). */
export const safeNext = (workspace: string, next: string | null): string => {
  const home = `/portal/${encodeURIComponent(workspace)}/tickets`;
  if (!next) return home;
  const prefix = `/portal/${encodeURIComponent(workspace)}/`;
  return next.startsWith(prefix) && !next.startsWith('//') && !next.includes('\\') ? next : home;
};

/**
 * Renders its children for a customer signed in to this workspace; anyone else (no session, a
 * session that ended, or a session of another company's portal) goes to sign-in and comes back.
 */
export function RequireSession({ workspace, children }: { workspace: string; children: ReactNode }) {
  const me = useMe();
  const location = useLocation();
  const wasSignedIn = useQueryClient().getQueryState(portalKeys.me)?.dataUpdatedAt;

  // The customer's own language (from their contact) beats the company's default, unless this
  // device chose one.
  const locale = me.data?.locale;
  useEffect(() => {
    if (locale && !hasChosenLocale()) void setPortalLocale(locale, false);
  }, [locale]);

  if (me.isPending) return <Loading />;
  const unauthenticated = me.isError && isApiError(me.error) && me.error.status === 401;
  if (me.isError && !unauthenticated) return <LoadError error={me.error} onRetry={() => void me.refetch()} />;
  if (unauthenticated || !me.data || me.data.tenant.slug !== workspace) {
    const params = new URLSearchParams({ next: `${location.pathname}${location.search}` });
    // A session that was there and answers 401 now ended while the customer was using the portal.
    if (unauthenticated && wasSignedIn) params.set('expired', '1');
    return <Navigate replace to={`/portal/${encodeURIComponent(workspace)}/login?${params.toString()}`} />;
  }
  return <SessionContext.Provider value={me.data}>{children}</SessionContext.Provider>;
}

export const useSession = (): TPortalMe => {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside <RequireSession>');
  return value;
};

export const useSignOut = () => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: portalApi.logout,
    onSettled: () => {
      // Nothing of this customer's may stay in memory for the next person at this device.
      queryClient.removeQueries({ queryKey: ['portal'] });
    },
  });
};
