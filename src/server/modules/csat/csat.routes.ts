import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ZIdParams } from '../../../shared/auth.schemas.js';
import {
  ZCsatResult,
  ZCsatSubmit,
  ZCsatTokenParams,
  ZTicketCsat,
} from '../../../shared/notifications.schemas.js';
import { ctxOf } from '../../platform/http/request-context.js';
import type { Csat } from './csat.service.js';
import type { CsatPages } from './csat-page.js';

const tags = ['csat'];

/** API routes, under /api/v1: the survey answer as JSON (public, token-signed) and the ticket view. */
export const csatRoutes =
  (csat: Csat): FastifyPluginAsyncZod =>
  async (app) => {
    app.post(
      '/public/csat/:token',
      {
        schema: { tags, params: ZCsatTokenParams, body: ZCsatSubmit, response: { 200: ZCsatResult } },
        // The signed token is the credential: whoever holds the link may rate, until it expires.
        config: { auth: 'public' },
      },
      (req) => csat.submit(req.params.token, req.body),
    );
    app.get(
      '/tickets/:id/csat',
      {
        schema: { tags, params: ZIdParams, response: { 200: ZTicketCsat } },
        config: { auth: 'staff-or-api-key', permission: 'tickets:read' },
      },
      (req) => csat.forTicket(ctxOf(req), req.params.id),
    );
  };

/** The survey page at /csat/:token: server-rendered HTML, a plain form post, no script. */
export const csatPageRoutes =
  (pages: CsatPages): FastifyPluginAsyncZod =>
  async (app) => {
    // Only this plugin's routes take HTML form posts; the JSON API stays JSON-only.
    app.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string', bodyLimit: 16_384 },
      (_req, body, done) => done(null, Object.fromEntries(new URLSearchParams(String(body)))),
    );
    const html = { 'cache-control': 'no-store', 'content-type': 'text/html; charset=utf-8' };
    app.get(
      '/csat/:token',
      { schema: { hide: true, params: ZCsatTokenParams }, config: { auth: 'public' } },
      async (req, reply) => {
        const r = await pages.show(req.params.token);
        return reply.status(r.status).headers(html).send(r.html);
      },
    );
    app.post(
      '/csat/:token',
      { schema: { hide: true, params: ZCsatTokenParams }, config: { auth: 'public' } },
      async (req, reply) => {
        const r = await pages.submit(req.params.token, req.body);
        return reply.status(r.status).headers(html).send(r.html);
      },
    );
  };
