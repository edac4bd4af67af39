import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ZDatasetKeyParams,
  ZPortalDataset,
  ZPortalExportQuery,
  ZPortalRecords,
  ZPortalRecordsQuery,
} from '../../../shared/datasets.schemas.js';
import { attachmentDisposition } from '../../platform/files/content-disposition.js';
import { ctxOf } from '../../platform/http/request-context.js';
import type { DatasetsModule } from './datasets.module.js';

const portal = { auth: 'portal' } as const;

/** The customer's tables, under /api/portal/v1. */
export const datasetsPortalRoutes =
  (m: DatasetsModule): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['portal-datasets'];
    app.get(
      '/datasets',
      { schema: { tags, response: { 200: z.object({ items: z.array(ZPortalDataset) }) } }, config: portal },
      (req) => m.portal.list(ctxOf(req)),
    );
    app.get(
      '/datasets/:key/records',
      {
        schema: {
          tags,
          params: ZDatasetKeyParams,
          querystring: ZPortalRecordsQuery,
          response: { 200: ZPortalRecords },
        },
        config: portal,
      },
      (req) => m.portal.records(ctxOf(req), req.params.key, req.query),
    );
    app.get(
      '/datasets/:key/export',
      { schema: { tags, params: ZDatasetKeyParams, querystring: ZPortalExportQuery }, config: portal },
      async (req, reply) => {
        const file = await m.portal.export(ctxOf(req), req.params.key, req.query);
        return reply
          .header('content-type', file.contentType)
          .header('content-disposition', attachmentDisposition(file.name, file.name))
          .send(file.body);
      },
    );
  };
