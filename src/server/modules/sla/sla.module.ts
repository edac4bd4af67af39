import { createCalendars, type SlaDeps } from './calendars.service.js';
import { createSlaPolicies } from './sla-policies.service.js';

/** Wires the business-calendar and SLA-policy use cases once per app. */
export const createSlaModule = (deps: SlaDeps) => ({
  calendars: createCalendars(deps),
  policies: createSlaPolicies(deps),
});

export type SlaModule = ReturnType<typeof createSlaModule>;
