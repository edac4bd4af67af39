import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZIdParams } from '../../../shared/auth.schemas.js';
import {
  ZAccount,
  ZAccountListQuery,
  ZCreateAccount,
  ZUpdateAccount,
} from '../../../shared/crm/accounts.schemas.js';
import { ZBulkAction, ZBulkResult, ZVersionHeader } from '../../../shared/crm/common.schemas.js';
import { zPage } from '../../../shared/pagination.js';
import { ctxOf } from '../../platform/http/request-context.js';
import type { Accounts } from './accounts.service.js';

const read = { auth: 'staff-or-api-key', permission: 'crm:read' } as const;
const write = { auth: 'staff-or-api-key', permission: 'crm:write' } as const;

export const accountsRoutes =
  (accounts: Accounts): FastifyPluginAsyncZod =>
  async (app) => {
    app.post(
      '/accounts',
      { schema: { tags: ['accounts'], body: ZCreateAccount, response: { 201: ZAccount } }, config: write },
      async (req, reply) => {
        const account = await accounts.create(ctxOf(req), req.body);
        return reply.status(201).header('etag', `"${account.version}"`).send(account);
      },
    );
    app.get(
      '/accounts',
      {
        schema: { tags: ['accounts'], querystring: ZAccountListQuery, response: { 200: zPage(ZAccount) } },
        config: read,
      },
      (req) => accounts.list(ctxOf(req), req.query),
    );
    app.post(
      '/accounts/bulk',
      { schema: { tags: ['accounts'], body: ZBulkAction, response: { 200: ZBulkResult } }, config: write },
      (req) => accounts.bulk(ctxOf(req), req.body),
    );
    app.get(
      '/accounts/:id',
      { schema: { tags: ['accounts'], params: ZIdParams, response: { 200: ZAccount } }, config: read },
      async (req, reply) => {
        const account = await accounts.get(ctxOf(req), req.params.id);
        return reply.header('etag', `"${account.version}"`).send(account);
      },
    );
    app.patch(
      '/accounts/:id',
      {
        schema: {
          tags: ['accounts'],
          params: ZIdParams,
          headers: ZVersionHeader,
          body: ZUpdateAccount,
          response: { 200: ZAccount },
        },
        config: write,
      },
      async (req, reply) => {
        const account = await accounts.update(ctxOf(req), req.params.id, req.body, req.headers['if-match']);
        return reply.header('etag', `"${account.version}"`).send(account);
      },
    );
    app.delete(
      '/accounts/:id',
      { schema: { tags: ['accounts'], params: ZIdParams, response: { 204: z.null() } }, config: write },
      async (req, reply) => {
        await accounts.remove(ctxOf(req), req.params.id);
        return reply.status(204).send(null);
      },
    );
    app.post(
      '/accounts/:id/restore',
      { schema: { tags: ['accounts'], params: ZIdParams, response: { 200: ZAccount } }, config: write },
      (req) => accounts.restore(ctxOf(req), req.params.id),
    );
  };
