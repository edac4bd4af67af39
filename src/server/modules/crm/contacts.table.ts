import { sql } from 'drizzle-orm';
import {
  boolean,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { id, tenantId, tenantPk, timestamps, tstz, version } from '../../platform/db/columns.js';
import { accounts } from './accounts.table.js';
import {
  birthdayCol,
  type ConsentChannel,
  type ConsentValue,
  customFieldsCol,
  deletedAtCol,
  emailsCol,
  ownerIdCol,
  phoneKeysCol,
  phonesCol,
  tagsCol,
} from './crm.columns.js';

/** A person. May belong to several accounts (account_contacts). */
export const contacts = pgTable(
  'contacts',
  {
    tenantId: tenantId(),
    id: id(),
    number: integer('number').notNull(),
    firstName: text('first_name').notNull(),
    lastName: text('last_name').notNull().default(''),
    title: text('title'),
    phones: phonesCol(),
    phoneKeys: phoneKeysCol(),
    emails: emailsCol(),
    fax: text('fax'),
    birthday: birthdayCol(),
    preferredLanguage: text('preferred_language', { enum: ['he', 'en', 'ar', 'ru'] }),
    preferredChannel: text('preferred_channel', { enum: ['email', 'sms', 'phone', 'whatsapp', 'fax'] }),
    consents: jsonb('consents').$type<Partial<Record<ConsentChannel, ConsentValue>>>().notNull().default({}),
    ownerId: ownerIdCol(),
    tags: tagsCol(),
    customFields: customFieldsCol(),
    lastContactedAt: tstz('last_contacted_at'),
    version: version(),
    ...timestamps(),
    deletedAt: deletedAtCol(),
  },
  (t) => [
    tenantPk(t),
    uniqueIndex('contacts_tenant_number_key').on(t.tenantId, t.number),
    index('contacts_tenant_name_idx').on(t.tenantId, t.lastName, t.firstName).where(sql`deleted_at is null`),
    index('contacts_tenant_owner_idx').on(t.tenantId, t.ownerId).where(sql`deleted_at is null`),
  ],
);

export const accountContacts = pgTable(
  'account_contacts',
  {
    tenantId: tenantId(),
    accountId: uuid('account_id').notNull(),
    contactId: uuid('contact_id').notNull(),
    role: text('role'),
    isPrimary: boolean('is_primary').notNull().default(false),
    createdAt: tstz('created_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('account_contacts_key').on(t.tenantId, t.accountId, t.contactId),
    index('account_contacts_contact_idx').on(t.tenantId, t.contactId),
    foreignKey({
      columns: [t.tenantId, t.accountId],
      foreignColumns: [accounts.tenantId, accounts.id],
    }).onDelete('cascade'),
    foreignKey({
      columns: [t.tenantId, t.contactId],
      foreignColumns: [contacts.tenantId, contacts.id],
    }).onDelete('cascade'),
  ],
);

export type ContactRow = typeof contacts.$inferSelect;
