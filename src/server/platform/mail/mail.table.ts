import { index, integer, pgTable, text } from 'drizzle-orm/pg-core';
import { id, tenantId, tenantPk, tstz } from '../db/columns.js';

/**
 * Every email Kesher sends is first written here in the same transaction as the change that caused
 * it (transactional outbox), then delivered by a job. Without SMTP_URL it stays here as the dev outbox.
 */
export const mailOutbox = pgTable(
  'mail_outbox',
  {
    tenantId: tenantId(),
    id: id(),
    toAddress: text('to_address').notNull(),
    subject: text('subject').notNull(),
    html: text('html').notNull(),
    text: text('text').notNull(),
    // Why it was sent, e.g. 'auth.invite'; lets tests and the outbox screen filter.
    kind: text('kind').notNull(),
    status: text('status', { enum: ['outbox', 'queued', 'sending', 'sent', 'failed'] }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    createdAt: tstz('created_at').notNull().defaultNow(),
    sentAt: tstz('sent_at'),
  },
  (t) => [tenantPk(t), index('mail_outbox_tenant_created_idx').on(t.tenantId, t.createdAt.desc())],
);

export type MailRow = typeof mailOutbox.$inferSelect;
