import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ZSearchQuery, ZSearchResponse } from '../../../shared/search.schemas.js';
import { ctxOf } from '../../platform/http/request-context.js';
import type { Search } from './search.service.js';

export const searchRoutes =
  (search: Search): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/search',
      {
        schema: { tags: ['search'], querystring: ZSearchQuery, response: { 200: ZSearchResponse } },
        // Each type is then filtered by the permission it was registered with.
        config: { auth: 'staff-or-api-key', permission: 'crm:read' },
      },
      (req) => search.search(ctxOf(req), req.query),
    );
  };
