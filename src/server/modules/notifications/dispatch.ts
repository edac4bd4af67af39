// Writes notifications: one row per event, channel and recipient (idempotent by dedupe key), the
// email enqueued in the same transaction. A template that fails to render leaves a `held` row with
// the error; loop protection and rate limits leave a `skipped` row with the reason. Nothing is
// dropped without a trace.
import { and, eq, gt, inArray } from 'drizzle-orm';
import type { TLocale, TNotificationEvent } from '../../../shared/notifications.schemas.js';
import type { Tx } from '../../platform/db/database.js';
import type { Mailer } from '../../platform/mail/mailer.js';
import { composeMail } from './compose.js';
import { IN_APP } from './in-app.defaults.js';
import { notifications } from './notifications.table.js';
import { renderTemplate, TemplateError, type TemplateValues } from './template-language.js';
import { PLACEHOLDERS } from './templates.defaults.js';
import { loadTemplate } from './templates.service.js';

export type DispatchDeps = { mailer: Mailer };

type Base = {
  tenantId: string;
  ticketId: string | null;
  event: TNotificationEvent;
  locale: TLocale;
  dedupeKey: string;
  now: Date;
};

type Outcome = { id: string; status: 'queued' | 'sent' | 'held' | 'skipped' } | null;

const insertRow = async (
  tx: Tx,
  row: Base & {
    channel: 'email' | 'in_app';
    recipient: string;
    recipientUserId?: string | null;
    status: 'queued' | 'sent' | 'held' | 'skipped';
    reason?: string | null;
    title?: string;
    body?: string;
  },
): Promise<string | undefined> => {
  const [r] = await tx
    .insert(notifications)
    .values({
      tenantId: row.tenantId,
      ticketId: row.ticketId,
      event: row.event,
      channel: row.channel,
      recipient: row.recipient,
      recipientUserId: row.recipientUserId ?? null,
      locale: row.locale,
      status: row.status,
      reason: row.reason ?? null,
      dedupeKey: row.dedupeKey,
      title: row.title ?? '',
      body: row.body ?? '',
      createdAt: row.now,
    })
    .onConflictDoNothing({ target: [notifications.tenantId, notifications.dedupeKey] })
    .returning({ id: notifications.id });
  return r?.id;
};

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e)).slice(0, 500);

/** Stores a decision not to send (loop protection, rate limit, no address), visible on the ticket. */
export const skipEmail = async (tx: Tx, base: Base, recipient: string, reason: string): Promise<Outcome> => {
  const id = await insertRow(tx, { ...base, channel: 'email', recipient, status: 'skipped', reason });
  return id ? { id, status: 'skipped' } : null;
};

/**
 * Renders the event's template (the tenant's, else the default) and enqueues the email.
 * Returns null when this dedupe key was handled before (a retried event sends nothing).
 */
export const sendEmail = async (
  tx: Tx,
  deps: DispatchDeps,
  base: Base & { to: string; recipientUserId?: string | null; values: TemplateValues },
): Promise<Outcome> => {
  const template = await loadTemplate(tx, base.event, base.locale);
  let mail: ReturnType<typeof composeMail>;
  try {
    mail = composeMail(base.event, base.locale, template, base.values);
  } catch (e) {
    if (!(e instanceof TemplateError)) throw e;
    const id = await insertRow(tx, {
      ...base,
      channel: 'email',
      recipient: base.to,
      status: 'held',
      reason: `Template error: ${errorText(e)}`,
    });
    return id ? { id, status: 'held' } : null;
  }
  const id = await insertRow(tx, {
    ...base,
    channel: 'email',
    recipient: base.to,
    status: 'queued',
    title: mail.subject,
  });
  if (!id) return null;
  const mailId = await deps.mailer.enqueue(tx, {
    tenantId: base.tenantId,
    to: base.to,
    subject: mail.subject,
    html: mail.html,
    text: mail.text,
    kind: `ticket.${base.event}`,
  });
  await tx
    .update(notifications)
    .set({ mailOutboxId: mailId })
    .where(and(eq(notifications.tenantId, base.tenantId), eq(notifications.id, id)));
  return { id, status: 'queued' };
};

/** An entry in an agent's in-app inbox. */
export const sendInApp = async (
  tx: Tx,
  base: Base & { userId: string; values: TemplateValues },
): Promise<Outcome> => {
  const text = IN_APP[base.locale][base.event];
  const row = { ...base, channel: 'in_app' as const, recipient: base.userId, recipientUserId: base.userId };
  if (!text) throw new Error(`No in-app text for ${base.event}`);
  try {
    const allowed = PLACEHOLDERS[base.event];
    const title = renderTemplate(text.title, base.values, allowed).replace(/\s+/g, ' ').trim();
    const body = renderTemplate(text.body, base.values, allowed).trim().slice(0, 1000);
    // In-app entries are delivered once written: the inbox reads them directly.
    const id = await insertRow(tx, { ...row, status: 'sent', title, body });
    return id ? { id, status: 'sent' } : null;
  } catch (e) {
    if (!(e instanceof TemplateError)) throw e;
    const id = await insertRow(tx, { ...row, status: 'held', reason: `Template error: ${errorText(e)}` });
    return id ? { id, status: 'held' } : null;
  }
};

/** Has this address had an email for `event` since `since` (sent or on its way)? */
export const recentlyEmailed = async (
  tx: Tx,
  recipient: string,
  event: TNotificationEvent,
  since: Date,
): Promise<boolean> => {
  const [r] = await tx
    .select({ id: notifications.id })
    .from(notifications)
    .where(
      and(
        eq(notifications.recipient, recipient),
        eq(notifications.event, event),
        eq(notifications.channel, 'email'),
        inArray(notifications.status, ['queued', 'sent']),
        gt(notifications.createdAt, since),
      ),
    )
    .limit(1);
  return Boolean(r);
};
