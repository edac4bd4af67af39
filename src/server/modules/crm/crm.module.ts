import { createAccounts } from './accounts.service.js';
import { createActivities } from './activities.service.js';
import { createActivityReport } from './activity-report.service.js';
import { createCard } from './card.service.js';
import { createCardSettings } from './card-settings.service.js';
import { createContacts } from './contacts.service.js';
import type { CrmDeps } from './crm.deps.js';
import { createDealBoard } from './deals.board.js';
import { createDeals } from './deals.service.js';
import { createExporter } from './export.js';
import { createLeads } from './leads.service.js';
import { createLeadConversion } from './leads-convert.service.js';
import { createWebLeadForm } from './leads-web-form.service.js';
import { createMerge } from './merge.service.js';
import { createPipelines } from './pipelines.service.js';
import { createSavedViews } from './saved-views.service.js';
import { createTasks } from './tasks.service.js';

/** Wires the CRM use cases once per app. */
export const createCrmModule = (deps: CrmDeps) => {
  const accounts = createAccounts(deps);
  const contacts = createContacts(deps);
  const leads = createLeads(deps);
  const pipelines = createPipelines(deps);
  const deals = createDeals(deps);
  const leadConversion = createLeadConversion(deps, { accounts, contacts, deals });
  const webLeadForm = createWebLeadForm(deps, leads);
  const dealBoard = createDealBoard(deps);
  const tasks = createTasks(deps);
  const activities = createActivities(deps);
  const activityReport = createActivityReport(deps);
  const card = createCard(deps);
  const cardSettings = createCardSettings(deps);
  const merge = createMerge(deps);
  const exporter = createExporter(deps);
  const savedViews = createSavedViews(deps);
  return {
    accounts,
    contacts,
    leads,
    leadConversion,
    webLeadForm,
    pipelines,
    deals,
    dealBoard,
    tasks,
    activities,
    activityReport,
    card,
    cardSettings,
    merge,
    exporter,
    savedViews,
  };
};

export type CrmModule = ReturnType<typeof createCrmModule>;
