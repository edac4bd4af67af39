import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZPasswordConfirm, ZRecoveryCodes, ZTotpEnable, ZTotpSetup } from '../../../shared/auth.schemas.js';
import { ZPortalForgotPassword, ZPortalResetPassword } from '../../../shared/portal.schemas.js';
import { ctxOf } from '../../platform/http/request-context.js';
import type { PortalModule } from './portal.module.js';

const reqInfo = (req: FastifyRequest) => ({ ip: req.ip, userAgent: req.headers['user-agent'] });

/** The customer's password reset and two-factor settings, under /api/portal/v1/auth. */
export const portalAccountRoutes =
  (m: PortalModule): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['portal-auth'];
    const portal = { auth: 'portal' } as const;
    app.post(
      '/auth/forgot-password',
      {
        schema: { tags, body: ZPortalForgotPassword, response: { 202: z.null() } },
        config: { auth: 'public' },
      },
      async (req, reply) => {
        await m.passwordReset.request(req.body, reqInfo(req));
        return reply.status(202).send(null);
      },
    );
    app.post(
      '/auth/reset-password',
      {
        schema: { tags, body: ZPortalResetPassword, response: { 204: z.null() } },
        config: { auth: 'public' },
      },
      async (req, reply) => {
        await m.passwordReset.confirm(req.body, reqInfo(req));
        return reply.status(204).send(null);
      },
    );
    app.post('/auth/totp/setup', { schema: { tags, response: { 200: ZTotpSetup } }, config: portal }, (req) =>
      m.totp.setup(ctxOf(req)),
    );
    app.post(
      '/auth/totp/enable',
      { schema: { tags, body: ZTotpEnable, response: { 200: ZRecoveryCodes } }, config: portal },
      (req) => m.totp.enable(ctxOf(req), req.body),
    );
    app.post(
      '/auth/totp/disable',
      { schema: { tags, body: ZPasswordConfirm, response: { 204: z.null() } }, config: portal },
      async (req, reply) => {
        await m.totp.disable(ctxOf(req), req.body);
        return reply.status(204).send(null);
      },
    );
  };
