import { sql } from 'drizzle-orm';
import {
  boolean,
  date,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type { TSlaConditions, TSlaTargets, TSlot, TWeeklyHours } from '../../../shared/sla.schemas.js';
import { id, tenantId, tenantPk, timestamps, tstz, version } from '../../platform/db/columns.js';

/** Working hours of a tenant: weekly slots in a time zone, plus holidays. */
export const businessCalendars = pgTable(
  'business_calendars',
  {
    tenantId: tenantId(),
    id: id(),
    name: text('name').notNull(),
    timezone: text('timezone').notNull().default('Asia/Jerusalem'),
    // {"sun":[["08:00","17:00"]],…,"fri":[],"sat":[]}: several slots per day allowed.
    weeklyHours: jsonb('weekly_hours').$type<TWeeklyHours>().notNull(),
    isDefault: boolean('is_default').notNull().default(false),
    version: version(),
    ...timestamps(),
    deletedAt: tstz('deleted_at'),
  },
  (t) => [
    tenantPk(t),
    // One default calendar per tenant; also makes the lazy default creation race-safe.
    uniqueIndex('business_calendars_one_default_key')
      .on(t.tenantId)
      .where(sql`is_default and deleted_at is null`),
    index('business_calendars_tenant_name_idx').on(t.tenantId, t.name),
  ],
);
export type BusinessCalendarRow = typeof businessCalendars.$inferSelect;

/** A day off (`closed`) or a short day with its own hours (`short`, e.g. a holiday eve). */
export const calendarHolidays = pgTable(
  'calendar_holidays',
  {
    tenantId: tenantId(),
    id: id(),
    calendarId: uuid('calendar_id').notNull(),
    date: date('date', { mode: 'string' }).notNull(),
    name: text('name').notNull(),
    nameHe: text('name_he'),
    kind: text('kind', { enum: ['closed', 'short'] }).notNull(),
    hours: jsonb('hours').$type<TSlot[]>(),
    // Imported rows are refreshed by a re-import; manual rows are never overwritten by one.
    source: text('source', { enum: ['manual', 'hebcal'] })
      .notNull()
      .default('manual'),
    ...timestamps(),
  },
  (t) => [
    tenantPk(t),
    uniqueIndex('calendar_holidays_tenant_calendar_date_key').on(t.tenantId, t.calendarId, t.date),
    foreignKey({
      columns: [t.tenantId, t.calendarId],
      foreignColumns: [businessCalendars.tenantId, businessCalendars.id],
    }).onDelete('cascade'),
  ],
);
export type CalendarHolidayRow = typeof calendarHolidays.$inferSelect;

/** Ordered SLA policies: the first active one whose conditions match a ticket applies. */
export const slaPolicies = pgTable(
  'sla_policies',
  {
    tenantId: tenantId(),
    id: id(),
    name: text('name').notNull(),
    position: integer('position').notNull(),
    active: boolean('active').notNull().default(true),
    conditions: jsonb('conditions').$type<TSlaConditions>().notNull().default({}),
    // {"urgent":{"firstResponse":60,"nextResponse":120,"resolution":480},"high":…} in business minutes.
    targets: jsonb('targets').$type<TSlaTargets>().notNull().default({}),
    pauseStatuses: text('pause_statuses')
      .array()
      .notNull()
      .default(sql`'{pending_customer,on_hold}'::text[]`),
    warnAtPercent: integer('warn_at_percent').notNull().default(80),
    // null: the tenant's default calendar at the time the SLA is planned.
    calendarId: uuid('calendar_id'),
    version: version(),
    ...timestamps(),
    deletedAt: tstz('deleted_at'),
  },
  (t) => [
    tenantPk(t),
    index('sla_policies_tenant_position_idx').on(t.tenantId, t.position).where(sql`deleted_at is null`),
    foreignKey({
      columns: [t.tenantId, t.calendarId],
      foreignColumns: [businessCalendars.tenantId, businessCalendars.id],
    }),
  ],
);
export type SlaPolicyRow = typeof slaPolicies.$inferSelect;
