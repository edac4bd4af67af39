// Ticket events → notifications. Each event is handled in a transaction of its own, after the
// ticket's transaction committed; the requester's email goes to the mail outbox in that same
// transaction, and the dedupe key makes a retried event a no-op.
import type { TLocale, TNotificationEvent } from '../../../shared/notifications.schemas.js';
import type { Clock } from '../../platform/clock.js';
import type { Database, Tx } from '../../platform/db/database.js';
import type { DomainEvent } from '../../platform/events/event-bus.js';
import type { Mailer } from '../../platform/mail/mailer.js';
import { firstNameOf, formatDue, htmlToText } from './compose.js';
import { recentlyEmailed, sendEmail, sendInApp, skipEmail } from './dispatch.js';
import {
  agentsByIds,
  isRobotAddress,
  localeOf,
  requesterFirstName,
  type TenantInfo,
  tenantInfo,
} from './recipients.js';
import type { TemplateValues } from './template-language.js';
import { WORDS } from './templates.defaults.js';
import type { TicketForNotification, TicketsPort } from './tickets-port.js';

/** One acknowledgement per requester per this long: a burst of emails gets one auto-reply. */
export const ACK_RATE_WINDOW_MS = 10 * 60_000;

export type CsatPort = {
  request(
    tx: Tx,
    input: {
      tenantId: string;
      ticketId: string;
      ticketNumber: number;
      contactId: string | null;
      locale: TLocale;
      now: Date;
    },
  ): Promise<{ url: string }>;
};

export type DeliveryDeps = {
  database: Database;
  clock: Clock;
  mailer: Mailer;
  publicUrl: string;
  tickets: TicketsPort;
  csat: CsatPort;
};

const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);
const strList = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
const toDate = (v: Date | string | null | undefined) => (v ? new Date(v) : undefined);

export type Scene = { tx: Tx; tenant: TenantInfo; ticket: TicketForNotification; now: Date; at: Date };

/** Values every template of a ticket may use, in one language. */
export const ticketValues = (
  s: Pick<Scene, 'tenant' | 'ticket' | 'now'>,
  locale: TLocale,
  publicUrl: string,
): TemplateValues => {
  const { ticket, tenant, now } = s;
  const due = (v: Date | string | null | undefined) => {
    const d = toDate(v);
    return d ? formatDue(d, locale, tenant.timezone, now) : undefined;
  };
  return {
    'ticket.number': ticket.number,
    'ticket.subject': ticket.subject,
    'ticket.status': WORDS[locale][ticket.status] ?? ticket.status,
    'ticket.priority': WORDS[locale][ticket.priority] ?? ticket.priority,
    'ticket.url': `${publicUrl.replace(/\/$/, '')}/tickets/${ticket.id}`,
    'tenant.name': tenant.name,
    'requester.name': ticket.requester?.name,
    'agent.name': ticket.assignee?.name,
    'sla.firstResponseDue': due(ticket.sla?.firstResponseDueAt),
    'sla.resolutionDue': due(ticket.sla?.resolutionDueAt),
  };
};

export const createDelivery = (deps: DeliveryDeps) => {
  /** Runs fn for a ticket event in the tenant's own transaction (no user: a system actor). */
  const inScene = async (event: DomainEvent, fn: (s: Scene) => Promise<void>) => {
    const ticketId = str(event.payload.ticketId);
    if (!ticketId) return;
    await deps.database.tenantTx({ role: 'staff', tenantId: event.tenantId }, async (tx) => {
      const ticket = await deps.tickets.getTicketForNotification(tx, ticketId);
      if (!ticket) return;
      const tenant = await tenantInfo(tx, event.tenantId);
      await fn({ tx, tenant, ticket, now: deps.clock.now(), at: new Date(event.at) });
    });
  };

  /** The requester's email for one step, with loop protection and (for acknowledgements) a rate limit. */
  const mailRequester = async (
    s: Scene,
    event: TNotificationEvent,
    discriminator: string,
    more: TemplateValues = {},
    opts: { autoSubmitted?: boolean } = {},
  ) => {
    const { autoSubmitted } = opts;
    const r = s.ticket.requester;
    const locale = localeOf(r?.preferredLanguage, s.tenant.locale);
    const base = {
      tenantId: s.tenant.id,
      ticketId: s.ticket.id,
      event,
      locale,
      dedupeKey: `${event}:${s.ticket.id}:${discriminator}:email`,
      now: s.now,
    };
    const to = r?.email?.trim().toLowerCase();
    if (!to) return skipEmail(s.tx, base, '', 'The requester has no email address');
    if (autoSubmitted) return skipEmail(s.tx, base, to, 'Loop protection: the message was an auto-reply');
    if (isRobotAddress(to)) return skipEmail(s.tx, base, to, 'Loop protection: an automated address');
    if (
      event === 'ticket_created' &&
      (await recentlyEmailed(s.tx, to, event, new Date(s.now.getTime() - ACK_RATE_WINDOW_MS)))
    ) {
      return skipEmail(s.tx, base, to, 'Rate limit: one acknowledgement per requester per 10 minutes');
    }
    const values: TemplateValues = {
      ...ticketValues(s, locale, deps.publicUrl),
      'recipient.name': r?.name,
      'requester.firstName': (await requesterFirstName(s.tx, s.ticket)) || firstNameOf(r?.name),
      ...more,
    };
    return sendEmail(s.tx, deps, { ...base, to, values });
  };

  /** In-app (and, for mentions and escalations, email) notifications for staff users. */
  const notifyAgents = async (
    s: Scene,
    event: TNotificationEvent,
    userIds: readonly string[],
    discriminator: string,
    opts: { email: boolean; values?: (locale: TLocale) => TemplateValues },
  ) => {
    for (const agent of await agentsByIds(s.tx, userIds, s.tenant)) {
      const values: TemplateValues = {
        ...ticketValues(s, agent.locale, deps.publicUrl),
        'recipient.name': agent.name,
        ...opts.values?.(agent.locale),
      };
      const base = {
        tenantId: s.tenant.id,
        ticketId: s.ticket.id,
        event,
        locale: agent.locale,
        now: s.now,
      };
      const key = `${event}:${s.ticket.id}:${discriminator}`;
      await sendInApp(s.tx, { ...base, dedupeKey: `${key}:in_app:${agent.id}`, userId: agent.id, values });
      if (opts.email) {
        await sendEmail(s.tx, deps, {
          ...base,
          dedupeKey: `${key}:email:${agent.id}`,
          to: agent.email,
          recipientUserId: agent.id,
          values,
        });
      }
    }
  };

  const actorIdOf = (e: DomainEvent) => {
    const a = e.payload.actor as { id?: unknown } | undefined;
    return str(a?.id);
  };

  /** "Assigned to you" in the assignee's in-app inbox, unless they assigned it to themselves. */
  const tellAssignee = async (s: Scene, e: DomainEvent, assigneeId: string) => {
    if (actorIdOf(e) === assigneeId) return;
    await notifyAgents(s, 'ticket_assigned', [assigneeId], `${assigneeId}:${s.at.toISOString()}`, {
      email: false,
    });
  };

  const onCreated = (e: DomainEvent) =>
    inScene(e, async (s) => {
      await mailRequester(
        s,
        'ticket_created',
        'created',
        {},
        { autoSubmitted: e.payload.autoSubmitted === true },
      );
    });

  const onAssigned = (e: DomainEvent) =>
    inScene(e, async (s) => {
      const assigneeId = str(e.payload.assigneeId);
      // The event also fires for a team change, and for unassigning: nothing to tell then.
      if (!assigneeId || assigneeId === str(e.payload.previousAssigneeId)) return;
      // Assigned as it was created: the acknowledgement is the requester's one email for that.
      const created = await deps.tickets.createdAt?.(s.tx, s.ticket.id);
      const atCreation = !e.payload.previousAssigneeId && created?.getTime() === s.at.getTime();
      if (!atCreation) await mailRequester(s, 'ticket_assigned', `${assigneeId}:${s.at.toISOString()}`);
      await tellAssignee(s, e, assigneeId);
    });

  /** A message's text: from the tickets module when it offers it, else the last public message. */
  const replyText = async (s: Scene, e: DomainEvent, messageId: string | undefined): Promise<string> => {
    if (messageId && deps.tickets.getMessageText) {
      const t = await deps.tickets.getMessageText(s.tx, messageId);
      if (t !== null && t !== undefined) return t.trim();
    }
    const fromEvent = str(e.payload.bodyText) ?? str(e.payload.body);
    if (fromEvent) return htmlToText(fromEvent);
    const m = s.ticket.lastPublicMessage;
    if (m && (!messageId || m.id === messageId))
      return m.bodyText?.trim() || htmlToText(m.bodyHtml ?? m.body ?? '');
    return '';
  };

  const onMessage = (e: DomainEvent) =>
    inScene(e, async (s) => {
      const messageId = str(e.payload.messageId);
      const authorKind = str(e.payload.authorKind);
      const visibility = str(e.payload.visibility);
      const discriminator = messageId ?? s.at.toISOString();
      // Customers' own messages never trigger mail to them: no echo, and no loop with an auto-reply.
      if (authorKind !== 'agent') return;
      const authorId = str(e.payload.authorUserId);
      const text = await replyText(s, e, messageId);
      const authorName = authorId ? (await agentsByIds(s.tx, [authorId], s.tenant))[0]?.name : undefined;
      if (visibility === 'public') {
        await mailRequester(s, 'agent_replied', discriminator, {
          'reply.text': text,
          ...(authorName ? { 'agent.name': authorName } : {}),
        });
      }
      const mentioned = strList(e.payload.mentions).filter((id) => id !== authorId);
      if (mentioned.length) {
        await notifyAgents(s, 'mention', mentioned, discriminator, {
          email: true,
          values: () => ({ 'mention.author': authorName ?? '—', 'reply.text': text }),
        });
      }
    });

  const onStatus = (e: DomainEvent) =>
    inScene(e, async (s) => {
      const to = str(e.payload.to);
      const stamp = s.at.toISOString();
      if (to === 'pending_customer') {
        const m = s.ticket.lastPublicMessage;
        // A reply sent with "then wait for the customer" already reached them: one mail, not two.
        if (m?.authorKind === 'agent' && m.createdAt?.getTime() === s.at.getTime()) return;
        await mailRequester(s, 'pending_customer', stamp, {
          'reply.text': m ? m.bodyText?.trim() || htmlToText(m.bodyHtml ?? m.body ?? '') : undefined,
        });
      } else if (to === 'solved') {
        const locale = localeOf(s.ticket.requester?.preferredLanguage, s.tenant.locale);
        const { url } = await deps.csat.request(s.tx, {
          tenantId: s.tenant.id,
          ticketId: s.ticket.id,
          ticketNumber: s.ticket.number,
          contactId: s.ticket.requester?.contactId ?? null,
          locale,
          now: s.now,
        });
        await mailRequester(s, 'ticket_solved', stamp, { 'csat.url': url });
      }
    });

  /** A scene for work that already has its transaction and ticket (the escalation job). */
  const sceneFor = async (
    tx: Tx,
    tenantId: string,
    ticket: TicketForNotification,
    now: Date,
  ): Promise<Scene> => ({
    tx,
    tenant: await tenantInfo(tx, tenantId),
    ticket,
    now,
    at: now,
  });

  return {
    /** Event type → handler; the module subscribes them to the bus. */
    handlers: {
      'ticket.created': onCreated,
      'ticket.assigned': onAssigned,
      'ticket.message_added': onMessage,
      'ticket.status_changed': onStatus,
    } as Record<string, (e: DomainEvent) => Promise<void>>,
    notifyAgents,
    sceneFor,
  };
};

export type Delivery = ReturnType<typeof createDelivery>;
