export type { ImportWriteOpts, ImportWriters } from './import-targets.js';
export { importsRoutes } from './imports.routes.js';
export { createImports, IMPORT_JOB, type ImportJob, type Imports } from './imports.service.js';
export { imports } from './imports.table.js';
