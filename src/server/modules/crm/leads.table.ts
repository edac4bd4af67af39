import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { id, tenantId, tenantPk, timestamps, tstz, version } from '../../platform/db/columns.js';
import {
  customFieldsCol,
  deletedAtCol,
  emailsCol,
  ownerIdCol,
  phoneKeysCol,
  phonesCol,
  tagsCol,
} from './crm.columns.js';

export const LEAD_SOURCES = [
  'web_form',
  'phone',
  'email',
  'referral',
  'walk_in',
  'campaign',
  'social',
  'other',
] as const;
export const LEAD_STATUSES = ['new', 'contacted', 'qualified', 'unqualified', 'converted'] as const;

/** A prospective customer before it becomes an account + contact (+ deal). */
export const leads = pgTable(
  'leads',
  {
    tenantId: tenantId(),
    id: id(),
    number: integer('number').notNull(),
    firstName: text('first_name').notNull(),
    lastName: text('last_name').notNull().default(''),
    company: text('company'),
    title: text('title'),
    phones: phonesCol(),
    phoneKeys: phoneKeysCol(),
    emails: emailsCol(),
    source: text('source', { enum: LEAD_SOURCES }).notNull().default('other'),
    status: text('status', { enum: LEAD_STATUSES }).notNull().default('new'),
    message: text('message'),
    ownerId: ownerIdCol(),
    tags: tagsCol(),
    customFields: customFieldsCol(),
    // Where the web form was submitted from, UTM tags, etc.
    meta: jsonb('meta').$type<Record<string, string>>().notNull().default({}),
    convertedAt: tstz('converted_at'),
    convertedAccountId: uuid('converted_account_id'),
    convertedContactId: uuid('converted_contact_id'),
    convertedDealId: uuid('converted_deal_id'),
    version: version(),
    ...timestamps(),
    deletedAt: deletedAtCol(),
  },
  (t) => [
    tenantPk(t),
    uniqueIndex('leads_tenant_number_key').on(t.tenantId, t.number),
    index('leads_tenant_status_idx')
      .on(t.tenantId, t.status, t.createdAt.desc())
      .where(sql`deleted_at is null`),
  ],
);

export type LeadRow = typeof leads.$inferSelect;
