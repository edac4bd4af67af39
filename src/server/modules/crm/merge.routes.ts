import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ZIdParams } from '../../../shared/auth.schemas.js';
import { ZMergeBody, ZMergeResult } from '../../../shared/crm/card.schemas.js';
import { ZVersionHeader } from '../../../shared/crm/common.schemas.js';
import { ctxOf } from '../../platform/http/request-context.js';
import type { Merge } from './merge.service.js';

const write = { auth: 'staff-or-api-key', permission: 'crm:write' } as const;

/** `:id` survives; `sourceId` is merged into it and goes to the trash. */
export const mergeRoutes =
  (merge: Merge): FastifyPluginAsyncZod =>
  async (app) => {
    app.post(
      '/accounts/:id/merge',
      {
        schema: {
          tags: ['accounts'],
          params: ZIdParams,
          headers: ZVersionHeader,
          body: ZMergeBody,
          response: { 200: ZMergeResult },
        },
        config: write,
      },
      (req) => merge.accounts(ctxOf(req), req.params.id, req.body, req.headers['if-match']),
    );
    app.post(
      '/contacts/:id/merge',
      {
        schema: {
          tags: ['contacts'],
          params: ZIdParams,
          headers: ZVersionHeader,
          body: ZMergeBody,
          response: { 200: ZMergeResult },
        },
        config: write,
      },
      (req) => merge.contacts(ctxOf(req), req.params.id, req.body, req.headers['if-match']),
    );
  };
