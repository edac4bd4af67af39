export type { DatasetsPort, ErpSyncDeps } from './erp-sync.deps.js';
export { createErpSync, type ErpSync } from './erp-sync.module.js';
export { erpSyncRoutes } from './erp-sync.routes.js';
export { connectorRuns, connectors } from './erp-sync.table.js';
export { CONNECTOR_RUN_JOB, CONNECTOR_SWEEP_JOB, type ConnectorRunJob } from './sync-runner.js';
