import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZIdParams } from '../../../shared/auth.schemas.js';
import {
  ZCreateSavedView,
  ZSavedView,
  ZSavedViewListQuery,
  ZUpdateSavedView,
} from '../../../shared/crm/saved-views.schemas.js';
import { ctxOf } from '../../platform/http/request-context.js';
import type { SavedViews } from './saved-views.service.js';

// Views are a person's own list settings: staff sessions only, not API keys.
const read = { auth: 'staff', permission: 'crm:read' } as const;
const tags = ['saved-views'];

export const savedViewsRoutes =
  (views: SavedViews): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/saved-views',
      {
        schema: {
          tags,
          querystring: ZSavedViewListQuery,
          response: { 200: z.object({ items: z.array(ZSavedView) }) },
        },
        config: read,
      },
      (req) => views.list(ctxOf(req), req.query),
    );
    app.post(
      '/saved-views',
      { schema: { tags, body: ZCreateSavedView, response: { 201: ZSavedView } }, config: read },
      async (req, reply) => reply.status(201).send(await views.create(ctxOf(req), req.body)),
    );
    app.patch(
      '/saved-views/:id',
      {
        schema: { tags, params: ZIdParams, body: ZUpdateSavedView, response: { 200: ZSavedView } },
        config: read,
      },
      (req) => views.update(ctxOf(req), req.params.id, req.body),
    );
    app.delete(
      '/saved-views/:id',
      { schema: { tags, params: ZIdParams, response: { 204: z.null() } }, config: read },
      async (req, reply) => {
        await views.remove(ctxOf(req), req.params.id);
        return reply.status(204).send(null);
      },
    );
  };
