import { z } from 'zod';

/** Largest upload one import takes, in bytes. */
export const IMPORT_MAX_BYTES = 10 * 1024 * 1024;
/** Most data rows one import takes. */
export const IMPORT_MAX_ROWS = 50_000;

export const ZImportEntity = z.enum(['account', 'contact']);
export type TImportEntity = z.infer<typeof ZImportEntity>;

/** What to do with a row that matches an existing record (or an earlier row) by email, phone or company number. */
export const ZDuplicatePolicy = z.enum(['skip', 'update', 'create']);
export type TDuplicatePolicy = z.infer<typeof ZDuplicatePolicy>;

export const ZImportStatus = z.enum(['uploaded', 'previewed', 'queued', 'running', 'completed', 'failed']);

/**
 * Column header → target field (`name`, `phones`, `address.city`, `externalRefs.priority`,
 * `customFields.<key>`, …) or null to ignore the column. Several columns may feed the list
 * fields (phones, emails, tags); every other target takes one column.
 */
export const ZImportMapping = z.record(z.string().max(200), z.string().max(120).nullable());
export type TImportMapping = z.infer<typeof ZImportMapping>;

/** A field a column can be mapped to, for the mapping screen. */
export const ZImportTarget = z.object({
  key: z.string(),
  labelHe: z.string(),
  labelEn: z.string(),
  /** Several columns may map to it (their values are joined). */
  multiple: z.boolean(),
  required: z.boolean(),
});
export type TImportTarget = z.infer<typeof ZImportTarget>;

export const ZImportUploadFields = z.object({ entity: ZImportEntity });

export const ZImportUploaded = z
  .object({
    id: z.uuid(),
    entity: ZImportEntity,
    fileName: z.string(),
    format: z.enum(['csv', 'xlsx']),
    headers: z.array(z.string()),
    sampleRows: z.array(z.array(z.string())),
    suggestedMapping: ZImportMapping,
    totalRows: z.number().int(),
    targets: z.array(ZImportTarget),
  })
  .meta({ id: 'ImportUploaded' });
export type TImportUploaded = z.infer<typeof ZImportUploaded>;

export const ZImportPreviewRequest = z.object({
  mapping: ZImportMapping,
  duplicatePolicy: ZDuplicatePolicy.default('skip'),
});
export type TImportPreviewRequest = z.infer<typeof ZImportPreviewRequest>;

export const ZImportCommitRequest = z
  .object({ mapping: ZImportMapping.optional(), duplicatePolicy: ZDuplicatePolicy.optional() })
  .default({});

/**
 * created + updated + skipped + rejected = total. `duplicate` counts the rows that matched an
 * existing record or an earlier row, whatever the policy then did with them.
 */
export const ZImportCounts = z.object({
  created: z.number().int(),
  updated: z.number().int(),
  skipped: z.number().int(),
  duplicate: z.number().int(),
  rejected: z.number().int(),
  total: z.number().int(),
});
export type TImportCounts = z.infer<typeof ZImportCounts>;

export const ZImportRowResult = z.object({
  /** The row's number in the spreadsheet (the header is row 1). */
  row: z.number().int(),
  status: z.enum(['created', 'updated', 'skipped', 'rejected']),
  /** `Column: reason` for each problem; empty unless rejected. */
  errors: z.array(z.string()),
  duplicateOf: z
    .object({
      by: z.enum(['email', 'phone', 'companyNumber']),
      /** The existing record, or the one an earlier row of the file made. */
      recordId: z.uuid().nullable(),
      /** Set when the match is an earlier row of the same file. */
      row: z.number().int().nullable(),
    })
    .nullable(),
  values: z.record(z.string(), z.string()),
});
export type TImportRowResult = z.infer<typeof ZImportRowResult>;

export const ZImportPreview = z
  .object({
    counts: ZImportCounts,
    /** The first 50 rows. */
    rows: z.array(ZImportRowResult),
    /** The first 200 rejected rows (all of them are in rejected.csv). */
    rejected: z.array(ZImportRowResult),
  })
  .meta({ id: 'ImportPreview' });
export type TImportPreview = z.infer<typeof ZImportPreview>;

export const ZImportProgress = z.object({
  processed: z.number().int(),
  total: z.number().int(),
  percent: z.number().int(),
});

export const ZImport = z
  .object({
    id: z.uuid(),
    entity: ZImportEntity,
    fileName: z.string(),
    format: z.enum(['csv', 'xlsx']),
    status: ZImportStatus,
    headers: z.array(z.string()),
    mapping: ZImportMapping,
    duplicatePolicy: ZDuplicatePolicy,
    totalRows: z.number().int(),
    /** From the dry run until a commit finishes, then from the commit. */
    counts: ZImportCounts.nullable(),
    progress: ZImportProgress,
    error: z.string().nullable(),
    createdBy: z.uuid().nullable(),
    createdAt: z.iso.datetime(),
    startedAt: z.iso.datetime().nullable(),
    finishedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'Import' });
export type TImport = z.infer<typeof ZImport>;

export const ZImportListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.uuid().optional(),
});

export const ZRejectedCsvQuery = z.object({ lang: z.enum(['he', 'en']).optional() });
