import { describe, expect, it } from 'vitest';
import type { TSlot } from '../../../../shared/sla.schemas.js';
import {
  addBusinessMinutes,
  type BusinessCalendar,
  businessMinutesBetween,
  type HolidayRule,
  isBusinessTime,
  nextBusinessStart,
  utcOffsetMs,
  zonedTimeToUtc,
} from '../business-time.js';

// Israel is UTC+2 in winter and UTC+3 in summer (2025: 28 Mar–26 Oct; 2026: 27 Mar–25 Oct), so
// 08:00 local is 06:00Z in winter and 05:00Z in summer.
const DAY: TSlot[] = [['08:00', '17:00']];
const SUN_THU = { sun: DAY, mon: DAY, tue: DAY, wed: DAY, thu: DAY, fri: [], sat: [] };

const calendar = (
  holidays: Record<string, HolidayRule> = {},
  weeklyHours: BusinessCalendar['weeklyHours'] = SUN_THU,
): BusinessCalendar => ({
  timezone: 'Asia/Jerusalem',
  weeklyHours,
  holidays: new Map(Object.entries(holidays)),
});

const closed: HolidayRule = { kind: 'closed' };
const short: HolidayRule = { kind: 'short', hours: [['08:00', '13:00']] };

const add = (cal: BusinessCalendar, iso: string, minutes: number) =>
  addBusinessMinutes(cal, new Date(iso), minutes).toISOString();
const between = (cal: BusinessCalendar, a: string, b: string) =>
  businessMinutesBetween(cal, new Date(a), new Date(b));

describe('time-zone conversion through Intl', () => {
  it('knows Israel’s offsets either side of the 2026 changes', () => {
    const h = 3_600_000;
    expect(utcOffsetMs('Asia/Jerusalem', Date.parse('2026-03-26T12:00:00Z'))).toBe(2 * h);
    expect(utcOffsetMs('Asia/Jerusalem', Date.parse('2026-03-27T12:00:00Z'))).toBe(3 * h);
    expect(utcOffsetMs('Asia/Jerusalem', Date.parse('2026-10-24T12:00:00Z'))).toBe(3 * h);
    expect(utcOffsetMs('Asia/Jerusalem', Date.parse('2026-10-25T12:00:00Z'))).toBe(2 * h);
  });

  it('maps local wall-clock times to UTC, including across and inside the transitions', () => {
    const at = (date: string, hhmm: string) => {
      const [hh, mm] = hhmm.split(':').map(Number);
      return new Date(zonedTimeToUtc(date, (hh ?? 0) * 60 + (mm ?? 0), 'Asia/Jerusalem')).toISOString();
    };
    expect(at('2026-03-26', '08:00')).toBe('2026-03-26T06:00:00.000Z');
    expect(at('2026-03-27', '08:00')).toBe('2026-03-27T05:00:00.000Z');
    // 02:30 does not exist on 27 March 2026 (02:00 → 03:00): it lands at 03:30.
    expect(at('2026-03-27', '02:30')).toBe('2026-03-27T00:30:00.000Z');
    expect(at('2026-10-25', '08:00')).toBe('2026-10-25T06:00:00.000Z');
    expect(at('2026-10-24', '24:00')).toBe('2026-10-24T21:00:00.000Z');
  });
});

describe('addBusinessMinutes', () => {
  const cal = calendar();

  it('Thursday 16:30 + 60 min → Sunday 08:30 (the weekend does not count)', () => {
    expect(add(cal, '2026-01-15T14:30:00Z', 60)).toBe('2026-01-18T06:30:00.000Z');
  });

  it('stays inside one day when it fits, and stops exactly at closing time', () => {
    expect(add(cal, '2026-01-18T07:00:00Z', 120)).toBe('2026-01-18T09:00:00.000Z'); // Sun 09:00 → 11:00
    expect(add(cal, '2026-01-15T14:30:00Z', 30)).toBe('2026-01-15T15:00:00.000Z'); // Thu 16:30 → 17:00
  });

  it('rolls a start outside hours to the next opening', () => {
    expect(add(cal, '2026-01-18T04:00:00Z', 10)).toBe('2026-01-18T06:10:00.000Z'); // Sun 06:00 → 08:10
    expect(add(cal, '2026-01-18T16:00:00Z', 10)).toBe('2026-01-19T06:10:00.000Z'); // Sun 18:00 → Mon 08:10
    expect(add(cal, '2026-01-16T08:00:00Z', 30)).toBe('2026-01-18T06:30:00.000Z'); // Fri 10:00 → Sun 08:30
  });

  it('a start on Saturday counts from Sunday 08:00', () => {
    expect(add(cal, '2026-01-17T10:00:00Z', 30)).toBe('2026-01-18T06:30:00.000Z');
    expect(add(cal, '2026-01-17T10:00:00Z', 540)).toBe('2026-01-18T15:00:00.000Z');
    expect(add(cal, '2026-01-17T10:00:00Z', 541)).toBe('2026-01-19T06:01:00.000Z');
  });

  it('minutes = 0 returns the start unchanged, even outside hours; negative minutes throw', () => {
    expect(add(cal, '2026-01-17T10:00:00Z', 0)).toBe('2026-01-17T10:00:00.000Z');
    expect(add(cal, '2026-01-18T07:00:00Z', 0)).toBe('2026-01-18T07:00:00.000Z');
    expect(() => add(cal, '2026-01-18T07:00:00Z', -1)).toThrow(RangeError);
  });

  it('several slots a day: the lunch break does not count', () => {
    const split: TSlot[] = [
      ['08:00', '12:30'],
      ['13:00', '17:00'],
    ];
    const lunch = calendar({}, { ...SUN_THU, sun: split, mon: split });
    // Sun 12:00 + 60: 30 min before lunch, 30 after → 13:30.
    expect(add(lunch, '2026-01-18T10:00:00Z', 60)).toBe('2026-01-18T11:30:00.000Z');
    // Sun 12:15 + 15 → 12:30 exactly; + 16 → 13:01.
    expect(add(lunch, '2026-01-18T10:15:00Z', 15)).toBe('2026-01-18T10:30:00.000Z');
    expect(add(lunch, '2026-01-18T10:15:00Z', 16)).toBe('2026-01-18T11:01:00.000Z');
    // A start during lunch rolls to 13:00.
    expect(add(lunch, '2026-01-18T10:45:00Z', 5)).toBe('2026-01-18T11:05:00.000Z');
    expect(between(lunch, '2026-01-18T00:00:00Z', '2026-01-19T00:00:00Z')).toBe(510);
  });

  it('Erev Pesach 2026 is a short day (08:00–13:00) and Pesach I is closed', () => {
    const pesach = calendar({ '2026-04-01': short, '2026-04-02': closed });
    // Wed 1 Apr 12:00 (UTC+3) + 120: 60 min until 13:00; Thu closed; Fri/Sat off; Sun 5 Apr 08:00–09:00.
    expect(add(pesach, '2026-04-01T09:00:00Z', 120)).toBe('2026-04-05T06:00:00.000Z');
    // Starting after the short day's 13:00 close.
    expect(add(pesach, '2026-04-01T11:00:00Z', 30)).toBe('2026-04-05T05:30:00.000Z');
    expect(between(pesach, '2026-03-31T21:00:00Z', '2026-04-02T21:00:00Z')).toBe(300);
  });

  it('a short day without hours uses 08:00–13:00; its own hours win when given', () => {
    const defaultShort = calendar({ '2026-01-18': { kind: 'short' } });
    expect(add(defaultShort, '2026-01-18T06:00:00Z', 300)).toBe('2026-01-18T11:00:00.000Z');
    expect(add(defaultShort, '2026-01-18T06:00:00Z', 301)).toBe('2026-01-19T06:01:00.000Z');
    const ownHours = calendar({ '2026-01-18': { kind: 'short', hours: [['09:00', '12:00']] } });
    expect(add(ownHours, '2026-01-18T06:00:00Z', 60)).toBe('2026-01-18T08:00:00.000Z');
  });

  it('an eve that falls on a day off (Erev Pesach 2025, a Saturday) does not open the office', () => {
    const pesach2025 = calendar({ '2025-04-12': short, '2025-04-13': closed, '2025-04-19': closed });
    // Thu 10 Apr 16:00 (UTC+3) + 120: 60 on Thursday, Sat short ignored, Sun closed, Mon 08:00–09:00.
    expect(add(pesach2025, '2025-04-10T13:00:00Z', 120)).toBe('2025-04-14T06:00:00.000Z');
  });

  it('the Tishrei holiday season: Erev Sukkot short, Sukkot I closed, Chol HaMoed open, Shmini Atzeret closed', () => {
    const tishrei = calendar({
      '2025-09-22': short, // Erev Rosh Hashana
      '2025-09-23': closed, // Rosh Hashana
      '2025-09-24': closed, // Rosh Hashana II
      '2025-10-01': short, // Erev Yom Kippur
      '2025-10-02': closed, // Yom Kippur
      '2025-10-06': short, // Erev Sukkot
      '2025-10-07': closed, // Sukkot I
      '2025-10-14': closed, // Shmini Atzeret
    });
    // Mon 6 Oct 12:00 + 600: 60 on the eve, Tue closed, Wed 8 Oct 08:00–17:00 (540) → 17:00.
    expect(add(tishrei, '2025-10-06T09:00:00Z', 600)).toBe('2025-10-08T14:00:00.000Z');
    // Mon 13 Oct (Hoshana Raba, a working day) 16:00 + 120: 60, Tue closed, Wed 08:00–09:00.
    expect(add(tishrei, '2025-10-13T13:00:00Z', 120)).toBe('2025-10-15T06:00:00.000Z');
    // Wed 1 Oct (Erev Yom Kippur) 12:30 + 60: 30 until 13:00, Thu closed, Fri/Sat off, Sun 08:30.
    expect(add(tishrei, '2025-10-01T09:30:00Z', 60)).toBe('2025-10-05T05:30:00.000Z');
    // Four weeks from Sun 21 Sep to Sun 19 Oct (local midnights):
    // 1380 (RH week) + 1920 (Yom Kippur week) + 1920 (Sukkot week) + 2160 (Shmini Atzeret week).
    expect(between(tishrei, '2025-09-20T21:00:00Z', '2025-10-18T21:00:00Z')).toBe(7380);
  });

  it('DST starts Friday 27 March 2026: hours stay 08:00–17:00 local on both sides', () => {
    // Thu 26 Mar 16:30 (UTC+2) + 60 → Sun 29 Mar 08:30 (UTC+3).
    expect(add(cal, '2026-03-26T14:30:00Z', 60)).toBe('2026-03-29T05:30:00.000Z');
    // With Fridays open 08:00–13:00: Thu 16:00 + 120 → Fri 27 Mar 09:00 local = 06:00Z.
    const withFriday = calendar({}, { ...SUN_THU, fri: [['08:00', '13:00']] });
    expect(add(withFriday, '2026-03-26T14:00:00Z', 120)).toBe('2026-03-27T06:00:00.000Z');
    expect(between(withFriday, '2026-03-26T22:00:00Z', '2026-03-27T21:00:00Z')).toBe(300);
    // A round-the-clock calendar: 27 March has 23 hours.
    const allDay: TSlot[] = [['00:00', '24:00']];
    const always = calendar(
      {},
      { sun: allDay, mon: allDay, tue: allDay, wed: allDay, thu: allDay, fri: allDay, sat: allDay },
    );
    expect(between(always, '2026-03-26T22:00:00Z', '2026-03-27T21:00:00Z')).toBe(1380);
    expect(add(always, '2026-03-26T22:00:00Z', 1380)).toBe('2026-03-27T21:00:00.000Z');
  });

  it('DST ends Sunday 25 October 2026: Sunday opens at 08:00 local = 06:00Z', () => {
    // Thu 22 Oct 16:00 (UTC+3) + 120: 60 on Thursday, then Sun 25 Oct 08:00–09:00 (UTC+2).
    expect(add(cal, '2026-10-22T13:00:00Z', 120)).toBe('2026-10-25T07:00:00.000Z');
    expect(between(cal, '2026-10-24T21:00:00Z', '2026-10-25T22:00:00Z')).toBe(540);
    expect(isBusinessTime(cal, new Date('2026-10-25T05:30:00Z'))).toBe(false); // 07:30 local
    expect(isBusinessTime(cal, new Date('2026-10-25T06:00:00Z'))).toBe(true); // 08:00 local
    const allDay: TSlot[] = [['00:00', '24:00']];
    const always = calendar(
      {},
      { sun: allDay, mon: allDay, tue: allDay, wed: allDay, thu: allDay, fri: allDay, sat: allDay },
    );
    // 25 October has 25 hours.
    expect(between(always, '2026-10-24T21:00:00Z', '2026-10-25T22:00:00Z')).toBe(1500);
  });

  it('long spans skip whole days: 10,000 minutes from Sunday 4 Jan 2026 08:00 → Wed 28 Jan 12:40', () => {
    // 3 weeks × 2700 = 8100, then Sun–Tue 1620 → 280 min into Wednesday.
    const t0 = performance.now();
    expect(add(cal, '2026-01-04T06:00:00Z', 10_000)).toBe('2026-01-28T10:40:00.000Z');
    expect(between(cal, '2026-01-04T06:00:00Z', '2026-01-28T10:40:00Z')).toBe(10_000);
    const far = addBusinessMinutes(cal, new Date('2026-01-04T06:00:00Z'), 1_000_000);
    expect(businessMinutesBetween(cal, new Date('2026-01-04T06:00:00Z'), far)).toBe(1_000_000);
    expect(performance.now() - t0).toBeLessThan(2000);
  });

  it('a calendar that never opens fails loudly instead of looping', () => {
    const never = calendar({}, {});
    expect(() => add(never, '2026-01-04T06:00:00Z', 10)).toThrow(/no business hours/);
  });
});

describe('businessMinutesBetween and friends', () => {
  const cal = calendar({ '2026-01-19': closed });

  it('counts only open minutes, is 0 for equal instants and negative when reversed', () => {
    expect(between(cal, '2026-01-15T14:30:00Z', '2026-01-18T06:30:00Z')).toBe(60);
    expect(between(cal, '2026-01-18T06:30:00Z', '2026-01-15T14:30:00Z')).toBe(-60);
    expect(between(cal, '2026-01-18T06:30:00Z', '2026-01-18T06:30:00Z')).toBe(0);
    // Sunday 08:00 → Tuesday 09:00 with Monday closed.
    expect(between(cal, '2026-01-18T06:00:00Z', '2026-01-20T07:00:00Z')).toBe(600);
  });

  it('nextBusinessStart finds the next opening', () => {
    expect(nextBusinessStart(cal, new Date('2026-01-16T08:00:00Z')).toISOString()).toBe(
      '2026-01-18T06:00:00.000Z',
    );
    expect(nextBusinessStart(cal, new Date('2026-01-18T08:00:00Z')).toISOString()).toBe(
      '2026-01-18T08:00:00.000Z',
    );
    expect(nextBusinessStart(cal, new Date('2026-01-18T16:00:00Z')).toISOString()).toBe(
      '2026-01-20T06:00:00.000Z',
    );
  });

  it('round-trips: minutes between start and start + n is n (seeded random cases)', () => {
    const full = calendar({
      '2026-03-27': short,
      '2026-04-01': short,
      '2026-04-02': closed,
      '2026-04-22': closed,
      '2026-10-25': { kind: 'short', hours: [['10:00', '12:00']] },
    });
    let seed = 42;
    const rand = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const from = Date.parse('2026-01-01T00:00:00Z');
    for (let i = 0; i < 200; i++) {
      const start = new Date(from + Math.floor(rand() * 365 * 24 * 60) * 60_000);
      const n = Math.floor(rand() * 5000);
      const due = addBusinessMinutes(full, start, n);
      expect(businessMinutesBetween(full, start, due), `${start.toISOString()} + ${n}`).toBe(n);
      if (n > 0) expect(isBusinessTime(full, new Date(due.getTime() - 1))).toBe(true);
    }
  });
});
