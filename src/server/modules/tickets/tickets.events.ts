// Domain events of the service desk, published after the transaction commits. The notifications,
// escalations and satisfaction features (and realtime later) consume them; payload shapes are a
// contract: every event carries `ticketId` and `number`.
import { afterCommit, type Tx } from '../../platform/db/database.js';
import type { DomainEvent, EventBus } from '../../platform/events/event-bus.js';

export const TICKET_EVENT = {
  /** payload: ticketId, number, subject, status, priority, channel, requesterContactId, accountId, assigneeId, teamId, sla, actor */
  created: 'ticket.created',
  /** payload: ticketId, number, assigneeId, previousAssigneeId, teamId, previousTeamId, auto, actor */
  assigned: 'ticket.assigned',
  /** payload: ticketId, number, messageId, visibility, authorKind ('agent'|'customer'|'system'), authorUserId, authorContactId, mentions, channel, statusAfter */
  messageAdded: 'ticket.message_added',
  /** payload: ticketId, number, from, to, actor */
  statusChanged: 'ticket.status_changed',
  /** payload: ticketId, number, from, to, actor */
  priorityChanged: 'ticket.priority_changed',
  /** payload: ticketId, number, sla (TTicketSla | null), transitions [{target, from, to}] */
  slaUpdated: 'ticket.sla_updated',
  /** payload: ticketId (the merged one), number, targetId, targetNumber, actor */
  merged: 'ticket.merged',
} as const;

/** Collects a use case's events and publishes them once its transaction has committed. */
export const eventQueue = (tx: Tx, bus: EventBus, tenantId: string, at: Date) => {
  const queued: DomainEvent[] = [];
  afterCommit(tx, () => {
    for (const e of queued) bus.publish(e);
  });
  return (type: string, payload: { ticketId: string; number: number } & Record<string, unknown>) => {
    queued.push({ type, tenantId, at, payload });
  };
};
export type Publish = ReturnType<typeof eventQueue>;
