import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import type { Page, TenantUser } from '../../ui/api-types';
import { agentApi } from '../api';
import { type DealListQuery, type LeadListQuery, salesApi, type TaskListQuery } from './sales-api';

export const salesKeys = {
  pipelines: ['pipelines'] as const,
  boards: ['deals', 'board'] as const,
  board: (pipelineId: string | undefined) => ['deals', 'board', pipelineId ?? 'default'] as const,
  dealLists: ['deals', 'list'] as const,
  dealList: (q: DealListQuery) => ['deals', 'list', q] as const,
  deal: (id: string) => ['deals', 'one', id] as const,
  leadLists: ['leads', 'list'] as const,
  leadList: (q: LeadListQuery) => ['leads', 'list', q] as const,
  lead: (id: string) => ['leads', 'one', id] as const,
  taskLists: ['tasks', 'list'] as const,
  taskList: (q: TaskListQuery) => ['tasks', 'list', q] as const,
  recordTitle: (type: string, id: string) => ['record-title', type, id] as const,
  usersDirectory: ['users', 'directory'] as const,
  webFormSnippet: ['forms', 'lead', 'snippet'] as const,
};

export const usePipelines = () =>
  useQuery({ queryKey: salesKeys.pipelines, queryFn: salesApi.pipelines, staleTime: 60_000 });

// Everyone in the workspace, for owner and assignee pickers and initials on cards. Workspaces have
// tens of users, not thousands: every page is read once and cached.
const MAX_USER_PAGES = 20;
const loadAllUsers = async (): Promise<TenantUser[]> => {
  const users: TenantUser[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < MAX_USER_PAGES; page += 1) {
    const result: Page<TenantUser> = await agentApi.listUsers(cursor);
    users.push(...result.items);
    cursor = result.nextCursor;
    if (!cursor) break;
  }
  return users;
};

export interface UserDirectory {
  users: TenantUser[];
  /** Active users, for pickers. */
  active: TenantUser[];
  nameOf: (id: string | null | undefined) => string | null;
}

export const useUserDirectory = (): UserDirectory => {
  const query = useQuery({
    queryKey: salesKeys.usersDirectory,
    queryFn: loadAllUsers,
    staleTime: 5 * 60_000,
  });
  return useMemo(() => {
    const users = query.data ?? [];
    const byId = new Map(users.map((user) => [user.id, user]));
    return {
      users,
      active: users.filter((user) => user.active),
      nameOf: (id) => (id ? (byId.get(id)?.name ?? null) : null),
    };
  }, [query.data]);
};
