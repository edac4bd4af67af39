import { Navigate, Outlet, useLocation } from 'react-router';
import { FullPageError, FullPageLoader } from '../../ui/full-page-state';
import { useSetupStatus } from '../queries';

/** Asks the server once whether Kesher still needs its first organization; if so, only /setup. */
export function SetupGate() {
  const status = useSetupStatus();
  const { pathname } = useLocation();
  if (!status.data) {
    if (status.isPending) return <FullPageLoader />;
    return <FullPageError onRetry={() => void status.refetch()} />;
  }
  if (status.data.needsSetup && pathname !== '/setup') return <Navigate to="/setup" replace />;
  return <Outlet />;
}
