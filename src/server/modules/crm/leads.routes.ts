import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZIdParams } from '../../../shared/auth.schemas.js';
import { ZBulkAction, ZBulkResult, ZVersionHeader } from '../../../shared/crm/common.schemas.js';
import {
  ZConvertLead,
  ZConvertLeadResult,
  ZCreateLead,
  ZLead,
  ZLeadFormSnippet,
  ZLeadListQuery,
  ZUpdateLead,
  ZWebLeadForm,
  ZWebLeadFormParams,
  ZWebLeadFormQuery,
  ZWebLeadFormResult,
} from '../../../shared/crm/leads.schemas.js';
import { zPage } from '../../../shared/pagination.js';
import { ctxOf } from '../../platform/http/request-context.js';
import type { Leads } from './leads.service.js';
import type { LeadConversion } from './leads-convert.service.js';
import { thanksPage, type WebLeadForm } from './leads-web-form.service.js';

const read = { auth: 'staff-or-api-key', permission: 'crm:read' } as const;
const write = { auth: 'staff-or-api-key', permission: 'crm:write' } as const;
// Websites post here from their own origin: public, and exempt from the CSRF origin check.
const publicForm = { auth: 'public', crossSite: 'allow' } as const;

const URLENCODED = 'application/x-www-form-urlencoded';

/** Parses a urlencoded body; a repeated name (multi-select) becomes a list. */
const parseUrlEncoded = (body: string) => {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of new URLSearchParams(body)) {
    const prev = out[k];
    out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return out;
};

/** A script gets JSON; a plain HTML form gets its redirect (303) or a thank-you page. */
const answerForm = (
  req: FastifyRequest,
  reply: FastifyReply,
  out: { redirect: string | null; locale: 'he' | 'en' },
) => {
  if (out.redirect) return reply.status(303).header('location', out.redirect).send();
  if (req.headers['content-type']?.startsWith(URLENCODED)) {
    return reply.status(201).type('text/html; charset=utf-8').send(thanksPage(out.locale));
  }
  return reply.status(201).send({ ok: true as const });
};

export const leadsRoutes =
  (leads: Leads, conversion: LeadConversion, webForm: WebLeadForm): FastifyPluginAsyncZod =>
  async (app) => {
    app.post(
      '/leads',
      { schema: { tags: ['leads'], body: ZCreateLead, response: { 201: ZLead } }, config: write },
      async (req, reply) => {
        const lead = await leads.create(ctxOf(req), req.body);
        return reply.status(201).header('etag', `"${lead.version}"`).send(lead);
      },
    );
    app.get(
      '/leads',
      {
        schema: { tags: ['leads'], querystring: ZLeadListQuery, response: { 200: zPage(ZLead) } },
        config: read,
      },
      (req) => leads.list(ctxOf(req), req.query),
    );
    app.post(
      '/leads/bulk',
      { schema: { tags: ['leads'], body: ZBulkAction, response: { 200: ZBulkResult } }, config: write },
      (req) => leads.bulk(ctxOf(req), req.body),
    );
    app.get(
      '/leads/:id',
      { schema: { tags: ['leads'], params: ZIdParams, response: { 200: ZLead } }, config: read },
      async (req, reply) => {
        const lead = await leads.get(ctxOf(req), req.params.id);
        return reply.header('etag', `"${lead.version}"`).send(lead);
      },
    );
    app.patch(
      '/leads/:id',
      {
        schema: {
          tags: ['leads'],
          params: ZIdParams,
          headers: ZVersionHeader,
          body: ZUpdateLead,
          response: { 200: ZLead },
        },
        config: write,
      },
      async (req, reply) => {
        const lead = await leads.update(ctxOf(req), req.params.id, req.body, req.headers['if-match']);
        return reply.header('etag', `"${lead.version}"`).send(lead);
      },
    );
    app.delete(
      '/leads/:id',
      { schema: { tags: ['leads'], params: ZIdParams, response: { 204: z.null() } }, config: write },
      async (req, reply) => {
        await leads.remove(ctxOf(req), req.params.id);
        return reply.status(204).send(null);
      },
    );
    app.post(
      '/leads/:id/restore',
      { schema: { tags: ['leads'], params: ZIdParams, response: { 200: ZLead } }, config: write },
      (req) => leads.restore(ctxOf(req), req.params.id),
    );
    app.post(
      '/leads/:id/convert',
      {
        schema: {
          tags: ['leads'],
          params: ZIdParams,
          body: ZConvertLead,
          response: { 200: ZConvertLeadResult },
        },
        config: write,
      },
      (req) => conversion.convert(ctxOf(req), req.params.id, req.body),
    );
    app.get(
      '/forms/lead/snippet',
      {
        schema: { tags: ['leads'], response: { 200: ZLeadFormSnippet } },
        config: { auth: 'staff', permission: 'settings:manage' },
      },
      (req) => webForm.snippet(ctxOf(req)),
    );
    await app.register(publicFormRoutes(webForm));
  };

/**
 * The public web-to-lead endpoint, in its own plugin so its urlencoded body parser and CORS
 * headers (any origin: websites post from their own pages) apply to it alone.
 */
const publicFormRoutes =
  (webForm: WebLeadForm): FastifyPluginAsyncZod =>
  async (pub) => {
    pub.addContentTypeParser(URLENCODED, { parseAs: 'string' }, (_req, body, done) => {
      done(null, parseUrlEncoded(String(body)));
    });
    pub.addHook('onSend', async (_req, reply) => {
      reply.header('access-control-allow-origin', '*');
      reply.header('cross-origin-resource-policy', 'cross-origin');
    });
    pub.options(
      '/public/forms/:workspace/lead',
      { schema: { hide: true, params: ZWebLeadFormParams }, config: publicForm },
      (_req, reply) =>
        reply
          .status(204)
          .header('access-control-allow-methods', 'POST, OPTIONS')
          .header('access-control-allow-headers', 'content-type')
          .header('access-control-max-age', '86400')
          .send(),
    );
    pub.post(
      '/public/forms/:workspace/lead',
      {
        bodyLimit: 64 * 1024,
        schema: {
          tags: ['leads'],
          params: ZWebLeadFormParams,
          querystring: ZWebLeadFormQuery,
          body: ZWebLeadForm,
          response: { 201: ZWebLeadFormResult },
        },
        config: publicForm,
      },
      async (req, reply) =>
        answerForm(
          req,
          reply,
          await webForm.submit({
            workspace: req.params.workspace,
            body: req.body,
            redirect: req.query.redirect,
            ip: req.ip,
            userAgent: req.headers['user-agent'],
            referer: req.headers.referer,
          }),
        ),
    );
  };
