export type { PortalDeps } from './portal.deps.js';
export { createPortalModule, type PortalModule } from './portal.module.js';
export { portalAuthRoutes, portalStaffRoutes } from './portal.routes.js';
export { PORTAL_SESSION_COOKIE } from './portal-sessions.service.js';
export { portalTicketWriteRoutes } from './portal-ticket-writes.routes.js';
/** Where portal routes live: modules register theirs in app.ts's portal plugin, with config.auth 'portal'. */
export const portalApiPrefix = '/api/portal/v1';
