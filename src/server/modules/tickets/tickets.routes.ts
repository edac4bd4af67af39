import fastifyMultipart from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZIdParams } from '../../../shared/auth.schemas.js';
import { ZVersionHeader } from '../../../shared/crm/common.schemas.js';
import { zPage } from '../../../shared/pagination.js';
import {
  ATTACHMENT_MAX_BYTES,
  ZAppliedMacro,
  ZApplyMacro,
  ZCreateTicket,
  ZInboxItem,
  ZMergeTickets,
  ZPostMessage,
  ZPostMessageResult,
  ZTicket,
  ZTicketAttachment,
  ZTicketBulk,
  ZTicketBulkResult,
  ZTicketCounts,
  ZTicketDetail,
  ZTicketListQuery,
  ZUpdateTicket,
} from '../../../shared/tickets.schemas.js';
import { AppError, validationError } from '../../platform/errors/app-error.js';
import { attachmentDisposition } from '../../platform/files/content-disposition.js';
import { ctxOf } from '../../platform/http/request-context.js';
import { attachmentTooLarge } from './attachments.service.js';
import type { TicketsModule } from './tickets.module.js';

const read = { auth: 'staff-or-api-key', permission: 'tickets:read' } as const;
const write = { auth: 'staff-or-api-key', permission: 'tickets:write' } as const;
const tags = ['tickets'];

/** The one `file` part of a multipart upload (the portal's upload route uses it too). */
export const readUploadedFile = async (req: FastifyRequest): Promise<{ fileName: string; data: Buffer }> => {
  if (!req.isMultipart()) {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', {
      userMessage: 'Send the file as multipart/form-data with a "file" part.',
    });
  }
  let upload: { fileName: string; data: Buffer } | undefined;
  try {
    for await (const part of req.parts()) {
      if (part.type === 'file') upload = { fileName: part.filename || 'file', data: await part.toBuffer() };
    }
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw attachmentTooLarge();
    if (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') {
      throw new AppError('PAYLOAD_TOO_LARGE', { userMessage: 'Send one file per upload.' });
    }
    throw e;
  }
  if (!upload) throw validationError([{ path: 'file', message: 'Attach the file as "file"' }]);
  return upload;
};

export const ticketsRoutes =
  (m: TicketsModule): FastifyPluginAsyncZod =>
  async (app) => {
    // Multipart only in this plugin, with the attachment limit.
    await app.register(fastifyMultipart, {
      limits: { fileSize: ATTACHMENT_MAX_BYTES, files: 1, fields: 5, fieldSize: 1000, parts: 6 },
    });

    app.post(
      '/tickets',
      { schema: { tags, body: ZCreateTicket, response: { 201: ZTicket } }, config: write },
      async (req, reply) => {
        const ticket = await m.tickets.create(ctxOf(req), req.body);
        return reply.status(201).header('etag', `"${ticket.version}"`).send(ticket);
      },
    );
    app.get(
      '/tickets',
      { schema: { tags, querystring: ZTicketListQuery, response: { 200: zPage(ZInboxItem) } }, config: read },
      (req) => m.tickets.list(ctxOf(req), req.query),
    );
    app.get('/tickets/counts', { schema: { tags, response: { 200: ZTicketCounts } }, config: read }, (req) =>
      m.tickets.counts(ctxOf(req)),
    );
    app.post(
      '/tickets/bulk',
      { schema: { tags, body: ZTicketBulk, response: { 200: ZTicketBulkResult } }, config: write },
      (req) => m.tickets.bulk(ctxOf(req), req.body),
    );
    app.post(
      '/tickets/attachments',
      {
        schema: {
          tags,
          consumes: ['multipart/form-data'],
          description: `multipart/form-data with one \`file\` (at most ${ATTACHMENT_MAX_BYTES / 1024 / 1024} MB; PDF, images, Office, ZIP, text — checked by content). Name its id in a message's attachmentIds.`,
          response: { 201: ZTicketAttachment },
        },
        config: write,
      },
      async (req, reply) =>
        reply.status(201).send(await m.attachments.upload(ctxOf(req), await readUploadedFile(req))),
    );
    app.get(
      '/tickets/attachments/:id',
      { schema: { tags, params: ZIdParams }, config: read },
      async (req, reply) => {
        const file = await m.attachments.download(ctxOf(req), req.params.id);
        return reply
          .type(file.attachment.contentType)
          .header('content-length', String(file.size))
          .header(
            'content-disposition',
            attachmentDisposition(file.attachment.fileName, file.attachment.fileName),
          )
          .header('cache-control', 'private, no-store')
          .send(file.stream);
      },
    );
    app.get(
      '/tickets/:id',
      { schema: { tags, params: ZIdParams, response: { 200: ZTicketDetail } }, config: read },
      async (req, reply) => {
        const ticket = await m.tickets.get(ctxOf(req), req.params.id);
        return reply.header('etag', `"${ticket.version}"`).send(ticket);
      },
    );
    app.patch(
      '/tickets/:id',
      {
        schema: {
          tags,
          params: ZIdParams,
          headers: ZVersionHeader,
          body: ZUpdateTicket,
          response: { 200: ZTicket },
        },
        config: write,
      },
      async (req, reply) => {
        const ticket = await m.tickets.update(ctxOf(req), req.params.id, req.body, req.headers['if-match']);
        return reply.header('etag', `"${ticket.version}"`).send(ticket);
      },
    );
    app.delete(
      '/tickets/:id',
      { schema: { tags, params: ZIdParams, response: { 204: z.null() } }, config: write },
      async (req, reply) => {
        await m.tickets.remove(ctxOf(req), req.params.id);
        return reply.status(204).send(null);
      },
    );
    app.post(
      '/tickets/:id/restore',
      { schema: { tags, params: ZIdParams, response: { 200: ZTicket } }, config: write },
      (req) => m.tickets.restore(ctxOf(req), req.params.id),
    );
    app.post(
      '/tickets/:id/messages',
      {
        schema: {
          tags,
          params: ZIdParams,
          headers: ZVersionHeader,
          body: ZPostMessage,
          response: { 201: ZPostMessageResult },
        },
        config: write,
      },
      async (req, reply) =>
        reply
          .status(201)
          .send(await m.messages.post(ctxOf(req), req.params.id, req.body, req.headers['if-match'])),
    );
    app.post(
      '/tickets/:id/merge',
      { schema: { tags, params: ZIdParams, body: ZMergeTickets, response: { 200: ZTicket } }, config: write },
      (req) => m.merge.merge(ctxOf(req), req.params.id, req.body),
    );
    app.post(
      '/tickets/:id/apply-macro',
      {
        schema: { tags, params: ZIdParams, body: ZApplyMacro, response: { 200: ZAppliedMacro } },
        config: write,
      },
      (req) => m.macros.apply(ctxOf(req), req.params.id, req.body),
    );
  };
