// SLA escalations. The `sla.check` job (every minute, once across processes through pg-boss) asks
// the tickets module which tickets need a look, has it re-plan their SLA, and escalates each
// threshold newly reached: the assignee and the managers are told in-app and by email, and the
// policy's escalation settings may raise the priority or reassign the ticket. A row per ticket,
// target, response cycle and threshold makes each fire exactly once.
import { and, desc, eq, gte, lt, or, type SQL } from 'drizzle-orm';
import type { TEscalationSettings } from '../../../shared/notifications.schemas.js';
import { SLA_TARGETS, ZEscalationSettings } from '../../../shared/notifications.schemas.js';
import type { Clock } from '../../platform/clock.js';
import type { Database, Tx } from '../../platform/db/database.js';
import { validationError } from '../../platform/errors/app-error.js';
import type { EventBus } from '../../platform/events/event-bus.js';
import { scopeOf, type TenantCtx } from '../../platform/http/actor.js';
import { auditFromCtx, recordAudit } from '../audit/index.js';
import { users } from '../auth/index.js';
import { slaPolicies } from '../sla/index.js';
import { formatDue } from './compose.js';
import type { Delivery } from './delivery.service.js';
import { type SlaEscalationRow, slaEscalationRules, slaEscalations } from './notifications.table.js';
import { decodeCursor, iso, isoOrNull, notFound, pageOf } from './notifications-common.js';
import { managersOf } from './recipients.js';
import { WORDS } from './templates.defaults.js';
import type { SlaTargetNow, TicketsPort } from './tickets-port.js';

export type EscalationsDeps = {
  database: Database;
  events: EventBus;
  clock: Clock;
  tickets: TicketsPort;
  delivery: Delivery;
  onError: (err: unknown, msg: string) => void;
};

export const SLA_CHECK_JOB = 'sla.check';
const PRIORITY_UP: Record<string, string> = {
  low: 'normal',
  normal: 'high',
  high: 'urgent',
  urgent: 'urgent',
};
const DEFAULT_SETTINGS: TEscalationSettings = {
  onWarning: { raisePriority: false, reassignTo: null },
  onBreach: { raisePriority: false, reassignTo: null },
};

type Threshold = 'warning' | 'breach';

/** The thresholds a target has reached now: a breach implies the warning (recorded, not re-sent). */
const reached = (t: SlaTargetNow): Threshold[] => {
  if (t.completedAt) return [];
  if (t.status === 'breached') return ['warning', 'breach'];
  if (t.status === 'warning') return ['warning'];
  return [];
};

export type SlaCheckResult = { checked: number; fired: number; failed: number };

export const createEscalations = (deps: EscalationsDeps) => {
  const { database, tickets, delivery } = deps;

  const settingsFor = async (tx: Tx, policyId: string | null | undefined): Promise<TEscalationSettings> => {
    if (!policyId) return DEFAULT_SETTINGS;
    const [row] = await tx
      .select({ escalation: slaEscalationRules.escalation })
      .from(slaEscalationRules)
      .where(eq(slaEscalationRules.policyId, policyId))
      .limit(1);
    return row?.escalation ?? DEFAULT_SETTINGS;
  };

  /** Re-plans one ticket's SLA and escalates what it newly reached. Returns how many fired. */
  const checkTicket = async (tenantId: string, ticketId: string, now: Date): Promise<number> =>
    database.tenantTx({ role: 'staff', tenantId }, async (tx) => {
      const { sla } = await tickets.recomputeTicketSla(tx, tenantId, ticketId, now, { events: deps.events });
      if (!sla) return 0;
      let fired = 0;
      for (const target of SLA_TARGETS) {
        const state = sla.targets[target];
        if (!state) continue;
        const thresholds = reached(state);
        for (const threshold of thresholds) {
          const [row] = await tx
            .insert(slaEscalations)
            .values({
              tenantId,
              ticketId,
              ticketNumber: 0,
              target,
              cycle: state.cycle ?? 0,
              threshold,
              dueAt: new Date(state.dueAt),
              firedAt: now,
            })
            .onConflictDoNothing({
              target: [
                slaEscalations.tenantId,
                slaEscalations.ticketId,
                slaEscalations.target,
                slaEscalations.cycle,
                slaEscalations.threshold,
              ],
            })
            .returning();
          if (!row) continue;
          // Reached warning and breach in one go (e.g. the job was down): only the breach is news.
          const silent = threshold === 'warning' && thresholds.includes('breach');
          await escalate(tx, row, sla.policyId, silent, now);
          if (!silent) fired++;
        }
      }
      return fired;
    });

  const escalate = async (
    tx: Tx,
    row: SlaEscalationRow,
    policyId: string | null,
    silent: boolean,
    now: Date,
  ) => {
    const ticket = await tickets.getTicketForNotification(tx, row.ticketId);
    const actions: string[] = silent ? ['superseded by breach'] : [];
    if (ticket && !silent) {
      const settings = await settingsFor(tx, policyId);
      const action = row.threshold === 'breach' ? settings.onBreach : settings.onWarning;
      const change: { priority?: string; assigneeId?: string } = {};
      if (action.raisePriority && PRIORITY_UP[ticket.priority] !== ticket.priority) {
        change.priority = PRIORITY_UP[ticket.priority] ?? ticket.priority;
      }
      if (action.reassignTo && action.reassignTo !== ticket.assignee?.id)
        change.assigneeId = action.reassignTo;
      if (change.priority || change.assigneeId) {
        if (tickets.applyEscalation) {
          await tickets.applyEscalation(tx, row.tenantId, row.ticketId, change, now);
          if (change.priority) actions.push(`priority:${change.priority}`);
          if (change.assigneeId) actions.push(`reassigned:${change.assigneeId}`);
        } else {
          actions.push('actions unavailable');
        }
      }
      const recipients = [
        ...(ticket.assignee ? [ticket.assignee.id] : []),
        ...(change.assigneeId ? [change.assigneeId] : []),
        ...(await managersOf(tx, ticket)),
      ];
      const event = row.threshold === 'breach' ? 'sla_breached' : 'sla_warning';
      const scene = await delivery.sceneFor(tx, row.tenantId, ticket, now);
      await delivery.notifyAgents(scene, event, recipients, `${row.target}:${row.cycle}`, {
        email: true,
        values: (locale) => ({
          'sla.target': WORDS[locale][row.target] ?? row.target,
          'sla.dueAt': formatDue(row.dueAt, locale, scene.tenant.timezone, now),
        }),
      });
    }
    await tx
      .update(slaEscalations)
      .set({ ticketNumber: ticket?.number ?? 0, assigneeId: ticket?.assignee?.id ?? null, actions })
      .where(and(eq(slaEscalations.tenantId, row.tenantId), eq(slaEscalations.id, row.id)));
  };

  return {
    /**
     * The job body, exposed so tests can run it with a fixed clock: checks up to `limit` tickets
     * whose SLA needs a look at `now`. A failing ticket is logged and does not stop the others.
     */
    runSlaCheck: async (now: Date = deps.clock.now(), limit = 500): Promise<SlaCheckResult> => {
      // System path: the sweep lists due tickets of every tenant (one indexed range scan); each
      // ticket is then handled in its own tenant's transaction, under RLS.
      const due = await database.systemTx((tx) => tickets.listTicketsDueForSlaCheck(tx, now, limit));
      const result: SlaCheckResult = { checked: due.length, fired: 0, failed: 0 };
      for (const d of due) {
        try {
          result.fired += await checkTicket(d.tenantId, d.ticketId, now);
        } catch (err) {
          result.failed++;
          deps.onError(err, `sla.check failed for ticket ${d.ticketId}`);
        }
      }
      return result;
    },

    /** Breaches for managers, newest first, in [from, to). */
    listBreaches: (
      ctx: TenantCtx,
      q: { from?: string | undefined; to?: string | undefined; limit: number; cursor?: string | undefined },
    ) =>
      database.tenantTx(scopeOf(ctx), async (tx) => {
        const where: (SQL | undefined)[] = [eq(slaEscalations.threshold, 'breach')];
        if (q.from) where.push(gte(slaEscalations.firedAt, new Date(q.from)));
        if (q.to) where.push(lt(slaEscalations.firedAt, new Date(q.to)));
        if (q.cursor) {
          const c = decodeCursor(q.cursor, 'string');
          const at = new Date(c.v);
          where.push(
            or(
              lt(slaEscalations.firedAt, at),
              and(eq(slaEscalations.firedAt, at), lt(slaEscalations.id, c.id)),
            ),
          );
        }
        const rows = await tx
          .select()
          .from(slaEscalations)
          .where(and(...where))
          .orderBy(desc(slaEscalations.firedAt), desc(slaEscalations.id))
          .limit(q.limit + 1);
        return pageOf(
          rows,
          q.limit,
          (r) => iso(r.firedAt),
          (r) => ({
            id: r.id,
            ticketId: r.ticketId,
            ticketNumber: r.ticketNumber,
            target: r.target,
            threshold: r.threshold,
            dueAt: iso(r.dueAt),
            firedAt: iso(r.firedAt),
            assigneeId: r.assigneeId,
            actions: r.actions,
          }),
        );
      }),

    /** Escalation settings of every SLA policy (defaults where none are saved). */
    listRules: (ctx: TenantCtx) =>
      database.tenantTx(scopeOf(ctx), async (tx) => {
        const policies = await tx
          .select({ id: slaPolicies.id, deletedAt: slaPolicies.deletedAt })
          .from(slaPolicies);
        const rules = await tx.select().from(slaEscalationRules);
        const byPolicy = new Map(rules.map((r) => [r.policyId, r]));
        return {
          items: policies
            .filter((p) => !p.deletedAt)
            .map((p) => {
              const r = byPolicy.get(p.id);
              return {
                policyId: p.id,
                escalation: r?.escalation ?? DEFAULT_SETTINGS,
                updatedAt: isoOrNull(r?.updatedAt),
              };
            }),
        };
      }),

    putRule: (ctx: TenantCtx, policyId: string, input: TEscalationSettings) =>
      database.tenantTx(scopeOf(ctx), async (tx) => {
        const [policy] = await tx
          .select({ id: slaPolicies.id })
          .from(slaPolicies)
          .where(eq(slaPolicies.id, policyId))
          .limit(1);
        if (!policy) throw notFound('SLA policy');
        const escalation = ZEscalationSettings.parse(input);
        for (const [path, a] of [
          ['onWarning.reassignTo', escalation.onWarning],
          ['onBreach.reassignTo', escalation.onBreach],
        ] as const) {
          if (!a.reassignTo) continue;
          const [u] = await tx
            .select({ id: users.id })
            .from(users)
            .where(and(eq(users.id, a.reassignTo), eq(users.active, true)))
            .limit(1);
          if (!u) throw validationError([{ path, message: 'No such active user' }]);
        }
        const now = deps.clock.now();
        const [row] = await tx
          .insert(slaEscalationRules)
          .values({ tenantId: ctx.tenantId, policyId, escalation, createdAt: now, updatedAt: now })
          .onConflictDoUpdate({
            target: [slaEscalationRules.tenantId, slaEscalationRules.policyId],
            set: { escalation, updatedAt: now },
          })
          .returning();
        if (!row) throw new Error('escalation rule upsert returned nothing');
        await recordAudit(
          tx,
          auditFromCtx(
            ctx,
            'sla_escalation_rule.updated',
            { kind: 'sla_policy', id: policyId },
            { escalation },
          ),
        );
        return { policyId, escalation: row.escalation, updatedAt: iso(row.updatedAt) };
      }),
  };
};

export type Escalations = ReturnType<typeof createEscalations>;
