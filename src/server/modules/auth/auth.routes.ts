import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ZAcceptInvite,
  ZInvitationInfo,
  ZLoginBody,
  ZResetConfirm,
  ZResetRequest,
  ZSetupStatus,
  ZSignupBody,
  ZSignupResult,
  ZUserResult,
} from '../../../shared/auth.schemas.js';
import type { AuthModule } from './auth.module.js';
import { SESSION_COOKIE } from './sessions.service.js';

const reqInfo = (req: FastifyRequest) => ({ ip: req.ip, userAgent: req.headers['user-agent'] });

export const setSessionCookie = (
  reply: FastifyReply,
  token: string,
  opts: { secure: boolean; maxAgeMs: number },
) =>
  reply.setCookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'lax',
    secure: opts.secure,
    path: '/',
    maxAge: Math.floor(opts.maxAgeMs / 1000),
  });

/** Public credential flows: setup, sign-up, sign-in/out, password reset, invitations. */
export const authRoutes =
  (auth: AuthModule, opts: { secureCookies: boolean }): FastifyPluginAsyncZod =>
  async (app) => {
    const cookie = (reply: FastifyReply, token: string) =>
      setSessionCookie(reply, token, { secure: opts.secureCookies, maxAgeMs: auth.deps.sessionAbsoluteMs });

    app.get(
      '/setup/status',
      { schema: { tags: ['auth'], response: { 200: ZSetupStatus } }, config: { auth: 'public' } },
      () => auth.signup.status(),
    );

    app.post(
      '/signup',
      {
        schema: { tags: ['auth'], body: ZSignupBody, response: { 201: ZSignupResult } },
        config: { auth: 'public' },
      },
      async (req, reply) => {
        const { sessionToken, ...result } = await auth.signup.signup(req.body, reqInfo(req));
        cookie(reply, sessionToken);
        return reply.status(201).send(result);
      },
    );

    app.post(
      '/auth/login',
      {
        schema: { tags: ['auth'], body: ZLoginBody, response: { 200: ZUserResult } },
        config: { auth: 'public' },
      },
      async (req, reply) => {
        const { sessionToken, user } = await auth.credentials.login(req.body, reqInfo(req));
        cookie(reply, sessionToken);
        return { user };
      },
    );

    app.post(
      '/auth/logout',
      { schema: { tags: ['auth'], response: { 204: z.null() } }, config: { auth: 'staff' } },
      async (req, reply) => {
        const a = req.actor;
        if (a.kind === 'user') await auth.credentials.logout(a.tenantId, a.userId, a.sessionId, reqInfo(req));
        reply.clearCookie(SESSION_COOKIE, { path: '/' });
        return reply.status(204).send(null);
      },
    );

    app.post(
      '/auth/password-reset/request',
      {
        schema: { tags: ['auth'], body: ZResetRequest, response: { 202: z.null() } },
        config: { auth: 'public' },
      },
      async (req, reply) => {
        await auth.credentials.requestPasswordReset(req.body, reqInfo(req));
        return reply.status(202).send(null);
      },
    );

    app.post(
      '/auth/password-reset/confirm',
      {
        schema: { tags: ['auth'], body: ZResetConfirm, response: { 204: z.null() } },
        config: { auth: 'public' },
      },
      async (req, reply) => {
        await auth.credentials.confirmPasswordReset(req.body, reqInfo(req));
        return reply.status(204).send(null);
      },
    );

    app.get(
      '/auth/invitations/:token',
      {
        schema: {
          tags: ['auth'],
          params: z.object({ token: z.string().max(200) }),
          response: { 200: ZInvitationInfo },
        },
        config: { auth: 'public' },
      },
      (req) => auth.credentials.getInvitation(req.params.token),
    );

    app.post(
      '/auth/invitations/accept',
      {
        schema: { tags: ['auth'], body: ZAcceptInvite, response: { 200: ZUserResult } },
        config: { auth: 'public' },
      },
      async (req, reply) => {
        const { sessionToken, user } = await auth.credentials.acceptInvitation(req.body, reqInfo(req));
        cookie(reply, sessionToken);
        return { user };
      },
    );
  };
