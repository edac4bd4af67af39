import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { zPage } from '../../../shared/pagination.js';
import { ZTimelineEntry, ZTimelineQuery } from '../../../shared/timeline.schemas.js';
import { ctxOf } from '../../platform/http/request-context.js';
import type { Timeline } from './timeline.service.js';

export const timelineRoutes =
  (timeline: Timeline): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/timeline',
      {
        schema: { tags: ['timeline'], querystring: ZTimelineQuery, response: { 200: zPage(ZTimelineEntry) } },
        config: { auth: 'staff-or-api-key', permission: 'crm:read' },
      },
      (req) => timeline.list(ctxOf(req), req.query),
    );
  };
