// The portal's calls to /api/portal/v1 and the public help centre's to /api/public/v1, typed from the
// shared zod schemas (type-only imports: no zod in the customer's download).
import type { z } from 'zod';
import type {
  ZKbArticleHit,
  ZKbArticleView,
  ZKbFeedbackResult,
  ZKbReaderCategory,
} from '../../shared/kb.schemas';
import type {
  TPortalCreateTicket,
  TPortalMe,
  TPortalRating,
  TPortalReply,
  TPortalTicket,
  TPortalTicketForm,
  ZPortalAttachment,
  ZPortalBranding,
  ZPortalRatingResult,
  ZPortalTicketList,
} from '../../shared/portal.schemas';
import { ApiError, http } from '../ui/api-client';
import type { Locale } from '../ui/locale';

export const PORTAL_API = '/api/portal/v1';

export type TBranding = z.infer<typeof ZPortalBranding> & { tenant: { slug: string; name: string } };
export type TTicketList = z.infer<typeof ZPortalTicketList>;
export type TTicketSummary = TTicketList['items'][number];
export type TAttachment = z.infer<typeof ZPortalAttachment>;
export type TKbHit = z.infer<typeof ZKbArticleHit>;
export type TKbArticle = z.infer<typeof ZKbArticleView>;
export type TKbCategory = z.infer<typeof ZKbReaderCategory>;
export type TPage<T> = { items: T[]; nextCursor: string | null };
export type { TPortalMe, TPortalTicket, TPortalTicketForm };

export const portalKeys = {
  branding: (workspace: string) => ['portal', 'branding', workspace] as const,
  me: ['portal', 'me'] as const,
  tickets: (status: 'open' | 'closed') => ['portal', 'tickets', status] as const,
  ticket: (id: string) => ['portal', 'ticket', id] as const,
  rating: (id: string) => ['portal', 'ticket', id, 'rating'] as const,
  ticketForm: ['portal', 'ticket-form'] as const,
  kb: (source: string) => ['portal', 'kb', source] as const,
};

const ticketPath = (id: string) => `${PORTAL_API}/tickets/${encodeURIComponent(id)}`;
export type TRating = z.infer<typeof ZPortalRatingResult>;

export const portalApi = {
  branding: (workspace: string) => http.get<TBranding>(`${PORTAL_API}/branding`, { query: { workspace } }),
  me: () => http.get<TPortalMe>(`${PORTAL_API}/me`),
  login: (body: { workspace: string; email: string; password: string; totpCode?: string }) =>
    http.post<void>(`${PORTAL_API}/auth/login`, body),
  acceptInvite: (body: { token: string; password: string }) =>
    http.post<void>(`${PORTAL_API}/auth/accept-invite`, body),
  forgotPassword: (body: { workspace: string; email: string }) =>
    http.post<void>(`${PORTAL_API}/auth/forgot-password`, body),
  resetPassword: (body: { token: string; password: string }) =>
    http.post<void>(`${PORTAL_API}/auth/reset-password`, body),
  logout: () => http.post<void>(`${PORTAL_API}/auth/logout`),
  totpSetup: () =>
    http.post<{ otpauthUrl: string; secret: string; qrDataUrl: string }>(`${PORTAL_API}/auth/totp/setup`),
  totpEnable: (code: string) =>
    http.post<{ recoveryCodes: string[] }>(`${PORTAL_API}/auth/totp/enable`, { code }),
  totpDisable: (password: string) => http.post<void>(`${PORTAL_API}/auth/totp/disable`, { password }),

  tickets: (status: 'open' | 'closed', cursor?: string) =>
    http.get<TTicketList>(`${PORTAL_API}/tickets`, { query: { status, cursor } }),
  ticket: (id: string) => http.get<TPortalTicket>(ticketPath(id)),
  ticketForm: () => http.get<TPortalTicketForm>(`${PORTAL_API}/ticket-form`),
  createTicket: (body: TPortalCreateTicket) => http.post<TPortalTicket>(`${PORTAL_API}/tickets`, body),
  /** On a closed ticket the server may open a follow-up instead (`followUp`: the ticket returned is new). */
  reply: (id: string, body: TPortalReply) =>
    http.post<{ followUp: boolean; ticket: TPortalTicket }>(`${ticketPath(id)}/messages`, body),
  close: (id: string) => http.post<TPortalTicket>(`${ticketPath(id)}/close`),
  reopen: (id: string) => http.post<TPortalTicket>(`${ticketPath(id)}/reopen`),
  rating: (id: string) => http.get<{ rating: TRating | null }>(`${ticketPath(id)}/rating`),
  rate: (id: string, body: TPortalRating) => http.post<TRating>(`${ticketPath(id)}/rating`, body),
  attachmentUrl: (ticketId: string, attachmentId: string) =>
    `${ticketPath(ticketId)}/attachments/${encodeURIComponent(attachmentId)}`,
};

/** Uploads one file as multipart form data (the JSON client cannot). */
export const uploadAttachment = async (file: File): Promise<TAttachment> => {
  const form = new FormData();
  form.append('file', file, file.name);
  const response = await fetch(`${PORTAL_API}/tickets/attachments`, {
    method: 'POST',
    body: form,
    credentials: 'same-origin',
    headers: { Accept: 'application/json, application/problem+json' },
  });
  if (!response.ok) {
    const problem = await response.json().catch(() => ({ status: response.status }));
    throw new ApiError(response.status, problem);
  }
  return (await response.json()) as TAttachment;
};

/**
 * The knowledge base is read two ways with the same screens: signed in (portal: public and
 * portal-only articles) or anonymously in the public help centre (public articles only).
 */
export type KbSource = { kind: 'portal' } | { kind: 'public'; workspace: string };

const kbBase = (source: KbSource) =>
  source.kind === 'portal' ? `${PORTAL_API}/kb` : `/api/public/v1/kb/${encodeURIComponent(source.workspace)}`;

export const kbSourceKey = (source: KbSource) =>
  source.kind === 'portal' ? 'portal' : `public:${source.workspace}`;

export const kbApi = {
  categories: (source: KbSource, locale: Locale) =>
    http.get<{ items: TKbCategory[] }>(`${kbBase(source)}/categories`, { query: { locale } }),
  articles: (source: KbSource, query: { q?: string; categoryId?: string; locale: Locale; cursor?: string }) =>
    http.get<TPage<TKbHit>>(`${kbBase(source)}/articles`, { query: { ...query, limit: 20 } }),
  article: (source: KbSource, id: string, locale: Locale) =>
    http.get<TKbArticle>(`${kbBase(source)}/articles/${encodeURIComponent(id)}`, { query: { locale } }),
  feedback: (source: KbSource, id: string, helpful: boolean) =>
    http.post<z.infer<typeof ZKbFeedbackResult>>(
      `${kbBase(source)}/articles/${encodeURIComponent(id)}/feedback`,
      { helpful },
    ),
  /** Deflection while a customer types a new ticket's subject (signed-in portal only). */
  suggest: (q: string, locale: Locale, signal?: AbortSignal) =>
    http.get<{ items: TKbHit[] }>(`${PORTAL_API}/kb/suggest`, { query: { q, locale }, signal }),
};
