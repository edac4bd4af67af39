import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZAuditEntry } from '../../../shared/auth.schemas.js';
import { ZPageQuery, zPage } from '../../../shared/pagination.js';
import type { Database } from '../../platform/db/database.js';
import { ctxOf } from '../../platform/http/request-context.js';
import { listAuditLog } from './audit.service.js';

export const auditRoutes =
  (database: Database): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/audit-log',
      {
        schema: {
          tags: ['audit'],
          querystring: ZPageQuery.extend({ cursor: z.uuid().optional() }),
          response: { 200: zPage(ZAuditEntry) },
        },
        config: { auth: 'staff', permission: 'audit:read' },
      },
      (req) => listAuditLog(database, ctxOf(req), req.query),
    );
  };
