import { index, integer, pgTable, smallint, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { id, tenantId, tenantPk, tstz } from '../../platform/db/columns.js';

/**
 * One satisfaction survey per ticket: written when the ticket is solved (rating null), answered
 * through the signed link. Solving again re-opens the survey; rating again overwrites the answer.
 */
export const csatResponses = pgTable(
  'csat_responses',
  {
    tenantId: tenantId(),
    id: id(),
    ticketId: uuid('ticket_id').notNull(),
    ticketNumber: integer('ticket_number').notNull(),
    contactId: uuid('contact_id'),
    locale: text('locale', { enum: ['he', 'en'] }).notNull(),
    requestedAt: tstz('requested_at').notNull(),
    expiresAt: tstz('expires_at').notNull(),
    rating: smallint('rating'),
    comment: text('comment'),
    respondedAt: tstz('responded_at'),
  },
  (t) => [
    tenantPk(t),
    uniqueIndex('csat_responses_ticket_key').on(t.tenantId, t.ticketId),
    index('csat_responses_responded_idx').on(t.tenantId, t.respondedAt),
  ],
);
export type CsatResponseRow = typeof csatResponses.$inferSelect;
