// i18n first: it sets <html lang dir> before anything renders.
import './i18n';
import './portal.css';

import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { createQueryClient } from '../ui/query-client';
import { portalKeys } from './api';
import { PortalRoutes } from './app';

const queryClient = createQueryClient({
  // A 401 on any screen means the session ended: re-check /me, and <RequireSession> sends to sign-in.
  onUnauthorized: (queryKey) => {
    if (queryKey[1] !== portalKeys.me[1]) void queryClient.invalidateQueries({ queryKey: portalKeys.me });
  },
});

const root = document.getElementById('root');
if (!root) throw new Error('#root is missing from index.html');

createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <BrowserRouter>
        <PortalRoutes />
      </BrowserRouter>
    </QueryClientProvider>
  </StrictMode>,
);
