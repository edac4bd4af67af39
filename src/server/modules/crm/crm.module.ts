import { createAccounts } from './accounts.service.js';
import type { CrmDeps } from './crm.deps.js';

/** Wires the CRM use cases once per app. */
export const createCrmModule = (deps: CrmDeps) => {
  const accounts = createAccounts(deps);
  return { accounts };
};

export type CrmModule = ReturnType<typeof createCrmModule>;
