// A signed-in customer's own writes from the portal: open a ticket, reply, mark it solved, reopen
// it. The portal proves the ticket visible by reading it as kesher_portal first; these then run
// as staff, for that one ticket, because a ticket write also touches its events, badge counters,
// timeline, search document and outbox, none of which kesher_portal may write. Under the row
// lock they repeat the portal policy, so a ticket moved to another account since is a 404.
import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { Tx } from '../../platform/db/database.js';
import { AppError, validationError } from '../../platform/errors/app-error.js';
import type { TenantCtx } from '../../platform/http/actor.js';
import { auditFromCtx, recordAudit } from '../audit/index.js';
import { actorOf, applyTicketChange } from './ticket-changes.js';
import { createTicketInTx } from './ticket-create.js';
import { richText } from './ticket-html.js';
import { addCustomerReplyInTx } from './ticket-messages.service.js';
import { assertTransition } from './ticket-status.js';
import type { TicketsDeps } from './tickets.deps.js';
import { eventQueue } from './tickets.events.js';
import { getTicketRowOrThrow, ticketNotFound } from './tickets.repository.js';
import { type TicketRow, ticketAttachments } from './tickets.table.js';

export type NewCustomerTicket = {
  subject: string;
  body: string;
  category: string | null;
  customFields: Record<string, unknown>;
  /** The custom fields the customer's form shows: only these are accepted and required. */
  customFieldKeys: ReadonlySet<string>;
  attachmentIds: string[];
};

/** 409 for a portal reply or status change on a closed ticket. */
export const customerTicketClosed = (t: Pick<TicketRow, 'number'>) =>
  new AppError('TICKET_CLOSED', {
    message: `ticket #${t.number} is closed`,
    userMessage: `Ticket #${t.number} is closed and takes no more replies. Please open a new ticket and mention #${t.number}.`,
  });

const portalActor = (ctx: TenantCtx) => {
  if (ctx.actor.kind !== 'portal') throw new Error('customer writes need a portal actor');
  return ctx.actor;
};

export const createCustomerWrites = (deps: TicketsDeps) => {
  const staffTx = <T>(ctx: TenantCtx, fn: (tx: Tx) => Promise<T>) =>
    deps.database.tenantTx({ role: 'staff', tenantId: ctx.tenantId }, fn);
  const changeCtx = (tx: Tx, ctx: TenantCtx) => {
    const now = deps.clock.now();
    return {
      tenantId: ctx.tenantId,
      actor: actorOf(ctx),
      now,
      publish: eventQueue(tx, deps.events, ctx.tenantId, now),
    };
  };

  /** The ticket, locked, if the portal policy (account; requester for scope 'own') still shows it. */
  const lockVisible = async (tx: Tx, ctx: TenantCtx, id: string) => {
    const a = portalActor(ctx);
    const row = await getTicketRowOrThrow(tx, id, { forUpdate: true });
    if (row.accountId !== a.accountId || (a.scope === 'own' && row.requesterContactId !== a.contactId)) {
      throw ticketNotFound();
    }
    return row;
  };

  /** Attachment ids must be this contact's own unused uploads (never staff files or a colleague's). */
  const ownUploads = async (tx: Tx, contactId: string, ids: string[]) => {
    if (ids.length === 0) return [];
    const unique = [...new Set(ids)];
    const found = new Set(
      (
        await tx
          .select({ id: ticketAttachments.id })
          .from(ticketAttachments)
          .where(
            and(
              inArray(ticketAttachments.id, unique),
              eq(ticketAttachments.uploadedByContactId, contactId),
              isNull(ticketAttachments.ticketId),
              isNull(ticketAttachments.messageId),
            ),
          )
      ).map((r) => r.id),
    );
    const bad = ids.findIndex((id) => !found.has(id));
    if (bad >= 0) {
      throw validationError([
        { path: `attachmentIds.${bad}`, message: 'No such unused attachment of yours' },
      ]);
    }
    return unique;
  };

  return {
    /** Opens a ticket for the session's contact and account (never ids from the request). */
    create: (ctx: TenantCtx, input: NewCustomerTicket): Promise<TicketRow> =>
      staffTx(ctx, async (tx) => {
        const a = portalActor(ctx);
        const attachmentIds = await ownUploads(tx, a.contactId, input.attachmentIds);
        const row = await createTicketInTx(
          tx,
          changeCtx(tx, ctx),
          {
            subject: input.subject,
            description: input.body,
            requesterId: a.contactId,
            accountId: a.accountId,
            priority: 'normal',
            ...(input.category ? { category: input.category } : {}),
            channel: 'portal',
            tags: [],
            customFields: input.customFields,
            followers: [],
            cc: [],
          },
          { customFieldKeys: input.customFieldKeys },
        );
        // Files sent with the request belong to the ticket itself (no message carries them).
        if (attachmentIds.length) {
          await tx
            .update(ticketAttachments)
            .set({ ticketId: row.id })
            .where(inArray(ticketAttachments.id, attachmentIds));
        }
        await recordAudit(
          tx,
          auditFromCtx(
            ctx,
            'ticket.created',
            { kind: 'ticket', id: row.id },
            { attachments: attachmentIds.length },
          ),
        );
        return row;
      }),

    /**
     * A public reply by the contact. A solved ticket reopens (a follow-up is opened when it was
     * solved longer ago than the reopen window, as for any customer reply); a closed one is a 409.
     */
    reply: (ctx: TenantCtx, ticketId: string, input: { body: string; attachmentIds: string[] }) =>
      staffTx(ctx, async (tx) => {
        const a = portalActor(ctx);
        const current = await lockVisible(tx, ctx, ticketId);
        if (current.status === 'closed') throw customerTicketClosed(current);
        const attachmentIds = await ownUploads(tx, a.contactId, input.attachmentIds);
        const r = await addCustomerReplyInTx(tx, changeCtx(tx, ctx), current, {
          ...richText(input.body),
          attachmentIds,
          authorContactId: a.contactId,
        });
        await recordAudit(
          tx,
          auditFromCtx(
            ctx,
            'ticket.message_added',
            { kind: 'ticket', id: r.ticket.id },
            { messageId: r.messageId, visibility: 'public', author: 'customer', followUp: r.followUp },
          ),
        );
        return { ticketId: r.ticket.id, followUp: r.followUp };
      }),

    /**
     * The customer marks the ticket solved ('solved') or reopens a solved one ('open'). Asking for
     * the state it is already in changes nothing; a closed ticket is a 409.
     */
    setStatus: (ctx: TenantCtx, ticketId: string, to: 'solved' | 'open') =>
      staffTx(ctx, async (tx) => {
        const current = await lockVisible(tx, ctx, ticketId);
        if (current.status === 'closed') throw customerTicketClosed(current);
        const wanted = to === 'solved' ? current.status !== 'solved' : current.status === 'solved';
        if (!wanted) return current;
        assertTransition(current.status, to);
        const row = await applyTicketChange(tx, changeCtx(tx, ctx), current, { status: to });
        await recordAudit(
          tx,
          auditFromCtx(
            ctx,
            'ticket.updated',
            { kind: 'ticket', id: row.id },
            { fields: ['status'], status: to },
          ),
        );
        return row;
      }),
  };
};

export type CustomerWrites = ReturnType<typeof createCustomerWrites>;
