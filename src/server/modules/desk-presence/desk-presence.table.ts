import { index, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { tenantId, tstz } from '../../platform/db/columns.js';

/**
 * Who has a ticket open right now, one row per socket (a user may have two tabs). Kept in the
 * database, not in memory, so every Kesher process sees the same agents; a row lives 60 s unless a
 * heartbeat or a presence message refreshes it, and readers ignore expired rows.
 */
export const ticketPresence = pgTable(
  'ticket_presence',
  {
    tenantId: tenantId(),
    ticketId: uuid('ticket_id').notNull(),
    userId: uuid('user_id').notNull(),
    connectionId: uuid('connection_id').notNull(),
    state: text('state', { enum: ['viewing', 'typing'] }).notNull(),
    since: tstz('since').notNull(),
    expiresAt: tstz('expires_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.ticketId, t.userId, t.connectionId] }),
    // A closing socket drops its rows across tickets.
    index('ticket_presence_connection_idx').on(t.tenantId, t.connectionId),
  ],
);
