import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZIdParams } from '../../../shared/auth.schemas.js';
import {
  ZActivity,
  ZActivityListQuery,
  ZActivityReport,
  ZActivityReportQuery,
  ZCreateActivity,
  ZUpdateActivity,
} from '../../../shared/crm/activities.schemas.js';
import { ZVersionHeader } from '../../../shared/crm/common.schemas.js';
import { zPage } from '../../../shared/pagination.js';
import { ctxOf } from '../../platform/http/request-context.js';
import type { Activities } from './activities.service.js';
import type { ActivityReport } from './activity-report.service.js';

const read = { auth: 'staff-or-api-key', permission: 'crm:read' } as const;
const write = { auth: 'staff-or-api-key', permission: 'crm:write' } as const;

export const activitiesRoutes =
  (activities: Activities): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['activities'];
    app.post(
      '/activities',
      { schema: { tags, body: ZCreateActivity, response: { 201: ZActivity } }, config: write },
      async (req, reply) => {
        const activity = await activities.create(ctxOf(req), req.body);
        return reply.status(201).header('etag', `"${activity.version}"`).send(activity);
      },
    );
    app.get(
      '/activities',
      {
        schema: { tags, querystring: ZActivityListQuery, response: { 200: zPage(ZActivity) } },
        config: read,
      },
      (req) => activities.list(ctxOf(req), req.query),
    );
    app.get(
      '/activities/:id',
      { schema: { tags, params: ZIdParams, response: { 200: ZActivity } }, config: read },
      async (req, reply) => {
        const activity = await activities.get(ctxOf(req), req.params.id);
        return reply.header('etag', `"${activity.version}"`).send(activity);
      },
    );
    app.patch(
      '/activities/:id',
      {
        schema: {
          tags,
          params: ZIdParams,
          headers: ZVersionHeader,
          body: ZUpdateActivity,
          response: { 200: ZActivity },
        },
        config: write,
      },
      async (req, reply) => {
        const activity = await activities.update(
          ctxOf(req),
          req.params.id,
          req.body,
          req.headers['if-match'],
        );
        return reply.header('etag', `"${activity.version}"`).send(activity);
      },
    );
    app.delete(
      '/activities/:id',
      { schema: { tags, params: ZIdParams, response: { 204: z.null() } }, config: write },
      async (req, reply) => {
        await activities.remove(ctxOf(req), req.params.id);
        return reply.status(204).send(null);
      },
    );
  };

export const activityReportRoutes =
  (report: ActivityReport): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/reports/activity',
      {
        schema: { tags: ['reports'], querystring: ZActivityReportQuery, response: { 200: ZActivityReport } },
        config: read,
      },
      (req) => report.activity(ctxOf(req), req.query),
    );
  };
