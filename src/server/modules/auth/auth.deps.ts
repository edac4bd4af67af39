import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/db/database.js';
import type { EventBus } from '../../platform/events/event-bus.js';
import type { Mailer } from '../../platform/mail/mailer.js';
import type { Secrets } from '../../platform/security/secrets.js';

/** What the auth module needs from the platform; tests pass PGlite and a fixed clock. */
export type AuthDeps = {
  database: Database;
  secrets: Secrets;
  clock: Clock;
  mailer: Mailer;
  events: EventBus;
  publicUrl: string;
  signup: 'first-run' | 'open' | 'closed';
  sessionIdleMs: number;
  sessionAbsoluteMs: number;
};
