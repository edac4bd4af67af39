import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/db/database.js';
import type { EventBus } from '../../platform/events/event-bus.js';
import type { Mailer } from '../../platform/mail/mailer.js';
import { type CsatPort, createDelivery } from './delivery.service.js';
import { createEscalations } from './escalations.service.js';
import { createInbox } from './inbox.service.js';
import { createOutbox } from './outbox.service.js';
import { createTemplates } from './templates.service.js';
import { type TicketsPort, ticketsPort } from './tickets-port.js';

export type NotificationsDeps = {
  database: Database;
  clock: Clock;
  events: EventBus;
  mailer: Mailer;
  publicUrl: string;
  /** Defaults to the tickets module's functions. */
  tickets?: TicketsPort;
  csat: CsatPort;
  onError: (err: unknown, msg: string) => void;
};

/**
 * Wires templates, delivery, the in-app inbox, the outbox screen and escalations, and subscribes
 * delivery to the ticket events. Handlers run in the process that made the change, after its commit.
 */
export const createNotificationsModule = (input: NotificationsDeps) => {
  const deps = { ...input, tickets: input.tickets ?? ticketsPort };
  const delivery = createDelivery(deps);
  for (const [type, handler] of Object.entries(delivery.handlers)) deps.events.subscribe(type, handler);
  return {
    templates: createTemplates(deps),
    delivery,
    inbox: createInbox(deps),
    outbox: createOutbox(deps),
    escalations: createEscalations({ ...deps, delivery }),
  };
};

export type NotificationsModule = ReturnType<typeof createNotificationsModule>;
