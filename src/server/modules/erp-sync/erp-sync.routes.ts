import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZIdParams } from '../../../shared/auth.schemas.js';
import {
  ZConnector,
  ZConnectorCreate,
  ZConnectorPatch,
  ZConnectorRun,
  ZConnectorRunRequest,
  ZConnectorRunStarted,
  ZConnectorTestResult,
} from '../../../shared/connectors.schemas.js';
import { ZPageQuery, zPage } from '../../../shared/pagination.js';
import { ctxOf } from '../../platform/http/request-context.js';
import type { ErpSync } from './erp-sync.module.js';

const read = { auth: 'staff-or-api-key', permission: 'datasets:read' } as const;
// Connector settings hold ERP credentials: staff only (an API key cannot carry portal:manage).
const write = { auth: 'staff', permission: 'portal:manage' } as const;
const tags = ['connectors'];

export const erpSyncRoutes =
  (erp: ErpSync): FastifyPluginAsyncZod =>
  async (app) => {
    // A run started in this process finishes (or fails cleanly) before the database closes.
    app.addHook('onClose', async () => {
      await erp.runner.drain();
    });

    app.get(
      '/connectors',
      { schema: { tags, response: { 200: z.object({ items: z.array(ZConnector) }) } }, config: read },
      (req) => erp.connectors.list(ctxOf(req)),
    );
    app.post(
      '/connectors',
      { schema: { tags, body: ZConnectorCreate, response: { 201: ZConnector } }, config: write },
      async (req, reply) => reply.status(201).send(await erp.connectors.create(ctxOf(req), req.body)),
    );
    app.get(
      '/connectors/:id',
      { schema: { tags, params: ZIdParams, response: { 200: ZConnector } }, config: read },
      (req) => erp.connectors.get(ctxOf(req), req.params.id),
    );
    app.patch(
      '/connectors/:id',
      {
        schema: { tags, params: ZIdParams, body: ZConnectorPatch, response: { 200: ZConnector } },
        config: write,
      },
      (req) => erp.connectors.patch(ctxOf(req), req.params.id, req.body),
    );
    app.delete(
      '/connectors/:id',
      { schema: { tags, params: ZIdParams, response: { 204: z.null() } }, config: write },
      async (req, reply) => {
        await erp.connectors.remove(ctxOf(req), req.params.id);
        return reply.status(204).send(null);
      },
    );
    app.post(
      '/connectors/:id/test',
      { schema: { tags, params: ZIdParams, response: { 200: ZConnectorTestResult } }, config: write },
      (req) => erp.connectors.test(ctxOf(req), req.params.id),
    );
    app.post(
      '/connectors/:id/run',
      {
        schema: {
          tags,
          params: ZIdParams,
          body: ZConnectorRunRequest.optional(),
          response: { 202: ZConnectorRunStarted },
        },
        config: write,
      },
      async (req, reply) =>
        reply.status(202).send(await erp.startRun(ctxOf(req), req.params.id, req.body?.mode ?? 'full')),
    );
    app.get(
      '/connectors/:id/runs',
      {
        schema: { tags, params: ZIdParams, querystring: ZPageQuery, response: { 200: zPage(ZConnectorRun) } },
        config: read,
      },
      (req) => erp.connectors.listRuns(ctxOf(req), req.params.id, req.query),
    );
  };
