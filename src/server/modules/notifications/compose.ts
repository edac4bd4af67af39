// Turns a template and the values of one event into an email (subject, RTL-aware HTML, text) or an
// in-app entry. Pure: no database, no clock.
import type { TLocale, TNotificationEvent, TTemplateContent } from '../../../shared/notifications.schemas.js';
import { renderEmail } from '../../platform/mail/layout.js';
import { renderTemplate, type TemplateValues } from './template-language.js';
import { ACTION_URL, PLACEHOLDERS } from './templates.defaults.js';

export type ComposedMail = { subject: string; html: string; text: string };

const paragraphsOf = (body: string) =>
  body
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean);

/**
 * Renders an event's template with its values. Throws TemplateError when the template names an
 * unknown placeholder or lacks a value it needs: the caller stores the notification as held.
 */
export const composeMail = (
  event: TNotificationEvent,
  locale: TLocale,
  template: TTemplateContent,
  values: TemplateValues,
): ComposedMail => {
  const allowed = PLACEHOLDERS[event];
  // A subject is one line: a reply text or a typo must not add header lines.
  const subject = renderTemplate(template.subject, values, allowed).replace(/\s+/g, ' ').trim();
  const body = renderTemplate(template.body, values, allowed);
  const actionKey = ACTION_URL[event];
  const actionUrl = actionKey ? values[actionKey] : undefined;
  const label = template.actionLabel ? renderTemplate(template.actionLabel, values, allowed).trim() : '';
  const { html, text } = renderEmail({
    locale,
    title: subject,
    paragraphs: paragraphsOf(body),
    ...(label && typeof actionUrl === 'string' && actionUrl ? { action: { label, url: actionUrl } } : {}),
  });
  return { subject, html, text };
};

const DAY_MS = 24 * 3_600_000;

/**
 * A due time as a person reads it: "יום ראשון 10:00" / "Sunday 10:00" in the tenant's time zone,
 * with the date added when it is a week or more away.
 */
export const formatDue = (due: Date, locale: TLocale, timeZone: string, now: Date): string => {
  const tag = locale === 'he' ? 'he-IL' : 'en-GB';
  const weekday = new Intl.DateTimeFormat(tag, { weekday: 'long', timeZone }).format(due);
  const time = new Intl.DateTimeFormat(tag, {
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone,
  }).format(due);
  if (due.getTime() - now.getTime() < 6 * DAY_MS) return `${weekday} ${time}`;
  const date = new Intl.DateTimeFormat(tag, {
    day: 'numeric',
    month: locale === 'he' ? 'numeric' : 'short',
    timeZone,
  }).format(due);
  return `${weekday} ${date} ${time}`;
};

/** A stored ticket message body (sanitised HTML) as plain text for a template. */
export const htmlToText = (html: string): string =>
  html
    .replace(/<\s*br\s*\/?>/gi, '\n')
    .replace(/<\/\s*(p|div|li|h[1-6]|blockquote|tr)\s*>/gi, '\n\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#0?39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();

/** First name for "Hello Dana": the stored first name, else the first word of the full name. */
export const firstNameOf = (name: string | null | undefined): string =>
  (name ?? '').trim().split(/\s+/)[0] ?? '';
