// Public API of the satisfaction (CSAT) module: surveys sent when a ticket is solved, the public
// rating page, and the summary the service dashboard shows.
export { type CsatModule, createCsatModule } from './csat.module.js';
export { csatPageRoutes, csatRoutes } from './csat.routes.js';
export {
  CSAT_LINK_DAYS,
  type Csat,
  type CsatDeps,
  type CsatRequestInput,
  csatSummary,
} from './csat.service.js';
export { csatResponses } from './csat.table.js';
