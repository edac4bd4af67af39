import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/db/database.js';
import type { EventBus } from '../../platform/events/event-bus.js';

export type CrmDeps = {
  database: Database;
  clock: Clock;
  events: EventBus;
  /** The app's public base URL (PUBLIC_URL): the web-to-lead snippet posts there. */
  publicUrl: string;
};
