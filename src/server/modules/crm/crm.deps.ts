import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/db/database.js';
import type { EventBus } from '../../platform/events/event-bus.js';

export type CrmDeps = { database: Database; clock: Clock; events: EventBus };
