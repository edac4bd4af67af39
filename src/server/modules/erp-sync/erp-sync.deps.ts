import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/db/database.js';
import type { Jobs } from '../../platform/jobs/jobs.js';
import type { Secrets } from '../../platform/security/secrets.js';
import type * as DatasetsApi from '../datasets/index.js';
import type { BudgetOpts } from './call-budget.js';

/**
 * What erp-sync uses of the datasets module (L4, through its index.ts); erp-sync never writes
 * dataset tables itself. Passed in so app.ts wires one instance of everything.
 */
export type DatasetsPort = Pick<
  typeof DatasetsApi,
  | 'getDatasetOrThrow'
  | 'validateDatasetRecord'
  | 'upsertDatasetRecords'
  | 'stageDatasetRecords'
  | 'swapInStagedRecords'
  | 'discardStagedRecords'
  | 'markDatasetGood'
>;

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
