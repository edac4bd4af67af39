import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ZBrandingQuery,
  ZPortalAcceptInvite,
  ZPortalAccessBody,
  ZPortalAccessResult,
  ZPortalBranding,
  ZPortalLogin,
  ZPortalMe,
  ZPortalSettings,
  ZPortalSettingsPut,
  ZPortalTicket,
  ZPortalTicketFormConfig,
  ZPortalTicketList,
  ZPortalTicketsQuery,
  ZPortalUser,
  ZPortalUserList,
  ZPortalUserPatch,
} from '../../../shared/portal.schemas.js';
import { ctxOf } from '../../platform/http/request-context.js';
import type { PortalModule } from './portal.module.js';
import { portalAccountRoutes } from './portal-account.routes.js';
import { PORTAL_SESSION_COOKIE } from './portal-sessions.service.js';

const reqInfo = (req: FastifyRequest) => ({ ip: req.ip, userAgent: req.headers['user-agent'] });
const ZId = z.object({ id: z.uuid() });
const manage = { auth: 'staff', permission: 'portal:manage' } as const;

/** Staff administration of portal access, under /api/v1. */
export const portalStaffRoutes =
  (m: PortalModule): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['portal-admin'];
    app.post(
      '/contacts/:id/portal-access',
      {
        schema: { tags, params: ZId, body: ZPortalAccessBody, response: { 200: ZPortalAccessResult } },
        config: manage,
      },
      (req) => m.access.setAccess(ctxOf(req), req.params.id, req.body),
    );
    app.get(
      '/portal-users',
      { schema: { tags, response: { 200: ZPortalUserList } }, config: manage },
      (req) => m.access.list(ctxOf(req)),
    );
    app.patch(
      '/portal-users/:id',
      {
        schema: { tags, params: ZId, body: ZPortalUserPatch, response: { 200: ZPortalUser } },
        config: manage,
      },
      (req) => m.access.update(ctxOf(req), req.params.id, req.body),
    );
    app.get(
      '/portal/settings',
      { schema: { tags, response: { 200: ZPortalSettings } }, config: manage },
      (req) => m.settings.get(ctxOf(req)),
    );
    app.put(
      '/portal/settings',
      { schema: { tags, body: ZPortalSettingsPut, response: { 200: ZPortalSettings } }, config: manage },
      (req) => m.settings.put(ctxOf(req), req.body),
    );
    app.get(
      '/portal/ticket-form',
      { schema: { tags, response: { 200: ZPortalTicketFormConfig } }, config: manage },
      (req) => m.ticketForm.getConfig(ctxOf(req)),
    );
    app.put(
      '/portal/ticket-form',
      {
        schema: { tags, body: ZPortalTicketFormConfig, response: { 200: ZPortalTicketFormConfig } },
        config: manage,
      },
      (req) => m.ticketForm.putConfig(ctxOf(req), req.body),
    );
  };

/** The customer's sign-in and profile, under /api/portal/v1. */
export const portalAuthRoutes =
  (m: PortalModule, opts: { secureCookies: boolean }): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['portal-auth'];
    await app.register(portalAccountRoutes(m));
    const cookie = (reply: FastifyReply, token: string) =>
      reply.setCookie(PORTAL_SESSION_COOKIE, token, {
        httpOnly: true,
        sameSite: 'lax',
        secure: opts.secureCookies,
        path: '/',
        maxAge: Math.floor(m.deps.sessionAbsoluteMs / 1000),
      });
    app.get(
      '/branding',
      {
        schema: {
          tags,
          querystring: ZBrandingQuery,
          response: {
            200: ZPortalBranding.extend({ tenant: z.object({ slug: z.string(), name: z.string() }) }),
          },
        },
        config: { auth: 'public' },
      },
      (req) => m.settings.branding({ workspace: req.query.workspace, host: req.headers.host }),
    );
    app.post(
      '/auth/accept-invite',
      {
        schema: { tags, body: ZPortalAcceptInvite, response: { 204: z.null() } },
        config: { auth: 'public' },
      },
      async (req, reply) => {
        const { sessionToken } = await m.auth.acceptInvite(req.body, reqInfo(req));
        cookie(reply, sessionToken);
        return reply.status(204).send(null);
      },
    );
    app.post(
      '/auth/login',
      { schema: { tags, body: ZPortalLogin, response: { 204: z.null() } }, config: { auth: 'public' } },
      async (req, reply) => {
        const { sessionToken } = await m.auth.login(req.body, reqInfo(req));
        cookie(reply, sessionToken);
        return reply.status(204).send(null);
      },
    );
    app.post(
      '/auth/logout',
      { schema: { tags, response: { 204: z.null() } }, config: { auth: 'portal' } },
      async (req, reply) => {
        await m.auth.logout(ctxOf(req));
        reply.clearCookie(PORTAL_SESSION_COOKIE, { path: '/' });
        return reply.status(204).send(null);
      },
    );
    const portal = { auth: 'portal' } as const;
    app.get(
      '/tickets',
      {
        schema: {
          tags: ['portal-tickets'],
          querystring: ZPortalTicketsQuery,
          response: { 200: ZPortalTicketList },
        },
        config: portal,
      },
      (req) => m.tickets.list(ctxOf(req), req.query),
    );
    app.get(
      '/tickets/:id',
      { schema: { tags: ['portal-tickets'], params: ZId, response: { 200: ZPortalTicket } }, config: portal },
      (req) => m.tickets.get(ctxOf(req), req.params.id),
    );
    app.get('/me', { schema: { tags, response: { 200: ZPortalMe } }, config: { auth: 'portal' } }, (req) =>
      m.auth.me(ctxOf(req)),
    );
  };
