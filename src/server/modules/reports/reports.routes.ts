import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ZServiceDashboard, ZServiceDashboardQuery } from '../../../shared/reports.schemas.js';
import { ctxOf } from '../../platform/http/request-context.js';
import type { ServiceDashboard } from './service-dashboard.service.js';

const tags = ['reports'];

/** Manager reports, under /api/v1. */
export const reportsRoutes =
  (reports: ServiceDashboard): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/dashboards/service',
      {
        schema: { tags, querystring: ZServiceDashboardQuery, response: { 200: ZServiceDashboard } },
        config: { auth: 'staff', permission: 'reports:read' },
      },
      (req) => reports.serviceDashboard(ctxOf(req), req.query),
    );
    app.get(
      '/dashboards/service.csv',
      {
        schema: { tags, querystring: ZServiceDashboardQuery },
        config: { auth: 'staff', permission: 'reports:read' },
      },
      async (req, reply) =>
        reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', 'attachment; filename="service-dashboard.csv"')
          .send(await reports.serviceDashboardCsv(ctxOf(req), req.query)),
    );
  };
