import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { id, tenantId, tenantPk, timestamps, version } from '../../platform/db/columns.js';
import {
  type AddressValue,
  customFieldsCol,
  deletedAtCol,
  emailsCol,
  ownerIdCol,
  phoneKeysCol,
  phonesCol,
  tagsCol,
} from './crm.columns.js';

/** A customer: a company (business) or a private person. */
export const accounts = pgTable(
  'accounts',
  {
    tenantId: tenantId(),
    id: id(),
    number: integer('number').notNull(),
    name: text('name').notNull(),
    kind: text('kind', { enum: ['business', 'private'] })
      .notNull()
      .default('business'),
    // ח.פ./ע.מ. for businesses, ת.ז. for private customers; digits only, check digit validated.
    companyNumber: text('company_number'),
    phones: phonesCol(),
    phoneKeys: phoneKeysCol(),
    emails: emailsCol(),
    fax: text('fax'),
    address: jsonb('address').$type<AddressValue>().notNull().default({}),
    website: text('website'),
    ownerId: ownerIdCol(),
    tier: text('tier').notNull().default('standard'),
    status: text('status', { enum: ['active', 'inactive'] })
      .notNull()
      .default('active'),
    tags: tagsCol(),
    // e.g. {"priority": "10023"}: the customer's key in an ERP, used by dataset sync.
    externalRefs: jsonb('external_refs').$type<Record<string, string>>().notNull().default({}),
    customFields: customFieldsCol(),
    version: version(),
    ...timestamps(),
    deletedAt: deletedAtCol(),
  },
  (t) => [
    tenantPk(t),
    uniqueIndex('accounts_tenant_number_key').on(t.tenantId, t.number),
    index('accounts_tenant_name_idx').on(t.tenantId, t.name).where(sql`deleted_at is null`),
    index('accounts_tenant_owner_idx').on(t.tenantId, t.ownerId).where(sql`deleted_at is null`),
    index('accounts_tenant_company_number_idx').on(t.tenantId, t.companyNumber),
    index('accounts_external_refs_idx').using('gin', t.externalRefs),
    index('accounts_tenant_deleted_idx').on(t.tenantId, t.deletedAt).where(sql`deleted_at is not null`),
  ],
);

export type AccountRow = typeof accounts.$inferSelect;
