import { keepPreviousData, useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { z } from 'zod';
import type { ZTicketCsat, ZTicketDelivery } from '../../../shared/notifications.schemas';
import type {
  TInboxItem,
  TInboxView,
  TMacro,
  TPostMessage,
  TPostMessageResult,
  TTeam,
  TTicket,
  TTicketBulk,
  TTicketCounts,
  TTicketDetail,
  TTicketMessage,
  TTicketPriority,
  TTicketStatus,
  TUpdateTicket,
  ZCreateTicket,
} from '../../../shared/tickets.schemas';
import { ApiError, http } from '../../ui/api-client';
import type { Page, TenantUser } from '../../ui/api-types';
import { type PresenceUser, type RealtimeStatus, realtime } from '../../ui/realtime';
import type { CustomFieldDef } from '../customers/customers-api';

export type Ticket = TTicket;
export type TicketDetail = TTicketDetail;
export type TicketMessage = TTicketMessage;
export type InboxItem = TInboxItem;
export type InboxView = TInboxView;
export type TicketStatus = TTicketStatus;
export type TicketPriority = TTicketPriority;
export type Macro = TMacro;
export type Team = TTeam;
export type TicketCounts = TTicketCounts;
export type Delivery = z.infer<typeof ZTicketDelivery>;
export type Csat = z.infer<typeof ZTicketCsat>;
export type CreateTicketInput = z.input<typeof ZCreateTicket>;
export type PostMessageInput = Partial<TPostMessage> & Pick<TPostMessage, 'body'>;

export const STATUSES: readonly TicketStatus[] = [
  'new',
  'open',
  'pending_customer',
  'on_hold',
  'solved',
  'closed',
];
export const PRIORITIES: readonly TicketPriority[] = ['low', 'normal', 'high', 'urgent'];
export const CHANNELS = [
  'email',
  'phone',
  'web',
  'portal',
  'chat',
  'sms',
  'whatsapp',
  'walk_in',
  'fax',
  'api',
] as const;
/** Where each status may go (mirrors STATUS_TRANSITIONS in src/shared; no zod in the bundle). */
export const TRANSITIONS: Record<TicketStatus, readonly TicketStatus[]> = {
  new: ['open', 'pending_customer', 'on_hold', 'solved'],
  open: ['pending_customer', 'on_hold', 'solved'],
  pending_customer: ['open', 'solved', 'on_hold'],
  on_hold: ['open', 'pending_customer', 'solved'],
  solved: ['open', 'closed'],
  closed: [],
};

const V1 = '/api/v1';
const seg = encodeURIComponent;

export interface ListFilters {
  view: InboxView | 'all';
  status?: string;
  priority?: string;
  assigneeId?: string;
  teamId?: string;
  q?: string;
}

export const ticketsApi = {
  list: (f: ListFilters, cursor: string | null, signal?: AbortSignal) =>
    http.get<Page<InboxItem>>(`${V1}/tickets`, {
      query: {
        view: f.view === 'all' ? undefined : f.view,
        status: f.status || undefined,
        priority: f.priority || undefined,
        assigneeId: f.assigneeId || undefined,
        teamId: f.teamId || undefined,
        q: f.q?.trim() || undefined,
        cursor,
        limit: 50,
      },
      signal,
    }),
  counts: () => http.get<TicketCounts>(`${V1}/tickets/counts`),
  get: (id: string) => http.get<TicketDetail>(`${V1}/tickets/${seg(id)}`),
  create: (input: CreateTicketInput) => http.post<Ticket>(`${V1}/tickets`, input),
  update: (id: string, input: TUpdateTicket) => http.patch<Ticket>(`${V1}/tickets/${seg(id)}`, input),
  bulk: (input: TTicketBulk) =>
    http.post<{ affected: number; failed: { id: string; code: string; message: string }[] }>(
      `${V1}/tickets/bulk`,
      input,
    ),
  post: (id: string, input: PostMessageInput) =>
    http.post<TPostMessageResult>(`${V1}/tickets/${seg(id)}/messages`, input),
  macros: () => http.get<{ items: Macro[] } | Macro[]>(`${V1}/macros`),
  applyMacro: (id: string, macroId: string) =>
    http.post<{ bodyHtml: string; visibility: 'public' | 'internal'; statusAfter: TicketStatus | null }>(
      `${V1}/tickets/${seg(id)}/apply-macro`,
      { macroId, send: false },
    ),
  teams: () => http.get<{ items: Team[] } | Team[]>(`${V1}/teams`),
  deliveries: (id: string) => http.get<{ items: Delivery[] }>(`${V1}/tickets/${seg(id)}/notifications`),
  csat: (id: string) => http.get<Csat>(`${V1}/tickets/${seg(id)}/csat`),
  customFields: () =>
    http.get<{ items: CustomFieldDef[] }>(`${V1}/custom-fields`, { query: { entity: 'ticket' } }),
  users: async () => {
    const users: TenantUser[] = [];
    let cursor: string | null = null;
    do {
      const page: Page<TenantUser> = await http.get<Page<TenantUser>>(`${V1}/users`, { query: { cursor } });
      users.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor && users.length < 5000);
    return users;
  },
  upload: async (file: File) => {
    const body = new FormData();
    body.append('file', file);
    const res = await fetch(`${V1}/tickets/attachments`, {
      method: 'POST',
      body,
      credentials: 'same-origin',
      headers: { Accept: 'application/json, application/problem+json' },
    });
    if (!res.ok) {
      let problem = {};
      try {
        problem = await res.json();
      } catch {
        // not JSON
      }
      throw new ApiError(res.status, { status: res.status, ...problem });
    }
    return (await res.json()) as { id: string; fileName: string; size: number; contentType: string };
  },
  attachmentUrl: (id: string) => `${V1}/tickets/attachments/${seg(id)}`,
};

const itemsOf = <T>(value: { items: T[] } | T[] | undefined): T[] =>
  Array.isArray(value) ? value : (value?.items ?? []);

export const ticketKeys = {
  all: ['tickets'] as const,
  list: (f: ListFilters) => ['tickets', 'list', f] as const,
  counts: ['tickets', 'counts'] as const,
  detail: (id: string) => ['tickets', 'detail', id] as const,
  deliveries: (id: string) => ['tickets', 'deliveries', id] as const,
  csat: (id: string) => ['tickets', 'csat', id] as const,
};

/** Polling interval when the realtime channel is not there. */
export const POLL_MS = 20_000;

export const useRealtimeStatus = (): RealtimeStatus => {
  const [status, setStatus] = useState<RealtimeStatus>(() => realtime().status);
  useEffect(() => realtime().onStatus(setStatus), []);
  return status;
};

export const useInbox = (f: ListFilters, live: boolean) =>
  useInfiniteQuery({
    queryKey: ticketKeys.list(f),
    queryFn: ({ pageParam, signal }) => ticketsApi.list(f, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: keepPreviousData,
    refetchInterval: live ? false : POLL_MS,
  });

export const useCounts = (live: boolean) => {
  const qc = useQueryClient();
  useEffect(
    () =>
      realtime().subscribe((m) => {
        if (m.type === 'badges') {
          void qc.invalidateQueries({ queryKey: ticketKeys.counts });
          void qc.invalidateQueries({ queryKey: ['tickets', 'list'] });
        }
      }),
    [qc],
  );
  return useQuery({
    queryKey: ticketKeys.counts,
    queryFn: ticketsApi.counts,
    refetchOnWindowFocus: true,
    refetchInterval: live ? false : POLL_MS,
  });
};

export const useUsers = () =>
  useQuery({ queryKey: ['tickets', 'users'], queryFn: ticketsApi.users, staleTime: 300_000 });
export const useTeams = () =>
  useQuery({
    queryKey: ['tickets', 'teams'],
    queryFn: async () => itemsOf(await ticketsApi.teams()),
    staleTime: 300_000,
  });
export const useMacros = () =>
  useQuery({
    queryKey: ['tickets', 'macros'],
    queryFn: async () => itemsOf(await ticketsApi.macros()),
    staleTime: 60_000,
  });
export const useTicketCustomFields = () =>
  useQuery({ queryKey: ['tickets', 'custom-fields'], queryFn: ticketsApi.customFields, staleTime: 300_000 });

/**
 * Presence on one ticket: subscribes to `ticket:<id>`, announces viewing/typing/left, returns the
 * other agents there and whether the ticket changed under the viewer (a `ticket.updated` or
 * `ticket.message` event).
 */
export const useTicketLive = (ticketId: string, meId: string | undefined) => {
  const [others, setOthers] = useState<PresenceUser[]>([]);
  const [changed, setChanged] = useState(false);
  useEffect(() => {
    const rt = realtime();
    const leave = rt.join(`ticket:${ticketId}`);
    const offStatus = rt.onStatus((s) => {
      if (s === 'open') rt.send({ type: 'presence', ticketId, state: 'viewing' });
    });
    rt.send({ type: 'presence', ticketId, state: 'viewing' });
    const off = rt.subscribe((m) => {
      if (!('ticketId' in m) || m.ticketId !== ticketId) return;
      if (m.type === 'presence') setOthers(m.users.filter((u) => u.userId !== meId && u.state !== 'left'));
      else setChanged(true);
    });
    return () => {
      rt.send({ type: 'presence', ticketId, state: 'left' });
      off();
      offStatus();
      leave();
      setOthers([]);
      setChanged(false);
    };
  }, [ticketId, meId]);
  const setTyping = (typing: boolean) =>
    realtime().send({ type: 'presence', ticketId, state: typing ? 'typing' : 'viewing' });
  return { others, changed, clearChanged: () => setChanged(false), setTyping };
};
