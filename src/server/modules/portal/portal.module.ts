import type { FastifyRequest } from 'fastify';
import type { Actor } from '../../platform/http/actor.js';
import type { PortalDeps } from './portal.deps.js';
import { createPortalAccess } from './portal-access.service.js';
import { createPortalAuth } from './portal-auth.service.js';
import { createPortalPasswordReset } from './portal-password-reset.service.js';
import { createPortalSessions, PORTAL_SESSION_COOKIE } from './portal-sessions.service.js';
import { createPortalSettings } from './portal-settings.service.js';
import { createPortalTicketForm } from './portal-ticket-form.service.js';
import { createPortalTicketWrites } from './portal-ticket-writes.service.js';
import { createPortalTickets } from './portal-tickets.service.js';
import { createPortalTotp } from './portal-totp.service.js';

export const createPortalModule = (deps: PortalDeps) => {
  const sessions = createPortalSessions(deps);
  return {
    deps,
    sessions,
    access: createPortalAccess(deps, sessions),
    auth: createPortalAuth(deps, sessions),
    passwordReset: createPortalPasswordReset(deps, sessions),
    totp: createPortalTotp(deps),
    settings: createPortalSettings(deps),
    tickets: createPortalTickets(deps),
    ticketWrites: createPortalTicketWrites(deps),
    ticketForm: createPortalTicketForm(deps),
    /** The portal actor from the portal cookie only: a staff cookie never makes a portal actor. */
    resolveActor: (req: FastifyRequest): Promise<Actor> =>
      sessions.resolve(req.cookies[PORTAL_SESSION_COOKIE]),
  };
};

export type PortalModule = ReturnType<typeof createPortalModule>;
