import { sql } from 'drizzle-orm';
import {
  bigint,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import {
  TICKET_CHANNELS,
  TICKET_PRIORITIES,
  TICKET_STATUSES,
  type TTicketSla,
  type TTicketStatusLabels,
} from '../../../shared/tickets.schemas.js';
import { id, tenantId, tenantPk, timestamps, tstz, version } from '../../platform/db/columns.js';

/**
 * Sort key of a ticket without a running SLA target: the far future, so such tickets list last
 * and the inbox can page with one row comparison `(due_at, id) > (…)` (no NULLs to special-case).
 */
export const NO_DUE = new Date('9999-12-31T00:00:00Z');

// The inbox views' predicates. Queries repeat them literally (ticket-inbox.sql.ts), so the planner
// can match the partial indexes below; change both together.
export const ACTIVE_SQL = `status in ('new','open','pending_customer','on_hold') and deleted_at is null`;
export const RUNNING_SQL = `status in ('new','open') and deleted_at is null`;
export const WAITING_SQL = `status in ('pending_customer','on_hold') and deleted_at is null`;
export const SOLVED_SQL = `status = 'solved' and deleted_at is null`;

/** A customer's request: #1042, its requester, state, SLA and where it sits in the inboxes. */
export const tickets = pgTable(
  'tickets',
  {
    tenantId: tenantId(),
    id: id(),
    number: integer('number').notNull(),
    subject: text('subject').notNull(),
    descriptionHtml: text('description_html').notNull().default(''),
    descriptionText: text('description_text').notNull().default(''),
    requesterContactId: uuid('requester_contact_id').notNull(),
    accountId: uuid('account_id'),
    channel: text('channel', { enum: TICKET_CHANNELS }).notNull().default('web'),
    category: text('category'),
    priority: text('priority', { enum: TICKET_PRIORITIES }).notNull().default('normal'),
    status: text('status', { enum: TICKET_STATUSES }).notNull().default('new'),
    assigneeId: uuid('assignee_id'),
    teamId: uuid('team_id'),
    tags: text('tags').array().notNull().default([]),
    customFields: jsonb('custom_fields').$type<Record<string, unknown>>().notNull().default({}),
    // Staff users who follow the ticket (notified of changes), and customer CC addresses.
    followers: uuid('followers').array().notNull().default([]),
    cc: text('cc').array().notNull().default([]),
    parentId: uuid('parent_id'),
    mergedIntoId: uuid('merged_into_id'),
    // The applied SLA (policy, calendar, each target's due time and outcome), as the API shows it.
    sla: jsonb('sla').$type<TTicketSla>(),
    // Earliest due / warning time of a target not yet met (NO_DUE when none): the inbox sort key.
    dueAt: tstz('due_at').notNull().default(sql`'9999-12-31T00:00:00Z'`),
    warnAt: tstz('warn_at').notNull().default(sql`'9999-12-31T00:00:00Z'`),
    // When the escalation job should look at the ticket again (a warning or a breach is due).
    slaNextCheckAt: tstz('sla_next_check_at'),
    firstResponseAt: tstz('first_response_at'),
    solvedAt: tstz('solved_at'),
    closedAt: tstz('closed_at'),
    lastCustomerMessageAt: tstz('last_customer_message_at'),
    lastAgentMessageAt: tstz('last_agent_message_at'),
    version: version(),
    ...timestamps(),
    deletedAt: tstz('deleted_at'),
  },
  (t) => [
    tenantPk(t),
    uniqueIndex('tickets_tenant_number_key').on(t.tenantId, t.number),
    // Inbox views, each a partial index matching its predicate, ordered as the view sorts.
    // mine:
    index('tickets_inbox_assignee_idx')
      .on(t.tenantId, t.assigneeId, t.dueAt, t.id)
      .where(sql.raw(ACTIVE_SQL)),
    // unassigned (its own index: `assignee_id is null` does not make the one above sorted by due_at):
    index('tickets_inbox_unassigned_idx')
      .on(t.tenantId, t.dueAt, t.id)
      .where(sql.raw(`${ACTIVE_SQL} and assignee_id is null`)),
    // my teams (one index range per team, merged by the query):
    index('tickets_inbox_team_idx').on(t.tenantId, t.teamId, t.dueAt, t.id).where(sql.raw(ACTIVE_SQL)),
    // open and breaching:
    index('tickets_inbox_running_idx').on(t.tenantId, t.dueAt, t.id).where(sql.raw(RUNNING_SQL)),
    // pending:
    index('tickets_inbox_waiting_idx').on(t.tenantId, t.dueAt, t.id).where(sql.raw(WAITING_SQL)),
    // solved recently:
    index('tickets_inbox_solved_idx')
      .on(t.tenantId, t.solvedAt.desc(), t.id.desc())
      .where(sql.raw(SOLVED_SQL)),
    // every ticket (no view):
    index('tickets_inbox_all_idx').on(t.tenantId, t.dueAt, t.id).where(sql`deleted_at is null`),
    index('tickets_tenant_requester_idx').on(t.tenantId, t.requesterContactId, t.createdAt),
    index('tickets_tenant_account_idx').on(t.tenantId, t.accountId, t.createdAt),
    index('tickets_tenant_parent_idx').on(t.tenantId, t.parentId).where(sql`parent_id is not null`),
    // The escalation job's sweep runs across tenants (system path), so this one is not tenant-led.
    index('tickets_sla_check_idx').on(t.slaNextCheckAt).where(sql`sla_next_check_at is not null`),
  ],
);
export type TicketRow = typeof tickets.$inferSelect;

/** The conversation: public replies and internal notes, by agents, the customer or the system. */
export const ticketMessages = pgTable(
  'ticket_messages',
  {
    tenantId: tenantId(),
    id: id(),
    ticketId: uuid('ticket_id').notNull(),
    // Insertion order: several messages (and events) may share one clock instant.
    seq: bigint('seq', { mode: 'number' }).generatedAlwaysAsIdentity(),
    bodyHtml: text('body_html').notNull(),
    bodyText: text('body_text').notNull(),
    visibility: text('visibility', { enum: ['public', 'internal'] }).notNull(),
    authorKind: text('author_kind', { enum: ['agent', 'customer', 'system'] }).notNull(),
    authorUserId: uuid('author_user_id'),
    authorContactId: uuid('author_contact_id'),
    channel: text('channel', { enum: TICKET_CHANNELS }).notNull(),
    mentions: uuid('mentions').array().notNull().default([]),
    attachmentIds: uuid('attachment_ids').array().notNull().default([]),
    // The ticket's version this message made: a reply sent with If-Match "<v>" is stale when a
    // public message with a higher version exists.
    ticketVersion: integer('ticket_version').notNull(),
    createdAt: tstz('created_at').notNull().defaultNow(),
  },
  (t) => [
    tenantPk(t),
    index('ticket_messages_ticket_idx').on(t.tenantId, t.ticketId, t.seq),
    foreignKey({
      columns: [t.tenantId, t.ticketId],
      foreignColumns: [tickets.tenantId, tickets.id],
    }).onDelete('cascade'),
  ],
);
export type TicketMessageRow = typeof ticketMessages.$inferSelect;

/** The audit trail of a ticket: every change, who made it, when. The SLA is planned from it. */
export const ticketEvents = pgTable(
  'ticket_events',
  {
    tenantId: tenantId(),
    id: id(),
    ticketId: uuid('ticket_id').notNull(),
    seq: bigint('seq', { mode: 'number' }).generatedAlwaysAsIdentity(),
    // created, status_changed, priority_changed, assigned, team_changed, message_added, merged, …
    type: text('type').notNull(),
    fromValue: text('from_value'),
    toValue: text('to_value'),
    actorKind: text('actor_kind').notNull(),
    actorId: uuid('actor_id'),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
    at: tstz('at').notNull(),
  },
  (t) => [
    tenantPk(t),
    index('ticket_events_ticket_idx').on(t.tenantId, t.ticketId, t.seq),
    foreignKey({
      columns: [t.tenantId, t.ticketId],
      foreignColumns: [tickets.tenantId, tickets.id],
    }).onDelete('cascade'),
  ],
);
export type TicketEventRow = typeof ticketEvents.$inferSelect;

/** A file uploaded for a ticket message; the bytes live in the file store (DATA_DIR/files). */
export const ticketAttachments = pgTable(
  'ticket_attachments',
  {
    tenantId: tenantId(),
    id: id(),
    // Null until a message uses it: uploads come first, then the message names them.
    ticketId: uuid('ticket_id'),
    messageId: uuid('message_id'),
    fileName: text('file_name').notNull(),
    // Detected from the content (magic bytes), never taken from the client.
    contentType: text('content_type').notNull(),
    size: integer('size').notNull(),
    sha256: text('sha256').notNull(),
    uploadedBy: uuid('uploaded_by'),
    // A portal upload's contact: only they may name it in a ticket or reply.
    uploadedByContactId: uuid('uploaded_by_contact_id'),
    createdAt: tstz('created_at').notNull().defaultNow(),
  },
  (t) => [tenantPk(t), index('ticket_attachments_ticket_idx').on(t.tenantId, t.ticketId)],
);
export type TicketAttachmentRow = typeof ticketAttachments.$inferSelect;

/**
 * Badge counts kept in step with tickets in the same transaction as every change of status,
 * assignee or team (see ticket-counters.ts): scope 'tenant' (scope_id = nil uuid), 'user' or
 * 'team'; key e.g. 'status:open', 'unassigned', 'mine', 'team'.
 */
export const ticketViewCounts = pgTable(
  'ticket_view_counts',
  {
    tenantId: tenantId(),
    scope: text('scope', { enum: ['tenant', 'user', 'team'] }).notNull(),
    scopeId: uuid('scope_id').notNull(),
    key: text('key').notNull(),
    count: integer('count').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.scope, t.scopeId, t.key] })],
);

/** Per-tenant service-desk settings: status labels (semantics fixed) and the reopen window. */
export const ticketSettings = pgTable('ticket_settings', {
  tenantId: tenantId().primaryKey(),
  statusLabels: jsonb('status_labels').$type<TTicketStatusLabels['labels']>(),
  reopenWithinDays: integer('reopen_within_days').notNull().default(7),
  version: version(),
  ...timestamps(),
});
