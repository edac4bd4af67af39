import { sql } from 'drizzle-orm';
import {
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { id, tenantId, tenantPk, timestamps, tstz, version } from '../../platform/db/columns.js';

export const DATASET_FIELD_TYPES = ['text', 'number', 'date', 'datetime', 'status', 'link'] as const;

/** A field of a dataset, as the admin defined it. */
export type DatasetField = {
  key: string;
  type: (typeof DATASET_FIELD_TYPES)[number];
  labelHe: string;
  labelEn: string;
  shown: boolean;
  filterable: boolean;
};

/**
 * A tenant-defined table for the portal ("Stock", "Containers"). Each record belongs to an account
 * through `owner_field`, matched against the account's `external_refs[owner_ref_system]`.
 */
export const datasets = pgTable(
  'datasets',
  {
    tenantId: tenantId(),
    id: id(),
    key: text('key').notNull(),
    labelHe: text('label_he').notNull(),
    labelEn: text('label_en').notNull(),
    fields: jsonb('fields').$type<DatasetField[]>().notNull(),
    recordKey: text('record_key').array().notNull(),
    ownerField: text('owner_field').notNull(),
    ownerRefSystem: text('owner_ref_system').notNull().default('priority'),
    defaultSort: text('default_sort'),
    // Shown in the portal and the admin lists.
    position: integer('position').notNull().default(0),
    portalVisible: text('portal_visible', { enum: ['yes', 'no'] })
      .notNull()
      .default('yes'),
    // Last time the data was known good (a successful push or sync): "updated 7 minutes ago".
    lastGoodAt: tstz('last_good_at'),
    version: version(),
    ...timestamps(),
  },
  (t) => [tenantPk(t), uniqueIndex('datasets_tenant_key_key').on(t.tenantId, t.key)],
);

/**
 * The records. `account_id` is null for records whose owner matches no account: kept aside for the
 * admin, invisible to every portal user (the portal policy requires account_id = app.account_id).
 */
export const datasetRecords = pgTable(
  'dataset_records',
  {
    tenantId: tenantId(),
    datasetId: uuid('dataset_id').notNull(),
    // The record key fields' values joined with U+001F.
    recordKey: text('record_key').notNull(),
    ownerRef: text('owner_ref').notNull(),
    accountId: uuid('account_id'),
    data: jsonb('data').$type<Record<string, unknown>>().notNull(),
    // Normalised text of the shown text fields (hebrew-normalise) for portal search.
    searchText: text('search_text').notNull().default(''),
    // Hash of data, so an unchanged upsert is neither written nor counted as updated.
    dataHash: text('data_hash').notNull(),
    ...timestamps(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.datasetId, t.recordKey] }),
    foreignKey({
      columns: [t.tenantId, t.datasetId],
      foreignColumns: [datasets.tenantId, datasets.id],
      name: 'dataset_records_dataset_fk',
    }).onDelete('cascade'),
    // Portal pages: one account's records of one dataset, in key order.
    index('dataset_records_account_idx').on(t.tenantId, t.datasetId, t.accountId, t.recordKey),
    // Re-matching orphans when an account gains an external reference.
    index('dataset_records_owner_idx').on(t.tenantId, t.datasetId, t.ownerRef),
    index('dataset_records_unowned_idx')
      .on(t.tenantId, t.datasetId, t.ownerRef)
      .where(sql`account_id is null`),
  ],
);

/**
 * Rows of a full sync in flight: pages land here, and only a complete, valid run is swapped into
 * dataset_records in one transaction. A failed run's rows are deleted; the last good data stays.
 */
export const datasetStagedRecords = pgTable(
  'dataset_staged_records',
  {
    tenantId: tenantId(),
    runId: uuid('run_id').notNull(),
    datasetId: uuid('dataset_id').notNull(),
    recordKey: text('record_key').notNull(),
    ownerRef: text('owner_ref').notNull(),
    data: jsonb('data').$type<Record<string, unknown>>().notNull(),
    createdAt: tstz('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.runId, t.recordKey] })],
);

export type DatasetRow = typeof datasets.$inferSelect;
export type DatasetRecordRow = typeof datasetRecords.$inferSelect;
