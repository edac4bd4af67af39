import { and, asc, desc, eq, inArray, lt, notInArray } from 'drizzle-orm';
import type { TPortalTicket } from '../../../shared/portal.schemas.js';
import { AppError } from '../../platform/errors/app-error.js';
import { scopeOf, type TenantCtx } from '../../platform/http/actor.js';
import { recordPortalView } from '../audit/index.js';
import { users } from '../auth/index.js';
import { ticketAttachments, ticketMessages, tickets } from '../tickets/index.js';
import type { PortalDeps } from './portal.deps.js';

const CLOSED = ['solved', 'closed'] as const;
export type PortalTicketsQuery = {
  status?: 'open' | 'closed' | undefined;
  cursor?: string | undefined;
  limit: number;
};

type TicketRow = typeof tickets.$inferSelect;

/** The SLA's promised answer while one is due: first response, then the next response. */
const promisedAnswerOf = (t: TicketRow) => {
  const sla = t.sla;
  if (!sla || sla.paused || CLOSED.includes(t.status as (typeof CLOSED)[number])) return null;
  return (t.firstResponseAt ? sla.nextResponseDueAt : sla.firstResponseDueAt) ?? null;
};

const summary = (t: TicketRow, handlerName: string | null) => ({
  id: t.id,
  number: t.number,
  subject: t.subject,
  status: t.status,
  createdAt: t.createdAt.toISOString(),
  updatedAt: t.updatedAt.toISOString(),
  handlerName,
  promisedAnswerAt: promisedAnswerOf(t),
});

/**
 * Handlers' names of tickets the portal-role read has already shown to be visible: users have no
 * kesher_portal grant, so this one column is read as staff, for those assignees only.
 */
const handlerNamesOf = async (deps: PortalDeps, ctx: TenantCtx, rows: TicketRow[]) => {
  const ids = [...new Set(rows.flatMap((t) => (t.assigneeId ? [t.assigneeId] : [])))];
  if (!ids.length) return new Map<string, string>();
  const found = await deps.database.tenantTx({ role: 'staff', tenantId: ctx.tenantId }, (tx) =>
    tx.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, ids)),
  );
  return new Map(found.map((u) => [u.id, u.name]));
};
const handlerOf = (names: Map<string, string>, t: TicketRow) =>
  (t.assigneeId && names.get(t.assigneeId)) || null;

/**
 * The customer's tickets. Every read runs as kesher_portal (scopeOf a portal ctx): the policies of
 * 0018_portal_tickets_rls.sql restrict rows to the session's account (and requester with scope
 * 'own'), so the queries below carry no account filter of their own and no query parameter can
 * name another account.
 */
export const createPortalTickets = (deps: PortalDeps) => ({
  list: (ctx: TenantCtx, q: PortalTicketsQuery) =>
    deps.database
      .tenantTx(scopeOf(ctx), async (tx) => {
        const rows = await tx
          .select()
          .from(tickets)
          .where(
            and(
              q.status === 'closed' ? inArray(tickets.status, [...CLOSED]) : undefined,
              q.status === 'open' ? notInArray(tickets.status, [...CLOSED]) : undefined,
              // UUIDv7 ids sort by creation: the id is the cursor.
              q.cursor ? lt(tickets.id, q.cursor) : undefined,
            ),
          )
          .orderBy(desc(tickets.id))
          .limit(q.limit + 1);
        return { page: rows.slice(0, q.limit), more: rows.length > q.limit };
      })
      .then(async ({ page, more }) => {
        const names = await handlerNamesOf(deps, ctx, page);
        return {
          items: page.map((t) => summary(t, handlerOf(names, t))),
          nextCursor: more ? (page.at(-1)?.id ?? null) : null,
        };
      }),

  /** The ticket as the customer sees it; the read is audited as a data view. */
  get: (ctx: TenantCtx, id: string) => portalTicketView(deps, ctx, id, { audit: 'portal.ticket_viewed' }),
});

/** The ticket row if the session may see it (read as kesher_portal), else 404. */
export const visibleTicketOrThrow = async (deps: PortalDeps, ctx: TenantCtx, id: string) => {
  const [t] = await deps.database.tenantTx(scopeOf(ctx), (tx) =>
    tx.select().from(tickets).where(eq(tickets.id, id)).limit(1),
  );
  if (!t) throw new AppError('NOT_FOUND', { userMessage: 'Ticket not found.' });
  return t;
};

/**
 * The portal view of one ticket: read as kesher_portal (visible ticket, public messages and their
 * files only), with an audit row when `audit` names one; then the handler's name as staff.
 */
export const portalTicketView = async (
  deps: PortalDeps,
  ctx: TenantCtx,
  id: string,
  opts: { audit?: string } = {},
): Promise<TPortalTicket> => {
  const a = ctx.actor;
  const found = await deps.database.tenantTx(scopeOf(ctx), async (tx) => {
    const [t] = await tx.select().from(tickets).where(eq(tickets.id, id)).limit(1);
    if (!t) return undefined;
    // The policy shows public messages only; the filter repeats it so intent reads in code.
    const messages = await tx
      .select()
      .from(ticketMessages)
      .where(and(eq(ticketMessages.ticketId, id), eq(ticketMessages.visibility, 'public')))
      .orderBy(asc(ticketMessages.seq));
    // The policy again decides: files of the ticket itself and of its public messages.
    const files = await tx
      .select()
      .from(ticketAttachments)
      .where(eq(ticketAttachments.ticketId, id))
      .orderBy(asc(ticketAttachments.id));
    // The data-view audit row commits with the read (kesher_portal may append its own rows).
    if (a.kind === 'portal' && opts.audit)
      await recordPortalView(tx, ctx, opts.audit, { kind: 'ticket', id: t.id });
    return { t, messages, files };
  });
  if (!found) throw new AppError('NOT_FOUND', { userMessage: 'Ticket not found.' });
  const { t, messages, files } = found;
  const names = await handlerNamesOf(deps, ctx, [t]);
  return {
    ...summary(t, handlerOf(names, t)),
    descriptionHtml: t.descriptionHtml,
    category: t.category,
    messages: messages.map((m) => ({
      id: m.id,
      bodyHtml: m.bodyHtml,
      authorKind: m.authorKind,
      mine: a.kind === 'portal' && m.authorContactId === a.contactId,
      createdAt: m.createdAt.toISOString(),
      attachmentIds: m.attachmentIds,
    })),
    attachments: files.map((f) => ({
      id: f.id,
      messageId: f.messageId,
      fileName: f.fileName,
      contentType: f.contentType,
      size: f.size,
    })),
  };
};
