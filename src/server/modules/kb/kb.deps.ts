import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/db/database.js';

export type KbDeps = {
  database: Database;
  clock: Clock;
};
