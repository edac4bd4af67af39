import { z } from 'zod';

// Connectors pull records from an ERP (Priority) into a dataset on a schedule.

const ZPriorityName = z
  .string()
  .regex(/^[A-Z][A-Z0-9_]{0,63}$/, 'A Priority name: capital letters, digits and _');

export const ZFieldTransform = z.enum(['none', 'trim', 'number', 'date', 'datetime', 'upper', 'lower']);

/** Source field → dataset field. */
export const ZFieldMapping = z.object({
  source: z.string().min(1).max(200),
  target: z.string().min(1).max(64),
  transform: ZFieldTransform.default('none'),
});
export type TFieldMapping = z.infer<typeof ZFieldMapping>;

export const ZPriorityFilter = z.object({
  field: ZPriorityName,
  op: z.enum(['eq', 'ne', 'gt', 'ge', 'lt', 'le']),
  value: z.union([z.string().max(200), z.number()]),
});

export const ZPriorityConnectorConfig = z.object({
  serviceRoot: z
    .url({ protocol: /^https?$/ })
    .regex(
      /\/odata\/Priority\/[^/]+\/[^/]+\/?$/,
      'The service root: https://host/odata/Priority/{tabula.ini}/{company}/',
    ),
  entity: ZPriorityName,
  select: z.array(ZPriorityName).min(1).max(100),
  expand: z
    .object({
      subform: ZPriorityName.regex(/_SUBFORM$/, 'A sub-form name ends with _SUBFORM'),
      select: z.array(ZPriorityName).min(1).max(100),
    })
    .optional(),
  filter: z.array(ZPriorityFilter).max(10).optional(),
  pageSize: z.number().int().min(1).max(2000).default(2000),
  /** Scheduled runs: `incremental` ($since, BPM entities only) or a `full` re-read. */
  scheduleMode: z.enum(['full', 'incremental']).default('full'),
});
export type TPriorityConnectorConfig = z.infer<typeof ZPriorityConnectorConfig>;

export const ZPriorityCredentials = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('basic'),
    username: z.string().min(1).max(200),
    password: z.string().min(1).max(500),
    appId: z.string().max(200).optional(),
    appKey: z.string().max(500).optional(),
  }),
  z.object({
    kind: z.literal('pat'),
    token: z.string().min(8).max(500),
    appId: z.string().max(200).optional(),
    appKey: z.string().max(500).optional(),
  }),
]);
export type TPriorityCredentials = z.infer<typeof ZPriorityCredentials>;

/** JSON over HTTP: where the rows are and how the source pages. */
export const ZJsonHttpConfig = z.object({
  url: z.url({ protocol: /^https?$/ }),
  rowsPath: z
    .string()
    .min(1)
    .max(200)
    .regex(/^[$\w.[\]*]+$/, 'A path like $.data.items[*]'),
  paging: z
    .discriminatedUnion('kind', [
      z.object({ kind: z.literal('none') }),
      z.object({
        kind: z.literal('page'),
        param: z.string().min(1).max(50),
        start: z.number().int().min(0).default(1),
        sizeParam: z.string().max(50).optional(),
        size: z.number().int().min(1).max(10_000).optional(),
      }),
      z.object({
        kind: z.literal('offset'),
        param: z.string().min(1).max(50),
        limitParam: z.string().min(1).max(50),
        size: z.number().int().min(1).max(10_000),
      }),
      z.object({
        kind: z.literal('cursor'),
        param: z.string().min(1).max(50),
        cursorPath: z.string().min(1).max(200),
      }),
    ])
    .default({ kind: 'none' }),
  maxPages: z.number().int().min(1).max(10_000).default(1000),
});
export type TJsonHttpConfig = z.infer<typeof ZJsonHttpConfig>;

/** A CSV or .xlsx file at a URL. */
export const ZCsvUrlConfig = z.object({
  url: z.url({ protocol: /^https?$/ }),
  format: z.enum(['csv', 'xlsx']).default('csv'),
  delimiter: z.enum([',', ';']).optional(),
  encoding: z.enum(['utf-8', 'windows-1255']).default('utf-8'),
});
export type TCsvUrlConfig = z.infer<typeof ZCsvUrlConfig>;

/** For JSON/CSV sources: one header carrying the secret (Authorization, X-Api-Key…). */
export const ZHttpCredentials = z.object({
  kind: z.literal('header'),
  header: z.string().regex(/^[A-Za-z0-9-]{1,64}$/, 'A header name'),
  value: z.string().min(1).max(2000),
});
export type THttpCredentials = z.infer<typeof ZHttpCredentials>;

const connectorFields = {
  name: z.string().trim().min(1).max(120),
  datasetId: z.uuid(),
  mapping: z.array(ZFieldMapping).min(1).max(200),
  intervalMinutes: z
    .number()
    .int()
    .min(5)
    .max(7 * 24 * 60)
    .default(15),
  enabled: z.boolean().default(true),
};

export const ZConnectorCreate = z.discriminatedUnion('kind', [
  z.object({
    ...connectorFields,
    kind: z.literal('priority'),
    config: ZPriorityConnectorConfig,
    credentials: ZPriorityCredentials,
  }),
  z.object({
    ...connectorFields,
    kind: z.literal('json_http'),
    config: ZJsonHttpConfig,
    credentials: ZHttpCredentials.optional(),
  }),
  z.object({
    ...connectorFields,
    kind: z.literal('csv_url'),
    config: ZCsvUrlConfig,
    credentials: ZHttpCredentials.optional(),
  }),
]);
export type TConnectorCreate = z.infer<typeof ZConnectorCreate>;

export const ZConnectorConfig = z.union([ZPriorityConnectorConfig, ZJsonHttpConfig, ZCsvUrlConfig]);
export type TConnectorConfig = z.infer<typeof ZConnectorConfig>;
export const ZConnectorCredentials = z.union([ZPriorityCredentials, ZHttpCredentials]);
export type TConnectorCredentials = z.infer<typeof ZConnectorCredentials>;

/** A change; `config` and `credentials` are checked against the connector's kind. */
export const ZConnectorPatch = z.object({
  name: connectorFields.name.optional(),
  mapping: connectorFields.mapping.optional(),
  intervalMinutes: z
    .number()
    .int()
    .min(5)
    .max(7 * 24 * 60)
    .optional(),
  enabled: z.boolean().optional(),
  config: z.record(z.string(), z.unknown()).optional(),
  credentials: z.record(z.string(), z.unknown()).optional(),
  version: z.number().int().min(1),
});
export type TConnectorPatch = z.infer<typeof ZConnectorPatch>;

export const ZConnector = z.object({
  id: z.uuid(),
  name: z.string(),
  kind: z.enum(['priority', 'json_http', 'csv_url']),
  datasetId: z.uuid(),
  config: ZConnectorConfig,
  mapping: z.array(ZFieldMapping),
  /** Credentials are write-only: only whether they are set and their last four characters. */
  credentials: z.object({ set: z.boolean(), kind: z.string().nullable(), last4: z.string().nullable() }),
  intervalMinutes: z.number().int(),
  enabled: z.boolean(),
  sinceWatermark: z.string().nullable(),
  nextRunAt: z.string().nullable(),
  lastRunAt: z.string().nullable(),
  lastSuccessAt: z.string().nullable(),
  lastError: z.string().nullable(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TConnector = z.infer<typeof ZConnector>;

export const ZConnectorRunRequest = z.object({ mode: z.enum(['full', 'incremental']).default('full') });

export const ZConnectorRunStarted = z.object({ runId: z.uuid(), status: z.literal('running') });

export const ZConnectorRun = z.object({
  id: z.uuid(),
  connectorId: z.uuid(),
  status: z.enum(['running', 'succeeded', 'failed']),
  mode: z.enum(['full', 'incremental']),
  trigger: z.enum(['schedule', 'manual']),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  durationMs: z.number().int().nullable(),
  pages: z.number().int(),
  fetched: z.number().int(),
  inserted: z.number().int(),
  updated: z.number().int(),
  deleted: z.number().int(),
  rejected: z.number().int(),
  rejects: z.array(
    z.object({ index: z.number().int(), key: z.string().optional(), errors: z.array(z.string()) }),
  ),
  log: z.array(z.object({ at: z.string(), level: z.enum(['info', 'warn', 'error']), message: z.string() })),
  error: z.string().nullable(),
});
export type TConnectorRun = z.infer<typeof ZConnectorRun>;

/** The test call: the first rows as fetched and as mapped, with each row's validation errors. */
export const ZConnectorTestResult = z.object({
  rows: z.array(
    z.object({
      source: z.record(z.string(), z.unknown()),
      mapped: z.record(z.string(), z.unknown()),
      errors: z.array(z.string()),
    }),
  ),
});
export type TConnectorTestResult = z.infer<typeof ZConnectorTestResult>;
