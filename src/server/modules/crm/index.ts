export { accountIdsByExternalRef } from './account-refs.js';
export { accounts } from './accounts.table.js';
export { accountContacts, contacts } from './contacts.table.js';
export { type CrmModule, createCrmModule } from './crm.module.js';
export { crmRoutes } from './crm.routes.js';
