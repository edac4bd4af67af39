import { customType, integer, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { id, tenantId, tenantPk, timestamps, tstz } from '../../platform/db/columns.js';

const bytea = customType<{ data: Buffer }>({ dataType: () => 'bytea' });

export type ImportCounts = {
  created: number;
  updated: number;
  skipped: number;
  duplicate: number;
  rejected: number;
  total: number;
};

/** An upload of accounts or contacts: file → mapping → dry run → commit (a background job). */
export const imports = pgTable(
  'imports',
  {
    tenantId: tenantId(),
    id: id(),
    entity: text('entity', { enum: ['account', 'contact'] }).notNull(),
    fileName: text('file_name').notNull(),
    format: text('format', { enum: ['csv', 'xlsx'] }).notNull(),
    // The uploaded file itself, so a commit re-reads exactly what the dry run saw.
    file: bytea('file').notNull(),
    status: text('status', {
      enum: ['uploaded', 'previewed', 'queued', 'running', 'completed', 'failed'],
    }).notNull(),
    headers: jsonb('headers').$type<string[]>().notNull().default([]),
    mapping: jsonb('mapping').$type<Record<string, string | null>>().notNull().default({}),
    duplicatePolicy: text('duplicate_policy', { enum: ['skip', 'update', 'create'] })
      .notNull()
      .default('skip'),
    totalRows: integer('total_rows').notNull().default(0),
    processedRows: integer('processed_rows').notNull().default(0),
    counts: jsonb('counts').$type<ImportCounts>(),
    rejected:
      jsonb('rejected').$type<Array<{ row: number; errors: string[]; values: Record<string, string> }>>(),
    error: text('error'),
    createdBy: uuid('created_by'),
    startedAt: tstz('started_at'),
    finishedAt: tstz('finished_at'),
    ...timestamps(),
  },
  (t) => [tenantPk(t)],
);

export type ImportRow = typeof imports.$inferSelect;
