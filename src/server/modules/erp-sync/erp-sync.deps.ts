import type { Clock } from '../../platform/clock.js';
import type { Database, Tx } from '../../platform/db/database.js';
import type { Jobs } from '../../platform/jobs/jobs.js';
import type { Secrets } from '../../platform/security/secrets.js';
import type { BudgetOpts } from './call-budget.js';

/** The dataset as erp-sync needs it (the datasets module's row satisfies this). */
export type SyncDataset = { id: string; key: string };

export type RecordCheck = { ok: true; record: Record<string, unknown> } | { ok: false; errors: string[] };

export type WriteCounts = { inserted?: number; updated?: number; deleted?: number };

/**
 * What erp-sync uses of the datasets module (L4), passed in by app.ts from its index.ts: erp-sync
 * never writes dataset tables itself.
 */
export type DatasetsPort<D extends SyncDataset = SyncDataset> = {
  getDatasetOrThrow(tx: Tx, idOrKey: string): Promise<D>;
  validateDatasetRecord(dataset: D, raw: Record<string, unknown>): RecordCheck;
  upsertDatasetRecords(tx: Tx, dataset: D, records: Array<Record<string, unknown>>): Promise<WriteCounts>;
  stageDatasetRecords(
    tx: Tx,
    input: { runId: string; dataset: D; records: Array<Record<string, unknown>> },
  ): Promise<unknown>;
  swapInStagedRecords(tx: Tx, input: { runId: string; dataset: D }): Promise<WriteCounts>;
  discardStagedRecords(tx: Tx, runId: string): Promise<unknown>;
  markDatasetGood(tx: Tx, datasetId: string, at: Date): Promise<unknown>;
};

export type ErpSyncDeps = {
  database: Database;
  clock: Clock;
  secrets: Secrets;
  datasets: DatasetsPort;
  /** pg-boss when main.ts started it; without it (tests, JOBS=off) runs happen in this process. */
  jobs?: Jobs | undefined;
  /** Tests shorten waits (429 backoff, the call budget). */
  budget?: BudgetOpts;
  onError?: (err: unknown, msg: string) => void;
};
