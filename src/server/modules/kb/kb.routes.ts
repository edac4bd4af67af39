import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZIdParams } from '../../../shared/auth.schemas.js';
import { ZVersionHeader } from '../../../shared/crm/common.schemas.js';
import {
  ZCreateKbArticle,
  ZCreateKbCategory,
  ZKbArticle,
  ZKbArticleHit,
  ZKbArticleView,
  ZKbCategory,
  ZKbFeedback,
  ZKbFeedbackResult,
  ZKbLocaleQuery,
  ZKbReaderCategory,
  ZKbReaderListQuery,
  ZKbStaffArticleHit,
  ZKbStaffListQuery,
  ZKbSuggestQuery,
  ZKbWorkspaceIdParams,
  ZKbWorkspaceParams,
  ZUpdateKbArticle,
  ZUpdateKbCategory,
} from '../../../shared/kb.schemas.js';
import { zPage } from '../../../shared/pagination.js';
import { ctxOf } from '../../platform/http/request-context.js';
import type { KbModule } from './kb.module.js';
import { KB_VOTER_COOKIE } from './kb-public.service.js';

const read = { auth: 'staff', permission: 'kb:read' } as const;
const write = { auth: 'staff', permission: 'kb:write' } as const;
const tags = ['kb'];

/** Staff authoring under /api/v1/kb: everything, internal and drafts included. */
export const kbRoutes =
  (kb: KbModule): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/kb/categories',
      { schema: { tags, response: { 200: z.object({ items: z.array(ZKbCategory) }) } }, config: read },
      (req) => kb.categories.list(ctxOf(req)),
    );
    app.post(
      '/kb/categories',
      { schema: { tags, body: ZCreateKbCategory, response: { 201: ZKbCategory } }, config: write },
      async (req, reply) => reply.status(201).send(await kb.categories.create(ctxOf(req), req.body)),
    );
    app.patch(
      '/kb/categories/:id',
      {
        schema: {
          tags,
          params: ZIdParams,
          headers: ZVersionHeader,
          body: ZUpdateKbCategory,
          response: { 200: ZKbCategory },
        },
        config: write,
      },
      async (req, reply) => {
        const c = await kb.categories.update(ctxOf(req), req.params.id, req.body, req.headers['if-match']);
        return reply.header('etag', `"${c.version}"`).send(c);
      },
    );
    app.delete(
      '/kb/categories/:id',
      { schema: { tags, params: ZIdParams, response: { 204: z.null() } }, config: write },
      async (req, reply) => {
        await kb.categories.remove(ctxOf(req), req.params.id);
        return reply.status(204).send(null);
      },
    );

    app.get(
      '/kb/articles',
      {
        schema: { tags, querystring: ZKbStaffListQuery, response: { 200: zPage(ZKbStaffArticleHit) } },
        config: read,
      },
      (req) => kb.articles.list(ctxOf(req), req.query),
    );
    app.post(
      '/kb/articles',
      { schema: { tags, body: ZCreateKbArticle, response: { 201: ZKbArticle } }, config: write },
      async (req, reply) => {
        const a = await kb.articles.create(ctxOf(req), req.body);
        return reply.status(201).header('etag', `"${a.version}"`).send(a);
      },
    );
    app.get(
      '/kb/articles/:id',
      { schema: { tags, params: ZIdParams, response: { 200: ZKbArticle } }, config: read },
      async (req, reply) => {
        const a = await kb.articles.get(ctxOf(req), req.params.id);
        return reply.header('etag', `"${a.version}"`).send(a);
      },
    );
    app.patch(
      '/kb/articles/:id',
      {
        schema: {
          tags,
          params: ZIdParams,
          headers: ZVersionHeader,
          body: ZUpdateKbArticle,
          response: { 200: ZKbArticle },
        },
        config: write,
      },
      async (req, reply) => {
        const a = await kb.articles.update(ctxOf(req), req.params.id, req.body, req.headers['if-match']);
        return reply.header('etag', `"${a.version}"`).send(a);
      },
    );
    app.delete(
      '/kb/articles/:id',
      { schema: { tags, params: ZIdParams, response: { 204: z.null() } }, config: write },
      async (req, reply) => {
        await kb.articles.remove(ctxOf(req), req.params.id);
        return reply.status(204).send(null);
      },
    );
  };

const portal = { auth: 'portal' } as const;
const ZIdLocale = ZKbLocaleQuery;

/** The customer portal under /api/portal/v1/kb: published public and portal articles. */
export const kbPortalRoutes =
  (kb: KbModule): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/kb/categories',
      {
        schema: {
          tags,
          querystring: ZKbLocaleQuery,
          response: { 200: z.object({ items: z.array(ZKbReaderCategory) }) },
        },
        config: portal,
      },
      (req) => kb.reader.categories(kb.portalReader(ctxOf(req)), req.query.locale),
    );
    app.get(
      '/kb/articles',
      {
        schema: { tags, querystring: ZKbReaderListQuery, response: { 200: zPage(ZKbArticleHit) } },
        config: portal,
      },
      (req) => kb.reader.list(kb.portalReader(ctxOf(req)), req.query),
    );
    app.get(
      '/kb/articles/:id',
      {
        schema: { tags, params: ZIdParams, querystring: ZIdLocale, response: { 200: ZKbArticleView } },
        config: portal,
      },
      (req) => kb.reader.view(kb.portalReader(ctxOf(req)), req.params.id, req.query.locale),
    );
    app.post(
      '/kb/articles/:id/feedback',
      {
        schema: { tags, params: ZIdParams, body: ZKbFeedback, response: { 200: ZKbFeedbackResult } },
        config: portal,
      },
      (req) => kb.reader.feedback(kb.portalReader(ctxOf(req)), req.params.id, req.body.helpful),
    );
    app.get(
      '/kb/suggest',
      {
        schema: {
          tags,
          querystring: ZKbSuggestQuery,
          response: { 200: z.object({ items: z.array(ZKbArticleHit) }) },
        },
        config: portal,
      },
      (req) => kb.reader.suggest(kb.portalReader(ctxOf(req)), req.query.q, req.query.locale),
    );
  };

const open = { auth: 'public' } as const;

/**
 * The public help centre under /api/public/v1/kb/:workspace — no sign-in, published articles with
 * visibility 'public' only (route-guards lists these routes as reviewed).
 */
export const kbPublicRoutes =
  (kb: KbModule, opts: { secureCookies: boolean }): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/kb/:workspace/categories',
      {
        schema: {
          tags,
          params: ZKbWorkspaceParams,
          querystring: ZKbLocaleQuery,
          response: { 200: z.object({ items: z.array(ZKbReaderCategory) }) },
        },
        config: open,
      },
      (req) => kb.public.categories(req.params.workspace, req.query.locale),
    );
    app.get(
      '/kb/:workspace/articles',
      {
        schema: {
          tags,
          params: ZKbWorkspaceParams,
          querystring: ZKbReaderListQuery,
          response: { 200: zPage(ZKbArticleHit) },
        },
        config: open,
      },
      (req) => kb.public.list(req.params.workspace, req.query),
    );
    app.get(
      '/kb/:workspace/articles/:id',
      {
        schema: {
          tags,
          params: ZKbWorkspaceIdParams,
          querystring: ZIdLocale,
          response: { 200: ZKbArticleView },
        },
        config: open,
      },
      (req) =>
        kb.public.view(req.params.workspace, req.params.id, req.query.locale, req.cookies[KB_VOTER_COOKIE]),
    );
    app.post(
      '/kb/:workspace/articles/:id/feedback',
      {
        schema: {
          tags,
          params: ZKbWorkspaceIdParams,
          body: ZKbFeedback,
          response: { 200: ZKbFeedbackResult },
        },
        config: open,
      },
      async (req, reply) => {
        const out = await kb.public.feedback({
          workspace: req.params.workspace,
          id: req.params.id,
          helpful: req.body.helpful,
          voterToken: req.cookies[KB_VOTER_COOKIE],
          ip: req.ip,
        });
        if (out.newVoter) {
          // Only identifies "the same browser voted again"; no account, no tracking elsewhere.
          reply.setCookie(KB_VOTER_COOKIE, out.voterToken, {
            httpOnly: true,
            sameSite: 'lax',
            secure: opts.secureCookies,
            path: '/api/public/v1/kb',
            maxAge: 365 * 24 * 3600,
          });
        }
        return out.result;
      },
    );
  };
