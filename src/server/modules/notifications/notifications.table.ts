import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { TEscalationSettings } from '../../../shared/notifications.schemas.js';
import {
  NOTIFICATION_CHANNELS,
  NOTIFICATION_EVENTS,
  NOTIFICATION_STATUSES,
  SLA_TARGETS,
} from '../../../shared/notifications.schemas.js';
import { id, tenantId, tenantPk, timestamps, tstz } from '../../platform/db/columns.js';

/** A tenant's wording for one event in one language; without a row the shipped default applies. */
export const notificationTemplates = pgTable(
  'notification_templates',
  {
    tenantId: tenantId(),
    id: id(),
    event: text('event', { enum: NOTIFICATION_EVENTS }).notNull(),
    locale: text('locale', { enum: ['he', 'en'] }).notNull(),
    subject: text('subject').notNull(),
    body: text('body').notNull(),
    actionLabel: text('action_label'),
    ...timestamps(),
  },
  (t) => [tenantPk(t), uniqueIndex('notification_templates_key').on(t.tenantId, t.event, t.locale)],
);
export type NotificationTemplateRow = typeof notificationTemplates.$inferSelect;

/**
 * Every notification Kesher decided to send (or not): one row per event, channel and recipient.
 * Email rows point at their mail_outbox row, whose status is the delivery state; in-app rows are
 * the agent's inbox. `dedupe_key` makes handlers idempotent: a retried event inserts nothing.
 */
export const notifications = pgTable(
  'notifications',
  {
    tenantId: tenantId(),
    id: id(),
    ticketId: uuid('ticket_id'),
    event: text('event', { enum: NOTIFICATION_EVENTS }).notNull(),
    channel: text('channel', { enum: NOTIFICATION_CHANNELS }).notNull(),
    // An email address, a phone number, or (in_app) the user id as text.
    recipient: text('recipient').notNull(),
    recipientUserId: uuid('recipient_user_id'),
    locale: text('locale', { enum: ['he', 'en'] }).notNull(),
    status: text('status', { enum: NOTIFICATION_STATUSES }).notNull(),
    // Why it is held or skipped (a render error, loop protection, a rate limit).
    reason: text('reason'),
    mailOutboxId: uuid('mail_outbox_id'),
    dedupeKey: text('dedupe_key').notNull(),
    title: text('title').notNull().default(''),
    body: text('body').notNull().default(''),
    readAt: tstz('read_at'),
    createdAt: tstz('created_at').notNull().defaultNow(),
  },
  (t) => [
    tenantPk(t),
    uniqueIndex('notifications_dedupe_key').on(t.tenantId, t.dedupeKey),
    index('notifications_ticket_idx').on(t.tenantId, t.ticketId, t.createdAt),
    index('notifications_inbox_idx')
      .on(t.tenantId, t.recipientUserId, t.id.desc())
      .where(sql`channel = 'in_app'`),
    index('notifications_recipient_idx').on(t.tenantId, t.recipient, t.event, t.createdAt),
  ],
);
export type NotificationRow = typeof notifications.$inferSelect;

/**
 * Escalation settings per SLA policy (raise priority, reassign). Kept here rather than in the SLA
 * module's policy table: a module writes only its own tables.
 */
export const slaEscalationRules = pgTable(
  'sla_escalation_rules',
  {
    tenantId: tenantId(),
    policyId: uuid('policy_id').notNull(),
    escalation: jsonb('escalation').$type<TEscalationSettings>().notNull(),
    ...timestamps(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.policyId] })],
);

/**
 * Thresholds that fired, one row per ticket, target, response cycle and threshold: each warning
 * and each breach escalates exactly once, whichever process runs the check.
 */
export const slaEscalations = pgTable(
  'sla_escalations',
  {
    tenantId: tenantId(),
    id: id(),
    ticketId: uuid('ticket_id').notNull(),
    ticketNumber: integer('ticket_number').notNull(),
    target: text('target', { enum: SLA_TARGETS }).notNull(),
    cycle: integer('cycle').notNull().default(0),
    threshold: text('threshold', { enum: ['warning', 'breach'] }).notNull(),
    dueAt: tstz('due_at').notNull(),
    firedAt: tstz('fired_at').notNull(),
    assigneeId: uuid('assignee_id'),
    // What was done besides notifying, e.g. 'priority:high', 'reassigned:<user id>'.
    actions: text('actions').array().notNull().default(sql`'{}'::text[]`),
  },
  (t) => [
    tenantPk(t),
    uniqueIndex('sla_escalations_once_key').on(t.tenantId, t.ticketId, t.target, t.cycle, t.threshold),
    index('sla_escalations_fired_idx').on(t.tenantId, t.threshold, t.firedAt),
  ],
);
export type SlaEscalationRow = typeof slaEscalations.$inferSelect;
