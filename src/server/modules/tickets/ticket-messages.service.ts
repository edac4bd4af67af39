// The conversation: agents' public replies and internal notes (with @mentions), customers'
// replies (which reopen a solved ticket, or start a follow-up once it is closed), system notes.
import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { TPostMessage, TPostMessageResult, TTicketStatus } from '../../../shared/tickets.schemas.js';
import type { Tx } from '../../platform/db/database.js';
import { AppError, validationError } from '../../platform/errors/app-error.js';
import { scopeOf, type TenantCtx } from '../../platform/http/actor.js';
import { auditFromCtx, recordAudit } from '../audit/index.js';
import { users } from '../auth/index.js';
import { appendTimeline } from '../timeline/index.js';
import {
  actorOf,
  applyTicketChange,
  type ChangeCtx,
  insertTicketEvents,
  type TicketPatch,
  ticketTitle,
  timelineChannelOf,
} from './ticket-changes.js';
import { createTicketInTx } from './ticket-create.js';
import { mentionedIds, richText } from './ticket-html.js';
import { ticketSettingsOf } from './ticket-settings.service.js';
import { assertTransition } from './ticket-status.js';
import type { TicketsDeps } from './tickets.deps.js';
import { eventQueue, TICKET_EVENT } from './tickets.events.js';
import { getTicketRowOrThrow, listMessages } from './tickets.repository.js';
import { type TicketRow, ticketAttachments, ticketMessages } from './tickets.table.js';

export const ticketClosed = (what: string) =>
  new AppError('TICKET_CLOSED', {
    userMessage: `This ticket is closed${what}. A customer reply to it opens a follow-up ticket.`,
  });

type Author =
  | { kind: 'agent'; userId: string | null }
  | { kind: 'customer'; contactId: string }
  | { kind: 'system' };

type NewMessage = {
  author: Author;
  html: string;
  text: string;
  visibility: 'public' | 'internal';
  mentions?: string[];
  attachmentIds?: string[];
};

/** Writes a message on a locked ticket and records it; returns the new message row. */
const insertMessage = async (tx: Tx, c: ChangeCtx, ticket: TicketRow, m: NewMessage) => {
  const [row] = await tx
    .insert(ticketMessages)
    .values({
      tenantId: c.tenantId,
      ticketId: ticket.id,
      bodyHtml: m.html,
      bodyText: m.text,
      visibility: m.visibility,
      authorKind: m.author.kind,
      authorUserId: m.author.kind === 'agent' ? m.author.userId : null,
      authorContactId: m.author.kind === 'customer' ? m.author.contactId : null,
      channel: ticket.channel,
      mentions: m.mentions ?? [],
      attachmentIds: m.attachmentIds ?? [],
      ticketVersion: ticket.version + 1,
      createdAt: c.now,
    })
    .returning();
  if (!row) throw new Error('message insert returned nothing');
  if (m.attachmentIds?.length) {
    await tx
      .update(ticketAttachments)
      .set({ ticketId: ticket.id, messageId: row.id })
      .where(inArray(ticketAttachments.id, m.attachmentIds));
  }
  if (m.visibility === 'public') {
    await appendTimeline(tx, {
      tenantId: c.tenantId,
      occurredAt: c.now,
      accountId: ticket.accountId,
      contactId: ticket.requesterContactId,
      type: 'ticket.message',
      channel: timelineChannelOf(ticket.channel),
      title: ticketTitle(ticket),
      summary: m.text.slice(0, 500),
      ref: { kind: 'ticket', id: ticket.id },
      actor: c.actor,
      data: { messageId: row.id, authorKind: m.author.kind },
    });
  }
  c.publish(TICKET_EVENT.messageAdded, {
    ticketId: ticket.id,
    number: ticket.number,
    messageId: row.id,
    visibility: row.visibility,
    authorKind: row.authorKind,
    authorUserId: row.authorUserId,
    authorContactId: row.authorContactId,
    mentions: row.mentions,
    channel: row.channel,
  });
  return row;
};

const messageEvent = (row: { id: string; visibility: string; authorKind: string; mentions: string[] }) => ({
  type: 'message_added',
  data: { messageId: row.id, visibility: row.visibility, authorKind: row.authorKind, mentions: row.mentions },
});

/**
 * A system note (merges, follow-ups): internal, written by nobody, on a locked ticket. Returns
 * the ticket after the change.
 */
export const addSystemNote = async (
  tx: Tx,
  c: ChangeCtx,
  ticket: TicketRow,
  text: string,
  patch: TicketPatch = {},
) => {
  const body = richText(text);
  const row = await insertMessage(tx, c, ticket, {
    author: { kind: 'system' },
    ...body,
    visibility: 'internal',
  });
  return applyTicketChange(tx, c, ticket, patch, { events: [messageEvent(row)] });
};

/** Attachments named by a message: uploaded in this tenant and not yet used by another message. */
const checkAttachments = async (tx: Tx, ids: string[]) => {
  if (ids.length === 0) return [];
  const unique = [...new Set(ids)];
  const found = new Set(
    (
      await tx
        .select({ id: ticketAttachments.id })
        .from(ticketAttachments)
        .where(and(inArray(ticketAttachments.id, unique), isNull(ticketAttachments.messageId)))
    ).map((r) => r.id),
  );
  const bad = ids.findIndex((id) => !found.has(id));
  if (bad >= 0) {
    throw validationError([{ path: `attachmentIds.${bad}`, message: 'No such unused attachment' }]);
  }
  return unique;
};

/** Active users among the mentioned ids: unknown ids stay plain text. */
const knownUsers = async (tx: Tx, ids: string[]) =>
  ids.length
    ? new Set(
        (
          await tx
            .select({ id: users.id })
            .from(users)
            .where(and(inArray(users.id, ids), eq(users.active, true)))
        ).map((u) => u.id),
      )
    : new Set<string>();

/**
 * Refuses a reply based on a stale view: public messages written after the one the agent saw
 * (or after the ticket version it read) come back in a 409 STALE_VIEW, unless `force`.
 */
const checkStaleView = async (
  tx: Tx,
  ticket: TicketRow,
  input: TPostMessage,
  ifMatch: string | undefined,
) => {
  if (input.force) return;
  let newer: Awaited<ReturnType<typeof listMessages>> | undefined;
  if (input.basedOnMessageId !== undefined) {
    if (input.basedOnMessageId === null) {
      newer = await listMessages(tx, ticket.id, { publicOnly: true });
    } else {
      const [based] = await tx
        .select({ seq: ticketMessages.seq })
        .from(ticketMessages)
        .where(and(eq(ticketMessages.id, input.basedOnMessageId), eq(ticketMessages.ticketId, ticket.id)))
        .limit(1);
      if (!based)
        throw validationError([{ path: 'basedOnMessageId', message: 'Not a message of this ticket' }]);
      newer = await listMessages(tx, ticket.id, { publicOnly: true, afterSeq: based.seq });
    }
  } else if (ifMatch) {
    const v = Number(ifMatch.replace(/^W\//, '').replaceAll('"', ''));
    if (!Number.isInteger(v))
      throw validationError([{ path: 'if-match', message: 'Send the ticket version, e.g. "3"' }]);
    newer = await listMessages(tx, ticket.id, { publicOnly: true, afterVersion: v });
  }
  if (newer?.length) {
    throw new AppError('STALE_VIEW', {
      userMessage: `${newer.length} new message(s) arrived since you opened the ticket. Read them, then send again (or send anyway).`,
      extra: { newMessages: newer },
    });
  }
};

const resultOf = async (
  tx: Tx,
  ticket: TicketRow,
  messageId: string,
  followUp: boolean,
): Promise<TPostMessageResult> => {
  const [message] = (await listMessages(tx, ticket.id)).filter((m) => m.id === messageId);
  if (!message) throw new Error('posted message not found');
  return {
    message,
    ticket: {
      id: ticket.id,
      number: ticket.number,
      status: ticket.status,
      version: ticket.version,
      sla: ticket.sla,
    },
    followUp,
  };
};

/**
 * A customer's reply (recorded by an agent, or later from a channel). A solved ticket reopens if
 * it was solved within the tenant's reopen window; a closed one (or one solved longer ago) gets
 * a follow-up ticket linked by parent, and the reply goes there.
 */
export const addCustomerReplyInTx = async (
  tx: Tx,
  c: ChangeCtx,
  current: TicketRow,
  body: { html: string; text: string; attachmentIds?: string[]; authorContactId?: string },
): Promise<{ ticket: TicketRow; messageId: string; followUp: boolean }> => {
  const { reopenWithinDays } = await ticketSettingsOf(tx);
  const solvedLongAgo =
    current.status === 'solved' &&
    current.solvedAt !== null &&
    c.now.getTime() - current.solvedAt.getTime() > reopenWithinDays * 86_400_000;
  if (current.status === 'closed' || solvedLongAgo) {
    const assigneeActive = current.assigneeId
      ? (await knownUsers(tx, [current.assigneeId])).has(current.assigneeId)
      : false;
    const followUp = await createTicketInTx(
      tx,
      c,
      {
        subject: current.subject,
        description: '',
        requesterId: current.requesterContactId,
        ...(current.accountId ? { accountId: current.accountId } : {}),
        priority: current.priority,
        ...(current.category ? { category: current.category } : {}),
        channel: current.channel,
        ...(assigneeActive && current.assigneeId ? { assigneeId: current.assigneeId } : {}),
        ...(current.teamId ? { teamId: current.teamId } : {}),
        tags: current.tags,
        customFields: {},
        followers: [],
        cc: current.cc,
        parentId: current.id,
      },
      // Opened by the system, not a form: required custom fields are for an agent to fill later,
      // never a reason to refuse the customer's reply.
      { customFieldKeys: new Set() },
    );
    await insertTicketEvents(tx, c, current.id, [{ type: 'follow_up_created', to: followUp.id }]);
    const locked = await getTicketRowOrThrow(tx, followUp.id, { forUpdate: true });
    const r = await addCustomerReplyInTx(tx, c, locked, body);
    return { ...r, followUp: true };
  }
  const row = await insertMessage(tx, c, current, {
    // The requester, unless a colleague of the account writes (portal scope 'account').
    author: { kind: 'customer', contactId: body.authorContactId ?? current.requesterContactId },
    html: body.html,
    text: body.text,
    ...(body.attachmentIds ? { attachmentIds: body.attachmentIds } : {}),
    visibility: 'public',
  });
  const reopen: Partial<Record<TTicketStatus, TTicketStatus>> = { pending_customer: 'open', solved: 'open' };
  const status = reopen[current.status];
  const ticket = await applyTicketChange(
    tx,
    c,
    current,
    { lastCustomerMessageAt: c.now, ...(status ? { status } : {}) },
    { events: [messageEvent(row)], replanSla: true },
  );
  return { ticket, messageId: row.id, followUp: false };
};

export const createMessages = (deps: TicketsDeps) => {
  /**
   * Posts a message on a ticket inside tx: an agent's reply or note, or a customer's reply an
   * agent records. `ctx` is the request (for the audit log and the author).
   */
  const postInTx = async (
    tx: Tx,
    ctx: TenantCtx,
    ticketId: string,
    input: TPostMessage,
    ifMatch: string | undefined,
  ): Promise<TPostMessageResult> => {
    const now = deps.clock.now();
    const c: ChangeCtx = {
      tenantId: ctx.tenantId,
      actor: actorOf(ctx),
      now,
      publish: eventQueue(tx, deps.events, ctx.tenantId, now),
    };
    const current = await getTicketRowOrThrow(tx, ticketId, { forUpdate: true });
    const attachmentIds = await checkAttachments(tx, input.attachmentIds);
    const audit = (messageId: string, t: TicketRow) =>
      recordAudit(
        tx,
        auditFromCtx(
          ctx,
          'ticket.message_added',
          { kind: 'ticket', id: t.id },
          {
            messageId,
            visibility: input.visibility,
            author: input.author,
          },
        ),
      );

    if (input.author === 'customer') {
      if (input.visibility !== 'public') {
        throw validationError([{ path: 'visibility', message: "A customer's message is public" }]);
      }
      const r = await addCustomerReplyInTx(tx, c, current, { ...richText(input.body), attachmentIds });
      await audit(r.messageId, r.ticket);
      return resultOf(tx, r.ticket, r.messageId, r.followUp);
    }

    if (current.status === 'closed') throw ticketClosed('');
    const isPublic = input.visibility === 'public';
    if (isPublic) await checkStaleView(tx, current, input, ifMatch);
    // Only internal notes mention colleagues (a customer must never see the markup turn into names).
    const mentions = isPublic ? [] : [...(await knownUsers(tx, mentionedIds(input.body)))];
    const body = isPublic ? richText(input.body) : richText(input.body, { mentions: new Set(mentions) });
    let status: TTicketStatus | undefined = input.statusAfter;
    if (!status && isPublic && current.status === 'new') status = 'open';
    if (status) assertTransition(current.status, status);

    const userId = ctx.actor.kind === 'user' ? ctx.actor.userId : null;
    const row = await insertMessage(tx, c, current, {
      author: { kind: 'agent', userId },
      ...body,
      visibility: input.visibility,
      mentions,
      attachmentIds,
    });
    const patch: TicketPatch = status ? { status } : {};
    if (isPublic) {
      patch.lastAgentMessageAt = now;
      if (!current.firstResponseAt) patch.firstResponseAt = now;
    }
    const ticket = await applyTicketChange(tx, c, current, patch, {
      events: [messageEvent(row)],
      replanSla: isPublic,
    });
    await audit(row.id, ticket);
    return resultOf(tx, ticket, row.id, false);
  };

  return {
    postInTx,
    post: (ctx: TenantCtx, ticketId: string, input: TPostMessage, ifMatch: string | undefined) =>
      deps.database.tenantTx(scopeOf(ctx), (tx) => postInTx(tx, ctx, ticketId, input, ifMatch)),
  };
};

export type Messages = ReturnType<typeof createMessages>;
