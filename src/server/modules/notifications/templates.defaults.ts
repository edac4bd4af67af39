// The notification texts Kesher ships, in Hebrew and English, and the placeholders each event offers.
// A tenant may override any of them (notification_templates); these apply otherwise.
import type { TLocale, TNotificationEvent, TTemplateContent } from '../../../shared/notifications.schemas.js';

const COMMON = ['ticket.number', 'ticket.subject', 'tenant.name', 'recipient.name'];
const REQUESTER = [
  ...COMMON,
  'ticket.status',
  'requester.firstName',
  'requester.name',
  'agent.name',
  'sla.firstResponseDue',
  'sla.resolutionDue',
];
const AGENT = [
  ...COMMON,
  'ticket.url',
  'ticket.priority',
  'requester.name',
  'agent.name',
  'sla.firstResponseDue',
  'sla.resolutionDue',
];

/** Which placeholders each event's template may use; any other is an error. */
export const PLACEHOLDERS: Record<TNotificationEvent, ReadonlySet<string>> = {
  ticket_created: new Set(REQUESTER),
  ticket_assigned: new Set(REQUESTER),
  agent_replied: new Set([...REQUESTER, 'reply.text']),
  pending_customer: new Set([...REQUESTER, 'reply.text']),
  ticket_solved: new Set([...REQUESTER, 'csat.url']),
  sla_warning: new Set([...AGENT, 'sla.target', 'sla.dueAt']),
  sla_breached: new Set([...AGENT, 'sla.target', 'sla.dueAt']),
  mention: new Set([...AGENT, 'mention.author', 'reply.text']),
};

/** Where an event's button points (a placeholder's value), if it has one. */
export const ACTION_URL: Partial<Record<TNotificationEvent, string>> = {
  ticket_solved: 'csat.url',
  sla_warning: 'ticket.url',
  sla_breached: 'ticket.url',
  mention: 'ticket.url',
};

const HE: Record<TNotificationEvent, TTemplateContent> = {
  ticket_created: {
    subject: '[#{{ticket.number}}] קיבלנו את פנייתך: {{ticket.subject}}',
    body: 'שלום {{requester.firstName}},\n\nקיבלנו את פנייתך מספר {{ticket.number}}.{{#if sla.firstResponseDue}} נענה עד {{sla.firstResponseDue}}.{{/if}}\n\nאפשר להוסיף פרטים בתשובה למייל זה.\n\n{{tenant.name}}',
  },
  ticket_assigned: {
    subject: '[#{{ticket.number}}] פנייתך בטיפול',
    body: 'שלום {{requester.firstName}},\n\n{{#if agent.name}}{{agent.name}} מטפל/ת כעת בפנייתך{{else}}פנייתך בטיפול{{/if}} מספר {{ticket.number}} ({{ticket.subject}}).\n\n{{tenant.name}}',
  },
  agent_replied: {
    subject: '[#{{ticket.number}}] תשובה חדשה לפנייתך',
    body: 'שלום {{requester.firstName}},\n\n{{#if agent.name}}{{agent.name}} השיב/ה{{else}}התקבלה תשובה{{/if}} לפנייתך מספר {{ticket.number}}:\n\n{{reply.text}}\n\nאפשר להשיב למייל זה.',
  },
  pending_customer: {
    subject: '[#{{ticket.number}}] ממתינים לתשובתך',
    body: 'שלום {{requester.firstName}},\n\nכדי להמשיך לטפל בפנייתך מספר {{ticket.number}} ({{ticket.subject}}) אנחנו זקוקים לתשובה ממך. אפשר להשיב למייל זה.\n\n{{tenant.name}}',
  },
  ticket_solved: {
    subject: '[#{{ticket.number}}] פנייתך טופלה',
    body: 'שלום {{requester.firstName}},\n\nפנייתך מספר {{ticket.number}} ({{ticket.subject}}) טופלה. אם משהו עדיין לא תקין, אפשר להשיב למייל זה והפנייה תיפתח מחדש.\n\nאיך היה השירות? נשמח לדירוג מ-1 עד 5.',
    actionLabel: 'לדירוג השירות',
  },
  sla_warning: {
    subject: '[#{{ticket.number}}] אזהרת SLA: {{sla.target}} עד {{sla.dueAt}}',
    body: 'שלום {{recipient.name}},\n\nפנייה {{ticket.number}} ({{ticket.subject}}, עדיפות {{ticket.priority}}) תחרוג מיעד ה{{sla.target}} ב-{{sla.dueAt}}.{{#if agent.name}} מטפל/ת: {{agent.name}}.{{else}} הפנייה אינה משויכת.{{/if}}',
    actionLabel: 'לפנייה',
  },
  sla_breached: {
    subject: '[#{{ticket.number}}] חריגה מ-SLA: {{sla.target}}',
    body: 'שלום {{recipient.name}},\n\nפנייה {{ticket.number}} ({{ticket.subject}}, עדיפות {{ticket.priority}}) חרגה מיעד ה{{sla.target}}, שהיה עד {{sla.dueAt}}.{{#if agent.name}} מטפל/ת: {{agent.name}}.{{else}} הפנייה אינה משויכת.{{/if}}',
    actionLabel: 'לפנייה',
  },
  mention: {
    subject: '[#{{ticket.number}}] {{mention.author}} הזכיר/ה אותך',
    body: 'שלום {{recipient.name}},\n\n{{mention.author}} הזכיר/ה אותך בהערה פנימית בפנייה {{ticket.number}} ({{ticket.subject}}):\n\n{{reply.text}}',
    actionLabel: 'לפנייה',
  },
};

const EN: Record<TNotificationEvent, TTemplateContent> = {
  ticket_created: {
    subject: '[#{{ticket.number}}] We received your request: {{ticket.subject}}',
    body: 'Hello {{requester.firstName}},\n\nWe received your request #{{ticket.number}}.{{#if sla.firstResponseDue}} We will answer by {{sla.firstResponseDue}}.{{/if}}\n\nTo add details, simply reply to this email.\n\n{{tenant.name}}',
  },
  ticket_assigned: {
    subject: '[#{{ticket.number}}] Your request is being handled',
    body: 'Hello {{requester.firstName}},\n\n{{#if agent.name}}{{agent.name}} is now handling{{else}}We are now handling{{/if}} your request #{{ticket.number}} ({{ticket.subject}}).\n\n{{tenant.name}}',
  },
  agent_replied: {
    subject: '[#{{ticket.number}}] New reply to your request',
    body: 'Hello {{requester.firstName}},\n\n{{#if agent.name}}{{agent.name}} replied{{else}}There is a reply{{/if}} to your request #{{ticket.number}}:\n\n{{reply.text}}\n\nYou can answer by replying to this email.',
  },
  pending_customer: {
    subject: '[#{{ticket.number}}] We are waiting for you',
    body: 'Hello {{requester.firstName}},\n\nTo continue with your request #{{ticket.number}} ({{ticket.subject}}) we need a reply from you. Please answer by replying to this email.\n\n{{tenant.name}}',
  },
  ticket_solved: {
    subject: '[#{{ticket.number}}] Your request was solved',
    body: 'Hello {{requester.firstName}},\n\nYour request #{{ticket.number}} ({{ticket.subject}}) was solved. If something is still not right, reply to this email and we will reopen it.\n\nHow did we do? Please rate our service from 1 to 5.',
    actionLabel: 'Rate our service',
  },
  sla_warning: {
    subject: '[#{{ticket.number}}] SLA warning: {{sla.target}} due {{sla.dueAt}}',
    body: 'Hello {{recipient.name}},\n\nTicket #{{ticket.number}} ({{ticket.subject}}, priority {{ticket.priority}}) will breach its {{sla.target}} target at {{sla.dueAt}}.{{#if agent.name}} Assigned to {{agent.name}}.{{else}} It is not assigned.{{/if}}',
    actionLabel: 'Open the ticket',
  },
  sla_breached: {
    subject: '[#{{ticket.number}}] SLA breached: {{sla.target}}',
    body: 'Hello {{recipient.name}},\n\nTicket #{{ticket.number}} ({{ticket.subject}}, priority {{ticket.priority}}) breached its {{sla.target}} target, due {{sla.dueAt}}.{{#if agent.name}} Assigned to {{agent.name}}.{{else}} It is not assigned.{{/if}}',
    actionLabel: 'Open the ticket',
  },
  mention: {
    subject: '[#{{ticket.number}}] {{mention.author}} mentioned you',
    body: 'Hello {{recipient.name}},\n\n{{mention.author}} mentioned you in an internal note on ticket #{{ticket.number}} ({{ticket.subject}}):\n\n{{reply.text}}',
    actionLabel: 'Open the ticket',
  },
};

export const DEFAULT_TEMPLATES: Record<TLocale, Record<TNotificationEvent, TTemplateContent>> = {
  he: HE,
  en: EN,
};

/** Words the templates insert (SLA target names, priorities, statuses) in each language. */
export const WORDS: Record<TLocale, Record<string, string>> = {
  he: {
    firstResponse: 'תגובה ראשונה',
    nextResponse: 'תגובה הבאה',
    resolution: 'פתרון',
    low: 'נמוכה',
    normal: 'רגילה',
    high: 'גבוהה',
    urgent: 'דחופה',
    new: 'חדשה',
    open: 'פתוחה',
    pending_customer: 'ממתינה ללקוח',
    on_hold: 'בהמתנה',
    solved: 'טופלה',
    closed: 'סגורה',
  },
  en: {
    firstResponse: 'first response',
    nextResponse: 'next response',
    resolution: 'resolution',
    low: 'low',
    normal: 'normal',
    high: 'high',
    urgent: 'urgent',
    new: 'new',
    open: 'open',
    pending_customer: 'waiting for you',
    on_hold: 'on hold',
    solved: 'solved',
    closed: 'closed',
  },
};
