import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { id, tenantId, tenantPk, timestamps, tstz, version } from '../../platform/db/columns.js';

export const CONNECTOR_KINDS = ['priority', 'json_http', 'csv_url'] as const;
export const RUN_STATUSES = ['running', 'succeeded', 'failed'] as const;

/**
 * A scheduled pull into one dataset. `config` holds the non-secret settings (URL, company, entity,
 * $select/$expand, paging, field mapping); `secret_enc` the credentials, AES-GCM sealed.
 */
export const connectors = pgTable(
  'connectors',
  {
    tenantId: tenantId(),
    id: id(),
    name: text('name').notNull(),
    kind: text('kind', { enum: CONNECTOR_KINDS }).notNull(),
    datasetId: uuid('dataset_id').notNull(),
    config: jsonb('config').$type<Record<string, unknown>>().notNull(),
    secretEnc: text('secret_enc'),
    intervalMinutes: integer('interval_minutes').notNull().default(15),
    enabled: boolean('enabled').notNull().default(true),
    // Incremental sync watermark ($since for Priority): the start time of the last good run.
    sinceWatermark: tstz('since_watermark'),
    nextRunAt: tstz('next_run_at'),
    lastRunAt: tstz('last_run_at'),
    lastSuccessAt: tstz('last_success_at'),
    lastError: text('last_error'),
    version: version(),
    ...timestamps(),
  },
  (t) => [
    tenantPk(t),
    // The scheduler's sweep: enabled connectors that are due.
    index('connectors_due_idx').on(t.nextRunAt).where(sql`enabled`),
  ],
);

export type RunCounts = {
  fetched: number;
  inserted: number;
  updated: number;
  deleted: number;
  rejected: number;
};

/** One sync run: what it fetched and changed, how long it took, and what went wrong. */
export const connectorRuns = pgTable(
  'connector_runs',
  {
    tenantId: tenantId(),
    id: id(),
    connectorId: uuid('connector_id').notNull(),
    mode: text('mode', { enum: ['full', 'incremental'] }).notNull(),
    trigger: text('trigger', { enum: ['schedule', 'manual'] }).notNull(),
    status: text('status', { enum: RUN_STATUSES }).notNull().default('running'),
    startedAt: tstz('started_at').notNull(),
    finishedAt: tstz('finished_at'),
    pages: integer('pages').notNull().default(0),
    fetched: integer('fetched').notNull().default(0),
    inserted: integer('inserted').notNull().default(0),
    updated: integer('updated').notNull().default(0),
    deleted: integer('deleted').notNull().default(0),
    rejected: integer('rejected').notNull().default(0),
    // First rejected rows and their reasons, and the log lines of the run (bounded).
    rejects: jsonb('rejects')
      .$type<Array<{ index: number; key?: string; errors: string[] }>>()
      .notNull()
      .default([]),
    log: jsonb('log')
      .$type<Array<{ at: string; level: 'info' | 'warn' | 'error'; message: string }>>()
      .notNull()
      .default([]),
    error: text('error'),
    durationMs: integer('duration_ms'),
  },
  (t) => [tenantPk(t), index('connector_runs_connector_idx').on(t.tenantId, t.connectorId, t.startedAt)],
);

export type ConnectorRow = typeof connectors.$inferSelect;
export type ConnectorRunRow = typeof connectorRuns.$inferSelect;
