// Public API of reports: the manager's service dashboard (JSON and CSV).
export { reportsRoutes } from './reports.routes.js';
export {
  createServiceDashboard,
  resolvePeriod,
  type ServiceDashboard,
  type ServiceDashboardDeps,
} from './service-dashboard.service.js';
