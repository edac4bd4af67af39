// Reads of the tickets module: rows by id, the API shapes with names joined in, the conversation
// and audit trail. Writes live in the services.
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { TTicket, TTicketEvent, TTicketMessage } from '../../../shared/tickets.schemas.js';
import type { Tx } from '../../platform/db/database.js';
import { AppError } from '../../platform/errors/app-error.js';
import { users } from '../auth/index.js';
import { accounts, contacts } from '../crm/index.js';
import { teams } from './teams.table.js';
import {
  NO_DUE,
  type TicketEventRow,
  type TicketMessageRow,
  type TicketRow,
  ticketAttachments,
  ticketEvents,
  ticketMessages,
  tickets,
} from './tickets.table.js';

export const ticketNotFound = () => new AppError('NOT_FOUND', { userMessage: 'Ticket not found.' });

/** The ticket row; `forUpdate` locks it so concurrent writes to one ticket run one after another. */
export const getTicketRowOrThrow = async (
  tx: Tx,
  id: string,
  opts: { includeDeleted?: boolean; forUpdate?: boolean } = {},
): Promise<TicketRow> => {
  const q = tx
    .select()
    .from(tickets)
    .where(and(eq(tickets.id, id), opts.includeDeleted ? undefined : isNull(tickets.deletedAt)))
    .limit(1);
  const [row] = opts.forUpdate ? await q.for('update') : await q;
  if (!row) throw ticketNotFound();
  return row;
};

const iso = (d: Date | null) => (d ? d.toISOString() : null);
export const fullName = (first: string | null, last: string | null) =>
  [first, last].filter((s) => s?.trim()).join(' ') || null;

type Names = {
  requester: TTicket['requester'];
  account: TTicket['account'];
  assignee: TTicket['assignee'];
  team: TTicket['team'];
};

export const toTicket = (r: TicketRow, n: Names): TTicket => ({
  id: r.id,
  number: r.number,
  subject: r.subject,
  descriptionHtml: r.descriptionHtml,
  descriptionText: r.descriptionText,
  requesterId: r.requesterContactId,
  requester: n.requester,
  accountId: r.accountId,
  account: n.account,
  channel: r.channel,
  category: r.category,
  priority: r.priority,
  status: r.status,
  assigneeId: r.assigneeId,
  assignee: n.assignee,
  teamId: r.teamId,
  team: n.team,
  tags: r.tags,
  customFields: r.customFields,
  followers: r.followers,
  cc: r.cc,
  parentId: r.parentId,
  mergedIntoId: r.mergedIntoId,
  sla: r.sla ?? null,
  firstResponseAt: iso(r.firstResponseAt),
  solvedAt: iso(r.solvedAt),
  closedAt: iso(r.closedAt),
  lastCustomerMessageAt: iso(r.lastCustomerMessageAt),
  lastAgentMessageAt: iso(r.lastAgentMessageAt),
  version: r.version,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
  deletedAt: iso(r.deletedAt),
});

/** A ticket row with its requester, account, assignee and team names: one query. */
export const loadTicket = async (tx: Tx, row: TicketRow): Promise<TTicket> => {
  const [n] = await tx
    .select({
      cFirst: contacts.firstName,
      cLast: contacts.lastName,
      cEmails: contacts.emails,
      cPhones: contacts.phones,
      aName: accounts.name,
      uName: users.name,
      teamName: teams.name,
    })
    .from(sql`(select 1) as one`)
    .leftJoin(contacts, eq(contacts.id, row.requesterContactId))
    .leftJoin(accounts, eq(accounts.id, row.accountId ?? NIL))
    .leftJoin(users, eq(users.id, row.assigneeId ?? NIL))
    .leftJoin(teams, eq(teams.id, row.teamId ?? NIL))
    .limit(1);
  return toTicket(row, {
    requester: n?.cFirst
      ? {
          id: row.requesterContactId,
          name: fullName(n.cFirst, n.cLast) ?? '',
          email: n.cEmails?.[0] ?? null,
          phone: n.cPhones?.[0]?.e164 ?? n.cPhones?.[0]?.raw ?? null,
        }
      : null,
    account: row.accountId && n?.aName ? { id: row.accountId, name: n.aName } : null,
    assignee: row.assigneeId && n?.uName ? { id: row.assigneeId, name: n.uName } : null,
    team: row.teamId && n?.teamName ? { id: row.teamId, name: n.teamName } : null,
  });
};

const NIL = '00000000-0000-0000-0000-000000000000';

export type MessageWithNames = {
  m: TicketMessageRow;
  userName: string | null;
  cFirst: string | null;
  cLast: string | null;
};

export const toMessage = (
  r: MessageWithNames,
  attachments: TTicketMessage['attachments'],
): TTicketMessage => ({
  id: r.m.id,
  ticketId: r.m.ticketId,
  bodyHtml: r.m.bodyHtml,
  bodyText: r.m.bodyText,
  visibility: r.m.visibility,
  authorKind: r.m.authorKind,
  authorUserId: r.m.authorUserId,
  authorContactId: r.m.authorContactId,
  authorName: r.m.authorKind === 'customer' ? fullName(r.cFirst, r.cLast) : r.userName,
  channel: r.m.channel,
  mentions: r.m.mentions,
  attachments,
  createdAt: r.m.createdAt.toISOString(),
});

/** Messages of a ticket, oldest first, with author names and attachments. */
export const listMessages = async (
  tx: Tx,
  ticketId: string,
  opts: { afterSeq?: number; publicOnly?: boolean; afterVersion?: number } = {},
): Promise<TTicketMessage[]> => {
  const rows = await tx
    .select({ m: ticketMessages, userName: users.name, cFirst: contacts.firstName, cLast: contacts.lastName })
    .from(ticketMessages)
    .leftJoin(users, eq(users.id, ticketMessages.authorUserId))
    .leftJoin(contacts, eq(contacts.id, ticketMessages.authorContactId))
    .where(
      and(
        eq(ticketMessages.ticketId, ticketId),
        opts.afterSeq !== undefined ? sql`${ticketMessages.seq} > ${opts.afterSeq}` : undefined,
        opts.afterVersion !== undefined
          ? sql`${ticketMessages.ticketVersion} > ${opts.afterVersion}`
          : undefined,
        opts.publicOnly ? eq(ticketMessages.visibility, 'public') : undefined,
      ),
    )
    .orderBy(asc(ticketMessages.seq));
  const withFiles = rows.filter((r) => r.m.attachmentIds.length > 0).map((r) => r.m.id);
  const files = withFiles.length
    ? await tx
        .select({
          id: ticketAttachments.id,
          messageId: ticketAttachments.messageId,
          fileName: ticketAttachments.fileName,
          contentType: ticketAttachments.contentType,
          size: ticketAttachments.size,
        })
        .from(ticketAttachments)
        .where(inArray(ticketAttachments.messageId, withFiles))
    : [];
  return rows.map((r) =>
    toMessage(
      r,
      files
        .filter((f) => f.messageId === r.m.id)
        .map((f) => ({ id: f.id, fileName: f.fileName, contentType: f.contentType, size: f.size })),
    ),
  );
};

export const toEvent = (e: TicketEventRow): TTicketEvent => ({
  id: e.id,
  type: e.type,
  from: e.fromValue,
  to: e.toValue,
  actorKind: e.actorKind,
  actorId: e.actorId,
  data: e.data,
  at: e.at.toISOString(),
});

export const listEvents = async (tx: Tx, ticketId: string) =>
  (
    await tx
      .select()
      .from(ticketEvents)
      .where(eq(ticketEvents.ticketId, ticketId))
      .orderBy(asc(ticketEvents.seq))
  ).map(toEvent);

export const ticketRef = (r: Pick<TicketRow, 'id' | 'number' | 'subject' | 'status'>) => ({
  id: r.id,
  number: r.number,
  subject: r.subject,
  status: r.status,
});

export { NO_DUE };
