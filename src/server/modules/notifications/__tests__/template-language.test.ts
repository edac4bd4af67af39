import { describe, expect, it } from 'vitest';
import { composeMail, formatDue, htmlToText } from '../compose.js';
import { checkPlaceholders, parseTemplate, renderTemplate, TemplateError } from '../template-language.js';
import { DEFAULT_TEMPLATES, PLACEHOLDERS } from '../templates.defaults.js';

const allowed = new Set(['ticket.number', 'requester.firstName', 'sla.firstResponseDue', 'reply.text']);

describe('template language', () => {
  it('inserts values and shows an {{#if}} section only when its value is there', () => {
    const t =
      'Hi {{ requester.firstName }}, #{{ticket.number}}.{{#if sla.firstResponseDue}} By {{sla.firstResponseDue}}.{{else}} Soon.{{/if}}';
    expect(
      renderTemplate(
        t,
        { 'requester.firstName': 'Dana', 'ticket.number': 1042, 'sla.firstResponseDue': 'Sunday 10:00' },
        allowed,
      ),
    ).toBe('Hi Dana, #1042. By Sunday 10:00.');
    expect(renderTemplate(t, { 'requester.firstName': 'Dana', 'ticket.number': 1042 }, allowed)).toBe(
      'Hi Dana, #1042. Soon.',
    );
  });

  it('refuses an unknown placeholder, a missing value and malformed tags', () => {
    expect(() => renderTemplate('{{ticket.secret}}', {}, allowed)).toThrow(
      /Unknown placeholder \{\{ticket\.secret\}\}/,
    );
    expect(() => renderTemplate('{{requester.firstName}}', {}, allowed)).toThrow(/No value for/);
    expect(() => parseTemplate('{{#if a}}x')).toThrow(TemplateError);
    expect(() => parseTemplate('x{{/if}}')).toThrow(TemplateError);
    expect(() => parseTemplate('{{ticket.number}')).toThrow(/Unbalanced/);
    expect(() => parseTemplate('{{constructor.prototype}} {{a b}}')).toThrow(/Invalid placeholder/);
    expect(() => checkPlaceholders('{{#if csat.url}}x{{/if}}', allowed)).toThrow(/csat\.url/);
  });

  it('does not evaluate anything: values are inserted as text, once', () => {
    const out = renderTemplate('{{reply.text}}', { 'reply.text': '{{ticket.number}} <b>x</b>' }, allowed);
    expect(out).toBe('{{ticket.number}} <b>x</b>');
  });

  it('every shipped template parses and uses only its event’s placeholders', () => {
    for (const locale of ['he', 'en'] as const) {
      for (const [event, t] of Object.entries(DEFAULT_TEMPLATES[locale])) {
        const set = PLACEHOLDERS[event as keyof typeof PLACEHOLDERS];
        for (const s of [t.subject, t.body, t.actionLabel ?? ''])
          expect(() => checkPlaceholders(s, set)).not.toThrow();
      }
    }
  });
});

describe('composing an email', () => {
  const values = {
    'ticket.number': 1042,
    'ticket.subject': 'Printer <script>alert(1)</script>',
    'tenant.name': 'Galil',
    'recipient.name': 'Dana Cohen',
    'requester.firstName': 'דנה',
    'reply.text': 'First line & <b>bold</b>\n\nSecond paragraph',
    'csat.url': 'https://kesher.example/csat/abc',
  };

  it('renders Hebrew right-to-left with lang and dir, English left-to-right', () => {
    const he = composeMail('agent_replied', 'he', DEFAULT_TEMPLATES.he.agent_replied, values);
    expect(he.html).toContain('<html lang="he" dir="rtl">');
    expect(he.html).toContain('שלום דנה');
    expect(he.subject).toBe('[#1042] תשובה חדשה לפנייתך');
    const en = composeMail('agent_replied', 'en', DEFAULT_TEMPLATES.en.agent_replied, values);
    expect(en.html).toContain('<html lang="en" dir="ltr">');
    expect(en.text).toContain('Second paragraph');
  });

  it('escapes every value in the HTML, keeps the text twin plain', () => {
    const m = composeMail('ticket_created', 'en', DEFAULT_TEMPLATES.en.ticket_created, values);
    expect(m.html).not.toContain('<script>');
    expect(m.html).toContain('Printer &lt;script&gt;alert(1)&lt;/script&gt;');
    const r = composeMail('agent_replied', 'en', DEFAULT_TEMPLATES.en.agent_replied, values);
    expect(r.html).toContain('First line &amp; &lt;b&gt;bold&lt;/b&gt;');
    expect(r.text).toContain('First line & <b>bold</b>');
  });

  it('puts the survey link on the solved email’s button', () => {
    const m = composeMail('ticket_solved', 'he', DEFAULT_TEMPLATES.he.ticket_solved, values);
    expect(m.html).toContain('href="https://kesher.example/csat/abc"');
    expect(m.html).toContain('לדירוג השירות');
  });

  it('keeps a subject on one line whatever a value holds', () => {
    const m = composeMail(
      'ticket_created',
      'en',
      { subject: '#{{ticket.number}} {{ticket.subject}}', body: 'x' },
      { ...values, 'ticket.subject': 'a\r\nBcc: evil@example.com' },
    );
    expect(m.subject).toBe('#1042 a Bcc: evil@example.com');
  });

  it('fails on an unknown placeholder instead of sending a message with a hole', () => {
    expect(() => composeMail('ticket_created', 'en', { subject: 'x', body: '{{csat.url}}' }, values)).toThrow(
      TemplateError,
    );
  });
});

describe('due times', () => {
  // Thursday 5 March 2026, 15:00 in Jerusalem (UTC+2); the answer is due Sunday 10:00.
  const now = new Date('2026-03-05T13:00:00Z');
  const due = new Date('2026-03-08T08:00:00Z');
  it('reads as weekday and time in the requester’s language, in Israel time', () => {
    expect(formatDue(due, 'he', 'Asia/Jerusalem', now)).toBe('יום ראשון 10:00');
    expect(formatDue(due, 'en', 'Asia/Jerusalem', now)).toBe('Sunday 10:00');
  });
  it('adds the date when the due time is a week or more away', () => {
    const far = new Date('2026-03-16T08:00:00Z');
    expect(formatDue(far, 'he', 'Asia/Jerusalem', now)).toBe('יום שני 16.3 10:00');
    expect(formatDue(far, 'en', 'Asia/Jerusalem', now)).toBe('Monday 16 Mar 10:00');
  });
  it('turns a stored HTML message into text paragraphs', () => {
    expect(htmlToText('<p>Hello &amp; welcome</p><p>Line<br>two</p>')).toBe('Hello & welcome\n\nLine\ntwo');
  });
});
