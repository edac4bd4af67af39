// Israeli holidays for business calendars, from @hebcal/core with the Israel schedule.
// @hebcal/core is GPL-2.0: it runs on the server only and must never reach src/shared or src/web.
import { type Event, flags, HebrewCalendar } from '@hebcal/core';
import type { TSlot } from '../../../shared/sla.schemas.js';
import { addDays, DEFAULT_SHORT_HOURS } from './business-time.js';

export type IsraeliHoliday = {
  date: string;
  /** English name as hebcal spells it, e.g. "Pesach I", "Yom HaAtzma'ut". */
  name: string;
  /** Hebrew name without niqqud, e.g. "פסח א׳". */
  nameHe: string;
  kind: 'closed' | 'short';
  /** Hours of a short day; null for a closed one. */
  hours: TSlot[] | null;
};

// Yom Ha'atzmaut carries MODERN_HOLIDAY, not CHAG, yet it is a day off.
const YOM_HAATZMAUT = "Yom HaAtzma'ut";
// Yom HaZikaron is the eve of Yom Ha'atzmaut: businesses close early, as on a chag's eve.
const YOM_HAZIKARON = 'Yom HaZikaron';

const isoDateOf = (e: Event): string => {
  const d = e.getDate().greg();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

/**
 * Days of a Gregorian year that change business hours in Israel: each chag and Yom Ha'atzmaut is
 * `closed`; the eve of a chag (hebcal's EREV flag, when the next day is a chag) and Yom HaZikaron are
 * `short`, with `shortHours` (default 08:00–13:00). Days falling on a Saturday are kept; the weekly
 * schedule closes them anyway. Eves of minor days (Purim, Tish'a B'Av, Chanukah) are not listed.
 */
export const israeliHolidays = (
  year: number,
  opts: { shortHours?: readonly TSlot[] } = {},
): IsraeliHoliday[] => {
  const shortHours = (opts.shortHours ?? DEFAULT_SHORT_HOURS).map((s) => [s[0], s[1]] as TSlot);
  const events = HebrewCalendar.calendar({
    year,
    isHebrewYear: false,
    il: true,
    noMinorFast: true,
    noSpecialShabbat: true,
    noRoshChodesh: true,
  });
  const closedDates = new Set<string>();
  for (const e of events) {
    if (e.getFlags() & flags.CHAG || e.getDesc() === YOM_HAATZMAUT) closedDates.add(isoDateOf(e));
  }
  const byDate = new Map<string, IsraeliHoliday>();
  for (const e of events) {
    const date = isoDateOf(e);
    const desc = e.getDesc();
    const isClosed = Boolean(e.getFlags() & flags.CHAG) || desc === YOM_HAATZMAUT;
    const isShort =
      !isClosed &&
      ((Boolean(e.getFlags() & flags.EREV) && closedDates.has(addDays(date, 1))) || desc === YOM_HAZIKARON);
    if (!isClosed && !isShort) continue;
    const existing = byDate.get(date);
    // A closed day wins over a short one on the same date.
    if (existing && (existing.kind === 'closed' || !isClosed)) continue;
    byDate.set(date, {
      date,
      name: desc,
      nameHe: e.render('he-x-NoNikud'),
      kind: isClosed ? 'closed' : 'short',
      hours: isClosed ? null : shortHours.map((s) => [s[0], s[1]] as TSlot),
    });
  }
  return [...byDate.values()].sort((a, b) => a.date.localeCompare(b.date));
};
