import { z } from 'zod';
import { ZPageQuery } from './pagination.js';

// Service-desk notifications, escalations, the dev outbox and satisfaction surveys: the API shapes,
// shared with the web app.

export const LOCALES = ['he', 'en'] as const;
export const ZLocale = z.enum(LOCALES);
export type TLocale = z.infer<typeof ZLocale>;

/** Requester-facing events first, then agent-facing ones. */
export const NOTIFICATION_EVENTS = [
  'ticket_created',
  'ticket_assigned',
  'agent_replied',
  'pending_customer',
  'ticket_solved',
  'sla_warning',
  'sla_breached',
  'mention',
] as const;
export const ZNotificationEvent = z.enum(NOTIFICATION_EVENTS);
export type TNotificationEvent = z.infer<typeof ZNotificationEvent>;

export const REQUESTER_EVENTS: readonly TNotificationEvent[] = [
  'ticket_created',
  'ticket_assigned',
  'agent_replied',
  'pending_customer',
  'ticket_solved',
];

export const NOTIFICATION_CHANNELS = ['email', 'sms', 'in_app'] as const;
export const ZNotificationChannel = z.enum(NOTIFICATION_CHANNELS);

export const NOTIFICATION_STATUSES = ['queued', 'held', 'sent', 'failed', 'skipped'] as const;
export const ZNotificationStatus = z.enum(NOTIFICATION_STATUSES);

// ── Templates ─────────────────────────────────────────────────────────

/**
 * A template: `{{ticket.number}}` placeholders and `{{#if x}}…{{else}}…{{/if}}` sections. The body's
 * paragraphs are separated by blank lines; `actionLabel` (optional) labels the email's button.
 */
export const ZTemplateContent = z.object({
  subject: z.string().trim().min(1).max(300),
  body: z.string().trim().min(1).max(10_000),
  actionLabel: z.string().trim().max(100).optional(),
});
export type TTemplateContent = z.infer<typeof ZTemplateContent>;

export const ZNotificationTemplate = ZTemplateContent.extend({
  event: ZNotificationEvent,
  locale: ZLocale,
  /** false: the default shipped with Kesher; true: this tenant's override. */
  custom: z.boolean(),
  /** Placeholders this event offers. */
  placeholders: z.array(z.string()),
  updatedAt: z.iso.datetime().nullable(),
});
export type TNotificationTemplate = z.infer<typeof ZNotificationTemplate>;

export const ZNotificationTemplateList = z.object({ items: z.array(ZNotificationTemplate) });

export const ZPutTemplate = z.object({
  event: ZNotificationEvent,
  locale: ZLocale,
  /** null: go back to the shipped default. */
  template: ZTemplateContent.nullable(),
});
export const ZPutTemplates = z.object({ templates: z.array(ZPutTemplate).min(1).max(32) });
export type TPutTemplates = z.infer<typeof ZPutTemplates>;

export const ZPreviewTemplate = z.object({
  event: ZNotificationEvent,
  locale: ZLocale,
  /** Absent: preview the stored (or default) template. */
  template: ZTemplateContent.optional(),
});
export type TPreviewTemplate = z.infer<typeof ZPreviewTemplate>;

export const ZPreviewResult = z.object({
  subject: z.string(),
  html: z.string(),
  text: z.string(),
});

// ── Delivery and in-app inbox ─────────────────────────────────────────

/** One notification as the ticket screen shows it ("Delivery: sent 10:02"). */
export const ZTicketDelivery = z.object({
  id: z.uuid(),
  event: ZNotificationEvent,
  channel: ZNotificationChannel,
  recipient: z.string(),
  status: ZNotificationStatus,
  reason: z.string().nullable(),
  /** The mail's own state when the notification went to the outbox. */
  mailStatus: z.enum(['outbox', 'queued', 'sending', 'sent', 'failed']).nullable(),
  mailError: z.string().nullable(),
  sentAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
});
export const ZTicketDeliveryList = z.object({ items: z.array(ZTicketDelivery) });

export const ZInboxItem = z.object({
  id: z.uuid(),
  event: ZNotificationEvent,
  ticketId: z.uuid().nullable(),
  title: z.string(),
  body: z.string(),
  readAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
});
export type TInboxItem = z.infer<typeof ZInboxItem>;

export const ZInboxQuery = ZPageQuery.extend({ unread: z.enum(['true', 'false']).optional() });

// ── Escalations ───────────────────────────────────────────────────────

export const SLA_TARGETS = ['firstResponse', 'nextResponse', 'resolution'] as const;
export const ZSlaTarget = z.enum(SLA_TARGETS);
export const ZSlaThreshold = z.enum(['warning', 'breach']);

/** What to do, besides notifying, when a ticket reaches a threshold. */
export const ZEscalationAction = z.object({
  /** Raise the priority one step (low → normal → high → urgent). */
  raisePriority: z.boolean().default(false),
  /** Reassign to this user (an agent or manager of the tenant). */
  reassignTo: z.uuid().nullable().default(null),
});
export const ZEscalationSettings = z.object({
  onWarning: ZEscalationAction.default({ raisePriority: false, reassignTo: null }),
  onBreach: ZEscalationAction.default({ raisePriority: false, reassignTo: null }),
});
export type TEscalationSettings = z.infer<typeof ZEscalationSettings>;

export const ZEscalationRule = z.object({
  policyId: z.uuid(),
  escalation: ZEscalationSettings,
  updatedAt: z.iso.datetime().nullable(),
});
export const ZEscalationRuleList = z.object({ items: z.array(ZEscalationRule) });
export const ZPolicyParams = z.object({ policyId: z.uuid() });

export const ZBreachQuery = ZPageQuery.extend({
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
});
export const ZBreach = z.object({
  id: z.uuid(),
  ticketId: z.uuid(),
  ticketNumber: z.number().int(),
  target: ZSlaTarget,
  threshold: ZSlaThreshold,
  dueAt: z.iso.datetime(),
  firedAt: z.iso.datetime(),
  assigneeId: z.uuid().nullable(),
  actions: z.array(z.string()),
});

// ── Dev outbox ────────────────────────────────────────────────────────

export const ZOutboxQuery = ZPageQuery.extend({
  status: z.enum(['outbox', 'queued', 'sending', 'sent', 'failed']).optional(),
  kind: z.string().trim().max(100).optional(),
});
export const ZOutboxItem = z.object({
  id: z.uuid(),
  to: z.string(),
  subject: z.string(),
  kind: z.string(),
  status: z.enum(['outbox', 'queued', 'sending', 'sent', 'failed']),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  createdAt: z.iso.datetime(),
  sentAt: z.iso.datetime().nullable(),
});
export const ZOutboxDetail = ZOutboxItem.extend({ html: z.string(), text: z.string() });

// ── Satisfaction (CSAT) ───────────────────────────────────────────────

export const ZCsatTokenParams = z.object({ token: z.string().min(10).max(400) });
export const ZCsatSubmit = z.object({
  rating: z.coerce.number().int().min(1).max(5),
  comment: z.string().trim().max(2000).optional(),
});
export type TCsatSubmit = z.infer<typeof ZCsatSubmit>;
export const ZCsatResult = z.object({
  ticketNumber: z.number().int(),
  rating: z.number().int(),
  comment: z.string().nullable(),
  respondedAt: z.iso.datetime(),
});
export const ZTicketCsat = z.object({
  requestedAt: z.iso.datetime().nullable(),
  rating: z.number().int().nullable(),
  comment: z.string().nullable(),
  respondedAt: z.iso.datetime().nullable(),
});
