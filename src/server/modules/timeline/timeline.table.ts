import { index, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { id, tenantId, tenantPk, tstz } from '../../platform/db/columns.js';

/**
 * One stream of everything that happened with a customer, in every channel. Modules append
 * through `appendTimeline(tx, entry)` in the same transaction as the change it records.
 */
export const timelineEntries = pgTable(
  'timeline_entries',
  {
    tenantId: tenantId(),
    // UUIDv7 made at append time: (occurred_at, id) orders entries, id breaks ties.
    id: id(),
    occurredAt: tstz('occurred_at').notNull(),
    accountId: uuid('account_id'),
    contactId: uuid('contact_id'),
    // e.g. 'activity.call', 'task.done', 'field.changed', 'deal.won', 'ticket.created', 'portal.login'
    type: text('type').notNull(),
    // email, sms, phone, chat, whatsapp, fax, walk_in, web, portal, system, internal
    channel: text('channel').notNull(),
    title: text('title').notNull(),
    summary: text('summary'),
    // The record the entry is about, for links: {"kind": "activity", "id": "…"}.
    refKind: text('ref_kind'),
    refId: uuid('ref_id'),
    actorKind: text('actor_kind'),
    actorId: uuid('actor_id'),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: tstz('created_at').notNull().defaultNow(),
  },
  (t) => [
    tenantPk(t),
    index('timeline_account_idx').on(t.tenantId, t.accountId, t.occurredAt.desc(), t.id.desc()),
    index('timeline_contact_idx').on(t.tenantId, t.contactId, t.occurredAt.desc(), t.id.desc()),
    index('timeline_ref_idx').on(t.tenantId, t.refKind, t.refId),
  ],
);

export type TimelineRow = typeof timelineEntries.$inferSelect;
