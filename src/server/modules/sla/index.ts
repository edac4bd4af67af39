// Public API of the SLA module: business calendars, Israeli holidays, SLA policies and the pure
// planning functions the tickets module calls.
export {
  addBusinessMinutes,
  type BusinessCalendar,
  businessMinutesBetween,
  DEFAULT_SHORT_HOURS,
  type HolidayRule,
  isBusinessTime,
  nextBusinessStart,
} from './business-time.js';
export {
  DEFAULT_WEEKLY_HOURS,
  ensureDefaultCalendar,
  type LoadedCalendar,
  loadCalendar,
  type SlaDeps,
} from './calendars.service.js';
export { type IsraeliHoliday, israeliHolidays } from './israeli-holidays.js';
export { createSlaModule, type SlaModule } from './sla.module.js';
export { slaRoutes } from './sla.routes.js';
export {
  type BusinessCalendarRow,
  businessCalendars,
  type CalendarHolidayRow,
  calendarHolidays,
  type SlaPolicyRow,
  slaPolicies,
} from './sla.table.js';
export {
  type NextResponseState,
  type PlanSlaInput,
  planSla,
  type SlaEvent,
  type SlaPlan,
  type SlaPolicyForPlan,
  type SlaPolicyForSelect,
  type SlaTargetState,
  type SlaTargetStatus,
  type SlaTicketFacts,
  selectPolicy,
} from './sla-plan.js';
export {
  DEFAULT_SLA_TARGETS,
  ensureDefaultPolicies,
  listActivePolicies,
  resolveSla,
} from './sla-policies.service.js';
