import { useQuery } from '@tanstack/react-query';
import { agentApi } from './api';

export const queryKeys = {
  setupStatus: ['setup-status'] as const,
  me: ['me'] as const,
  users: ['users'] as const,
  apiKeys: ['api-keys', 'list'] as const,
  apiKeyScopes: ['api-keys', 'scopes'] as const,
  invitation: (token: string) => ['invitation', token] as const,
};

export const useSetupStatus = () =>
  useQuery({ queryKey: queryKeys.setupStatus, queryFn: agentApi.setupStatus, staleTime: 60_000 });

export const useMe = () => useQuery({ queryKey: queryKeys.me, queryFn: agentApi.me });
