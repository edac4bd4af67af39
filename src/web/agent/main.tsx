// i18n first: it sets <html lang dir> before anything renders.
import '../i18n';

import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { UiProviders } from '../ui/providers';
import { createQueryClient } from '../ui/query-client';
import { AgentRoutes } from './app';
import { queryKeys } from './queries';

const queryClient = createQueryClient({
  // A 401 on any screen means the session ended: re-check /me, and <RequireAuth> sends to /login.
  onUnauthorized: (queryKey) => {
    if (queryKey[0] !== queryKeys.me[0]) void queryClient.invalidateQueries({ queryKey: queryKeys.me });
  },
});

const root = document.getElementById('root');
if (!root) throw new Error('#root is missing from index.html');

createRoot(root).render(
  <StrictMode>
    <UiProviders queryClient={queryClient}>
      <AgentRoutes />
    </UiProviders>
  </StrictMode>,
);
