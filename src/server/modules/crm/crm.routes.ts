import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { accountsRoutes } from './accounts.routes.js';
import type { CrmModule } from './crm.module.js';

export const crmRoutes =
  (crm: CrmModule): FastifyPluginAsyncZod =>
  async (app) => {
    await app.register(accountsRoutes(crm.accounts));
  };
