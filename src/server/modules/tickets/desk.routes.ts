// Teams, agent availability, macros and the service-desk settings.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZIdParams } from '../../../shared/auth.schemas.js';
import { ZVersionHeader } from '../../../shared/crm/common.schemas.js';
import {
  ZAvailability,
  ZAvailabilityState,
  ZCreateMacro,
  ZCreateTeam,
  ZMacro,
  ZTeam,
  ZTeamMembers,
  ZTicketSettings,
  ZTicketStatusLabels,
  ZUpdateMacro,
  ZUpdateTeam,
} from '../../../shared/tickets.schemas.js';
import { AppError } from '../../platform/errors/app-error.js';
import { ctxOf } from '../../platform/http/request-context.js';
import type { TicketsModule } from './tickets.module.js';

// Agents read teams and macros, and keep shared macros; teams and service-desk settings are an
// administrator's.
const read = { auth: 'staff-or-api-key', permission: 'tickets:read' } as const;
const write = { auth: 'staff-or-api-key', permission: 'tickets:write' } as const;
const manage = { auth: 'staff', permission: 'settings:manage' } as const;
const me = { auth: 'staff', permission: 'tickets:read' } as const;

const userIdOf = (ctx: ReturnType<typeof ctxOf>) => {
  if (ctx.actor.kind !== 'user')
    throw new AppError('FORBIDDEN', { userMessage: 'Only staff users have availability.' });
  return ctx.actor.userId;
};

export const deskRoutes =
  (m: TicketsModule): FastifyPluginAsyncZod =>
  async (app) => {
    const t = ['teams'];
    app.get(
      '/teams',
      { schema: { tags: t, response: { 200: z.object({ items: z.array(ZTeam) }) } }, config: read },
      (req) => m.teams.list(ctxOf(req)),
    );
    app.post(
      '/teams',
      { schema: { tags: t, body: ZCreateTeam, response: { 201: ZTeam } }, config: manage },
      async (req, reply) => reply.status(201).send(await m.teams.create(ctxOf(req), req.body)),
    );
    app.get(
      '/teams/:id',
      { schema: { tags: t, params: ZIdParams, response: { 200: ZTeam } }, config: read },
      (req) => m.teams.get(ctxOf(req), req.params.id),
    );
    app.patch(
      '/teams/:id',
      {
        schema: {
          tags: t,
          params: ZIdParams,
          headers: ZVersionHeader,
          body: ZUpdateTeam,
          response: { 200: ZTeam },
        },
        config: manage,
      },
      (req) => m.teams.update(ctxOf(req), req.params.id, req.body, req.headers['if-match']),
    );
    app.put(
      '/teams/:id/members',
      {
        schema: { tags: t, params: ZIdParams, body: ZTeamMembers, response: { 200: ZTeam } },
        config: manage,
      },
      (req) => m.teams.setMembers(ctxOf(req), req.params.id, req.body.userIds),
    );
    app.delete(
      '/teams/:id',
      { schema: { tags: t, params: ZIdParams, response: { 204: z.null() } }, config: manage },
      async (req, reply) => {
        await m.teams.remove(ctxOf(req), req.params.id);
        return reply.status(204).send(null);
      },
    );

    app.get(
      '/me/availability',
      { schema: { tags: ['me'], response: { 200: ZAvailabilityState } }, config: me },
      (req) => {
        const ctx = ctxOf(req);
        return m.teams.getAvailability(ctx, userIdOf(ctx));
      },
    );
    app.put(
      '/me/availability',
      { schema: { tags: ['me'], body: ZAvailability, response: { 200: ZAvailabilityState } }, config: me },
      (req) => {
        const ctx = ctxOf(req);
        return m.teams.setAvailability(ctx, userIdOf(ctx), req.body.status);
      },
    );

    const mt = ['macros'];
    app.get(
      '/macros',
      { schema: { tags: mt, response: { 200: z.object({ items: z.array(ZMacro) }) } }, config: read },
      (req) => m.macros.list(ctxOf(req)),
    );
    app.post(
      '/macros',
      { schema: { tags: mt, body: ZCreateMacro, response: { 201: ZMacro } }, config: write },
      async (req, reply) => reply.status(201).send(await m.macros.create(ctxOf(req), req.body)),
    );
    app.get(
      '/macros/:id',
      { schema: { tags: mt, params: ZIdParams, response: { 200: ZMacro } }, config: read },
      (req) => m.macros.get(ctxOf(req), req.params.id),
    );
    app.patch(
      '/macros/:id',
      {
        schema: {
          tags: mt,
          params: ZIdParams,
          headers: ZVersionHeader,
          body: ZUpdateMacro,
          response: { 200: ZMacro },
        },
        config: write,
      },
      (req) => m.macros.update(ctxOf(req), req.params.id, req.body, req.headers['if-match']),
    );
    app.delete(
      '/macros/:id',
      { schema: { tags: mt, params: ZIdParams, response: { 204: z.null() } }, config: write },
      async (req, reply) => {
        await m.macros.remove(ctxOf(req), req.params.id);
        return reply.status(204).send(null);
      },
    );

    const st = ['settings'];
    app.get(
      '/settings/ticket-statuses',
      { schema: { tags: st, response: { 200: ZTicketStatusLabels } }, config: read },
      (req) => m.settings.getLabels(ctxOf(req)),
    );
    app.put(
      '/settings/ticket-statuses',
      {
        schema: { tags: st, body: ZTicketStatusLabels, response: { 200: ZTicketStatusLabels } },
        config: manage,
      },
      (req) => m.settings.putLabels(ctxOf(req), req.body),
    );
    app.get(
      '/settings/tickets',
      { schema: { tags: st, response: { 200: ZTicketSettings } }, config: read },
      (req) => m.settings.get(ctxOf(req)),
    );
    app.put(
      '/settings/tickets',
      { schema: { tags: st, body: ZTicketSettings, response: { 200: ZTicketSettings } }, config: manage },
      (req) => m.settings.put(ctxOf(req), req.body),
    );
  };
