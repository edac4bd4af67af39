import { bigint, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';

/** Per-tenant sequences for human record numbers (accounts #1001, tickets #1042, …). */
export const tenantCounters = pgTable(
  'tenant_counters',
  {
    tenantId: uuid('tenant_id').notNull(),
    name: text('name').notNull(),
    value: bigint('value', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.name] })],
);
