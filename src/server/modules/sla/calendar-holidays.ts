// Holidays of a business calendar: reading them, replacing the list from an API write, and
// importing Israeli holidays (manual entries always win over an import).
import { and, asc, eq, gte, lte } from 'drizzle-orm';
import type { THoliday, THolidayInput, TSlot } from '../../../shared/sla.schemas.js';
import type { Tx } from '../../platform/db/database.js';
import { DEFAULT_SHORT_HOURS } from './business-time.js';
import { israeliHolidays } from './israeli-holidays.js';
import { type BusinessCalendarRow, type CalendarHolidayRow, calendarHolidays } from './sla.table.js';

export const toHoliday = (r: CalendarHolidayRow): THoliday => ({
  date: r.date,
  name: r.name,
  nameHe: r.nameHe,
  kind: r.kind,
  hours: r.hours,
  source: r.source,
});

export const holidaysOf = (tx: Tx, calendarId: string, range?: { from: string; to: string }) =>
  tx
    .select()
    .from(calendarHolidays)
    .where(
      and(
        eq(calendarHolidays.calendarId, calendarId),
        range ? gte(calendarHolidays.date, range.from) : undefined,
        range ? lte(calendarHolidays.date, range.to) : undefined,
      ),
    )
    .orderBy(asc(calendarHolidays.date));

const sameSlots = (a: TSlot[] | null, b: TSlot[] | null) =>
  JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** Adds or refreshes one year of Israeli holidays; manual entries on the same dates are kept. */
export const importIsraeliHolidays = async (
  tx: Tx,
  calendar: BusinessCalendarRow,
  year: number,
  shortHours: TSlot[] | undefined,
  now: Date,
) => {
  const incoming = israeliHolidays(year, shortHours ? { shortHours } : {});
  const existing = new Map(
    (await holidaysOf(tx, calendar.id, { from: `${year}-01-01`, to: `${year}-12-31` })).map((h) => [
      h.date,
      h,
    ]),
  );
  let added = 0;
  let updated = 0;
  let keptManual = 0;
  const toInsert: (typeof calendarHolidays.$inferInsert)[] = [];
  for (const h of incoming) {
    const cur = existing.get(h.date);
    if (!cur) {
      toInsert.push({
        tenantId: calendar.tenantId,
        calendarId: calendar.id,
        date: h.date,
        name: h.name,
        nameHe: h.nameHe,
        kind: h.kind,
        hours: h.hours,
        source: 'hebcal',
        createdAt: now,
        updatedAt: now,
      });
      added++;
    } else if (cur.source === 'manual') {
      keptManual++;
    } else if (
      cur.name !== h.name ||
      cur.nameHe !== h.nameHe ||
      cur.kind !== h.kind ||
      !sameSlots(cur.hours, h.hours)
    ) {
      await tx
        .update(calendarHolidays)
        .set({ name: h.name, nameHe: h.nameHe, kind: h.kind, hours: h.hours, updatedAt: now })
        .where(eq(calendarHolidays.id, cur.id));
      updated++;
    }
  }
  // A concurrent import of the same year may have inserted a date meanwhile: keep its row.
  if (toInsert.length) await tx.insert(calendarHolidays).values(toInsert).onConflictDoNothing();
  return { added, updated, keptManual };
};

const normaliseHoliday = (h: THolidayInput, current?: CalendarHolidayRow) => ({
  date: h.date,
  name: h.name,
  // Left out on a date that already has a holiday: keep the Hebrew name it had.
  nameHe: h.nameHe !== undefined ? h.nameHe || null : (current?.nameHe ?? null),
  kind: h.kind,
  hours:
    h.kind === 'short' ? (h.hours?.length ? h.hours : DEFAULT_SHORT_HOURS.map((s) => [...s] as TSlot)) : null,
});

/** Makes the calendar's holidays exactly `list`: unchanged entries keep their source, edits become manual. */
export const replaceHolidays = async (
  tx: Tx,
  calendar: BusinessCalendarRow,
  list: THolidayInput[],
  now: Date,
) => {
  const existing = new Map((await holidaysOf(tx, calendar.id)).map((h) => [h.date, h]));
  const wanted = new Set(list.map((h) => h.date));
  for (const [date, cur] of existing) {
    if (!wanted.has(date)) await tx.delete(calendarHolidays).where(eq(calendarHolidays.id, cur.id));
  }
  const toInsert: (typeof calendarHolidays.$inferInsert)[] = [];
  for (const input of list) {
    const cur = existing.get(input.date);
    const h = normaliseHoliday(input, cur);
    if (!cur) {
      toInsert.push({
        ...h,
        tenantId: calendar.tenantId,
        calendarId: calendar.id,
        source: 'manual',
        createdAt: now,
        updatedAt: now,
      });
    } else if (
      cur.name !== h.name ||
      cur.nameHe !== h.nameHe ||
      cur.kind !== h.kind ||
      !sameSlots(cur.hours, h.hours)
    ) {
      await tx
        .update(calendarHolidays)
        .set({ ...h, source: 'manual', updatedAt: now })
        .where(eq(calendarHolidays.id, cur.id));
    }
  }
  if (toInsert.length) await tx.insert(calendarHolidays).values(toInsert);
};
