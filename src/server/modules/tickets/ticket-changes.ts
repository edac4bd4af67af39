// The one way a ticket changes after creation (PATCH, replies, bulk, merge, SLA checks): writes
// the audit trail, re-plans the SLA when something it depends on moved, keeps badge counters,
// timeline and search in step, bumps the version and queues the domain events for after commit.
import { and, eq } from 'drizzle-orm';
import type { TTicketPriority, TTicketStatus } from '../../../shared/tickets.schemas.js';
import type { Tx } from '../../platform/db/database.js';
import { actorId, type TenantCtx } from '../../platform/http/actor.js';
import { contacts } from '../crm/index.js';
import { indexSearchDocument } from '../search/index.js';
import { appendTimeline, type TimelineChannel } from '../timeline/index.js';
import { applyCounterChanges } from './ticket-counters.js';
import { loadSlaEvents, planTicketSla, slaChanged, slaTransitions } from './ticket-sla.js';
import { type Publish, TICKET_EVENT } from './tickets.events.js';
import { fullName } from './tickets.repository.js';
import { type TicketRow, ticketEvents, tickets } from './tickets.table.js';

export type ChangeActor = { kind: string; id: string | null };
export const SYSTEM_ACTOR: ChangeActor = { kind: 'system', id: null };
export const actorOf = (ctx: TenantCtx): ChangeActor => ({ kind: ctx.actor.kind, id: actorId(ctx.actor) });

/** Who changes what, when, and where its domain events go. */
export type ChangeCtx = { tenantId: string; actor: ChangeActor; now: Date; publish: Publish };

export type TicketPatch = Partial<{
  subject: string;
  status: TTicketStatus;
  priority: TTicketPriority;
  assigneeId: string | null;
  teamId: string | null;
  tags: string[];
  category: string | null;
  customFields: Record<string, unknown>;
  followers: string[];
  cc: string[];
  parentId: string | null;
  mergedIntoId: string | null;
  firstResponseAt: Date | null;
  lastAgentMessageAt: Date | null;
  lastCustomerMessageAt: Date | null;
}>;

export type NewTicketEvent = {
  type: string;
  from?: string | null | undefined;
  to?: string | null | undefined;
  data?: Record<string, unknown> | undefined;
};

/** The customer timeline's channel for a ticket's channel. */
export const timelineChannelOf = (channel: TicketRow['channel']): TimelineChannel =>
  channel === 'api' ? 'system' : channel;

export const ticketTitle = (t: Pick<TicketRow, 'number' | 'subject'>) => `#${t.number} ${t.subject}`;

export const insertTicketEvents = async (
  tx: Tx,
  c: ChangeCtx,
  ticketId: string,
  events: NewTicketEvent[],
): Promise<void> => {
  if (events.length === 0) return;
  await tx.insert(ticketEvents).values(
    events.map((e) => ({
      tenantId: c.tenantId,
      ticketId,
      type: e.type,
      fromValue: e.from ?? null,
      toValue: e.to ?? null,
      actorKind: c.actor.kind,
      actorId: c.actor.id,
      data: e.data ?? {},
      at: c.now,
    })),
  );
};

/** Keeps the ticket's search row in step: "#1042 subject", found by its number too. */
export const indexTicket = (tx: Tx, t: TicketRow, requesterName: string | null) =>
  indexSearchDocument(tx, {
    tenantId: t.tenantId,
    entityType: 'ticket',
    entityId: t.id,
    title: ticketTitle(t),
    subtitle: requesterName,
    identifiers: [t.number],
  });

export const requesterNameOf = async (tx: Tx, contactId: string) => {
  const [c] = await tx
    .select({ first: contacts.firstName, last: contacts.lastName })
    .from(contacts)
    .where(eq(contacts.id, contactId))
    .limit(1);
  return c ? fullName(c.first, c.last) : null;
};

const same = (a: unknown, b: unknown) =>
  a instanceof Date || b instanceof Date
    ? (a as Date | null)?.getTime() === (b as Date | null)?.getTime()
    : JSON.stringify(a) === JSON.stringify(b);

// Fields whose change is a line in the audit trail (status, priority, assignee and team have
// their own event types; the message timestamps follow from message events).
const FIELD_EVENTS = ['subject', 'tags', 'category', 'customFields', 'followers', 'cc', 'parentId'] as const;

const text = (v: unknown) => (v === null || v === undefined ? null : String(v));

/**
 * Applies `patch` to `current` (read with forUpdate). Status transitions must be checked by the
 * caller (merges and customer replies have their own rules). `events` are extra audit rows to
 * write first (a message); `replanSla` forces a re-plan (messages count for the SLA).
 */
export const applyTicketChange = async (
  tx: Tx,
  c: ChangeCtx,
  current: TicketRow,
  patch: TicketPatch,
  opts: { events?: NewTicketEvent[]; replanSla?: boolean; autoAssigned?: boolean } = {},
): Promise<TicketRow> => {
  const changed = (Object.keys(patch) as Array<keyof TicketPatch>).filter(
    (k) => patch[k] !== undefined && !same(patch[k], current[k]),
  );
  const has = (k: keyof TicketPatch) => changed.includes(k);
  const set: Partial<typeof tickets.$inferInsert> = {};
  for (const k of changed) (set as Record<string, unknown>)[k] = patch[k];

  const events: NewTicketEvent[] = [...(opts.events ?? [])];
  if (has('status') && patch.status) {
    const to = patch.status;
    events.push({ type: 'status_changed', from: current.status, to });
    if (to === 'solved') set.solvedAt = c.now;
    else if (to === 'closed') set.closedAt = c.now;
    else set.solvedAt = null; // reopened
  }
  if (has('priority')) events.push({ type: 'priority_changed', from: current.priority, to: patch.priority });
  if (has('assigneeId')) {
    events.push({
      type: 'assigned',
      from: current.assigneeId,
      to: patch.assigneeId ?? null,
      ...(opts.autoAssigned ? { data: { auto: true } } : {}),
    });
  }
  if (has('teamId')) events.push({ type: 'team_changed', from: current.teamId, to: patch.teamId ?? null });
  for (const f of FIELD_EVENTS) {
    if (!has(f)) continue;
    const simple = f === 'subject' || f === 'category' || f === 'parentId';
    events.push({
      type: 'field_changed',
      ...(simple ? { from: text(current[f]), to: text(patch[f]) } : {}),
      data: { field: f, ...(simple ? {} : { from: current[f], to: patch[f] }) },
    });
  }
  if (events.length === 0 && !opts.replanSla) return current;
  await insertTicketEvents(tx, c, current.id, events);

  const merged = { ...current, ...set } as TicketRow;
  const reselect = has('priority') || has('category');
  if (reselect || has('status') || opts.replanSla) {
    const planned = await planTicketSla(tx, merged, await loadSlaEvents(tx, current.id), c.now, { reselect });
    set.sla = planned.sla;
    set.dueAt = planned.dueAt;
    set.warnAt = planned.warnAt;
    set.slaNextCheckAt = planned.nextCheckAt;
  }
  const [row] = await tx
    .update(tickets)
    .set({ ...set, version: current.version + 1, updatedAt: c.now })
    .where(and(eq(tickets.id, current.id), eq(tickets.version, current.version)))
    .returning();
  if (!row) throw new Error('ticket changed under a row lock');

  if (has('status') || has('assigneeId') || has('teamId')) {
    await applyCounterChanges(tx, c.tenantId, [{ before: current, after: row }]);
  }
  if (has('status')) {
    await appendTimeline(tx, {
      tenantId: c.tenantId,
      occurredAt: c.now,
      accountId: row.accountId,
      contactId: row.requesterContactId,
      type: 'ticket.status_changed',
      channel: timelineChannelOf(row.channel),
      title: ticketTitle(row),
      ref: { kind: 'ticket', id: row.id },
      actor: c.actor,
      data: { from: current.status, to: row.status },
    });
  }
  if (has('subject')) await indexTicket(tx, row, await requesterNameOf(tx, row.requesterContactId));

  const base = { ticketId: row.id, number: row.number };
  if (has('status'))
    c.publish(TICKET_EVENT.statusChanged, { ...base, from: current.status, to: row.status, actor: c.actor });
  if (has('priority')) {
    c.publish(TICKET_EVENT.priorityChanged, {
      ...base,
      from: current.priority,
      to: row.priority,
      actor: c.actor,
    });
  }
  if (has('assigneeId') || has('teamId')) {
    c.publish(TICKET_EVENT.assigned, {
      ...base,
      assigneeId: row.assigneeId,
      previousAssigneeId: current.assigneeId,
      teamId: row.teamId,
      previousTeamId: current.teamId,
      auto: Boolean(opts.autoAssigned),
      actor: c.actor,
    });
  }
  if (set.sla !== undefined && slaChanged(current.sla, row.sla)) {
    c.publish(TICKET_EVENT.slaUpdated, {
      ...base,
      sla: row.sla,
      transitions: slaTransitions(current.sla, row.sla),
    });
  }
  return row;
};
