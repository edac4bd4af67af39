import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ZCreateDataset,
  ZDataset,
  ZDatasetKeyParams,
  ZDatasetRecord,
  ZPushRecords,
  ZPushResult,
  ZStaffRecordsQuery,
  ZUnmatchedOwners,
  ZUpdateDataset,
} from '../../../shared/datasets.schemas.js';
import { zPage } from '../../../shared/pagination.js';
import { ctxOf } from '../../platform/http/request-context.js';
import type { DatasetsModule } from './datasets.module.js';

const read = { auth: 'staff-or-api-key', permission: 'datasets:read' } as const;
const write = { auth: 'staff-or-api-key', permission: 'datasets:write' } as const;
// 10,000 records of a few hundred bytes each; the 1 MB default would refuse a full push.
const PUSH_BODY_LIMIT = 32 * 1024 * 1024;

/** Staff and integration routes under /api/v1. */
export const datasetsRoutes =
  (m: DatasetsModule): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['datasets'];
    app.get(
      '/datasets',
      { schema: { tags, response: { 200: z.object({ items: z.array(ZDataset) }) } }, config: read },
      (req) => m.definitions.list(ctxOf(req)),
    );
    app.post(
      '/datasets',
      { schema: { tags, body: ZCreateDataset, response: { 201: ZDataset } }, config: write },
      async (req, reply) => reply.status(201).send(await m.definitions.create(ctxOf(req), req.body)),
    );
    app.get(
      '/datasets/:key',
      { schema: { tags, params: ZDatasetKeyParams, response: { 200: ZDataset } }, config: read },
      (req) => m.definitions.get(ctxOf(req), req.params.key),
    );
    app.patch(
      '/datasets/:key',
      {
        schema: { tags, params: ZDatasetKeyParams, body: ZUpdateDataset, response: { 200: ZDataset } },
        config: write,
      },
      (req) => m.definitions.update(ctxOf(req), req.params.key, req.body),
    );
    app.delete(
      '/datasets/:key',
      { schema: { tags, params: ZDatasetKeyParams }, config: write },
      async (req, reply) => {
        await m.definitions.remove(ctxOf(req), req.params.key);
        return reply.status(204).send();
      },
    );
    app.put(
      '/datasets/:key/records',
      {
        bodyLimit: PUSH_BODY_LIMIT,
        schema: { tags, params: ZDatasetKeyParams, body: ZPushRecords, response: { 200: ZPushResult } },
        config: write,
      },
      (req) => m.push.push(ctxOf(req), req.params.key, req.body),
    );
    app.get(
      '/datasets/:key/records',
      {
        schema: {
          tags,
          params: ZDatasetKeyParams,
          querystring: ZStaffRecordsQuery,
          response: { 200: zPage(ZDatasetRecord) },
        },
        config: read,
      },
      (req) => m.push.records(ctxOf(req), req.params.key, req.query),
    );
    app.get(
      '/datasets/:key/unmatched-owners',
      { schema: { tags, params: ZDatasetKeyParams, response: { 200: ZUnmatchedOwners } }, config: read },
      (req) => m.push.unmatchedOwners(ctxOf(req), req.params.key),
    );
    app.post(
      '/datasets/:key/rematch',
      {
        schema: { tags, params: ZDatasetKeyParams, response: { 200: z.object({ changed: z.number() }) } },
        config: write,
      },
      (req) => m.push.rematch(ctxOf(req), req.params.key),
    );
  };
