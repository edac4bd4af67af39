// The customer's writes on tickets: open one, reply, mark solved, reopen, rate, upload and
// download files. Each first reads the ticket as kesher_portal (the 0018 policies decide whether
// the session may see it: its account, and its requester for scope 'own'); only then does the
// write run, through the tickets and csat modules, as staff for that one ticket id (see
// ARCHITECTURE.md, portal ticket writes). Responses are the portal view, read as kesher_portal.

import { eq } from 'drizzle-orm';
import type { TPortalCreateTicket, TPortalRating, TPortalReply } from '../../../shared/portal.schemas.js';
import { AppError, validationError } from '../../platform/errors/app-error.js';
import type { TenantCtx } from '../../platform/http/actor.js';
import type { PortalDeps } from './portal.deps.js';
import { portalSettings, portalUsers } from './portal.table.js';
import { readTicketFormConfig } from './portal-ticket-form.service.js';
import { portalTicketView, visibleTicketOrThrow } from './portal-tickets.service.js';

const portalActor = (ctx: TenantCtx) => {
  if (ctx.actor.kind !== 'portal')
    throw new AppError('UNAUTHENTICATED', { userMessage: 'Sign in to the portal.' });
  return ctx.actor;
};

export const createPortalTicketWrites = (deps: PortalDeps) => {
  const { tickets, csat } = deps;
  // The survey row's language (its link page): the customer's own, else the portal's default.
  const localeOf = (ctx: TenantCtx, portalUserId: string) =>
    deps.database.tenantTx({ role: 'staff', tenantId: ctx.tenantId }, async (tx) => {
      const [u] = await tx
        .select({ locale: portalUsers.locale })
        .from(portalUsers)
        .where(eq(portalUsers.id, portalUserId))
        .limit(1);
      const [s] = await tx.select({ locale: portalSettings.defaultLocale }).from(portalSettings).limit(1);
      return u?.locale ?? s?.locale ?? 'he';
    });

  return {
    /**
     * A new ticket from the portal form. The requester is the session's contact and the account
     * the session's account; the category must be one of the form's, and custom fields are
     * validated by the custom-fields rules against the fields the form shows for it.
     */
    create: async (ctx: TenantCtx, input: TPortalCreateTicket) => {
      portalActor(ctx);
      const config = await deps.database.tenantTx(
        { role: 'staff', tenantId: ctx.tenantId },
        readTicketFormConfig,
      );
      const category = input.categoryId
        ? config.categories.find((c) => c.id === input.categoryId)
        : undefined;
      if (input.categoryId && !category) {
        throw validationError([{ path: 'categoryId', message: 'Not a category of this form' }]);
      }
      const customFieldKeys = new Set([...config.fieldKeys, ...(category?.fieldKeys ?? [])]);
      const row = await tickets.customer.create(ctx, {
        subject: input.subject,
        body: input.body,
        category: category?.id ?? null,
        customFields: input.customFields,
        customFieldKeys,
        attachmentIds: input.attachmentIds,
      });
      return portalTicketView(deps, ctx, row.id);
    },

    /** A public reply by the contact; the answer is the ticket it landed on (a follow-up, maybe). */
    reply: async (ctx: TenantCtx, ticketId: string, input: TPortalReply) => {
      await visibleTicketOrThrow(deps, ctx, ticketId);
      const r = await tickets.customer.reply(ctx, ticketId, input);
      return { followUp: r.followUp, ticket: await portalTicketView(deps, ctx, r.ticketId) };
    },

    setStatus: async (ctx: TenantCtx, ticketId: string, to: 'solved' | 'open') => {
      await visibleTicketOrThrow(deps, ctx, ticketId);
      await tickets.customer.setStatus(ctx, ticketId, to);
      return portalTicketView(deps, ctx, ticketId);
    },

    /** The satisfaction rating of a solved or closed ticket; rating again changes it. */
    rate: async (ctx: TenantCtx, ticketId: string, input: TPortalRating) => {
      const a = portalActor(ctx);
      const t = await visibleTicketOrThrow(deps, ctx, ticketId);
      if (t.status !== 'solved' && t.status !== 'closed') {
        throw new AppError('TICKET_NOT_SOLVED', {
          userMessage: `Ticket #${t.number} is still being handled. You can rate it once it is solved.`,
        });
      }
      return csat.rateByCustomer(ctx, {
        ticketId: t.id,
        ticketNumber: t.number,
        contactId: a.contactId,
        locale: await localeOf(ctx, a.portalUserId),
        rating: input.score,
        // Plain text, shown as text (the timeline, the ticket's CSAT panel), as from the survey page.
        comment: input.comment ?? null,
      });
    },

    /** The ticket's rating, or null. */
    rating: async (ctx: TenantCtx, ticketId: string) => {
      await visibleTicketOrThrow(deps, ctx, ticketId);
      return { rating: await csat.ratingOf(ctx, ticketId) };
    },

    /** An upload for a later ticket or reply: checked by content and size as staff uploads are. */
    upload: (ctx: TenantCtx, file: { fileName: string; data: Buffer }) => {
      portalActor(ctx);
      return tickets.attachments.upload(ctx, file);
    },

    /**
     * A file of a visible ticket: read as kesher_portal, so only files of the ticket itself and of
     * its public messages exist here (another account's id, an internal note's file → 404).
     */
    download: (ctx: TenantCtx, ticketId: string, attachmentId: string) => {
      portalActor(ctx);
      return tickets.attachments.download(ctx, attachmentId, { ticketId });
    },
  };
};
