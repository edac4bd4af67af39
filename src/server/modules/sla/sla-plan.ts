// SLA planning: a pure function of (policy, calendar, ticket events, now). The tickets module
// calls it whenever a ticket changes (and from jobs at `nextCheckAt`) and stores what it returns.
import type {
  TSlaConditions,
  TSlaPriority,
  TSlaTargets,
  TSlaTicketStatus,
} from '../../../shared/sla.schemas.js';
import { addBusinessMinutes, type BusinessCalendar, businessMinutesBetween } from './business-time.js';

/** The part of an SLA policy planning needs (a stored policy row fits). */
export type SlaPolicyForPlan = {
  id: string;
  targets: TSlaTargets;
  pauseStatuses: readonly string[];
  warnAtPercent: number;
};

/** The part of an SLA policy selection needs (a stored policy row fits). */
export type SlaPolicyForSelect = {
  id: string;
  position: number;
  active: boolean;
  conditions: TSlaConditions;
};

/**
 * A ticket's SLA-relevant history. `created` marks the start (the earliest event otherwise);
 * a public agent reply is `agent_reply` with `public: true` (internal notes count for nothing).
 */
export type SlaEvent =
  | { type: 'created'; at: Date; status?: TSlaTicketStatus | undefined }
  | { type: 'status'; at: Date; status: TSlaTicketStatus }
  | { type: 'agent_reply'; at: Date; public: boolean }
  | { type: 'customer_reply'; at: Date }
  | { type: 'priority'; at: Date; priority: TSlaPriority };

export type SlaTargetStatus = 'running' | 'paused' | 'met' | 'breached' | 'warning';

export type SlaTargetState = {
  targetMinutes: number;
  /**
   * When the target breaches (or breached). While the clock is paused this is projected as if it
   * resumed now, so it moves out by the paused business time.
   */
  dueAt: Date;
  /** When `warnAtPercent` of the target is (or was) used; same projection as dueAt. */
  warnAt: Date;
  status: SlaTargetStatus;
  /** Business minutes the clock has run (whole minutes, rounded down). */
  elapsedMinutes: number;
  /** Business minutes spent in a pause status inside this target's window. */
  pausedMinutes: number;
  completedAt: Date | null;
  breachedAt: Date | null;
};

export type NextResponseState = SlaTargetState & {
  /** Which customer-reply cycle this is (1 = the first reply after the first response). */
  cycle: number;
  /** Cycles so far (including this one) whose target breached. */
  breachedCycles: number;
};

export type SlaPlan = {
  policyId: string;
  /** The priority the plan used: the latest priority event, else the input priority. */
  priority: TSlaPriority;
  targets: {
    firstResponse: SlaTargetState | null;
    /** null until a customer replies after the first response (or with no such target). */
    nextResponse: NextResponseState | null;
    resolution: SlaTargetState | null;
  };
  /** The ticket sits in one of the policy's pause statuses now. */
  paused: boolean;
  /** The next future warnAt/dueAt of a running target: when to check the ticket again. */
  nextCheckAt: Date | null;
};

export type PlanSlaInput = {
  policy: SlaPolicyForPlan;
  calendar: BusinessCalendar;
  /** The ticket's priority (priority events in `events` override it from their time on). */
  priority: TSlaPriority;
  events: readonly SlaEvent[];
  now: Date;
};

const DONE: ReadonlySet<string> = new Set<TSlaTicketStatus>(['solved', 'closed']);

type Segment = { from: number; to: number; status: TSlaTicketStatus };
type Span = readonly [number, number];

/**
 * Plans a ticket's SLA. The clocks count business minutes of the calendar and stop while the
 * ticket is in a pause status (so due times move out by the paused business time) or solved.
 * A priority change re-plans every target from the ticket's start with the new priority's
 * targets. First response: met by the first public agent reply (or by solving the ticket).
 * Next response: each customer reply after that starts a cycle, met by the next public agent
 * reply. Resolution: met when solved or closed; a reopen resumes it.
 */
export const planSla = (input: PlanSlaInput): SlaPlan => {
  const { policy, calendar } = input;
  const now = input.now.getTime();
  const events = input.events
    .map((e, i) => ({ e, i }))
    .filter(({ e }) => e.at.getTime() <= now)
    .sort((a, b) => a.e.at.getTime() - b.e.at.getTime() || a.i - b.i)
    .map(({ e }) => e);
  const created = events.find((e) => e.type === 'created');
  const first = created ?? events[0];
  if (!first) throw new RangeError('planSla needs at least the ticket’s created event (at or before now)');
  const start = first.at.getTime();
  const pause = new Set(policy.pauseStatuses);
  const runs = (s: TSlaTicketStatus) => !pause.has(s) && !DONE.has(s);

  // Status segments from start to now, and the moments the targets complete.
  const segments: Segment[] = [];
  let status: TSlaTicketStatus = created?.type === 'created' ? (created.status ?? 'new') : 'new';
  let since = start;
  let priority = input.priority;
  let firstResponseAt: number | null = null;
  let resolvedAt: number | null = null;
  const cycles: { start: number; end: number | null }[] = [];
  let waitingCustomerReply: number | null = null;

  const closeCycle = (at: number) => {
    const open = cycles.at(-1);
    if (open && open.end === null) open.end = at;
  };
  const openCycle = (at: number) => {
    const open = cycles.at(-1);
    if (!open || open.end !== null) cycles.push({ start: at, end: null });
  };

  for (const e of events) {
    const at = Math.max(e.at.getTime(), start);
    switch (e.type) {
      case 'created':
        break;
      case 'priority':
        priority = e.priority;
        break;
      case 'status': {
        if (e.status === status) break;
        segments.push({ from: since, to: at, status });
        const wasDone = DONE.has(status);
        status = e.status;
        since = at;
        if (DONE.has(status) && !wasDone) {
          resolvedAt = at;
          // Solving answers whatever the customer was waiting for.
          if (firstResponseAt === null) firstResponseAt = at;
          closeCycle(at);
        } else if (!DONE.has(status) && wasDone) {
          resolvedAt = null;
          // A customer reply on a solved ticket starts a cycle once the ticket is reopened.
          if (waitingCustomerReply !== null) openCycle(at);
        }
        waitingCustomerReply = null;
        break;
      }
      case 'agent_reply':
        if (!e.public) break;
        if (firstResponseAt === null) firstResponseAt = at;
        else closeCycle(at);
        break;
      case 'customer_reply':
        if (firstResponseAt === null) break; // still waiting for the first response
        if (DONE.has(status)) waitingCustomerReply = at;
        else openCycle(at);
        break;
    }
  }
  segments.push({ from: since, to: now, status });
  const runningNow = runs(status);
  const targets = policy.targets[priority] ?? {};

  const evaluate = (windowStart: number, completedAt: number | null, target: number): SlaTargetState => {
    const windowEnd = completedAt ?? now;
    const running: Span[] = [];
    let pausedMinutes = 0;
    for (const s of segments) {
      const from = Math.max(s.from, windowStart);
      const to = Math.min(s.to, windowEnd);
      if (to <= from) continue;
      if (runs(s.status)) running.push([from, to]);
      else if (pause.has(s.status)) {
        pausedMinutes += businessMinutesBetween(calendar, new Date(from), new Date(to));
      }
    }
    const lengths = running.map(([f, t]) => businessMinutesBetween(calendar, new Date(f), new Date(t)));
    const elapsed = lengths.reduce((a, b) => a + b, 0);
    // When the running clock reaches `minutes`: inside the window, or projected from its end.
    const reach = (minutes: number): Date => {
      let rest = minutes;
      for (const [k, span] of running.entries()) {
        const len = lengths[k] ?? 0;
        if (len >= rest) return addBusinessMinutes(calendar, new Date(span[0]), rest);
        rest -= len;
      }
      return addBusinessMinutes(calendar, new Date(windowEnd), rest);
    };
    const warnMinutes = (target * policy.warnAtPercent) / 100;
    const dueAt = reach(target);
    const breached = completedAt !== null ? elapsed > target : elapsed >= target;
    let state: SlaTargetStatus;
    if (completedAt !== null) state = breached ? 'breached' : 'met';
    else if (breached) state = 'breached';
    else if (!runningNow) state = 'paused';
    else if (elapsed >= warnMinutes) state = 'warning';
    else state = 'running';
    return {
      targetMinutes: target,
      dueAt,
      warnAt: reach(warnMinutes),
      status: state,
      elapsedMinutes: Math.floor(elapsed + 1e-9),
      pausedMinutes: Math.floor(pausedMinutes + 1e-9),
      completedAt: completedAt === null ? null : new Date(completedAt),
      breachedAt: breached ? dueAt : null,
    };
  };

  const firstResponse =
    targets.firstResponse !== undefined ? evaluate(start, firstResponseAt, targets.firstResponse) : null;
  const resolution =
    targets.resolution !== undefined ? evaluate(start, resolvedAt, targets.resolution) : null;

  let nextResponse: NextResponseState | null = null;
  const nextTarget = targets.nextResponse;
  if (nextTarget !== undefined && cycles.length > 0) {
    let breachedCycles = 0;
    let last: SlaTargetState | null = null;
    for (const c of cycles) {
      last = evaluate(c.start, c.end, nextTarget);
      if (last.status === 'breached') breachedCycles++;
    }
    if (last) nextResponse = { ...last, cycle: cycles.length, breachedCycles };
  }

  let nextCheckAt: number | null = null;
  if (runningNow) {
    for (const t of [firstResponse, nextResponse, resolution]) {
      if (!t || t.completedAt || t.status === 'breached') continue;
      for (const d of [t.warnAt, t.dueAt]) {
        const ms = d.getTime();
        if (ms > now && (nextCheckAt === null || ms < nextCheckAt)) nextCheckAt = ms;
      }
    }
  }

  return {
    policyId: policy.id,
    priority,
    targets: { firstResponse, nextResponse, resolution },
    paused: pause.has(status),
    nextCheckAt: nextCheckAt === null ? null : new Date(nextCheckAt),
  };
};

/** The ticket facts policies match on. */
export type SlaTicketFacts = {
  priority: TSlaPriority;
  tier?: string | null | undefined;
  category?: string | null | undefined;
  channel?: string | null | undefined;
};

const matches = (list: readonly string[] | undefined, value: string | null | undefined) =>
  !list?.length || (value != null && list.includes(value));

/** The first active policy, by position, whose conditions all match the ticket; null if none. */
export const selectPolicy = <P extends SlaPolicyForSelect>(
  policies: readonly P[],
  ticket: SlaTicketFacts,
): P | null =>
  [...policies]
    .filter((p) => p.active)
    .sort((a, b) => a.position - b.position)
    .find(
      (p) =>
        matches(p.conditions.priorities, ticket.priority) &&
        matches(p.conditions.tiers, ticket.tier) &&
        matches(p.conditions.categories, ticket.category) &&
        matches(p.conditions.channels, ticket.channel),
    ) ?? null;
