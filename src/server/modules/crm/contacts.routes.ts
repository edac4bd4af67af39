import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZIdParams } from '../../../shared/auth.schemas.js';
import { ZBulkAction, ZBulkResult, ZVersionHeader } from '../../../shared/crm/common.schemas.js';
import {
  ZAccountContactsQuery,
  ZContact,
  ZContactListQuery,
  ZCreateContact,
  ZUpdateContact,
} from '../../../shared/crm/contacts.schemas.js';
import { zPage } from '../../../shared/pagination.js';
import { ctxOf } from '../../platform/http/request-context.js';
import type { Contacts } from './contacts.service.js';

const read = { auth: 'staff-or-api-key', permission: 'crm:read' } as const;
const write = { auth: 'staff-or-api-key', permission: 'crm:write' } as const;

export const contactsRoutes =
  (contacts: Contacts): FastifyPluginAsyncZod =>
  async (app) => {
    app.post(
      '/contacts',
      { schema: { tags: ['contacts'], body: ZCreateContact, response: { 201: ZContact } }, config: write },
      async (req, reply) => {
        const contact = await contacts.create(ctxOf(req), req.body);
        return reply.status(201).header('etag', `"${contact.version}"`).send(contact);
      },
    );
    app.get(
      '/contacts',
      {
        schema: { tags: ['contacts'], querystring: ZContactListQuery, response: { 200: zPage(ZContact) } },
        config: read,
      },
      (req) => contacts.list(ctxOf(req), req.query),
    );
    app.post(
      '/contacts/bulk',
      { schema: { tags: ['contacts'], body: ZBulkAction, response: { 200: ZBulkResult } }, config: write },
      (req) => contacts.bulk(ctxOf(req), req.body),
    );
    app.get(
      '/contacts/:id',
      { schema: { tags: ['contacts'], params: ZIdParams, response: { 200: ZContact } }, config: read },
      async (req, reply) => {
        const contact = await contacts.get(ctxOf(req), req.params.id);
        return reply.header('etag', `"${contact.version}"`).send(contact);
      },
    );
    app.patch(
      '/contacts/:id',
      {
        schema: {
          tags: ['contacts'],
          params: ZIdParams,
          headers: ZVersionHeader,
          body: ZUpdateContact,
          response: { 200: ZContact },
        },
        config: write,
      },
      async (req, reply) => {
        const contact = await contacts.update(ctxOf(req), req.params.id, req.body, req.headers['if-match']);
        return reply.header('etag', `"${contact.version}"`).send(contact);
      },
    );
    app.delete(
      '/contacts/:id',
      { schema: { tags: ['contacts'], params: ZIdParams, response: { 204: z.null() } }, config: write },
      async (req, reply) => {
        await contacts.remove(ctxOf(req), req.params.id);
        return reply.status(204).send(null);
      },
    );
    app.post(
      '/contacts/:id/restore',
      { schema: { tags: ['contacts'], params: ZIdParams, response: { 200: ZContact } }, config: write },
      (req) => contacts.restore(ctxOf(req), req.params.id),
    );
    app.get(
      '/accounts/:id/contacts',
      {
        schema: {
          tags: ['contacts'],
          params: ZIdParams,
          querystring: ZAccountContactsQuery,
          response: { 200: zPage(ZContact) },
        },
        config: read,
      },
      (req) => contacts.listOfAccount(ctxOf(req), req.params.id, req.query),
    );
  };
