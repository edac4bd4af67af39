import type { z } from 'zod';
import type { TActivityReport, ZActivityReportQuery } from '../../../shared/crm/activities.schemas';
import type {
  TBoard,
  TDeal,
  TPipeline,
  TStage,
  ZCreateDeal,
  ZMoveDeal,
  ZUpdateDeal,
} from '../../../shared/crm/deals.schemas';
import type {
  TConvertLeadResult,
  TLead,
  ZConvertLead,
  ZCreateLead,
  ZLeadFormSnippet,
  ZUpdateLead,
} from '../../../shared/crm/leads.schemas';
import type { TTask, ZCreateTask, ZUpdateTask } from '../../../shared/crm/tasks.schemas';
import type { TSearchResponse, TSearchResult, TSearchType } from '../../../shared/search.schemas';
import { http } from '../../ui/api-client';
import type { Page } from '../../ui/api-types';

// Wire types of the sales screens (types only: no zod in the bundle).
export type Deal = TDeal;
export type Board = TBoard;
export type BoardColumn = TBoard['columns'][number];
export type Pipeline = TPipeline;
export type Stage = TStage;
export type DealStatus = Deal['status'];
export type CreateDealInput = z.input<typeof ZCreateDeal>;
export type UpdateDealInput = z.input<typeof ZUpdateDeal>;
export type MoveDealInput = z.input<typeof ZMoveDeal>;

export type Lead = TLead;
export type LeadStatus = Lead['status'];
export type LeadSource = Lead['source'];
export type CreateLeadInput = z.input<typeof ZCreateLead>;
export type UpdateLeadInput = z.input<typeof ZUpdateLead>;
export type ConvertLeadInput = z.input<typeof ZConvertLead>;
export type ConvertLeadResult = TConvertLeadResult;
export type LeadFormSnippet = z.output<typeof ZLeadFormSnippet>;

export type Task = TTask;
export type TaskPriority = Task['priority'];
export type CreateTaskInput = z.input<typeof ZCreateTask>;
export type UpdateTaskInput = z.input<typeof ZUpdateTask>;

export type ActivityReport = TActivityReport;
export type ActivityReportRow = TActivityReport['rows'][number];
export type ActivityReportQuery = z.input<typeof ZActivityReportQuery>;

export type SearchResult = TSearchResult;
export type SearchType = TSearchType;

// The enums of src/shared, repeated as values (importing them would pull zod into the bundle); the
// `satisfies` clauses keep both lists equal.
export const DEAL_STATUSES = ['open', 'won', 'lost'] as const satisfies readonly DealStatus[];
export const LEAD_SOURCES = [
  'web_form',
  'phone',
  'email',
  'referral',
  'walk_in',
  'campaign',
  'social',
  'other',
] as const satisfies readonly LeadSource[];
export const LEAD_STATUSES = [
  'new',
  'contacted',
  'qualified',
  'unqualified',
  'converted',
] as const satisfies readonly LeadStatus[];
export type LeadOpenStatus = Exclude<LeadStatus, 'converted'>;
export const LEAD_OPEN_STATUSES = [
  'new',
  'contacted',
  'qualified',
  'unqualified',
] as const satisfies readonly LeadOpenStatus[];
export const TASK_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const satisfies readonly TaskPriority[];

export interface DealListQuery {
  pipelineId?: string | undefined;
  stageId?: string | undefined;
  status?: DealStatus | undefined;
  ownerId?: string | undefined;
  q?: string | undefined;
  sort?: string | undefined;
  cursor?: string | null | undefined;
  limit?: number | undefined;
}

export interface LeadListQuery {
  status?: LeadStatus | undefined;
  source?: LeadSource | undefined;
  q?: string | undefined;
  sort?: string | undefined;
  cursor?: string | null | undefined;
}

export interface TaskListQuery {
  mine?: boolean | undefined;
  status?: Task['status'] | undefined;
  due?: 'overdue' | 'today' | 'week' | undefined;
  q?: string | undefined;
  sort?: string | undefined;
  cursor?: string | null | undefined;
}

const V1 = '/api/v1';
const seg = encodeURIComponent;
/** `If-Match: "<version>"`: the server refuses the write (409) if someone changed the record since. */
const ifMatch = (version: number) => ({ headers: { 'If-Match': `"${version}"` } });

/** The sales screens' calls to the Kesher API, one function per endpoint. */
export const salesApi = {
  pipelines: () => http.get<{ items: Pipeline[] }>(`${V1}/pipelines`),
  board: (pipelineId: string | undefined) => http.get<Board>(`${V1}/deals/board`, { query: { pipelineId } }),
  listDeals: (q: DealListQuery) =>
    http.get<Page<Deal>>(`${V1}/deals`, {
      query: { ...q, limit: q.limit ?? 50, cursor: q.cursor ?? undefined },
    }),
  getDeal: (id: string) => http.get<Deal>(`${V1}/deals/${seg(id)}`),
  createDeal: (input: CreateDealInput) => http.post<Deal>(`${V1}/deals`, input),
  updateDeal: (id: string, version: number, input: UpdateDealInput) =>
    http.patch<Deal>(`${V1}/deals/${seg(id)}`, input, ifMatch(version)),
  moveDeal: (id: string, input: MoveDealInput) => http.post<Deal>(`${V1}/deals/${seg(id)}/move`, input),

  listLeads: (q: LeadListQuery) =>
    http.get<Page<Lead>>(`${V1}/leads`, { query: { ...q, cursor: q.cursor ?? undefined } }),
  getLead: (id: string) => http.get<Lead>(`${V1}/leads/${seg(id)}`),
  createLead: (input: CreateLeadInput) => http.post<Lead>(`${V1}/leads`, input),
  updateLead: (id: string, version: number, input: UpdateLeadInput) =>
    http.patch<Lead>(`${V1}/leads/${seg(id)}`, input, ifMatch(version)),
  convertLead: (id: string, input: ConvertLeadInput) =>
    http.post<ConvertLeadResult>(`${V1}/leads/${seg(id)}/convert`, input),
  leadFormSnippet: () => http.get<LeadFormSnippet>(`${V1}/forms/lead/snippet`),

  listTasks: (q: TaskListQuery) =>
    http.get<Page<Task>>(`${V1}/tasks`, {
      query: {
        mine: q.mine === undefined ? undefined : String(q.mine),
        status: q.status,
        due: q.due,
        q: q.q,
        sort: q.sort,
        cursor: q.cursor ?? undefined,
      },
    }),
  createTask: (input: CreateTaskInput) => http.post<Task>(`${V1}/tasks`, input),
  updateTask: (id: string, version: number, input: UpdateTaskInput) =>
    http.patch<Task>(`${V1}/tasks/${seg(id)}`, input, ifMatch(version)),
  completeTask: (task: Task) =>
    http.post<Task>(`${V1}/tasks/${seg(task.id)}/complete`, { version: task.version }),
  reopenTask: (task: Task) =>
    http.post<Task>(`${V1}/tasks/${seg(task.id)}/reopen`, { version: task.version }),

  activityReport: (q: ActivityReportQuery) =>
    http.get<ActivityReport>(`${V1}/reports/activity`, { query: { ...q } }),

  search: (q: string, types: readonly SearchType[], signal?: AbortSignal) =>
    http.get<TSearchResponse>(`${V1}/search`, {
      query: { q, types: types.join(','), limit: 8 },
      ...(signal ? { signal } : {}),
    }),
  /** The title of one linked record (for a task's "related to" column). */
  recordTitle: async (type: 'account' | 'contact' | 'deal' | 'lead', id: string): Promise<string> => {
    switch (type) {
      case 'account':
        return (await http.get<{ name: string }>(`${V1}/accounts/${seg(id)}`)).name;
      case 'contact': {
        return (await http.get<{ fullName: string }>(`${V1}/contacts/${seg(id)}`)).fullName;
      }
      case 'deal':
        return (await http.get<Deal>(`${V1}/deals/${seg(id)}`)).name;
      case 'lead':
        return (await http.get<Lead>(`${V1}/leads/${seg(id)}`)).fullName;
    }
  },
};
