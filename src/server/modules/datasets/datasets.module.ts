import { createDatasetPortal } from './dataset-portal.service.js';
import { createDatasetPush } from './dataset-push.service.js';
import { createDatasetDefinitions, type DatasetsDeps } from './datasets.service.js';

/** Wires the datasets use cases once per app. */
export const createDatasetsModule = (deps: DatasetsDeps) => ({
  definitions: createDatasetDefinitions(deps),
  push: createDatasetPush(deps),
  portal: createDatasetPortal(deps),
});

export type DatasetsModule = ReturnType<typeof createDatasetsModule>;
