import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZIdParams } from '../../../shared/auth.schemas.js';
import {
  ZCreateCustomField,
  ZCustomFieldDef,
  ZCustomFieldEntity,
  ZUpdateCustomField,
} from '../../../shared/custom-fields.schemas.js';
import { ctxOf } from '../../platform/http/request-context.js';
import type { CustomFields } from './custom-fields.service.js';

export const customFieldsRoutes =
  (customFields: CustomFields): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/custom-fields',
      {
        schema: {
          tags: ['custom-fields'],
          querystring: z.object({ entity: ZCustomFieldEntity.optional() }),
          response: { 200: z.object({ items: z.array(ZCustomFieldDef) }) },
        },
        config: { auth: 'staff-or-api-key', permission: 'crm:read' },
      },
      (req) => customFields.list(ctxOf(req), req.query.entity),
    );
    app.post(
      '/custom-fields',
      {
        schema: { tags: ['custom-fields'], body: ZCreateCustomField, response: { 201: ZCustomFieldDef } },
        config: { auth: 'staff', permission: 'settings:manage' },
      },
      async (req, reply) => reply.status(201).send(await customFields.create(ctxOf(req), req.body)),
    );
    app.patch(
      '/custom-fields/:id',
      {
        schema: {
          tags: ['custom-fields'],
          params: ZIdParams,
          body: ZUpdateCustomField,
          response: { 200: ZCustomFieldDef },
        },
        config: { auth: 'staff', permission: 'settings:manage' },
      },
      (req) => customFields.update(ctxOf(req), req.params.id, req.body),
    );
  };
