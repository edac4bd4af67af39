// Business-time arithmetic over a calendar: weekly slots in a time zone, holidays (closed) and
// short days (their own hours). Pure: no database, no clock. Time-zone conversion uses Intl only
// (no tz library), so wall-clock hours stay 08:00–17:00 local across daylight-saving changes.
import { minutesOfDay, type TSlot, WEEKDAYS, type Weekday } from '../../../shared/sla.schemas.js';

export type HolidayRule = { kind: 'closed' | 'short'; hours?: readonly TSlot[] | null | undefined };

/**
 * What the business-time functions need. `holidays` is keyed by local date (YYYY-MM-DD in the
 * calendar's time zone). Treat a calendar as immutable: day schedules are memoised per object.
 */
export type BusinessCalendar = {
  timezone: string;
  weeklyHours: Partial<Record<Weekday, readonly TSlot[]>>;
  holidays: ReadonlyMap<string, HolidayRule>;
};

/** Hours of a short day (holiday eve) when the holiday names none. */
export const DEFAULT_SHORT_HOURS: readonly TSlot[] = [['08:00', '13:00']];

const MINUTE = 60_000;
const DAY = 86_400_000;
// A calendar with no open minute in this many consecutive days is treated as never open.
const MAX_CLOSED_DAYS = 800;

// ── Time zones through Intl ───────────────────────────────────────────

const formatters = new Map<string, Intl.DateTimeFormat>();
const formatterOf = (tz: string) => {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(tz, f);
  }
  return f;
};

/** Wall-clock fields of an instant in a time zone. */
const wallClock = (tz: string, t: number) => {
  const out = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  for (const p of formatterOf(tz).formatToParts(new Date(t))) {
    if (p.type in out) out[p.type as keyof typeof out] = Number(p.value);
  }
  if (out.hour === 24) out.hour = 0; // some engines print midnight as 24 even with h23
  return out;
};

/** The zone's UTC offset at instant t, in ms (Israel: +2 h in winter, +3 h in summer). */
export const utcOffsetMs = (tz: string, t: number): number => {
  const w = wallClock(tz, t);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUtc - (t - (((t % 1000) + 1000) % 1000));
};

/**
 * The instant at `minutes` past local midnight of `date` in tz (minutes may be 1440 for 24:00).
 * A wall time skipped by a spring-forward gap maps to the same distance past the gap.
 */
export const zonedTimeToUtc = (date: string, minutes: number, tz: string): number => {
  const wall = Date.parse(`${date}T00:00:00Z`) + minutes * MINUTE;
  const o1 = utcOffsetMs(tz, wall);
  const t = wall - o1;
  const o2 = utcOffsetMs(tz, t);
  return o2 === o1 ? t : wall - o2;
};

/** The local date (YYYY-MM-DD) of an instant in tz. */
export const localDateOf = (tz: string, t: number): string => {
  const w = wallClock(tz, t);
  return `${String(w.year).padStart(4, '0')}-${String(w.month).padStart(2, '0')}-${String(w.day).padStart(2, '0')}`;
};

export const addDays = (date: string, n: number): string =>
  new Date(Date.parse(`${date}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);

export const weekdayOf = (date: string): Weekday =>
  WEEKDAYS[new Date(`${date}T00:00:00Z`).getUTCDay()] ?? 'sun';

// ── Day schedules ─────────────────────────────────────────────────────

type Interval = readonly [number, number];
const dayCache = new WeakMap<BusinessCalendar, Map<string, readonly Interval[]>>();

/** The slots a calendar is open on a local date, after holidays. */
export const slotsOn = (cal: BusinessCalendar, date: string): readonly TSlot[] => {
  const regular = cal.weeklyHours[weekdayOf(date)] ?? [];
  const holiday = cal.holidays.get(date);
  if (!holiday) return regular;
  if (holiday.kind === 'closed') return [];
  // A short day keeps its own hours, but only on a day the business works at all: an eve that
  // falls on a Saturday (Erev Pesach 2025) does not open the office.
  if (regular.length === 0) return [];
  return holiday.hours?.length ? holiday.hours : DEFAULT_SHORT_HOURS;
};

/** Open intervals of a local date as UTC epoch ms, sorted. */
const intervalsOn = (cal: BusinessCalendar, date: string): readonly Interval[] => {
  let cache = dayCache.get(cal);
  if (!cache) {
    cache = new Map();
    dayCache.set(cal, cache);
  }
  const hit = cache.get(date);
  if (hit) return hit;
  const out = slotsOn(cal, date)
    .map(
      ([s, e]) =>
        [
          zonedTimeToUtc(date, minutesOfDay(s), cal.timezone),
          zonedTimeToUtc(date, minutesOfDay(e), cal.timezone),
        ] as const,
    )
    .filter(([s, e]) => e > s)
    .sort((a, b) => a[0] - b[0]);
  if (cache.size > 4000) cache.clear();
  cache.set(date, out);
  return out;
};

const neverOpen = () =>
  new RangeError(`The calendar has no business hours in ${MAX_CLOSED_DAYS} consecutive days`);

// ── Public API ────────────────────────────────────────────────────────

/**
 * The instant `minutes` business minutes after `start`. Time outside the calendar's hours does not
 * count, so a start outside hours rolls to the next opening; a result that lands exactly on a
 * closing time stays there (Thursday 16:30 + 30 → Thursday 17:00). `minutes = 0` returns `start`.
 * Walks whole days, so long spans cost one step per calendar day.
 */
export const addBusinessMinutes = (cal: BusinessCalendar, start: Date, minutes: number): Date => {
  if (!Number.isFinite(minutes) || minutes < 0) throw new RangeError(`minutes must be ≥ 0, got ${minutes}`);
  const t0 = start.getTime();
  let remaining = minutes * MINUTE;
  if (remaining === 0) return new Date(t0);
  let closedDays = 0;
  for (let date = localDateOf(cal.timezone, t0); ; date = addDays(date, 1)) {
    let opened = false;
    for (const [s, e] of intervalsOn(cal, date)) {
      const from = Math.max(s, t0);
      if (from >= e) continue;
      opened = true;
      const available = e - from;
      if (available >= remaining) return new Date(from + remaining);
      remaining -= available;
    }
    closedDays = opened ? 0 : closedDays + 1;
    if (closedDays > MAX_CLOSED_DAYS) throw neverOpen();
  }
};

/** Business minutes between two instants (negative when b is before a). */
export const businessMinutesBetween = (cal: BusinessCalendar, a: Date, b: Date): number => {
  const ta = a.getTime();
  const tb = b.getTime();
  if (tb < ta) return -businessMinutesBetween(cal, b, a);
  if (tb === ta) return 0;
  let total = 0;
  const last = localDateOf(cal.timezone, tb);
  for (let date = localDateOf(cal.timezone, ta); date <= last; date = addDays(date, 1)) {
    for (const [s, e] of intervalsOn(cal, date)) {
      const overlap = Math.min(e, tb) - Math.max(s, ta);
      if (overlap > 0) total += overlap;
    }
  }
  return total / MINUTE;
};

/** True when `t` falls inside the calendar's open hours. */
export const isBusinessTime = (cal: BusinessCalendar, t: Date): boolean => {
  const ms = t.getTime();
  return intervalsOn(cal, localDateOf(cal.timezone, ms)).some(([s, e]) => ms >= s && ms < e);
};

/** The first open instant at or after `t` (t itself when open). */
export const nextBusinessStart = (cal: BusinessCalendar, t: Date): Date => {
  const ms = t.getTime();
  let closedDays = 0;
  for (let date = localDateOf(cal.timezone, ms); ; date = addDays(date, 1)) {
    for (const [s, e] of intervalsOn(cal, date)) if (e > ms) return new Date(Math.max(s, ms));
    if (++closedDays > MAX_CLOSED_DAYS) throw neverOpen();
  }
};
