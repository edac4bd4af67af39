import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/db/database.js';
import type { Mailer } from '../../platform/mail/mailer.js';
import type { Secrets } from '../../platform/security/secrets.js';
import type { Throttle } from '../auth/index.js';
import type { Csat } from '../csat/index.js';
import type { TicketsModule } from '../tickets/index.js';

export type PortalDeps = {
  database: Database;
  secrets: Secrets;
  clock: Clock;
  mailer: Mailer;
  /** The staff sign-in throttle: portal sign-ins share its table and limits. */
  throttle: Throttle;
  publicUrl: string;
  sessionIdleMs: number;
  sessionAbsoluteMs: number;
  /** Ticket writes (a customer's tickets, replies, files) go through the service desk's use cases. */
  tickets: TicketsModule;
  /** Ratings go through the satisfaction survey. */
  csat: Csat;
};
