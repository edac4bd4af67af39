// What this module needs from the tickets module, as a port: the seam is one object, typed here, so
// a change of the tickets module's read functions shows up as a type error in this file.
import { eq } from 'drizzle-orm';
import type { Tx } from '../../platform/db/database.js';
import type { EventBus } from '../../platform/events/event-bus.js';
import {
  applyTicketEscalation,
  getTicketForNotification,
  listTicketsDueForSlaCheck,
  recomputeTicketSla,
  ticketMessages,
  tickets,
} from '../tickets/index.js';

type When = Date | string | null | undefined;

/** A ticket as a notification needs it (tickets' `getTicketForNotification`). */
export type TicketForNotification = {
  id: string;
  number: number;
  subject: string;
  status: string;
  priority: string;
  requester: {
    contactId: string | null;
    name: string;
    email: string | null;
    phone?: string | null;
    preferredLanguage?: string | null;
  } | null;
  assignee: { id: string; name: string; email: string | null } | null;
  team: { id: string; name: string; managerId?: string | null } | null;
  sla: {
    firstResponseDueAt?: When;
    resolutionDueAt?: When;
    policyId?: string | null;
  } | null;
  lastPublicMessage: {
    id: string;
    bodyText?: string | null;
    bodyHtml?: string | null;
    body?: string | null;
    authorName?: string | null;
    authorKind?: string;
    createdAt?: Date;
  } | null;
};

/** One SLA target after a recompute (the SLA module's plan state, or what tickets stores of it). */
export type SlaTargetNow = {
  status: string;
  dueAt: Date | string;
  warnAt?: Date | string | null;
  completedAt?: Date | string | null;
  cycle?: number;
};

export type SlaNow = {
  policyId: string | null;
  targets: {
    firstResponse: SlaTargetNow | null;
    nextResponse: SlaTargetNow | null;
    resolution: SlaTargetNow | null;
  };
};

export type TicketsPort = {
  getTicketForNotification(tx: Tx, ticketId: string): Promise<TicketForNotification | null | undefined>;
  /** System transaction: tickets of every tenant whose SLA needs a look at `now`. */
  listTicketsDueForSlaCheck(
    tx: Tx,
    now: Date,
    limit: number,
  ): Promise<ReadonlyArray<{ tenantId: string; ticketId: string }>>;
  /** Re-plans and stores the ticket's SLA at `now` (publishing ticket.sla_updated with `events`). */
  recomputeTicketSla(
    tx: Tx,
    tenantId: string,
    ticketId: string,
    now: Date,
    opts?: { events?: EventBus },
  ): Promise<{ sla: SlaNow | null }>;
  /** When the ticket was created (tells an assignment at creation from a later one). */
  createdAt?(tx: Tx, ticketId: string): Promise<Date | undefined>;
  /** A message's plain text (for a mention in an internal note), if offered. */
  getMessageText?(tx: Tx, messageId: string): Promise<string | null | undefined>;
  /** Escalation actions (raise priority, reassign) as a system change of the ticket, if offered. */
  applyEscalation?(
    tx: Tx,
    tenantId: string,
    ticketId: string,
    change: { priority?: string; assigneeId?: string },
    now: Date,
  ): Promise<void>;
};

/** The tickets module's functions behind the port. */
export const ticketsPort: TicketsPort = {
  getTicketForNotification,
  listTicketsDueForSlaCheck,
  recomputeTicketSla,
  createdAt: async (tx, ticketId) => {
    const [t] = await tx
      .select({ at: tickets.createdAt })
      .from(tickets)
      .where(eq(tickets.id, ticketId))
      .limit(1);
    return t?.at;
  },
  getMessageText: async (tx, messageId) => {
    const [m] = await tx
      .select({ text: ticketMessages.bodyText })
      .from(ticketMessages)
      .where(eq(ticketMessages.id, messageId))
      .limit(1);
    return m?.text;
  },
  applyEscalation: async (tx, tenantId, ticketId, change, now) => {
    const priority = PRIORITIES.find((p) => p === change.priority);
    await applyTicketEscalation(
      tx,
      tenantId,
      ticketId,
      { ...(priority ? { priority } : {}), ...(change.assigneeId ? { assigneeId: change.assigneeId } : {}) },
      now,
    );
  },
};

const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
