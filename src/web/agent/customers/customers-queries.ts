import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import type { TenantUser } from '../../ui/api-types';
import { type CustomFieldDef, customersApi, type ListEntity, type ListQuery } from './customers-api';

export const customersKeys = {
  all: ['customers'] as const,
  lists: (entity: ListEntity) => ['customers', 'list', entity] as const,
  list: (entity: ListEntity, query: ListQuery) => ['customers', 'list', entity, query] as const,
  card: (id: string) => ['customers', 'card', id] as const,
  account: (id: string) => ['customers', 'account', id] as const,
  contact: (id: string) => ['customers', 'contact', id] as const,
  timeline: (scope: 'account' | 'contact', id: string) => ['customers', 'timeline', scope, id] as const,
  timelineFiltered: (scope: 'account' | 'contact', id: string, channels: string) =>
    ['customers', 'timeline', scope, id, channels] as const,
  contactTasks: (id: string) => ['customers', 'contact-tasks', id] as const,
  contactCalls: (id: string) => ['customers', 'contact-calls', id] as const,
  contactDeals: (id: string) => ['customers', 'contact-deals', id] as const,
  // under ['users'], so changes on the users screen refresh owner names here too
  users: ['users', 'all'] as const,
  customFields: (entity: ListEntity) => ['custom-fields', entity] as const,
  savedViews: (entity: ListEntity) => ['saved-views', entity] as const,
};

/** The tenant's users, by id, and as select options (active users; `keep` stays even if not). */
export const useUsers = () => {
  const query = useQuery({
    queryKey: customersKeys.users,
    queryFn: customersApi.allUsers,
    staleTime: 60_000,
  });
  return useMemo(() => {
    const users = query.data ?? [];
    const byId = new Map<string, TenantUser>(users.map((user) => [user.id, user]));
    const options = (keep?: string | null) =>
      users
        .filter((user) => user.status === 'active' || user.id === keep)
        .map((user) => ({ value: user.id, label: user.name }));
    const nameOf = (id: string | null | undefined) => (id ? (byId.get(id)?.name ?? null) : null);
    return { users, byId, options, nameOf, isPending: query.isPending };
  }, [query.data, query.isPending]);
};

/** The entity's custom fields in display order, archived ones left out. */
export const useCustomFieldDefs = (entity: ListEntity) => {
  const query = useQuery({
    queryKey: customersKeys.customFields(entity),
    queryFn: () => customersApi.customFields(entity),
    staleTime: 60_000,
  });
  const defs = useMemo<CustomFieldDef[]>(
    () =>
      (query.data?.items ?? [])
        .filter((def) => !def.archived)
        .sort((a, b) => a.position - b.position || a.key.localeCompare(b.key)),
    [query.data],
  );
  return { defs, isPending: query.isPending, error: query.error };
};
