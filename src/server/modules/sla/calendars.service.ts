import { and, asc, eq, gt, isNotNull, isNull, ne, or, sql } from 'drizzle-orm';
import type {
  TBusinessCalendar,
  TCreateBusinessCalendar,
  TImportHolidays,
  TImportHolidaysResult,
  TSlot,
  TUpdateBusinessCalendar,
  TWeeklyHours,
} from '../../../shared/sla.schemas.js';
import type { Clock } from '../../platform/clock.js';
import type { Database, Tx } from '../../platform/db/database.js';
import { AppError, validationError } from '../../platform/errors/app-error.js';
import { scopeOf, type TenantCtx } from '../../platform/http/actor.js';
import { uuidv7 } from '../../platform/ids.js';
import { type AuditEntry, auditFromCtx, recordAudit } from '../audit/index.js';
import { getCurrentTenant } from '../tenants/index.js';
import { addBusinessMinutes, type BusinessCalendar } from './business-time.js';
import { holidaysOf, importIsraeliHolidays, replaceHolidays, toHoliday } from './calendar-holidays.js';
import {
  type BusinessCalendarRow,
  businessCalendars,
  type CalendarHolidayRow,
  slaPolicies,
} from './sla.table.js';
import { decodeCursor, expectedVersion, notFound, pageOf, versionConflict } from './sla-common.js';

export type SlaDeps = { database: Database; clock: Clock };

/** A calendar ready for the business-time functions, with its id and name. */
export type LoadedCalendar = BusinessCalendar & { id: string; name: string };

const WORKDAY: TSlot[] = [['08:00', '17:00']];
/** New tenants' hours: Sunday–Thursday 08:00–17:00, Friday and Saturday closed. */
export const DEFAULT_WEEKLY_HOURS: TWeeklyHours = {
  sun: WORKDAY,
  mon: WORKDAY,
  tue: WORKDAY,
  wed: WORKDAY,
  thu: WORKDAY,
  fri: [],
  sat: [],
};
const DEFAULT_NAME = { he: 'שעות פעילות', en: 'Business hours' } as const;

export const toCalendar = (r: BusinessCalendarRow, holidays?: CalendarHolidayRow[]): TBusinessCalendar => ({
  id: r.id,
  name: r.name,
  timezone: r.timezone,
  weeklyHours: r.weeklyHours,
  isDefault: r.isDefault,
  version: r.version,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
  deletedAt: r.deletedAt?.toISOString() ?? null,
  ...(holidays ? { holidays: holidays.map(toHoliday) } : {}),
});

const toBusinessCalendar = (r: BusinessCalendarRow, holidays: CalendarHolidayRow[]): LoadedCalendar => ({
  id: r.id,
  name: r.name,
  timezone: r.timezone,
  weeklyHours: r.weeklyHours,
  holidays: new Map(holidays.map((h) => [h.date, { kind: h.kind, hours: h.hours }])),
});

export const getCalendarRowOrThrow = async (tx: Tx, id: string, opts: { includeDeleted?: boolean } = {}) => {
  const [row] = await tx
    .select()
    .from(businessCalendars)
    .where(
      and(
        eq(businessCalendars.id, id),
        opts.includeDeleted ? undefined : isNull(businessCalendars.deletedAt),
      ),
    )
    .limit(1);
  if (!row) throw notFound('Business calendar');
  return row;
};

/** A calendar (not in the trash) with its holidays, for the business-time functions. */
export const loadCalendar = async (tx: Tx, calendarId: string): Promise<LoadedCalendar> =>
  toBusinessCalendar(await getCalendarRowOrThrow(tx, calendarId), await holidaysOf(tx, calendarId));

const findDefaultCalendar = async (tx: Tx) => {
  const [row] = await tx
    .select()
    .from(businessCalendars)
    .where(and(eq(businessCalendars.isDefault, true), isNull(businessCalendars.deletedAt)))
    .limit(1);
  return row;
};

const systemAudit = (tenantId: string, action: string, id: string, details?: object): AuditEntry => ({
  tenantId,
  actorKind: 'system',
  action,
  targetKind: 'business_calendar',
  targetId: id,
  ...(details ? { details: { ...details } } : {}),
});

/**
 * The tenant's default calendar, created on first use: Sunday–Thursday 08:00–17:00, Friday closed,
 * Asia/Jerusalem, with this year's and next year's Israeli holidays. Runs in the caller's tenant
 * transaction; an advisory lock keeps two first requests from creating two.
 */
export const ensureDefaultCalendar = async (
  tx: Tx,
  tenantId: string,
  now: Date,
): Promise<BusinessCalendarRow> => {
  const found = await findDefaultCalendar(tx);
  if (found) return found;
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`kesher:sla-calendar:${tenantId}`}))`);
  const again = await findDefaultCalendar(tx);
  if (again) return again;
  const tenant = await getCurrentTenant(tx, tenantId);
  const [row] = await tx
    .insert(businessCalendars)
    .values({
      tenantId,
      name: DEFAULT_NAME[tenant?.locale ?? 'he'],
      timezone: 'Asia/Jerusalem',
      weeklyHours: DEFAULT_WEEKLY_HOURS,
      isDefault: true,
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  if (!row) throw new Error('default calendar insert returned nothing');
  // The year in Israel, not in the server's zone: on 31 December 23:30 UTC it is already January there.
  const year = Number(
    new Intl.DateTimeFormat('en-US', { timeZone: row.timezone, year: 'numeric' }).format(now),
  );
  for (const y of [year, year + 1]) await importIsraeliHolidays(tx, row, y, undefined, now);
  await recordAudit(tx, systemAudit(tenantId, 'business_calendar.created_default', row.id));
  return row;
};

// Another calendar stops being the default when this one becomes it (one default per tenant).
const unsetOtherDefault = (tx: Tx, keepId: string, now: Date) =>
  tx
    .update(businessCalendars)
    .set({ isDefault: false, version: sql`${businessCalendars.version} + 1`, updatedAt: now })
    .where(and(eq(businessCalendars.isDefault, true), ne(businessCalendars.id, keepId)));

export type ListCalendarsInput = {
  limit: number;
  cursor?: string | undefined;
  includeDeleted?: 'true' | 'false' | undefined;
};

export const createCalendars = (deps: SlaDeps) => {
  const inTx = <T>(ctx: TenantCtx, fn: (tx: Tx) => Promise<T>) => deps.database.tenantTx(scopeOf(ctx), fn);

  const withHolidays = async (tx: Tx, row: BusinessCalendarRow) =>
    toCalendar(row, await holidaysOf(tx, row.id));

  return {
    /** Lists calendars by name; the tenant's default calendar is created on the first call. */
    list: (ctx: TenantCtx, q: ListCalendarsInput) =>
      inTx(ctx, async (tx) => {
        await ensureDefaultCalendar(tx, ctx.tenantId, deps.clock.now());
        const c = q.cursor ? decodeCursor(q.cursor, 'string') : undefined;
        const rows = await tx
          .select()
          .from(businessCalendars)
          .where(
            and(
              q.includeDeleted === 'true'
                ? isNotNull(businessCalendars.deletedAt)
                : isNull(businessCalendars.deletedAt),
              c
                ? or(
                    gt(businessCalendars.name, String(c.v)),
                    and(eq(businessCalendars.name, String(c.v)), gt(businessCalendars.id, c.id)),
                  )
                : undefined,
            ),
          )
          .orderBy(asc(businessCalendars.name), asc(businessCalendars.id))
          .limit(q.limit + 1);
        return pageOf(
          rows,
          q.limit,
          (r) => r.name,
          (r) => toCalendar(r),
        );
      }),

    get: (ctx: TenantCtx, id: string) =>
      inTx(ctx, async (tx) => withHolidays(tx, await getCalendarRowOrThrow(tx, id))),

    create: (ctx: TenantCtx, input: TCreateBusinessCalendar) =>
      inTx(ctx, async (tx) => {
        const now = deps.clock.now();
        // Keep "exactly one default": the tenant's first calendar must not race the lazy default.
        await ensureDefaultCalendar(tx, ctx.tenantId, now);
        const id = uuidv7();
        if (input.isDefault) await unsetOtherDefault(tx, id, now);
        const [row] = await tx
          .insert(businessCalendars)
          .values({
            id,
            tenantId: ctx.tenantId,
            name: input.name,
            timezone: input.timezone,
            weeklyHours: input.weeklyHours,
            isDefault: input.isDefault,
            createdAt: now,
            updatedAt: now,
          })
          .returning();
        if (!row) throw new Error('calendar insert returned nothing');
        await replaceHolidays(tx, row, input.holidays, now);
        await recordAudit(
          tx,
          auditFromCtx(ctx, 'business_calendar.created', { kind: 'business_calendar', id: row.id }),
        );
        return withHolidays(tx, row);
      }),

    update: (ctx: TenantCtx, id: string, input: TUpdateBusinessCalendar, ifMatch: string | undefined) =>
      inTx(ctx, async (tx) => {
        const expected = expectedVersion(ifMatch, input.version);
        const current = await getCalendarRowOrThrow(tx, id);
        if (current.version !== expected) throw versionConflict(await withHolidays(tx, current));
        const now = deps.clock.now();
        if (input.isDefault && !current.isDefault) await unsetOtherDefault(tx, id, now);
        const [row] = await tx
          .update(businessCalendars)
          .set({
            ...(input.name !== undefined ? { name: input.name } : {}),
            ...(input.timezone !== undefined ? { timezone: input.timezone } : {}),
            ...(input.weeklyHours !== undefined ? { weeklyHours: input.weeklyHours } : {}),
            ...(input.isDefault ? { isDefault: true } : {}),
            version: current.version + 1,
            updatedAt: now,
          })
          .where(and(eq(businessCalendars.id, id), eq(businessCalendars.version, current.version)))
          .returning();
        if (!row) throw versionConflict(await withHolidays(tx, await getCalendarRowOrThrow(tx, id)));
        if (input.holidays) await replaceHolidays(tx, row, input.holidays, now);
        const { version: _v, holidays, ...fields } = input;
        await recordAudit(
          tx,
          auditFromCtx(
            ctx,
            'business_calendar.updated',
            { kind: 'business_calendar', id },
            { fields: [...Object.keys(fields), ...(holidays ? ['holidays'] : [])] },
          ),
        );
        return withHolidays(tx, row);
      }),

    /** Moves to the trash. The default calendar, or one a policy uses, cannot go. */
    remove: (ctx: TenantCtx, id: string) =>
      inTx(ctx, async (tx) => {
        const current = await getCalendarRowOrThrow(tx, id);
        if (current.isDefault) {
          throw new AppError('CALENDAR_IN_USE', {
            userMessage: 'This is the default calendar. Make another calendar the default first.',
          });
        }
        const [user] = await tx
          .select({ id: slaPolicies.id, name: slaPolicies.name })
          .from(slaPolicies)
          .where(and(eq(slaPolicies.calendarId, id), isNull(slaPolicies.deletedAt)))
          .limit(1);
        if (user) {
          throw new AppError('CALENDAR_IN_USE', {
            userMessage: `The SLA policy "${user.name}" uses this calendar. Change the policy first.`,
          });
        }
        const now = deps.clock.now();
        await tx
          .update(businessCalendars)
          .set({ deletedAt: now, version: current.version + 1, updatedAt: now })
          .where(eq(businessCalendars.id, id));
        await recordAudit(
          tx,
          auditFromCtx(ctx, 'business_calendar.deleted', { kind: 'business_calendar', id }),
        );
      }),

    restore: (ctx: TenantCtx, id: string) =>
      inTx(ctx, async (tx) => {
        const current = await getCalendarRowOrThrow(tx, id, { includeDeleted: true });
        if (!current.deletedAt) return withHolidays(tx, current);
        const [row] = await tx
          .update(businessCalendars)
          .set({ deletedAt: null, version: current.version + 1, updatedAt: deps.clock.now() })
          .where(eq(businessCalendars.id, id))
          .returning();
        if (!row) throw notFound('Business calendar');
        await recordAudit(
          tx,
          auditFromCtx(ctx, 'business_calendar.restored', { kind: 'business_calendar', id }),
        );
        return withHolidays(tx, row);
      }),

    /** Imports a year of Israeli holidays. Idempotent; manual holidays on the same dates win. */
    importHolidays: (ctx: TenantCtx, id: string, input: TImportHolidays): Promise<TImportHolidaysResult> =>
      inTx(ctx, async (tx) => {
        const current = await getCalendarRowOrThrow(tx, id);
        const now = deps.clock.now();
        const counts = await importIsraeliHolidays(tx, current, input.year, input.shortHours, now);
        if (counts.added || counts.updated) {
          await tx
            .update(businessCalendars)
            .set({ version: current.version + 1, updatedAt: now })
            .where(eq(businessCalendars.id, id));
        }
        await recordAudit(
          tx,
          auditFromCtx(
            ctx,
            'business_calendar.holidays_imported',
            { kind: 'business_calendar', id },
            { year: input.year, country: input.country, ...counts },
          ),
        );
        const holidays = await holidaysOf(tx, id, { from: `${input.year}-01-01`, to: `${input.year}-12-31` });
        return { year: input.year, ...counts, holidays: holidays.map(toHoliday) };
      }),

    /** When `minutes` business minutes after `start` end on this calendar. */
    preview: (ctx: TenantCtx, id: string, input: { start: string; minutes: number }) =>
      inTx(ctx, async (tx) => {
        const calendar = await loadCalendar(tx, id);
        const start = new Date(input.start);
        if (Number.isNaN(start.getTime()))
          throw validationError([{ path: 'start', message: 'Invalid time' }]);
        const due = addBusinessMinutes(calendar, start, input.minutes);
        return { start: start.toISOString(), due: due.toISOString() };
      }),
  };
};

export type Calendars = ReturnType<typeof createCalendars>;
