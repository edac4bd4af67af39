import { sql } from 'drizzle-orm';
import { index, integer, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { id, tenantId, tenantPk, timestamps, tstz, version } from '../../platform/db/columns.js';
import { deletedAtCol } from './crm.columns.js';

/** Links shared by tasks and activities: what the item is about. */
const links = () => ({
  accountId: uuid('account_id'),
  contactId: uuid('contact_id'),
  dealId: uuid('deal_id'),
  leadId: uuid('lead_id'),
  // Tickets arrive with the service-desk module; the link is ready for them.
  ticketId: uuid('ticket_id'),
});

export const tasks = pgTable(
  'tasks',
  {
    tenantId: tenantId(),
    id: id(),
    title: text('title').notNull(),
    description: text('description'),
    assigneeId: uuid('assignee_id'),
    dueAt: tstz('due_at'),
    reminderAt: tstz('reminder_at'),
    priority: text('priority', { enum: ['low', 'normal', 'high', 'urgent'] })
      .notNull()
      .default('normal'),
    status: text('status', { enum: ['open', 'done'] })
      .notNull()
      .default('open'),
    doneAt: tstz('done_at'),
    doneBy: uuid('done_by'),
    createdBy: uuid('created_by'),
    ...links(),
    version: version(),
    ...timestamps(),
    deletedAt: deletedAtCol(),
  },
  (t) => [
    tenantPk(t),
    index('tasks_assignee_open_idx')
      .on(t.tenantId, t.assigneeId, t.dueAt)
      .where(sql`status = 'open' and deleted_at is null`),
    index('tasks_account_idx').on(t.tenantId, t.accountId).where(sql`deleted_at is null`),
    index('tasks_contact_idx').on(t.tenantId, t.contactId).where(sql`deleted_at is null`),
    index('tasks_reminder_idx').on(t.reminderAt).where(sql`status = 'open' and reminder_at is not null`),
  ],
);

export const ACTIVITY_KINDS = [
  'call',
  'meeting',
  'note',
  'email',
  'sms',
  'visit',
  'fax',
  'chat',
  'whatsapp',
] as const;

/** Something that happened with a customer: a call, meeting, note, email, SMS, walk-in visit, fax… */
export const activities = pgTable(
  'activities',
  {
    tenantId: tenantId(),
    id: id(),
    kind: text('kind', { enum: ACTIVITY_KINDS }).notNull(),
    direction: text('direction', { enum: ['inbound', 'outbound'] }),
    subject: text('subject'),
    body: text('body'),
    occurredAt: tstz('occurred_at').notNull(),
    durationSeconds: integer('duration_seconds'),
    // Calls: answered, no_answer, busy, voicemail, wrong_number; meetings: held, cancelled…
    outcome: text('outcome'),
    authorId: uuid('author_id'),
    ...links(),
    version: version(),
    ...timestamps(),
    deletedAt: deletedAtCol(),
  },
  (t) => [
    tenantPk(t),
    index('activities_account_idx')
      .on(t.tenantId, t.accountId, t.occurredAt.desc())
      .where(sql`deleted_at is null`),
    index('activities_contact_idx')
      .on(t.tenantId, t.contactId, t.occurredAt.desc())
      .where(sql`deleted_at is null`),
    index('activities_author_idx').on(t.tenantId, t.authorId, t.occurredAt),
  ],
);

export type TaskRow = typeof tasks.$inferSelect;
export type ActivityRow = typeof activities.$inferSelect;
