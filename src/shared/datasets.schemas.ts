import { z } from 'zod';

export const DATASET_FIELD_TYPES = ['text', 'number', 'date', 'datetime', 'status', 'link'] as const;
/** Most records one push call takes; more answers 413. */
export const MAX_PUSH_RECORDS = 10_000;

const zKey = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z][a-z0-9_-]*$/, 'Lower-case letters, digits, "-" and "_", starting with a letter');
// ERP column names are upper-case (CUSTNAME, PARTNAME): field keys keep the source's spelling.
const zFieldKey = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'Letters, digits and "_", not starting with a digit');

export const ZDatasetField = z.object({
  key: zFieldKey,
  type: z.enum(DATASET_FIELD_TYPES),
  labelHe: z.string().min(1).max(200),
  labelEn: z.string().min(1).max(200),
  shown: z.boolean().default(true),
  filterable: z.boolean().default(false),
});
export type TDatasetField = z.infer<typeof ZDatasetField>;

export const ZCreateDataset = z.object({
  key: zKey,
  labelHe: z.string().min(1).max(200),
  labelEn: z.string().min(1).max(200),
  fields: z.array(ZDatasetField).min(1).max(100),
  recordKey: z.array(zFieldKey).min(1).max(10),
  ownerField: zFieldKey,
  ownerRefSystem: z.string().min(1).max(64).default('priority'),
  defaultSort: zFieldKey.nullable().optional(),
  position: z.number().int().min(0).max(10_000).optional(),
  portalVisible: z.boolean().default(true),
});
export type TCreateDataset = z.infer<typeof ZCreateDataset>;

export const ZUpdateDataset = ZCreateDataset.omit({ key: true }).partial();
export type TUpdateDataset = z.infer<typeof ZUpdateDataset>;

export const ZDataset = z.object({
  id: z.string(),
  key: z.string(),
  labelHe: z.string(),
  labelEn: z.string(),
  fields: z.array(ZDatasetField),
  recordKey: z.array(z.string()),
  ownerField: z.string(),
  ownerRefSystem: z.string(),
  defaultSort: z.string().nullable(),
  position: z.number(),
  portalVisible: z.boolean(),
  lastGoodAt: z.string().nullable(),
  version: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TDataset = z.infer<typeof ZDataset>;

export const ZDatasetKeyParams = z.object({ key: z.string().min(1).max(64) });

export const ZPushRecords = z.object({
  mode: z.enum(['upsert', 'replace']).default('upsert'),
  // Checked one by one (a bad record rejects itself only), and counted by the service (413).
  records: z.array(z.unknown()),
});
export type TPushRecords = z.infer<typeof ZPushRecords>;

export const ZPushResult = z.object({
  inserted: z.number(),
  updated: z.number(),
  deleted: z.number(),
  unchanged: z.number(),
  rejected: z.array(z.object({ index: z.number(), errors: z.array(z.string()) })),
});
export type TPushResult = z.infer<typeof ZPushResult>;

export const ZDatasetRecord = z.object({
  key: z.string(),
  ownerRef: z.string(),
  accountId: z.string().nullable(),
  /** The matched account's name; null for records of unknown owners. */
  accountName: z.string().nullable(),
  data: z.record(z.string(), z.unknown()),
  updatedAt: z.string(),
});

export const ZStaffRecordsQuery = z.object({
  q: z.string().max(200).optional(),
  sort: z.string().max(64).optional(),
  dir: z.enum(['asc', 'desc']).default('asc'),
  owner: z.string().max(200).optional(),
  cursor: z.string().max(1000).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

export const ZUnmatchedOwners = z.object({
  items: z.array(z.object({ ownerRef: z.string(), records: z.number() })),
});

/** Portal: a dataset as a customer sees it (shown fields only). */
export const ZPortalDataset = z.object({
  key: z.string(),
  labelHe: z.string(),
  labelEn: z.string(),
  fields: z.array(
    ZDatasetField.pick({ key: true, type: true, labelHe: true, labelEn: true, filterable: true }),
  ),
  defaultSort: z.string().nullable(),
  updatedAt: z.string().nullable(),
});
export type TPortalDataset = z.infer<typeof ZPortalDataset>;

// `filter.<field>=value` parameters pass through (.loose()) and are checked against the dataset.
export const ZPortalRecordsQuery = z
  .object({
    q: z.string().max(200).optional(),
    sort: z.string().max(64).optional(),
    dir: z.enum(['asc', 'desc']).default('asc'),
    cursor: z.string().max(1000).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .loose();
export type TPortalRecordsQuery = z.infer<typeof ZPortalRecordsQuery>;

export const ZPortalRecords = z.object({
  items: z.array(z.object({ key: z.string(), data: z.record(z.string(), z.unknown()) })),
  nextCursor: z.string().nullable(),
  updatedAt: z.string().nullable(),
});

export const ZPortalExportQuery = ZPortalRecordsQuery.extend({
  format: z.enum(['csv', 'xlsx']).default('csv'),
  // Header labels and sheet direction.
  lang: z.enum(['he', 'en']).default('he'),
});
export type TPortalExportQuery = z.infer<typeof ZPortalExportQuery>;
