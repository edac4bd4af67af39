import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { deskRoutes } from './desk.routes.js';
import type { TicketsModule } from './tickets.module.js';
import { ticketsRoutes } from './tickets.routes.js';

/** Every service-desk route: tickets and their conversation, teams, macros, settings. */
export const serviceDeskRoutes =
  (m: TicketsModule): FastifyPluginAsyncZod =>
  async (app) => {
    await app.register(ticketsRoutes(m));
    await app.register(deskRoutes(m));
  };
