// The SLA of a ticket: the policy and calendar that apply (sla module), planned from the ticket's
// audit trail by the pure planSla, stored on the ticket with its inbox sort keys.
import { and, asc, eq, isNull } from 'drizzle-orm';
import type { TSlaTicketStatus } from '../../../shared/sla.schemas.js';
import type { TTicketPriority, TTicketSla, TTicketSlaTarget } from '../../../shared/tickets.schemas.js';
import type { Tx } from '../../platform/db/database.js';
import { accounts } from '../crm/index.js';
import {
  type LoadedCalendar,
  loadCalendar,
  planSla,
  resolveSla,
  type SlaEvent,
  type SlaPlan,
  type SlaPolicyRow,
  type SlaTargetState,
  slaPolicies,
} from '../sla/index.js';
import { NO_DUE, type TicketEventRow, ticketEvents } from './tickets.table.js';

/** What planning needs of a ticket (a stored row fits). */
export type SlaTicket = {
  tenantId: string;
  priority: TTicketPriority;
  category: string | null;
  channel: string;
  accountId: string | null;
  sla: TTicketSla | null;
};

export type PlannedSla = {
  sla: TTicketSla | null;
  dueAt: Date;
  warnAt: Date;
  nextCheckAt: Date | null;
};

const NONE: PlannedSla = { sla: null, dueAt: NO_DUE, warnAt: NO_DUE, nextCheckAt: null };

/** The SLA-relevant events of a ticket's audit trail, in order. */
export const slaEventsOf = (rows: Pick<TicketEventRow, 'type' | 'toValue' | 'data' | 'at'>[]): SlaEvent[] => {
  const out: SlaEvent[] = [];
  for (const r of rows) {
    switch (r.type) {
      case 'created':
        out.push({ type: 'created', at: r.at, status: (r.toValue ?? 'new') as TSlaTicketStatus });
        break;
      case 'status_changed':
        if (r.toValue) out.push({ type: 'status', at: r.at, status: r.toValue as TSlaTicketStatus });
        break;
      case 'priority_changed':
        if (r.toValue) out.push({ type: 'priority', at: r.at, priority: r.toValue as TTicketPriority });
        break;
      case 'message_added':
        if (r.data.authorKind === 'agent') {
          out.push({ type: 'agent_reply', at: r.at, public: r.data.visibility === 'public' });
        } else if (r.data.authorKind === 'customer') {
          out.push({ type: 'customer_reply', at: r.at });
        }
        break;
      default:
        break;
    }
  }
  return out;
};

export const loadSlaEvents = async (tx: Tx, ticketId: string): Promise<SlaEvent[]> =>
  slaEventsOf(
    await tx
      .select({
        type: ticketEvents.type,
        toValue: ticketEvents.toValue,
        data: ticketEvents.data,
        at: ticketEvents.at,
      })
      .from(ticketEvents)
      .where(eq(ticketEvents.ticketId, ticketId))
      .orderBy(asc(ticketEvents.seq)),
  );

const iso = (d: Date | null) => (d ? d.toISOString() : null);

const target = (t: SlaTargetState): TTicketSlaTarget => ({
  targetMinutes: t.targetMinutes,
  dueAt: t.dueAt.toISOString(),
  warnAt: t.warnAt.toISOString(),
  status: t.status,
  elapsedMinutes: t.elapsedMinutes,
  pausedMinutes: t.pausedMinutes,
  completedAt: iso(t.completedAt),
  breachedAt: iso(t.breachedAt),
});

/** The stored (and API) form of a plan. */
export const toTicketSla = (plan: SlaPlan, calendarId: string, now: Date): TTicketSla => {
  const { firstResponse, nextResponse, resolution } = plan.targets;
  // A met target is done; a breached one is still owed (and sorts first, its due time is past).
  const open = (t: SlaTargetState | null) => (t && t.completedAt === null ? t.dueAt.toISOString() : null);
  return {
    policyId: plan.policyId,
    calendarId,
    priority: plan.priority,
    paused: plan.paused,
    firstResponseDueAt: open(firstResponse),
    nextResponseDueAt: open(nextResponse),
    resolutionDueAt: open(resolution),
    nextCheckAt: iso(plan.nextCheckAt),
    plannedAt: now.toISOString(),
    targets: {
      firstResponse: firstResponse ? target(firstResponse) : null,
      nextResponse: nextResponse
        ? { ...target(nextResponse), cycle: nextResponse.cycle, breachedCycles: nextResponse.breachedCycles }
        : null,
      resolution: resolution ? target(resolution) : null,
    },
  };
};

const sortKeys = (plan: SlaPlan) => {
  let due = NO_DUE.getTime();
  let warn = NO_DUE.getTime();
  for (const t of [plan.targets.firstResponse, plan.targets.nextResponse, plan.targets.resolution]) {
    if (!t || t.completedAt !== null) continue;
    due = Math.min(due, t.dueAt.getTime());
    warn = Math.min(warn, t.warnAt.getTime());
  }
  return { dueAt: new Date(due), warnAt: new Date(warn) };
};

const tierOf = async (tx: Tx, accountId: string | null) => {
  if (!accountId) return null;
  const [a] = await tx
    .select({ tier: accounts.tier })
    .from(accounts)
    .where(eq(accounts.id, accountId))
    .limit(1);
  return a?.tier ?? null;
};

/** The stored policy and its calendar, while both still exist and the policy is active. */
const storedPolicy = async (
  tx: Tx,
  sla: TTicketSla,
): Promise<{ policy: SlaPolicyRow; calendar: LoadedCalendar } | null> => {
  const [policy] = await tx
    .select()
    .from(slaPolicies)
    .where(and(eq(slaPolicies.id, sla.policyId), isNull(slaPolicies.deletedAt), eq(slaPolicies.active, true)))
    .limit(1);
  if (!policy) return null;
  try {
    return { policy, calendar: await loadCalendar(tx, policy.calendarId ?? sla.calendarId) };
  } catch {
    return null; // the calendar went to the trash: choose again
  }
};

/**
 * Plans a ticket's SLA from its events. The policy is chosen once (at creation) and again when
 * something policies match on changes (`reselect`: priority, category) or the stored one is gone.
 */
export const planTicketSla = async (
  tx: Tx,
  ticket: SlaTicket,
  events: readonly SlaEvent[],
  now: Date,
  opts: { reselect: boolean },
): Promise<PlannedSla> => {
  let chosen = !opts.reselect && ticket.sla ? await storedPolicy(tx, ticket.sla) : null;
  if (!chosen) {
    chosen = await resolveSla(tx, {
      tenantId: ticket.tenantId,
      now,
      ticket: {
        priority: ticket.priority,
        tier: await tierOf(tx, ticket.accountId),
        category: ticket.category,
        channel: ticket.channel,
      },
    });
  }
  if (!chosen) return NONE;
  const plan = planSla({
    policy: chosen.policy,
    calendar: chosen.calendar,
    priority: ticket.priority,
    events,
    now,
  });
  return {
    sla: toTicketSla(plan, chosen.calendar.id, now),
    ...sortKeys(plan),
    nextCheckAt: plan.nextCheckAt,
  };
};

/** What changed in an SLA that someone may act on: a target's status or due time, or the pause. */
export const slaTransitions = (before: TTicketSla | null, after: TTicketSla | null) => {
  const out: Array<{ target: string; from: string | null; to: string | null }> = [];
  for (const k of ['firstResponse', 'nextResponse', 'resolution'] as const) {
    const a = before?.targets[k]?.status ?? null;
    const b = after?.targets[k]?.status ?? null;
    if (a !== b) out.push({ target: k, from: a, to: b });
  }
  return out;
};

/** True when the SLA moved in a way worth an event (statuses, due times, pause, policy). */
export const slaChanged = (before: TTicketSla | null, after: TTicketSla | null) => {
  const sig = (s: TTicketSla | null) =>
    s
      ? JSON.stringify([
          s.policyId,
          s.paused,
          s.firstResponseDueAt,
          s.nextResponseDueAt,
          s.resolutionDueAt,
          s.targets.firstResponse?.status,
          s.targets.nextResponse?.status,
          s.targets.nextResponse?.cycle,
          s.targets.resolution?.status,
        ])
      : 'none';
  return sig(before) !== sig(after);
};
