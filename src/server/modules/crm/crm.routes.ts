import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { accountsRoutes } from './accounts.routes.js';
import { activitiesRoutes, activityReportRoutes } from './activities.routes.js';
import { cardRoutes } from './card.routes.js';
import { contactsRoutes } from './contacts.routes.js';
import type { CrmModule } from './crm.module.js';
import { dealsRoutes, pipelinesRoutes } from './deals.routes.js';
import { exportRoutes } from './export.routes.js';
import { leadsRoutes } from './leads.routes.js';
import { mergeRoutes } from './merge.routes.js';
import { savedViewsRoutes } from './saved-views.routes.js';
import { tasksRoutes } from './tasks.routes.js';

export const crmRoutes =
  (crm: CrmModule): FastifyPluginAsyncZod =>
  async (app) => {
    await app.register(accountsRoutes(crm.accounts));
    await app.register(contactsRoutes(crm.contacts));
    await app.register(leadsRoutes(crm.leads, crm.leadConversion, crm.webLeadForm));
    await app.register(pipelinesRoutes(crm.pipelines));
    await app.register(dealsRoutes(crm.deals, crm.dealBoard));
    await app.register(tasksRoutes(crm.tasks));
    await app.register(activitiesRoutes(crm.activities));
    await app.register(activityReportRoutes(crm.activityReport));
    await app.register(cardRoutes(crm.card, crm.cardSettings));
    await app.register(mergeRoutes(crm.merge));
    await app.register(exportRoutes(crm));
    await app.register(savedViewsRoutes(crm.savedViews));
  };
