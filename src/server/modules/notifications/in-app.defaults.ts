// Short in-app texts for agents (the bell in the header). Shipped only, not tenant-editable: they
// name the ticket and what happened; the email templates carry the longer wording.
import type { TLocale, TNotificationEvent } from '../../../shared/notifications.schemas.js';

export type InAppText = { title: string; body: string };

export const IN_APP: Record<TLocale, Partial<Record<TNotificationEvent, InAppText>>> = {
  he: {
    ticket_assigned: { title: 'פנייה {{ticket.number}} הוקצתה לך', body: '{{ticket.subject}}' },
    mention: {
      title: '{{mention.author}} הזכיר/ה אותך בפנייה {{ticket.number}}',
      body: '{{#if reply.text}}{{reply.text}}{{else}}{{ticket.subject}}{{/if}}',
    },
    sla_warning: {
      title: 'אזהרת SLA בפנייה {{ticket.number}}: {{sla.target}} עד {{sla.dueAt}}',
      body: '{{ticket.subject}}',
    },
    sla_breached: {
      title: 'חריגה מ-SLA בפנייה {{ticket.number}}: {{sla.target}}',
      body: '{{ticket.subject}}',
    },
  },
  en: {
    ticket_assigned: { title: 'Ticket #{{ticket.number}} was assigned to you', body: '{{ticket.subject}}' },
    mention: {
      title: '{{mention.author}} mentioned you on ticket #{{ticket.number}}',
      body: '{{#if reply.text}}{{reply.text}}{{else}}{{ticket.subject}}{{/if}}',
    },
    sla_warning: {
      title: 'SLA warning on ticket #{{ticket.number}}: {{sla.target}} due {{sla.dueAt}}',
      body: '{{ticket.subject}}',
    },
    sla_breached: {
      title: 'SLA breached on ticket #{{ticket.number}}: {{sla.target}}',
      body: '{{ticket.subject}}',
    },
  },
};
