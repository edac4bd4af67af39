import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/db/database.js';
import type { EventBus } from '../../platform/events/event-bus.js';
import type { FileStore } from '../../platform/files/file-store.js';

export type TicketsDeps = {
  database: Database;
  clock: Clock;
  events: EventBus;
  /** Attachment bytes (DATA_DIR/files). */
  files: FileStore;
};
