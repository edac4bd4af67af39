// The customer screens' calls to the Kesher API. Types come from the zod schemas in src/shared with
// `import type` only, so zod stays out of the bundle.
import type { z } from 'zod';
import type { TAccount, ZCreateAccount, ZUpdateAccount } from '../../../shared/crm/accounts.schemas';
import type { TActivity, ZCreateActivity } from '../../../shared/crm/activities.schemas';
import type { TCustomerCard } from '../../../shared/crm/card.schemas';
import type { ZBulkAction } from '../../../shared/crm/common.schemas';
import type { TContact, ZCreateContact, ZUpdateContact } from '../../../shared/crm/contacts.schemas';
import type { TDeal, ZCreateDeal } from '../../../shared/crm/deals.schemas';
import type {
  TSavedView,
  TSavedViewEntity,
  ZCreateSavedView,
  ZUpdateSavedView,
} from '../../../shared/crm/saved-views.schemas';
import type { TTask, ZCreateTask } from '../../../shared/crm/tasks.schemas';
import type { TCustomFieldDef } from '../../../shared/custom-fields.schemas';
import type { TTimelineEntry } from '../../../shared/timeline.schemas';
import { http } from '../../ui/api-client';
import type { Page, TenantUser } from '../../ui/api-types';

export type Account = TAccount;
export type Contact = TContact;
export type CustomerCard = TCustomerCard;
export type CustomFieldDef = TCustomFieldDef;
export type TimelineEntry = TTimelineEntry;
export type Task = TTask;
export type Activity = TActivity;
export type Deal = TDeal;
export type SavedView = TSavedView;
export type SavedViewEntity = TSavedViewEntity;
export type CreateAccountInput = z.input<typeof ZCreateAccount>;
export type UpdateAccountInput = z.input<typeof ZUpdateAccount>;
export type CreateContactInput = z.input<typeof ZCreateContact>;
export type UpdateContactInput = z.input<typeof ZUpdateContact>;
export type BulkAction = z.input<typeof ZBulkAction>;
export type CreateActivityInput = z.input<typeof ZCreateActivity>;
export type CreateTaskInput = z.input<typeof ZCreateTask>;
export type CreateDealInput = z.input<typeof ZCreateDeal>;
export type CreateSavedViewInput = z.input<typeof ZCreateSavedView>;
export type UpdateSavedViewInput = z.input<typeof ZUpdateSavedView>;

/** The entities the customers list shows. */
export type ListEntity = 'account' | 'contact';

/** List filters: the list endpoint's own query parameters (also what a saved view stores). */
export type ListFilters = Record<string, string | undefined>;

export interface ListQuery {
  filters: ListFilters;
  sort: string | null;
}

export interface TimelineQuery {
  accountId?: string;
  contactId?: string;
  /** Comma-separated channels, or none for all. */
  channel?: string;
  cursor?: string | null;
}

const V1 = '/api/v1';
const seg = encodeURIComponent;
const PATHS: Record<ListEntity, string> = { account: 'accounts', contact: 'contacts' };
const ifMatch = (version: number) => ({ headers: { 'If-Match': `"${version}"` } });

const listParams = (query: ListQuery, cursor: string | null | undefined, limit: number) => ({
  ...query.filters,
  sort: query.sort ?? undefined,
  cursor: cursor ?? undefined,
  limit,
});

/** `/api/v1/accounts/export?…`: the list's filters and sort as a CSV or XLSX download. */
export const exportUrl = (entity: ListEntity, query: ListQuery, format: 'csv' | 'xlsx', lang: string) => {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...query.filters, sort: query.sort ?? undefined })) {
    if (value) params.set(key, value);
  }
  params.set('format', format);
  params.set('lang', lang);
  return `${V1}/${PATHS[entity]}/export?${params.toString()}`;
};

export const customersApi = {
  listAccounts: (query: ListQuery, cursor?: string | null, limit = 100, signal?: AbortSignal) =>
    http.get<Page<Account>>(`${V1}/accounts`, { query: listParams(query, cursor, limit), signal }),
  listContacts: (query: ListQuery, cursor?: string | null, limit = 100, signal?: AbortSignal) =>
    http.get<Page<Contact>>(`${V1}/contacts`, { query: listParams(query, cursor, limit), signal }),
  bulk: (entity: ListEntity, action: BulkAction) =>
    http.post<{ affected: number }>(`${V1}/${PATHS[entity]}/bulk`, action),

  getAccount: (id: string) => http.get<Account>(`${V1}/accounts/${seg(id)}`),
  createAccount: (input: CreateAccountInput) => http.post<Account>(`${V1}/accounts`, input),
  updateAccount: (id: string, version: number, input: UpdateAccountInput) =>
    http.patch<Account>(`${V1}/accounts/${seg(id)}`, input, ifMatch(version)),
  card: (id: string) => http.get<CustomerCard>(`${V1}/accounts/${seg(id)}/card`),

  getContact: (id: string) => http.get<Contact>(`${V1}/contacts/${seg(id)}`),
  createContact: (input: CreateContactInput) => http.post<Contact>(`${V1}/contacts`, input),
  updateContact: (id: string, version: number, input: UpdateContactInput) =>
    http.patch<Contact>(`${V1}/contacts/${seg(id)}`, input, ifMatch(version)),

  customFields: (entity: 'account' | 'contact') =>
    http.get<{ items: CustomFieldDef[] }>(`${V1}/custom-fields`, { query: { entity } }),
  /** Every user of the tenant (owners, assignees): a few pages at most. */
  allUsers: async () => {
    const users: TenantUser[] = [];
    let cursor: string | null = null;
    do {
      const page: Page<TenantUser> = await http.get<Page<TenantUser>>(`${V1}/users`, {
        query: { cursor, limit: 200 },
      });
      users.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor && users.length < 5000);
    return users;
  },

  timeline: (query: TimelineQuery) =>
    http.get<Page<TimelineEntry>>(`${V1}/timeline`, {
      query: {
        accountId: query.accountId,
        contactId: query.contactId,
        channel: query.channel || undefined,
        cursor: query.cursor ?? undefined,
        limit: 30,
      },
    }),
  openTasks: (links: { contactId?: string; accountId?: string }) =>
    http.get<Page<Task>>(`${V1}/tasks`, { query: { ...links, status: 'open', sort: 'dueAt', limit: 20 } }),
  completeTask: (task: Task) =>
    http.post<Task>(`${V1}/tasks/${seg(task.id)}/complete`, { version: task.version }),
  createTask: (input: CreateTaskInput) => http.post<Task>(`${V1}/tasks`, input),
  calls: (links: { contactId?: string }) =>
    http.get<Page<Activity>>(`${V1}/activities`, {
      query: { ...links, kind: 'call', sort: '-occurredAt', limit: 5 },
    }),
  createActivity: (input: CreateActivityInput) => http.post<Activity>(`${V1}/activities`, input),
  openDeals: (links: { contactId?: string }) =>
    http.get<Page<Deal>>(`${V1}/deals`, { query: { ...links, status: 'open', limit: 20 } }),
  createDeal: (input: CreateDealInput) => http.post<Deal>(`${V1}/deals`, input),

  savedViews: (entity: SavedViewEntity) =>
    http.get<{ items: SavedView[] }>(`${V1}/saved-views`, { query: { entity } }),
  createSavedView: (input: CreateSavedViewInput) => http.post<SavedView>(`${V1}/saved-views`, input),
  updateSavedView: (id: string, input: UpdateSavedViewInput) =>
    http.patch<SavedView>(`${V1}/saved-views/${seg(id)}`, input),
  deleteSavedView: (id: string) => http.delete(`${V1}/saved-views/${seg(id)}`),
};
