import { describe, expect, it } from 'vitest';
import type { TSlot } from '../../../../shared/sla.schemas.js';
import { type BusinessCalendar, type HolidayRule, zonedTimeToUtc } from '../business-time.js';
import { planSla, type SlaEvent, type SlaPolicyForPlan, selectPolicy } from '../sla-plan.js';

const DAY: TSlot[] = [['08:00', '17:00']];
const calendar = (holidays: Record<string, HolidayRule> = {}): BusinessCalendar => ({
  timezone: 'Asia/Jerusalem',
  weeklyHours: { sun: DAY, mon: DAY, tue: DAY, wed: DAY, thu: DAY, fri: [], sat: [] },
  holidays: new Map(Object.entries(holidays)),
});
const cal = calendar();

/** Local Israel time: at('2026-01-18 09:00'). 18 Jan 2026 is a Sunday (UTC+2). */
const at = (local: string) => {
  const [date = '', hhmm = '00:00'] = local.split(' ');
  const [h, m] = hhmm.split(':').map(Number);
  return new Date(zonedTimeToUtc(date, (h ?? 0) * 60 + (m ?? 0), 'Asia/Jerusalem'));
};
const iso = (local: string) => at(local).toISOString();

const policy: SlaPolicyForPlan = {
  id: 'policy-1',
  targets: {
    urgent: { firstResponse: 60, nextResponse: 120, resolution: 480 },
    normal: { firstResponse: 480, nextResponse: 960, resolution: 2880 },
    low: { firstResponse: 960, nextResponse: 1920, resolution: 5760 },
  },
  pauseStatuses: ['pending_customer', 'on_hold'],
  warnAtPercent: 80,
};

const created = (local: string): SlaEvent => ({ type: 'created', at: at(local), status: 'new' });
const status = (local: string, s: Extract<SlaEvent, { type: 'status' }>['status']): SlaEvent => ({
  type: 'status',
  at: at(local),
  status: s,
});
const reply = (local: string, pub = true): SlaEvent => ({ type: 'agent_reply', at: at(local), public: pub });
const customer = (local: string): SlaEvent => ({ type: 'customer_reply', at: at(local) });

const plan = (events: SlaEvent[], now: string, priority: 'normal' | 'urgent' | 'low' | 'high' = 'normal') =>
  planSla({ policy, calendar: cal, priority, events, now: at(now) });

describe('planSla: first response and resolution', () => {
  it('plans due times in business minutes from the ticket start', () => {
    const p = plan([created('2026-01-18 09:00')], '2026-01-18 10:00');
    expect(p.policyId).toBe('policy-1');
    expect(p.paused).toBe(false);
    expect(p.targets.firstResponse).toMatchObject({
      targetMinutes: 480,
      status: 'running',
      elapsedMinutes: 60,
      pausedMinutes: 0,
      completedAt: null,
      breachedAt: null,
    });
    // 480 business minutes from Sun 09:00 end at Sun 17:00; 80 % (384) at 15:24.
    expect(p.targets.firstResponse?.dueAt.toISOString()).toBe(iso('2026-01-18 17:00'));
    expect(p.targets.firstResponse?.warnAt.toISOString()).toBe(iso('2026-01-18 15:24'));
    // 2880: Sun 480 + Mon–Thu 2160 = 2640, then 240 on the next Sunday → 12:00.
    expect(p.targets.resolution?.dueAt.toISOString()).toBe(iso('2026-01-25 12:00'));
    expect(p.targets.nextResponse).toBeNull();
    expect(p.nextCheckAt?.toISOString()).toBe(iso('2026-01-18 15:24'));
  });

  it('warns at warnAtPercent of the target elapsed', () => {
    expect(plan([created('2026-01-18 09:00')], '2026-01-18 15:23').targets.firstResponse?.status).toBe(
      'running',
    );
    const p = plan([created('2026-01-18 09:00')], '2026-01-18 15:30');
    expect(p.targets.firstResponse).toMatchObject({ status: 'warning', elapsedMinutes: 390 });
    expect(p.nextCheckAt?.toISOString()).toBe(iso('2026-01-18 17:00'));
  });

  it('breaches when the target passes without a public reply; the breach time is the due time', () => {
    const p = plan([created('2026-01-18 09:00'), reply('2026-01-18 10:00', false)], '2026-01-19 09:00');
    expect(p.targets.firstResponse).toMatchObject({
      status: 'breached',
      elapsedMinutes: 540,
      completedAt: null,
    });
    expect(p.targets.firstResponse?.breachedAt?.toISOString()).toBe(iso('2026-01-18 17:00'));
    // A later reply completes it, still breached.
    const late = plan([created('2026-01-18 09:00'), reply('2026-01-19 09:00')], '2026-01-19 10:00');
    expect(late.targets.firstResponse).toMatchObject({ status: 'breached', elapsedMinutes: 540 });
    expect(late.targets.firstResponse?.completedAt?.toISOString()).toBe(iso('2026-01-19 09:00'));
  });

  it('the first public agent reply meets first response; an internal note does not', () => {
    const p = plan(
      [created('2026-01-18 09:00'), reply('2026-01-18 10:00', false), reply('2026-01-18 11:00')],
      '2026-01-19 12:00',
    );
    expect(p.targets.firstResponse).toMatchObject({ status: 'met', elapsedMinutes: 120 });
    expect(p.targets.firstResponse?.completedAt?.toISOString()).toBe(iso('2026-01-18 11:00'));
    expect(p.targets.resolution?.status).toBe('running');
  });

  it('solving meets resolution (and a first response never given)', () => {
    const p = plan([created('2026-01-18 09:00'), status('2026-01-18 11:00', 'solved')], '2026-01-19 12:00');
    expect(p.targets.resolution).toMatchObject({ status: 'met', elapsedMinutes: 120 });
    expect(p.targets.firstResponse).toMatchObject({ status: 'met', elapsedMinutes: 120 });
    expect(p.nextCheckAt).toBeNull();
  });

  it('a start outside hours counts from the next opening (Friday ticket, urgent)', () => {
    const p = plan([created('2026-01-16 10:00')], '2026-01-16 12:00', 'urgent');
    expect(p.targets.firstResponse?.dueAt.toISOString()).toBe(iso('2026-01-18 09:00'));
    expect(p.targets.firstResponse).toMatchObject({ status: 'running', elapsedMinutes: 0 });
  });

  it('counts holidays: an urgent ticket on Erev Pesach 2026 at 12:30 is due Sunday 08:30', () => {
    const pesach = calendar({
      '2026-04-01': { kind: 'short', hours: [['08:00', '13:00']] },
      '2026-04-02': { kind: 'closed' },
    });
    const p = planSla({
      policy,
      calendar: pesach,
      priority: 'urgent',
      events: [created('2026-04-01 12:30')],
      now: at('2026-04-01 12:45'),
    });
    // 30 minutes until the short day closes at 13:00, Pesach I closed, weekend, Sunday 08:00–08:30 (UTC+3).
    expect(p.targets.firstResponse?.dueAt.toISOString()).toBe('2026-04-05T05:30:00.000Z');
    expect(p.targets.firstResponse?.elapsedMinutes).toBe(15);
  });
});

describe('planSla: pauses', () => {
  const history = [
    created('2026-01-18 09:00'),
    reply('2026-01-18 10:00'),
    status('2026-01-18 10:00', 'pending_customer'),
  ];

  it('while waiting for the customer the clock stops and the due time moves out by the paused time', () => {
    const p = plan(history, '2026-01-18 12:00');
    expect(p.paused).toBe(true);
    expect(p.nextCheckAt).toBeNull();
    expect(p.targets.resolution).toMatchObject({ status: 'paused', elapsedMinutes: 60, pausedMinutes: 120 });
    // Unpaused it would be due Sun 25 Jan 12:00; 120 paused business minutes later → 14:00.
    expect(p.targets.resolution?.dueAt.toISOString()).toBe(iso('2026-01-25 14:00'));
    // Time outside business hours while paused costs nothing extra.
    const overnight = plan(history, '2026-01-18 23:00');
    expect(overnight.targets.resolution).toMatchObject({ elapsedMinutes: 60, pausedMinutes: 420 });
    // 420 paused business minutes after Sun 25 Jan 12:00: Sun 300 + Mon 120 → Mon 26 Jan 10:00.
    expect(overnight.targets.resolution?.dueAt.toISOString()).toBe(iso('2026-01-26 10:00'));
  });

  it('resumes when the customer answers; paused business minutes never count', () => {
    const p = plan(
      [...history, customer('2026-01-19 10:00'), status('2026-01-19 10:00', 'open')],
      '2026-01-19 12:00',
    );
    expect(p.paused).toBe(false);
    // Ran Sun 09–10 and Mon 10–12; paused Sun 10–17 and Mon 08–10.
    expect(p.targets.resolution).toMatchObject({
      status: 'running',
      elapsedMinutes: 180,
      pausedMinutes: 540,
    });
    expect(p.targets.resolution?.dueAt.toISOString()).toBe(iso('2026-01-26 12:00'));
    // The customer's reply opened a next-response cycle: 960 from Mon 10:00 → Tue 17:00.
    expect(p.targets.nextResponse).toMatchObject({ status: 'running', elapsedMinutes: 120, cycle: 1 });
    expect(p.targets.nextResponse?.dueAt.toISOString()).toBe(iso('2026-01-20 17:00'));
  });

  it('on hold pauses too; statuses outside the policy’s list do not', () => {
    const onHold = plan(
      [created('2026-01-18 09:00'), status('2026-01-18 10:00', 'on_hold')],
      '2026-01-18 12:00',
    );
    expect(onHold.targets.firstResponse).toMatchObject({
      status: 'paused',
      elapsedMinutes: 60,
      pausedMinutes: 120,
    });
    const noPause = planSla({
      policy: { ...policy, pauseStatuses: [] },
      calendar: cal,
      priority: 'normal',
      events: [created('2026-01-18 09:00'), status('2026-01-18 10:00', 'on_hold')],
      now: at('2026-01-18 12:00'),
    });
    expect(noPause.paused).toBe(false);
    expect(noPause.targets.firstResponse).toMatchObject({ status: 'running', elapsedMinutes: 180 });
  });

  it('a target already breached stays breached while paused', () => {
    const p = plan(
      [created('2026-01-18 09:00'), status('2026-01-19 10:00', 'pending_customer')],
      '2026-01-19 12:00',
    );
    expect(p.targets.firstResponse?.status).toBe('breached');
    expect(p.paused).toBe(true);
  });
});

describe('planSla: priority changes re-plan from the start', () => {
  it('raising to urgent applies urgent targets to the time already spent', () => {
    const events = [
      created('2026-01-18 09:00'),
      { type: 'priority', at: at('2026-01-18 09:30'), priority: 'urgent' } as SlaEvent,
    ];
    const before = plan(events.slice(0, 1), '2026-01-18 09:45');
    expect(before.targets.firstResponse?.dueAt.toISOString()).toBe(iso('2026-01-18 17:00'));
    const p = plan(events, '2026-01-18 09:45');
    expect(p.priority).toBe('urgent');
    expect(p.targets.firstResponse).toMatchObject({
      targetMinutes: 60,
      status: 'running',
      elapsedMinutes: 45,
    });
    expect(p.targets.firstResponse?.dueAt.toISOString()).toBe(iso('2026-01-18 10:00'));
    expect(plan(events, '2026-01-18 09:50').targets.firstResponse?.status).toBe('warning');
    const later = plan(events, '2026-01-18 10:30');
    expect(later.targets.firstResponse?.status).toBe('breached');
    expect(later.targets.firstResponse?.breachedAt?.toISOString()).toBe(iso('2026-01-18 10:00'));
    expect(later.targets.resolution?.dueAt.toISOString()).toBe(iso('2026-01-18 17:00'));
  });

  it('lowering the priority gives more time, still counted from the start', () => {
    const p = plan(
      [created('2026-01-18 09:00'), { type: 'priority', at: at('2026-01-18 09:30'), priority: 'low' }],
      '2026-01-18 10:00',
      'urgent',
    );
    expect(p.priority).toBe('low');
    // 960: Sun 09–17 (480) + Mon 08:00 + 480 → Mon 16:00.
    expect(p.targets.firstResponse?.dueAt.toISOString()).toBe(iso('2026-01-19 16:00'));
  });

  it('a priority the policy has no targets for has no SLA', () => {
    const p = plan([created('2026-01-18 09:00')], '2026-01-18 10:00', 'high');
    expect(p.targets).toEqual({ firstResponse: null, nextResponse: null, resolution: null });
    expect(p.nextCheckAt).toBeNull();
  });
});

describe('planSla: next response cycles', () => {
  const base = [created('2026-01-18 09:00'), customer('2026-01-18 09:10'), reply('2026-01-18 09:30')];

  it('customer replies before the first response do not start a cycle', () => {
    const p = plan(base, '2026-01-18 10:00');
    expect(p.targets.nextResponse).toBeNull();
    expect(p.targets.firstResponse?.status).toBe('met');
  });

  it('each customer reply after a response starts a cycle met by the next public reply', () => {
    const events = [
      ...base,
      customer('2026-01-18 10:00'),
      reply('2026-01-18 11:00', false),
      reply('2026-01-18 11:00'),
    ];
    const p = plan(events, '2026-01-18 11:30');
    expect(p.targets.nextResponse).toMatchObject({
      status: 'met',
      cycle: 1,
      breachedCycles: 0,
      elapsedMinutes: 60,
    });
    expect(p.targets.nextResponse?.completedAt?.toISOString()).toBe(iso('2026-01-18 11:00'));
  });

  it('a second cycle breaches on its own clock; earlier breaches are counted', () => {
    const events = [
      ...base,
      customer('2026-01-18 10:00'),
      reply('2026-01-18 11:00'),
      customer('2026-01-18 12:00'),
      customer('2026-01-18 12:05'), // a second message in the same wait does not restart the clock
    ];
    const p = plan(events, '2026-01-20 12:00');
    // From Sun 12:00: Sun 300 + Mon 540 = 840, 120 more → Tue 10:00.
    expect(p.targets.nextResponse).toMatchObject({
      status: 'breached',
      cycle: 2,
      breachedCycles: 1,
      elapsedMinutes: 1080,
    });
    expect(p.targets.nextResponse?.breachedAt?.toISOString()).toBe(iso('2026-01-20 10:00'));
    const urgent = plan([...events, reply('2026-01-18 16:00')], '2026-01-20 12:00', 'urgent');
    // Urgent next response is 120: cycle 2 ran 12:00–16:00 = 240 → breached; cycle 1 (60) was met.
    expect(urgent.targets.nextResponse).toMatchObject({ status: 'breached', cycle: 2, breachedCycles: 1 });
  });
});

describe('planSla: solve and reopen', () => {
  const solved = [
    created('2026-01-18 09:00'),
    reply('2026-01-18 09:30'),
    status('2026-01-18 11:00', 'solved'),
  ];

  it('solved meets resolution and stops every clock', () => {
    const p = plan(solved, '2026-01-19 12:00');
    expect(p.targets.resolution).toMatchObject({ status: 'met', elapsedMinutes: 120 });
    expect(p.targets.resolution?.completedAt?.toISOString()).toBe(iso('2026-01-18 11:00'));
    expect(p.paused).toBe(false);
    expect(p.nextCheckAt).toBeNull();
  });

  it('a reopen resumes resolution where it stopped, and the customer’s reply starts a cycle', () => {
    const p = plan(
      [...solved, customer('2026-01-19 09:00'), status('2026-01-19 09:00', 'open')],
      '2026-01-19 10:00',
    );
    expect(p.targets.resolution).toMatchObject({ status: 'running', elapsedMinutes: 180, completedAt: null });
    // 2880 − 180 = 2700 from Mon 10:00: Mon 420, Tue–Thu 1620 → 2040, Sun 540 → 2580, Mon 120 → Mon 26 Jan 10:00.
    expect(p.targets.resolution?.dueAt.toISOString()).toBe(iso('2026-01-26 10:00'));
    expect(p.targets.nextResponse).toMatchObject({ status: 'running', cycle: 1, elapsedMinutes: 60 });
    // A customer reply while still solved waits for the reopen.
    const late = plan(
      [...solved, customer('2026-01-19 09:00'), status('2026-01-19 11:00', 'open')],
      '2026-01-19 12:00',
    );
    expect(late.targets.nextResponse?.elapsedMinutes).toBe(60);
    // Solving again meets it again.
    const again = plan(
      [...solved, status('2026-01-19 09:00', 'open'), status('2026-01-19 10:00', 'solved')],
      '2026-01-20 10:00',
    );
    expect(again.targets.resolution).toMatchObject({ status: 'met', elapsedMinutes: 180 });
  });

  it('ignores events after now and needs at least one event', () => {
    const p = plan([created('2026-01-18 09:00'), reply('2026-01-18 12:00')], '2026-01-18 10:00');
    expect(p.targets.firstResponse?.status).toBe('running');
    expect(() => plan([], '2026-01-18 10:00')).toThrow(RangeError);
  });
});

describe('selectPolicy', () => {
  const p = (id: string, position: number, conditions: object, active = true) => ({
    id,
    position,
    active,
    conditions,
  });
  const policies = [
    p('fallback', 9, {}),
    p('vip-urgent', 1, { priorities: ['urgent', 'high'], tiers: ['gold'] }),
    p('billing-email', 2, { categories: ['billing'], channels: ['email'] }),
    p('inactive', 0, {}, false),
    p('empty-lists', 5, { priorities: [], tiers: [] }),
  ];

  it('picks the first active policy by position whose conditions all match', () => {
    expect(selectPolicy(policies, { priority: 'urgent', tier: 'gold' })?.id).toBe('vip-urgent');
    expect(selectPolicy(policies, { priority: 'normal', tier: 'gold' })?.id).toBe('empty-lists');
    expect(selectPolicy(policies, { priority: 'low', category: 'billing', channel: 'email' })?.id).toBe(
      'billing-email',
    );
    expect(selectPolicy(policies, { priority: 'low', category: 'billing', channel: 'sms' })?.id).toBe(
      'empty-lists',
    );
    // A missing fact does not match a condition on it.
    expect(selectPolicy(policies, { priority: 'urgent', tier: null })?.id).toBe('empty-lists');
  });

  it('returns null when nothing matches', () => {
    expect(selectPolicy([p('vip', 0, { tiers: ['gold'] })], { priority: 'low' })).toBeNull();
    expect(selectPolicy([], { priority: 'low' })).toBeNull();
  });
});
