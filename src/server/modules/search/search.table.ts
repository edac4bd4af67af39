import { sql } from 'drizzle-orm';
import { index, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { tenantId, tstz } from '../../platform/db/columns.js';

/**
 * One row per searchable record (account, contact, lead, deal, ticket), written by the owning
 * module through `indexSearchDocument(tx, doc)` in the same transaction as the record.
 */
export const searchDocuments = pgTable(
  'search_documents',
  {
    tenantId: tenantId(),
    entityType: text('entity_type', { enum: ['account', 'contact', 'lead', 'deal', 'ticket'] }).notNull(),
    entityId: uuid('entity_id').notNull(),
    title: text('title').notNull(),
    subtitle: text('subtitle'),
    // Normalised names (niqqud stripped, final letters folded, prefix-stripped variants) for pg_trgm.
    normText: text('norm_text').notNull(),
    // Exact keys: phone digits (E.164 and local), emails, company numbers, record numbers.
    keys: text('keys').array().notNull().default([]),
    updatedAt: tstz('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('search_documents_key').on(t.tenantId, t.entityType, t.entityId),
    index('search_documents_trgm_idx').using('gin', t.tenantId, sql`${t.normText} gin_trgm_ops`),
    index('search_documents_keys_idx').using('gin', t.tenantId, t.keys),
  ],
);
