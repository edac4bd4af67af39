import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  ZAccountExportQuery,
  ZContactExportQuery,
  ZDealExportQuery,
  ZLeadExportQuery,
} from '../../../shared/crm/export.schemas.js';
import { ctxOf } from '../../platform/http/request-context.js';
import type { CrmModule } from './crm.module.js';
import type { ExportResult } from './export.js';
import { accountsExport, contactsExport, dealsExport, leadsExport } from './export-columns.js';

const read = { auth: 'staff-or-api-key', permission: 'crm:read' } as const;
const description =
  'The list filters and sort, as a download: `format=csv` (UTF-8 with BOM) or `xlsx`; `lang=he` gives Hebrew headers and a right-to-left sheet.';

const send = (reply: FastifyReply, file: ExportResult) =>
  reply.type(file.contentType).header('content-disposition', file.disposition).send(file.body);

/** Splits the export options from the list filters. */
const split = <Q extends { format: 'csv' | 'xlsx'; lang: 'he' | 'en' }>(q: Q) => {
  const { format, lang, ...filters } = q;
  return { filters, opts: { format, lang } };
};

export const exportRoutes =
  (crm: CrmModule): FastifyPluginAsyncZod =>
  async (app) => {
    const specs = {
      accounts: accountsExport(crm.accounts),
      contacts: contactsExport(crm.contacts),
      leads: leadsExport(crm.leads),
      deals: dealsExport(crm.deals),
    };
    app.get(
      '/accounts/export',
      { schema: { tags: ['accounts'], description, querystring: ZAccountExportQuery }, config: read },
      async (req, reply) => {
        const { filters, opts } = split(req.query);
        return send(reply, await crm.exporter.run(ctxOf(req), specs.accounts, filters, opts));
      },
    );
    app.get(
      '/contacts/export',
      { schema: { tags: ['contacts'], description, querystring: ZContactExportQuery }, config: read },
      async (req, reply) => {
        const { filters, opts } = split(req.query);
        return send(reply, await crm.exporter.run(ctxOf(req), specs.contacts, filters, opts));
      },
    );
    app.get(
      '/leads/export',
      { schema: { tags: ['leads'], description, querystring: ZLeadExportQuery }, config: read },
      async (req, reply) => {
        const { filters, opts } = split(req.query);
        return send(reply, await crm.exporter.run(ctxOf(req), specs.leads, filters, opts));
      },
    );
    app.get(
      '/deals/export',
      { schema: { tags: ['deals'], description, querystring: ZDealExportQuery }, config: read },
      async (req, reply) => {
        const { filters, opts } = split(req.query);
        return send(reply, await crm.exporter.run(ctxOf(req), specs.deals, filters, opts));
      },
    );
  };
