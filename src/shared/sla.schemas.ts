import { z } from 'zod';
import { ZPageQuery } from './pagination.js';

// Business calendars and SLA policies: the API shapes, shared with the web app. Field checks that
// go beyond one value (slots ending before they start, overlaps, unknown time zones) live here too,
// so the settings screen shows the same errors the server returns.

export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export const SLA_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export const ZSlaPriority = z.enum(SLA_PRIORITIES);
export type TSlaPriority = z.infer<typeof ZSlaPriority>;

/** Ticket statuses as the SLA clock understands them (labels are configurable, semantics fixed). */
export const SLA_TICKET_STATUSES = [
  'new',
  'open',
  'pending_customer',
  'on_hold',
  'solved',
  'closed',
] as const;
export const ZSlaTicketStatus = z.enum(SLA_TICKET_STATUSES);
export type TSlaTicketStatus = z.infer<typeof ZSlaTicketStatus>;
/** Statuses that may pause the clock; solved/closed stop it instead. */
export const ZPauseStatus = z.enum(['new', 'open', 'pending_customer', 'on_hold']);

// ── Time slots ────────────────────────────────────────────────────────

/** "HH:MM" wall-clock time; "24:00" only makes sense as the end of a slot. */
export const ZTimeOfDay = z.string().regex(/^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'Use HH:MM (00:00–24:00)');
export const ZSlot = z.tuple([ZTimeOfDay, ZTimeOfDay]);
export type TSlot = z.infer<typeof ZSlot>;

export const minutesOfDay = (hhmm: string): number => {
  const [h, m] = hhmm.split(':');
  return Number(h) * 60 + Number(m);
};

/** Errors for one day's slots: a slot that does not end after it starts, or slots that overlap. */
export const slotErrors = (slots: readonly TSlot[], path: string): { path: string; message: string }[] => {
  const errors: { path: string; message: string }[] = [];
  slots.forEach(([start, end], i) => {
    if (minutesOfDay(end) <= minutesOfDay(start)) {
      errors.push({ path: `${path}.${i}`, message: `Slot ${start}–${end} must end after it starts` });
    }
  });
  if (errors.length) return errors;
  const order = slots.map((s, i) => ({ s, i })).sort((a, b) => minutesOfDay(a.s[0]) - minutesOfDay(b.s[0]));
  for (let k = 1; k < order.length; k++) {
    const prev = order[k - 1];
    const cur = order[k];
    if (prev && cur && minutesOfDay(cur.s[0]) < minutesOfDay(prev.s[1])) {
      errors.push({
        path: `${path}.${cur.i}`,
        message: `Slot ${cur.s[0]}–${cur.s[1]} overlaps ${prev.s[0]}–${prev.s[1]}`,
      });
    }
  }
  return errors;
};

const ZDaySlots = z.array(ZSlot).max(12);

export const ZWeeklyHours = z.object({
  sun: ZDaySlots.default([]),
  mon: ZDaySlots.default([]),
  tue: ZDaySlots.default([]),
  wed: ZDaySlots.default([]),
  thu: ZDaySlots.default([]),
  fri: ZDaySlots.default([]),
  sat: ZDaySlots.default([]),
});
export type TWeeklyHours = z.infer<typeof ZWeeklyHours>;

/** True when Intl knows the IANA time zone (e.g. Asia/Jerusalem). */
export const isValidTimeZone = (tz: string): boolean => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};

export const ZTimeZone = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .refine(isValidTimeZone, { message: 'Unknown time zone (use an IANA name such as Asia/Jerusalem)' });

const isRealDate = (s: string) => {
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
};
export const ZIsoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Use YYYY-MM-DD')
  .refine(isRealDate, { message: 'Not a real date' });

// ── Holidays ──────────────────────────────────────────────────────────

export const ZHolidayKind = z.enum(['closed', 'short']);
export type THolidayKind = z.infer<typeof ZHolidayKind>;

export const ZHolidayInput = z.object({
  date: ZIsoDate,
  name: z.string().trim().min(1).max(100),
  nameHe: z.string().trim().max(100).nullable().optional(),
  kind: ZHolidayKind,
  /** Hours of a short day; default 08:00–13:00. Not allowed on a closed day. */
  hours: z.array(ZSlot).max(12).nullable().optional(),
});
export type THolidayInput = z.infer<typeof ZHolidayInput>;

export const ZHoliday = z
  .object({
    date: z.string(),
    name: z.string(),
    nameHe: z.string().nullable(),
    kind: ZHolidayKind,
    hours: z.array(ZSlot).nullable(),
    source: z.enum(['manual', 'hebcal']),
  })
  .meta({ id: 'Holiday' });
export type THoliday = z.infer<typeof ZHoliday>;

type Issue = { path: (string | number)[]; message: string };
const addIssues = (ctx: z.RefinementCtx, issues: Issue[]) => {
  for (const i of issues) ctx.addIssue({ code: 'custom', path: i.path, message: i.message });
};
const splitPath = (p: string) => p.split('.').map((s) => (/^\d+$/.test(s) ? Number(s) : s));

const weeklyHoursIssues = (w: Partial<TWeeklyHours>, requireOpen: boolean): Issue[] => {
  const issues: Issue[] = [];
  for (const day of WEEKDAYS) {
    for (const e of slotErrors(w[day] ?? [], `weeklyHours.${day}`))
      issues.push({ path: splitPath(e.path), message: e.message });
  }
  if (requireOpen && WEEKDAYS.every((d) => (w[d] ?? []).length === 0)) {
    issues.push({ path: ['weeklyHours'], message: 'Open at least one slot in the week' });
  }
  return issues;
};

const holidaysIssues = (holidays: THolidayInput[]): Issue[] => {
  const issues: Issue[] = [];
  const seen = new Set<string>();
  holidays.forEach((h, i) => {
    if (seen.has(h.date))
      issues.push({ path: ['holidays', i, 'date'], message: `${h.date} is listed twice` });
    seen.add(h.date);
    if (h.kind === 'closed' && h.hours?.length) {
      issues.push({ path: ['holidays', i, 'hours'], message: 'A closed day has no hours' });
    }
    for (const e of slotErrors(h.hours ?? [], `holidays.${i}.hours`))
      issues.push({ path: splitPath(e.path), message: e.message });
  });
  return issues;
};

// ── Business calendars ────────────────────────────────────────────────

export const ZBusinessCalendar = z
  .object({
    id: z.uuid(),
    name: z.string(),
    timezone: z.string(),
    weeklyHours: ZWeeklyHours,
    isDefault: z.boolean(),
    version: z.number().int(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    deletedAt: z.iso.datetime().nullable(),
    /** Present on single-calendar responses; lists leave it out. */
    holidays: z.array(ZHoliday).optional(),
  })
  .meta({ id: 'BusinessCalendar' });
export type TBusinessCalendar = z.infer<typeof ZBusinessCalendar>;

export const ZCreateBusinessCalendar = z
  .object({
    name: z.string().trim().min(1).max(100),
    timezone: ZTimeZone.default('Asia/Jerusalem'),
    weeklyHours: ZWeeklyHours,
    holidays: z.array(ZHolidayInput).max(1000).default([]),
    isDefault: z.boolean().default(false),
  })
  .superRefine((v, ctx) => {
    addIssues(ctx, [...weeklyHoursIssues(v.weeklyHours, true), ...holidaysIssues(v.holidays)]);
  });
export type TCreateBusinessCalendar = z.infer<typeof ZCreateBusinessCalendar>;

export const ZUpdateBusinessCalendar = z
  .object({
    name: z.string().trim().min(1).max(100).optional(),
    timezone: ZTimeZone.optional(),
    /** The whole week: days left out are closed. */
    weeklyHours: ZWeeklyHours.optional(),
    /** The calendar's full holiday list: dates left out are removed; changed ones become manual. */
    holidays: z.array(ZHolidayInput).max(1000).optional(),
    /** Only `true`: making another calendar the default is how this one stops being it. */
    isDefault: z.literal(true).optional(),
    version: z.number().int().optional(),
  })
  .superRefine((v, ctx) => {
    addIssues(ctx, [
      ...(v.weeklyHours ? weeklyHoursIssues(v.weeklyHours, true) : []),
      ...(v.holidays ? holidaysIssues(v.holidays) : []),
    ]);
  });
export type TUpdateBusinessCalendar = z.infer<typeof ZUpdateBusinessCalendar>;

export const ZImportHolidays = z
  .object({
    year: z.number().int().min(2000).max(2100),
    country: z.literal('IL'),
    /** Hours for the eves (short days); default 08:00–13:00. */
    shortHours: z.array(ZSlot).min(1).max(12).optional(),
  })
  .superRefine((v, ctx) => {
    for (const e of slotErrors(v.shortHours ?? [], 'shortHours'))
      ctx.addIssue({ code: 'custom', path: splitPath(e.path), message: e.message });
  });
export type TImportHolidays = z.infer<typeof ZImportHolidays>;

export const ZImportHolidaysResult = z.object({
  year: z.number().int(),
  added: z.number().int(),
  updated: z.number().int(),
  /** Dates where a manual holiday exists: manual entries win over the import. */
  keptManual: z.number().int(),
  holidays: z.array(ZHoliday),
});
export type TImportHolidaysResult = z.infer<typeof ZImportHolidaysResult>;

export const ZCalendarPreview = z.object({
  start: z.iso.datetime({ offset: true }),
  minutes: z.number().int().min(0).max(1_000_000),
});
export const ZCalendarPreviewResult = z.object({ start: z.iso.datetime(), due: z.iso.datetime() });

// ── SLA policies ──────────────────────────────────────────────────────

const ZMinutes = z
  .number()
  .int()
  .min(1)
  .max(525_600 * 5);
export const ZSlaTargetSet = z.object({
  firstResponse: ZMinutes.optional(),
  nextResponse: ZMinutes.optional(),
  resolution: ZMinutes.optional(),
});
export type TSlaTargetSet = z.infer<typeof ZSlaTargetSet>;

/** Business-minute targets per priority; a priority left out has no SLA under this policy. */
export const ZSlaTargets = z.object({
  urgent: ZSlaTargetSet.optional(),
  high: ZSlaTargetSet.optional(),
  normal: ZSlaTargetSet.optional(),
  low: ZSlaTargetSet.optional(),
});
export type TSlaTargets = z.infer<typeof ZSlaTargets>;

const ZCondValues = z.array(z.string().trim().min(1).max(60)).max(50);
/** Every condition given must match (an empty or missing list matches anything). */
export const ZSlaConditions = z.object({
  priorities: z.array(ZSlaPriority).max(4).optional(),
  tiers: ZCondValues.optional(),
  categories: ZCondValues.optional(),
  channels: ZCondValues.optional(),
});
export type TSlaConditions = z.infer<typeof ZSlaConditions>;

export const ZSlaPolicy = z
  .object({
    id: z.uuid(),
    name: z.string(),
    position: z.number().int(),
    active: z.boolean(),
    conditions: ZSlaConditions,
    targets: ZSlaTargets,
    pauseStatuses: z.array(ZPauseStatus),
    warnAtPercent: z.number().int(),
    /** null: the tenant's default calendar. */
    calendarId: z.uuid().nullable(),
    version: z.number().int(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    deletedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'SlaPolicy' });
export type TSlaPolicy = z.infer<typeof ZSlaPolicy>;

export const ZCreateSlaPolicy = z.object({
  name: z.string().trim().min(1).max(100),
  position: z.number().int().min(0).max(10_000).optional(),
  active: z.boolean().default(true),
  conditions: ZSlaConditions.default({}),
  targets: ZSlaTargets,
  pauseStatuses: z.array(ZPauseStatus).max(4).default(['pending_customer', 'on_hold']),
  warnAtPercent: z.number().int().min(1).max(99).default(80),
  calendarId: z.uuid().nullable().default(null),
});
export type TCreateSlaPolicy = z.infer<typeof ZCreateSlaPolicy>;

export const ZUpdateSlaPolicy = z.object({
  name: z.string().trim().min(1).max(100).optional(),
  active: z.boolean().optional(),
  conditions: ZSlaConditions.optional(),
  targets: ZSlaTargets.optional(),
  pauseStatuses: z.array(ZPauseStatus).max(4).optional(),
  warnAtPercent: z.number().int().min(1).max(99).optional(),
  calendarId: z.uuid().nullable().optional(),
  version: z.number().int().optional(),
});
export type TUpdateSlaPolicy = z.infer<typeof ZUpdateSlaPolicy>;

export const ZReorderSlaPolicies = z.object({ ids: z.array(z.uuid()).min(1).max(500) });

export const ZSlaListQuery = ZPageQuery.extend({ includeDeleted: z.enum(['true', 'false']).optional() });
