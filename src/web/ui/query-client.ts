import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { isApiError } from './api-client';

interface QueryClientOptions {
  /** Called when a query (not a mutation) answers 401: the session ended while the app was open. */
  onUnauthorized?: (queryKey: readonly unknown[]) => void;
}

export const createQueryClient = ({ onUnauthorized }: QueryClientOptions = {}) =>
  new QueryClient({
    queryCache: new QueryCache({
      onError: (error, query) => {
        if (isApiError(error) && error.status === 401) onUnauthorized?.(query.queryKey);
      },
    }),
    mutationCache: new MutationCache(),
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        refetchOnWindowFocus: false,
        // a 4xx will not change by asking again; network errors and 5xx get two more tries
        retry: (failures, error) =>
          !(isApiError(error) && error.status >= 400 && error.status < 500) && failures < 2,
      },
      mutations: { retry: false },
    },
  });
