import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ZApiKey,
  ZChangePassword,
  ZCreateApiKey,
  ZCreatedApiKey,
  ZIdParams,
  ZInviteBody,
  ZInviteResult,
  ZMe,
  ZPasswordConfirm,
  ZRecoveryCodes,
  ZTotpEnable,
  ZTotpSetup,
  ZUpdateMe,
  ZUpdateUser,
  ZUserListItem,
} from '../../../shared/auth.schemas.js';
import { ZPageQuery, zPage } from '../../../shared/pagination.js';
import { API_KEY_SCOPES } from '../../../shared/permissions.js';
import { ctxOf } from '../../platform/http/request-context.js';
import type { AuthModule } from './auth.module.js';

const ZUserCursorQuery = ZPageQuery.extend({ cursor: z.uuid().optional() });

/** The signed-in user's own account, the organization's users, and API keys. */
export const usersRoutes =
  (auth: AuthModule): FastifyPluginAsyncZod =>
  async (app) => {
    app.get('/me', { schema: { tags: ['me'], response: { 200: ZMe } }, config: { auth: 'staff' } }, (req) =>
      auth.users.getMe(ctxOf(req)),
    );
    app.patch(
      '/me',
      { schema: { tags: ['me'], body: ZUpdateMe, response: { 200: ZMe } }, config: { auth: 'staff' } },
      (req) => auth.users.updateMe(ctxOf(req), req.body),
    );
    app.post(
      '/me/password',
      {
        schema: { tags: ['me'], body: ZChangePassword, response: { 204: z.null() } },
        config: { auth: 'staff' },
      },
      async (req, reply) => {
        await auth.users.changePassword(ctxOf(req), req.body);
        return reply.status(204).send(null);
      },
    );
    app.post(
      '/me/totp/setup',
      { schema: { tags: ['me'], response: { 200: ZTotpSetup } }, config: { auth: 'staff' } },
      (req) => auth.totp.setup(ctxOf(req)),
    );
    app.post(
      '/me/totp/enable',
      {
        schema: { tags: ['me'], body: ZTotpEnable, response: { 200: ZRecoveryCodes } },
        config: { auth: 'staff' },
      },
      (req) => auth.totp.enable(ctxOf(req), req.body),
    );
    app.post(
      '/me/totp/disable',
      {
        schema: { tags: ['me'], body: ZPasswordConfirm, response: { 204: z.null() } },
        config: { auth: 'staff' },
      },
      async (req, reply) => {
        await auth.totp.disable(ctxOf(req), req.body);
        return reply.status(204).send(null);
      },
    );

    app.get(
      '/users',
      {
        schema: { tags: ['users'], querystring: ZUserCursorQuery, response: { 200: zPage(ZUserListItem) } },
        config: { auth: 'staff', permission: 'users:read' },
      },
      (req) => auth.users.listUsers(ctxOf(req), req.query),
    );
    app.post(
      '/users/invitations',
      {
        schema: { tags: ['users'], body: ZInviteBody, response: { 201: ZInviteResult } },
        config: { auth: 'staff', permission: 'users:manage' },
      },
      async (req, reply) => reply.status(201).send(await auth.users.inviteUser(ctxOf(req), req.body)),
    );
    app.patch(
      '/users/:id',
      {
        schema: { tags: ['users'], params: ZIdParams, body: ZUpdateUser, response: { 200: ZUserListItem } },
        config: { auth: 'staff', permission: 'users:manage' },
      },
      (req) => auth.users.updateUser(ctxOf(req), { id: req.params.id, ...req.body }),
    );

    app.get(
      '/api-keys/scopes',
      {
        schema: { tags: ['api-keys'], response: { 200: z.object({ scopes: z.array(z.string()) }) } },
        config: { auth: 'staff', permission: 'api-keys:manage' },
      },
      () => ({ scopes: [...API_KEY_SCOPES] }),
    );
    app.get(
      '/api-keys',
      {
        schema: { tags: ['api-keys'], response: { 200: z.object({ items: z.array(ZApiKey) }) } },
        config: { auth: 'staff', permission: 'api-keys:manage' },
      },
      (req) => auth.apiKeys.list(ctxOf(req)),
    );
    app.post(
      '/api-keys',
      {
        schema: { tags: ['api-keys'], body: ZCreateApiKey, response: { 201: ZCreatedApiKey } },
        config: { auth: 'staff', permission: 'api-keys:manage' },
      },
      async (req, reply) => reply.status(201).send(await auth.apiKeys.create(ctxOf(req), req.body)),
    );
    app.delete(
      '/api-keys/:id',
      {
        schema: { tags: ['api-keys'], params: ZIdParams, response: { 204: z.null() } },
        config: { auth: 'staff', permission: 'api-keys:manage' },
      },
      async (req, reply) => {
        await auth.apiKeys.revoke(ctxOf(req), req.params.id);
        return reply.status(204).send(null);
      },
    );
  };
