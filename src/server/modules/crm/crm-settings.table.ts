import { index, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { id, tenantId, tenantPk, timestamps } from '../../platform/db/columns.js';

/** Per-tenant CRM settings: the customer card's panel layout and the health-light rules. */
export const crmSettings = pgTable(
  'crm_settings',
  {
    tenantId: tenantId(),
    key: text('key', { enum: ['card_layout', 'health_rules', 'account_tiers'] }).notNull(),
    value: jsonb('value').$type<unknown>().notNull(),
    ...timestamps(),
  },
  (t) => [uniqueIndex('crm_settings_key').on(t.tenantId, t.key)],
);

/** A user's saved list view: filters, sort and columns for one entity. */
export const savedViews = pgTable(
  'saved_views',
  {
    tenantId: tenantId(),
    id: id(),
    userId: uuid('user_id').notNull(),
    entity: text('entity', { enum: ['account', 'contact', 'lead', 'deal', 'task'] }).notNull(),
    name: text('name').notNull(),
    definition: jsonb('definition').$type<Record<string, unknown>>().notNull(),
    ...timestamps(),
  },
  (t) => [tenantPk(t), index('saved_views_user_idx').on(t.tenantId, t.userId, t.entity)],
);
