export { auditRoutes } from './audit.routes.js';
export {
  type AuditEntry,
  auditFromCtx,
  listAuditLog,
  recordAudit,
  recordPortalView,
} from './audit.service.js';
export { auditLog } from './audit.table.js';
