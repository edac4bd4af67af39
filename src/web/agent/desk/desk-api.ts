import type {
  TEscalationSettings,
  TInboxItem as TNotificationItem,
  TNotificationTemplate,
  TPreviewTemplate,
  TPutTemplates,
} from '../../../shared/notifications.schemas';
import type { TServiceDashboard, TServiceDashboardQuery } from '../../../shared/reports.schemas';
import type {
  TBusinessCalendar,
  TCreateBusinessCalendar,
  TCreateSlaPolicy,
  TImportHolidaysResult,
  TSlaPolicy,
  TUpdateBusinessCalendar,
  TUpdateSlaPolicy,
} from '../../../shared/sla.schemas';
import type {
  TCreateMacro,
  TCreateTeam,
  TMacro,
  TTeam,
  TTicketStatusLabels,
  TUpdateMacro,
  TUpdateTeam,
} from '../../../shared/tickets.schemas';
import { http, request } from '../../ui/api-client';
import type { Page } from '../../ui/api-types';

const V1 = '/api/v1';
const seg = encodeURIComponent;
const ifMatch = (version?: number) =>
  version === undefined ? {} : { headers: { 'If-Match': `"${version}"` } };

export type OutboxStatus = 'outbox' | 'queued' | 'sending' | 'sent' | 'failed';
export interface OutboxItem {
  id: string;
  to: string;
  subject: string;
  kind: string;
  status: OutboxStatus;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
}
export interface OutboxDetail extends OutboxItem {
  html: string;
  text: string;
}
export interface EscalationRule {
  policyId: string;
  escalation: TEscalationSettings;
  updatedAt: string | null;
}
export interface Availability {
  status: 'available' | 'away';
  updatedAt: string | null;
}
export type { TNotificationItem, TNotificationTemplate };

/** The dashboard's query as the server reads it (an explicit time zone, [from, to) instants). */
export type DashboardQuery = Required<Pick<TServiceDashboardQuery, 'from' | 'to' | 'timezone'>> &
  Pick<TServiceDashboardQuery, 'teamId'>;
const dashQuery = (q: DashboardQuery) => ({
  from: q.from,
  to: q.to,
  timezone: q.timezone,
  teamId: q.teamId,
});
export const dashboardCsvUrl = (q: DashboardQuery) => {
  const params = new URLSearchParams({ from: q.from, to: q.to, timezone: q.timezone });
  if (q.teamId) params.set('teamId', q.teamId);
  return `${V1}/dashboards/service.csv?${params.toString()}`;
};

export const deskApi = {
  // calendars
  listCalendars: () =>
    http.get<Page<TBusinessCalendar>>(`${V1}/business-calendars`, { query: { limit: 100 } }),
  getCalendar: (id: string) => http.get<TBusinessCalendar>(`${V1}/business-calendars/${seg(id)}`),
  createCalendar: (input: TCreateBusinessCalendar) =>
    http.post<TBusinessCalendar>(`${V1}/business-calendars`, input),
  updateCalendar: (id: string, input: TUpdateBusinessCalendar, version?: number) =>
    http.patch<TBusinessCalendar>(`${V1}/business-calendars/${seg(id)}`, input, ifMatch(version)),
  deleteCalendar: (id: string) => http.delete(`${V1}/business-calendars/${seg(id)}`),
  importHolidays: (id: string, year: number) =>
    http.post<TImportHolidaysResult>(`${V1}/business-calendars/${seg(id)}/holidays/import`, {
      year,
      country: 'IL',
    }),
  previewCalendar: (id: string, start: string, minutes: number) =>
    http.post<{ start: string; due: string }>(`${V1}/business-calendars/${seg(id)}/preview`, {
      start,
      minutes,
    }),

  // SLA policies
  listPolicies: () => http.get<Page<TSlaPolicy>>(`${V1}/sla-policies`, { query: { limit: 100 } }),
  createPolicy: (input: TCreateSlaPolicy) => http.post<TSlaPolicy>(`${V1}/sla-policies`, input),
  updatePolicy: (id: string, input: TUpdateSlaPolicy, version?: number) =>
    http.patch<TSlaPolicy>(`${V1}/sla-policies/${seg(id)}`, input, ifMatch(version)),
  deletePolicy: (id: string) => http.delete(`${V1}/sla-policies/${seg(id)}`),
  reorderPolicies: (ids: string[]) =>
    request<{ items: TSlaPolicy[] }>('PUT', `${V1}/sla-policies/order`, { body: { ids } }),
  listEscalationRules: () => http.get<{ items: EscalationRule[] }>(`${V1}/escalations/rules`),
  putEscalationRule: (policyId: string, input: TEscalationSettings) =>
    request<EscalationRule>('PUT', `${V1}/escalations/rules/${seg(policyId)}`, { body: input }),

  // teams, availability, macros, status labels
  listTeams: () => http.get<{ items: TTeam[] }>(`${V1}/teams`),
  createTeam: (input: TCreateTeam) => http.post<TTeam>(`${V1}/teams`, input),
  updateTeam: (id: string, input: TUpdateTeam, version?: number) =>
    http.patch<TTeam>(`${V1}/teams/${seg(id)}`, input, ifMatch(version)),
  setTeamMembers: (id: string, userIds: string[]) =>
    request<TTeam>('PUT', `${V1}/teams/${seg(id)}/members`, { body: { userIds } }),
  deleteTeam: (id: string) => http.delete(`${V1}/teams/${seg(id)}`),
  getAvailability: () => http.get<Availability>(`${V1}/me/availability`),
  setAvailability: (status: Availability['status']) =>
    request<Availability>('PUT', `${V1}/me/availability`, { body: { status } }),
  listMacros: () => http.get<{ items: TMacro[] }>(`${V1}/macros`),
  createMacro: (input: TCreateMacro) => http.post<TMacro>(`${V1}/macros`, input),
  updateMacro: (id: string, input: TUpdateMacro, version?: number) =>
    http.patch<TMacro>(`${V1}/macros/${seg(id)}`, input, ifMatch(version)),
  deleteMacro: (id: string) => http.delete(`${V1}/macros/${seg(id)}`),
  getStatusLabels: () => http.get<TTicketStatusLabels>(`${V1}/settings/ticket-statuses`),
  putStatusLabels: (input: TTicketStatusLabels) =>
    request<TTicketStatusLabels>('PUT', `${V1}/settings/ticket-statuses`, { body: input }),

  // notifications
  listTemplates: () => http.get<{ items: TNotificationTemplate[] }>(`${V1}/notification-templates`),
  putTemplates: (input: TPutTemplates) =>
    request<{ items: TNotificationTemplate[] }>('PUT', `${V1}/notification-templates`, { body: input }),
  previewTemplate: (input: TPreviewTemplate) =>
    http.post<{ subject: string; html: string; text: string }>(`${V1}/notification-templates/preview`, input),
  listOutbox: (status: OutboxStatus | null, cursor?: string | null) =>
    http.get<Page<OutboxItem>>(`${V1}/outbox`, { query: { status, cursor, limit: 100 } }),
  getOutbox: (id: string) => http.get<OutboxDetail>(`${V1}/outbox/${seg(id)}`),
  inbox: () => http.get<Page<TNotificationItem>>(`${V1}/notifications/inbox`, { query: { limit: 20 } }),
  unread: () =>
    http.get<Page<TNotificationItem>>(`${V1}/notifications/inbox`, { query: { limit: 100, unread: 'true' } }),
  markRead: (id: string) => http.post<TNotificationItem>(`${V1}/notifications/${seg(id)}/read`),

  // users (for pickers)
  listUsers: () =>
    http.get<Page<{ id: string; name: string; email: string; status?: string }>>(`${V1}/users`),

  dashboard: (q: DashboardQuery) =>
    http.get<TServiceDashboard>(`${V1}/dashboards/service`, { query: dashQuery(q) }),
};

export const deskKeys = {
  calendars: ['desk', 'calendars'] as const,
  calendar: (id: string) => ['desk', 'calendars', id] as const,
  policies: ['desk', 'sla-policies'] as const,
  escalations: ['desk', 'escalations'] as const,
  teams: ['desk', 'teams'] as const,
  macros: ['desk', 'macros'] as const,
  statusLabels: ['desk', 'status-labels'] as const,
  templates: ['desk', 'templates'] as const,
  outbox: (status: string | null) => ['desk', 'outbox', status] as const,
  outboxItem: (id: string) => ['desk', 'outbox-item', id] as const,
  inbox: ['desk', 'inbox'] as const,
  unread: ['desk', 'inbox', 'unread'] as const,
  availability: ['desk', 'availability'] as const,
  users: ['desk', 'users'] as const,
  dashboard: (q: DashboardQuery) => ['desk', 'dashboard', q] as const,
  dashboards: ['desk', 'dashboard'] as const,
};
