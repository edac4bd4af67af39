import fastifyMultipart from '@fastify/multipart';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ZPortalAttachment,
  ZPortalCreateTicket,
  ZPortalRating,
  ZPortalRatingResult,
  ZPortalReply,
  ZPortalTicket,
  ZPortalTicketForm,
} from '../../../shared/portal.schemas.js';
import { ATTACHMENT_MAX_BYTES } from '../../../shared/tickets.schemas.js';
import { attachmentDisposition } from '../../platform/files/content-disposition.js';
import { ctxOf } from '../../platform/http/request-context.js';
import { readUploadedFile } from '../tickets/index.js';
import type { PortalModule } from './portal.module.js';

const ZId = z.object({ id: z.uuid() });
const ZAttachmentParams = z.object({ id: z.uuid(), attId: z.uuid() });
const portal = { auth: 'portal' } as const;
const tags = ['portal-tickets'];

/** The customer's ticket writes, under /api/portal/v1 (the reads are in portal.routes.ts). */
export const portalTicketWriteRoutes =
  (m: PortalModule): FastifyPluginAsyncZod =>
  async (app) => {
    // Multipart only in this plugin, with the same limit as staff uploads.
    await app.register(fastifyMultipart, {
      limits: { fileSize: ATTACHMENT_MAX_BYTES, files: 1, fields: 5, fieldSize: 1000, parts: 6 },
    });

    app.get(
      '/ticket-form',
      { schema: { tags, response: { 200: ZPortalTicketForm } }, config: portal },
      (req) => m.ticketForm.forPortal(ctxOf(req)),
    );
    app.post(
      '/tickets',
      { schema: { tags, body: ZPortalCreateTicket, response: { 201: ZPortalTicket } }, config: portal },
      async (req, reply) => reply.status(201).send(await m.ticketWrites.create(ctxOf(req), req.body)),
    );
    app.post(
      '/tickets/attachments',
      {
        schema: {
          tags,
          consumes: ['multipart/form-data'],
          description: `multipart/form-data with one \`file\` (at most ${ATTACHMENT_MAX_BYTES / 1024 / 1024} MB; PDF, images, Office, ZIP, text — checked by content). Name its id in a new ticket's or a reply's attachmentIds.`,
          response: { 201: ZPortalAttachment },
        },
        config: portal,
      },
      async (req, reply) =>
        reply.status(201).send(await m.ticketWrites.upload(ctxOf(req), await readUploadedFile(req))),
    );
    app.get(
      '/tickets/:id/attachments/:attId',
      { schema: { tags, params: ZAttachmentParams }, config: portal },
      async (req, reply) => {
        const file = await m.ticketWrites.download(ctxOf(req), req.params.id, req.params.attId);
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
    app.post(
      '/tickets/:id/messages',
      {
        schema: {
          tags,
          params: ZId,
          body: ZPortalReply,
          response: { 201: z.object({ followUp: z.boolean(), ticket: ZPortalTicket }) },
        },
        config: portal,
      },
      async (req, reply) =>
        reply.status(201).send(await m.ticketWrites.reply(ctxOf(req), req.params.id, req.body)),
    );
    app.post(
      '/tickets/:id/close',
      { schema: { tags, params: ZId, response: { 200: ZPortalTicket } }, config: portal },
      (req) => m.ticketWrites.setStatus(ctxOf(req), req.params.id, 'solved'),
    );
    app.post(
      '/tickets/:id/reopen',
      { schema: { tags, params: ZId, response: { 200: ZPortalTicket } }, config: portal },
      (req) => m.ticketWrites.setStatus(ctxOf(req), req.params.id, 'open'),
    );
    app.get(
      '/tickets/:id/rating',
      {
        schema: {
          tags,
          params: ZId,
          response: { 200: z.object({ rating: ZPortalRatingResult.nullable() }) },
        },
        config: portal,
      },
      (req) => m.ticketWrites.rating(ctxOf(req), req.params.id),
    );
    app.post(
      '/tickets/:id/rating',
      {
        schema: { tags, params: ZId, body: ZPortalRating, response: { 200: ZPortalRatingResult } },
        config: portal,
      },
      (req) => m.ticketWrites.rate(ctxOf(req), req.params.id, req.body),
    );
  };
