import { createContext, use, useEffect } from 'react';
import { Navigate, Outlet, useLocation } from 'react-router';
import { setUiLocale } from '../../i18n';
import { isApiError } from '../../ui/api-client';
import type { Me, Permission } from '../../ui/api-types';
import { FullPageError, FullPageLoader } from '../../ui/full-page-state';
import { isLocale } from '../../ui/locale';
import { useMe } from '../queries';

const SessionContext = createContext<Me | null>(null);

/** The signed-in user, tenant and permissions. Only inside <RequireAuth>. */
export const useSession = (): Me => {
  const session = use(SessionContext);
  if (!session) throw new Error('useSession() used outside <RequireAuth>');
  return session;
};

export const hasPermission = (session: Me, permission: Permission): boolean =>
  session.permissions.includes(permission);

/** Where to go after signing in: only same-site paths, never "//evil.example". */
export const safeNextPath = (next: string | null): string =>
  next?.startsWith('/') && !next.startsWith('//') ? next : '/';

/** Loads GET /me; sends to /login on 401 and renders the signed-in routes otherwise. */
export function RequireAuth() {
  const me = useMe();
  const location = useLocation();
  const accountLocale = me.data?.user.locale;

  // The account's language wins over the device's once signed in.
  useEffect(() => {
    if (isLocale(accountLocale)) void setUiLocale(accountLocale);
  }, [accountLocale]);

  if (isApiError(me.error) && me.error.status === 401 && !me.isFetching) {
    const next = `${location.pathname}${location.search}`;
    return <Navigate to={next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`} replace />;
  }
  if (me.data) {
    return (
      <SessionContext value={me.data}>
        <Outlet />
      </SessionContext>
    );
  }
  if (me.isPending || me.isFetching) return <FullPageLoader />;
  return <FullPageError onRetry={() => void me.refetch()} />;
}
