export {
  anyTenantExists,
  type CreateTenantInput,
  findTenantBySlug,
  getCurrentTenant,
  insertTenant,
} from './tenants.repository.js';
export { type TenantRow, tenants } from './tenants.table.js';
