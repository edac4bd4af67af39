import { pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { id, timestamps } from '../../platform/db/columns.js';

/** An organization using Kesher. RLS: a tenant sees only its own row. */
export const tenants = pgTable(
  'tenants',
  {
    id: id().primaryKey(),
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    locale: text('locale', { enum: ['he', 'en'] })
      .notNull()
      .default('he'),
    timezone: text('timezone').notNull().default('Asia/Jerusalem'),
    ...timestamps(),
  },
  (t) => [uniqueIndex('tenants_slug_key').on(t.slug)],
);

export type TenantRow = typeof tenants.$inferSelect;
