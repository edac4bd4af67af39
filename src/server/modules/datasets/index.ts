/**
 * Public API of the datasets module (L4). Everything takes the caller's `tx` (inside its tenantTx):
 *
 *   getDatasetOrThrow(tx, idOrKey: string): Promise<DatasetRow>               // NOT_FOUND (404)
 *   validateDatasetRecord(dataset, raw: unknown):
 *     | { ok: true, key, ownerRef, data, record: { key, ownerRef, data } }   // ValidDatasetRecord
 *     | { ok: false, errors: string[] }
 *   upsertDatasetRecords(tx, dataset, records: ValidDatasetRecord[]): Promise<{ inserted, updated, unchanged }>
 *   stageDatasetRecords(tx, { runId, dataset, records: ValidDatasetRecord[] }): Promise<{ staged }>
 *   swapInStagedRecords(tx, { runId, dataset }): Promise<{ inserted, updated, deleted }>
 *   discardStagedRecords(tx, runId): Promise<void>
 *   markDatasetGood(tx, datasetId, at: Date): Promise<void>
 *   rematchDatasetOwners(tx, dataset): Promise<number>   // after accounts' external refs change
 */
export {
  type DatasetRecordCheck,
  type ValidDatasetRecord,
  validateDatasetRecord,
} from './dataset-records.validate.js';
export {
  discardStagedRecords,
  getDatasetOrThrow,
  markDatasetGood,
  rematchDatasetOwners,
  type SwapCounts,
  stageDatasetRecords,
  swapInStagedRecords,
  upsertDatasetRecords,
  type WriteCounts,
} from './dataset-records.write.js';
export { createDatasetsModule, type DatasetsModule } from './datasets.module.js';
export { datasetsRoutes } from './datasets.routes.js';
export { type DatasetField, type DatasetRow, datasetRecords, datasets } from './datasets.table.js';
export { datasetsPortalRoutes } from './datasets-portal.routes.js';
