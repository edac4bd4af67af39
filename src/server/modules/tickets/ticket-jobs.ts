// What the notifications and escalations features read and run: a ticket as a notification
// needs it, the tickets whose SLA needs a look, and the re-plan the escalation job triggers.
import { and, asc, desc, eq, isNotNull, lte, sql } from 'drizzle-orm';
import type { TTicketPriority, TTicketSla, TTicketStatus } from '../../../shared/tickets.schemas.js';
import type { Tx } from '../../platform/db/database.js';
import type { EventBus } from '../../platform/events/event-bus.js';
import { users } from '../auth/index.js';
import { accounts, contacts } from '../crm/index.js';
import { teams } from './teams.table.js';
import { applyTicketChange, type ChangeCtx, insertTicketEvents, SYSTEM_ACTOR } from './ticket-changes.js';
import { requireUser } from './ticket-refs.js';
import { loadSlaEvents, planTicketSla, slaChanged, slaTransitions } from './ticket-sla.js';
import { eventQueue, TICKET_EVENT } from './tickets.events.js';
import { fullName, getTicketRowOrThrow } from './tickets.repository.js';
import { ticketMessages, tickets } from './tickets.table.js';

export type TicketForNotification = {
  id: string;
  number: number;
  subject: string;
  status: TTicketStatus;
  priority: TTicketPriority;
  channel: string;
  requester: {
    contactId: string;
    name: string;
    email: string | null;
    phone: string | null;
    preferredLanguage: 'he' | 'en' | 'ar' | 'ru' | null;
  };
  account: { id: string; name: string; tier: string } | null;
  assignee: { id: string; name: string; email: string } | null;
  team: { id: string; name: string; managerId: string | null } | null;
  cc: string[];
  followers: string[];
  sla: TTicketSla | null;
  lastPublicMessage: {
    id: string;
    bodyText: string;
    bodyHtml: string;
    authorKind: 'agent' | 'customer' | 'system';
    authorName: string | null;
    createdAt: Date;
  } | null;
};

/**
 * A ticket with everything a notification about it shows: requester (language, email, phone),
 * account, assignee, team, SLA, the newest public message. Null when there is no such ticket
 * (another tenant's under RLS, or deleted). Run it in the ticket's tenant transaction.
 */
export const getTicketForNotification = async (
  tx: Tx,
  ticketId: string,
): Promise<TicketForNotification | null> => {
  const [r] = await tx
    .select({
      t: tickets,
      cFirst: contacts.firstName,
      cLast: contacts.lastName,
      cEmails: contacts.emails,
      cPhones: contacts.phones,
      cLang: contacts.preferredLanguage,
      aName: accounts.name,
      aTier: accounts.tier,
      uName: users.name,
      uEmail: users.email,
      teamName: teams.name,
      teamManager: teams.managerId,
    })
    .from(tickets)
    .leftJoin(contacts, eq(contacts.id, tickets.requesterContactId))
    .leftJoin(accounts, eq(accounts.id, tickets.accountId))
    .leftJoin(users, eq(users.id, tickets.assigneeId))
    .leftJoin(teams, eq(teams.id, tickets.teamId))
    .where(and(eq(tickets.id, ticketId), sql`${tickets.deletedAt} is null`))
    .limit(1);
  if (!r) return null;
  const [m] = await tx
    .select({ m: ticketMessages, uName: users.name, cFirst: contacts.firstName, cLast: contacts.lastName })
    .from(ticketMessages)
    .leftJoin(users, eq(users.id, ticketMessages.authorUserId))
    .leftJoin(contacts, eq(contacts.id, ticketMessages.authorContactId))
    .where(and(eq(ticketMessages.ticketId, ticketId), eq(ticketMessages.visibility, 'public')))
    .orderBy(desc(ticketMessages.seq))
    .limit(1);
  const t = r.t;
  return {
    id: t.id,
    number: t.number,
    subject: t.subject,
    status: t.status,
    priority: t.priority,
    channel: t.channel,
    requester: {
      contactId: t.requesterContactId,
      name: fullName(r.cFirst, r.cLast) ?? '',
      email: r.cEmails?.[0] ?? null,
      phone: r.cPhones?.[0]?.e164 ?? null,
      preferredLanguage: r.cLang ?? null,
    },
    account: t.accountId && r.aName ? { id: t.accountId, name: r.aName, tier: r.aTier ?? 'standard' } : null,
    assignee: t.assigneeId && r.uName ? { id: t.assigneeId, name: r.uName, email: r.uEmail ?? '' } : null,
    team:
      t.teamId && r.teamName ? { id: t.teamId, name: r.teamName, managerId: r.teamManager ?? null } : null,
    cc: t.cc,
    followers: t.followers,
    sla: t.sla ?? null,
    lastPublicMessage: m
      ? {
          id: m.m.id,
          bodyText: m.m.bodyText,
          bodyHtml: m.m.bodyHtml,
          authorKind: m.m.authorKind,
          authorName: m.m.authorKind === 'customer' ? fullName(m.cFirst, m.cLast) : m.uName,
          createdAt: m.m.createdAt,
        }
      : null,
  };
};

/**
 * Tickets whose SLA should be looked at by `now` (a warning or breach falls due), oldest first,
 * across tenants: run it on the system path (`database.systemTx`), then re-plan each with
 * recomputeTicketSla in that ticket's tenant transaction.
 */
export const listTicketsDueForSlaCheck = async (tx: Tx, now: Date, limit: number) =>
  tx
    .select({ tenantId: tickets.tenantId, ticketId: tickets.id, nextCheckAt: tickets.slaNextCheckAt })
    .from(tickets)
    .where(and(isNotNull(tickets.slaNextCheckAt), lte(tickets.slaNextCheckAt, now)))
    .orderBy(asc(tickets.slaNextCheckAt))
    .limit(limit);

/**
 * Re-plans a ticket's SLA at `now` (no user involved, the ticket's version stays): stores the new
 * state and next check time, writes `sla_warning` / `sla_breached` to the audit trail, and —
 * with `events` — publishes `ticket.sla_updated` after commit. Returns what changed. Run it in
 * the tenant's transaction (`database.tenantTx({ role: 'staff', tenantId }, …)`): choosing a
 * policy must only see that tenant's policies.
 */
export const recomputeTicketSla = async (
  tx: Tx,
  tenantId: string,
  ticketId: string,
  now: Date,
  opts: { events?: EventBus } = {},
) => {
  const current = await getTicketRowOrThrow(tx, ticketId, { forUpdate: true });
  if (current.tenantId !== tenantId) throw new Error('recomputeTicketSla: ticket of another tenant');
  const planned = await planTicketSla(tx, current, await loadSlaEvents(tx, ticketId), now, {
    reselect: false,
  });
  const transitions = slaTransitions(current.sla, planned.sla);
  await tx
    .update(tickets)
    .set({
      sla: planned.sla,
      dueAt: planned.dueAt,
      warnAt: planned.warnAt,
      slaNextCheckAt: planned.nextCheckAt,
    })
    .where(eq(tickets.id, ticketId));
  const c: ChangeCtx = {
    tenantId,
    actor: SYSTEM_ACTOR,
    now,
    publish: opts.events ? eventQueue(tx, opts.events, tenantId, now) : () => {},
  };
  const notable = transitions.filter((t) => t.to === 'warning' || t.to === 'breached');
  await insertTicketEvents(
    tx,
    c,
    ticketId,
    notable.map((t) => ({ type: `sla_${t.to}`, from: t.from, to: t.to, data: { target: t.target } })),
  );
  const changed = slaChanged(current.sla, planned.sla);
  if (changed) {
    c.publish(TICKET_EVENT.slaUpdated, { ticketId, number: current.number, sla: planned.sla, transitions });
  }
  return { ticketId, number: current.number, sla: planned.sla, transitions, changed };
};

/**
 * An escalation's action on a ticket (raise the priority, reassign), as a change by the system:
 * audit trail, SLA re-plan, counters and — with `events` — ticket.priority_changed /
 * ticket.assigned after commit. An assignee must be an active user of the tenant. Run it in the
 * tenant's transaction.
 */
export const applyTicketEscalation = async (
  tx: Tx,
  tenantId: string,
  ticketId: string,
  change: { priority?: TTicketPriority | undefined; assigneeId?: string | undefined },
  now: Date,
  opts: { events?: EventBus } = {},
) => {
  const current = await getTicketRowOrThrow(tx, ticketId, { forUpdate: true });
  if (current.tenantId !== tenantId) throw new Error('applyTicketEscalation: ticket of another tenant');
  if (change.assigneeId) await requireUser(tx, change.assigneeId, 'assigneeId');
  const c: ChangeCtx = {
    tenantId,
    actor: SYSTEM_ACTOR,
    now,
    publish: opts.events ? eventQueue(tx, opts.events, tenantId, now) : () => {},
  };
  const row = await applyTicketChange(tx, c, current, {
    ...(change.priority ? { priority: change.priority } : {}),
    ...(change.assigneeId ? { assigneeId: change.assigneeId } : {}),
  });
  return { ticketId, number: row.number, priority: row.priority, assigneeId: row.assigneeId, sla: row.sla };
};
