import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/db/database.js';
import type { Mailer } from '../../platform/mail/mailer.js';
import type { Secrets } from '../../platform/security/secrets.js';
import type { Throttle } from '../auth/index.js';

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
};
