import { type TWebLeadForm, WEB_FORM_HONEYPOT, ZCreateLead } from '../../../shared/crm/leads.schemas.js';
import type { TFieldError } from '../../../shared/errors.js';
import { AppError, validationError } from '../../platform/errors/app-error.js';
import { scopeOf, type TenantCtx } from '../../platform/http/actor.js';
import { createThrottle, type ThrottleRule } from '../auth/index.js';
import { type CustomFieldEntity, listDefs } from '../custom-fields/index.js';
import { findTenantBySlug, getCurrentTenant } from '../tenants/index.js';
import type { CrmDeps } from './crm.deps.js';
import type { Leads } from './leads.service.js';

type Locale = 'he' | 'en';
type CustomFieldDef = Awaited<ReturnType<typeof listDefs>>[number];

/** Submissions per client IP and workspace: 10 in 10 minutes, then 429 for 10 minutes. */
export const WEB_FORM_RULE: ThrottleRule = { max: 10, windowMs: 10 * 60_000, lockMs: 10 * 60_000 };

/** Path of the public endpoint under /api/v1. */
export const webFormPath = (workspace: string) => `/public/forms/${encodeURIComponent(workspace)}/lead`;

export type WebLeadSubmission = {
  workspace: string;
  body: TWebLeadForm;
  redirect?: string | undefined;
  ip: string;
  userAgent?: string | undefined;
  referer?: string | undefined;
};

const UTM = ['utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content'] as const;
const TRUTHY = new Set(['true', 'on', '1', 'yes']);
const FALSY = new Set(['false', 'off', '0', 'no']);

const checkRedirect = (redirect: string | undefined): string | null => {
  if (!redirect) return null;
  try {
    const u = new URL(redirect);
    if (u.protocol === 'http:' || u.protocol === 'https:') return u.toString();
  } catch {
    // falls through to the error below
  }
  throw validationError([{ path: 'redirect', message: 'Must be an http(s) URL' }]);
};

/** Form posts carry text: turn it into what each custom field type stores. */
const coerce = (def: CustomFieldDef, v: unknown): unknown => {
  if (def.type === 'checkbox' && typeof v === 'string') {
    const s = v.trim().toLowerCase();
    return TRUTHY.has(s) ? true : FALSY.has(s) ? false : v;
  }
  if (def.type === 'multi_select') {
    if (typeof v === 'string') return v === '' ? [] : [v];
    return Array.isArray(v) ? v.map(String) : v;
  }
  if (typeof v === 'number' && def.type !== 'number' && def.type !== 'currency') return String(v);
  return v;
};

// The form's field names, in the words of the error a visitor sees.
const formPath = (path: string) =>
  path
    .replace(/^phones\.\d+$/, 'phone')
    .replace(/^emails\.\d+$/, 'email')
    .replace(/^customFields\./, 'cf_');

const clip = (s: string, n = 500) => s.slice(0, n);

const metaOf = (body: TWebLeadForm, referer: string | undefined) => {
  const meta: Record<string, string> = {};
  let fromReferer: URLSearchParams | undefined;
  if (referer) {
    meta.referer = clip(referer);
    try {
      fromReferer = new URL(referer).searchParams;
    } catch {
      // a malformed Referer is kept as text only
    }
  }
  for (const k of UTM) {
    const v = body[k] || fromReferer?.get(k);
    if (v) meta[k] = clip(v, 200);
  }
  return meta;
};

export const createWebLeadForm = (deps: CrmDeps, leads: Leads) => {
  const throttle = createThrottle(deps.database, deps.clock);

  return {
    /**
     * A website visitor's form post. Unknown workspace → 404; too many from one IP → 429; a
     * filled honeypot looks like success and stores nothing. Returns where to send the browser.
     */
    submit: async (input: WebLeadSubmission): Promise<{ redirect: string | null; locale: Locale }> => {
      const redirect = checkRedirect(input.redirect);
      // System path: the workspace is known only by its slug until we find it.
      const tenant = await deps.database.systemTx((tx) => findTenantBySlug(tx, input.workspace));
      if (!tenant) throw new AppError('NOT_FOUND', { userMessage: 'Form not found.' });
      const locked = await throttle.consume([[`web-lead:${tenant.id}:${input.ip}`, WEB_FORM_RULE]]);
      if (locked > 0) {
        throw new AppError('RATE_LIMITED', {
          userMessage: 'Too many submissions from here. Try again later.',
          retryAfterSeconds: locked,
        });
      }
      const outcome = { redirect, locale: tenant.locale };
      const body = input.body;
      if (String(body[WEB_FORM_HONEYPOT] ?? '').trim() !== '') return outcome;

      const text = (k: 'firstName' | 'lastName' | 'company' | 'email' | 'phone' | 'message') =>
        (body[k] ?? '').trim();
      const errors: TFieldError[] = [];
      if (!text('email') && !text('phone')) {
        errors.push({ path: 'email', message: 'Give an email address or a phone number' });
      }
      let firstName = text('firstName');
      let lastName = text('lastName');
      if (!firstName) {
        firstName = lastName || text('company') || text('email') || text('phone');
        lastName = lastName && firstName === lastName ? '' : lastName;
      }
      if (errors.length) throw validationError(errors);

      const meta = metaOf(body, input.referer);
      const cfRaw = Object.entries(body).filter(([k]) => k.startsWith('cf_') && k.length > 3);

      await deps.database.tenantTx({ role: 'staff', tenantId: tenant.id }, async (tx) => {
        const defs = new Map(
          (await listDefs(tx, 'lead' satisfies CustomFieldEntity))
            .filter((d) => !d.archived)
            .map((d) => [d.key, d]),
        );
        const customFields: Record<string, unknown> = {};
        for (const [k, v] of cfRaw) {
          const def = defs.get(k.slice(3));
          // A field the site still sends after an admin removed it: keep the text, lose no lead.
          if (!def) meta[k] = clip(Array.isArray(v) ? v.join(', ') : String(v ?? ''));
          else customFields[def.key] = coerce(def, v);
        }
        const lead = ZCreateLead.parse({
          firstName: clip(firstName, 100),
          lastName: clip(lastName, 100),
          ...(text('company') ? { company: text('company') } : {}),
          ...(text('message') ? { message: text('message') } : {}),
          phones: text('phone') ? [text('phone')] : [],
          emails: text('email') ? [text('email')] : [],
          source: 'web_form',
          customFields,
        });
        try {
          await leads.createInTx(
            tx,
            {
              tenantId: tenant.id,
              actor: { kind: 'anonymous', id: null },
              audit: (action, target, details) => ({
                tenantId: tenant.id,
                actorKind: 'anonymous',
                action,
                ...(target ? { targetKind: target.kind, targetId: target.id } : {}),
                ip: input.ip,
                userAgent: input.userAgent,
                details: { ...details, via: 'web_form' },
              }),
            },
            { ...lead, meta },
          );
        } catch (e) {
          if (e instanceof AppError && e.code === 'VALIDATION_FAILED' && e.fields) {
            throw validationError(e.fields.map((f) => ({ ...f, path: formPath(f.path) })));
          }
          throw e;
        }
      });
      return outcome;
    },

    /** An HTML form to paste into a website, in the tenant's language, posting to the public endpoint. */
    snippet: (ctx: TenantCtx) =>
      deps.database.tenantTx(scopeOf(ctx), async (tx) => {
        const tenant = await getCurrentTenant(tx, ctx.tenantId);
        if (!tenant) throw new AppError('NOT_FOUND', { userMessage: 'Workspace not found.' });
        const defs = (await listDefs(tx, 'lead')).filter((d) => !d.archived && d.type !== 'user');
        const action = `${deps.publicUrl.replace(/\/+$/, '')}/api/v1${webFormPath(tenant.slug)}`;
        return { html: snippetHtml(action, tenant.locale, defs), action };
      }),
  };
};

export type WebLeadForm = ReturnType<typeof createWebLeadForm>;

// ── The embeddable snippet and the thank-you page ─────────────────────

const esc = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

const WORDS: Record<Locale, Record<string, string>> = {
  he: {
    firstName: 'שם פרטי',
    lastName: 'שם משפחה',
    company: 'חברה',
    email: 'דוא״ל',
    phone: 'טלפון',
    message: 'הודעה',
    honeypot: 'נא להשאיר שדה זה ריק',
    submit: 'שליחה',
    choose: 'בחירה…',
    thanksTitle: 'תודה',
    thanks: 'תודה! פנייתך התקבלה ונחזור אליך בהקדם.',
    redirectHint: 'להעברה לעמוד תודה משלכם, הוסיפו ?redirect=https://… לכתובת ה-action',
  },
  en: {
    firstName: 'First name',
    lastName: 'Last name',
    company: 'Company',
    email: 'Email',
    phone: 'Phone',
    message: 'Message',
    honeypot: 'Leave this field empty',
    submit: 'Send',
    choose: 'Choose…',
    thanksTitle: 'Thank you',
    thanks: 'Thank you! We received your message and will be in touch soon.',
    redirectHint: 'To show your own thank-you page, add ?redirect=https://… to the action URL',
  },
};

const w = (locale: Locale, key: string) => WORDS[locale][key] ?? key;

const INPUT_TYPES: Partial<Record<CustomFieldDef['type'], string>> = {
  text: 'text',
  number: 'number',
  currency: 'number',
  date: 'date',
  datetime: 'datetime-local',
  phone: 'tel',
  email: 'email',
  url: 'url',
};

const field = (id: string, label: string, control: string) =>
  `  <p><label for="${id}">${esc(label)}</label><br>\n    ${control}</p>`;

const customFieldControl = (d: CustomFieldDef, locale: Locale) => {
  const name = `cf_${d.key}`;
  const id = `kesher-${name}`;
  const label = locale === 'he' ? d.labelHe : d.labelEn;
  const req = d.required ? ' required' : '';
  const options = (multiple: boolean) =>
    [
      ...(multiple ? [] : [`<option value="">${esc(w(locale, 'choose'))}</option>`]),
      ...d.options.map(
        (o) => `<option value="${esc(o.value)}">${esc(locale === 'he' ? o.labelHe : o.labelEn)}</option>`,
      ),
    ].join('');
  switch (d.type) {
    case 'long_text':
      return field(id, label, `<textarea id="${id}" name="${name}" rows="3"${req}></textarea>`);
    case 'select':
      return field(id, label, `<select id="${id}" name="${name}"${req}>${options(false)}</select>`);
    case 'multi_select':
      return field(id, label, `<select id="${id}" name="${name}" multiple${req}>${options(true)}</select>`);
    case 'checkbox':
      return `  <p><label><input type="checkbox" name="${name}" value="true"${req}> ${esc(label)}</label></p>`;
    default: {
      const type = INPUT_TYPES[d.type] ?? 'text';
      const step = d.type === 'currency' ? ' step="0.01"' : d.type === 'number' ? ' step="any"' : '';
      return field(id, label, `<input id="${id}" name="${name}" type="${type}"${step}${req}>`);
    }
  }
};

const snippetHtml = (action: string, locale: Locale, defs: CustomFieldDef[]) => {
  const dir = locale === 'he' ? 'rtl' : 'ltr';
  const base = (name: string, type: string, extra = '') =>
    field(
      `kesher-${name}`,
      w(locale, name),
      `<input id="kesher-${name}" name="${name}" type="${type}"${extra}>`,
    );
  return [
    `<!-- Kesher web-to-lead form. ${esc(w(locale, 'redirectHint'))} -->`,
    // Hidden from people without display:none (some bots skip display:none fields); logical
    // properties only, so it behaves the same in RTL and LTR pages.
    '<style>.kesher-lead-form .kesher-hp{position:absolute!important;inline-size:1px;block-size:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}</style>',
    `<form class="kesher-lead-form" method="post" action="${esc(action)}" dir="${dir}" lang="${locale}" accept-charset="UTF-8">`,
    base('firstName', 'text', ' required autocomplete="given-name"'),
    base('lastName', 'text', ' autocomplete="family-name"'),
    base('company', 'text', ' autocomplete="organization"'),
    base('email', 'email', ' autocomplete="email"'),
    base('phone', 'tel', ' autocomplete="tel"'),
    field(
      'kesher-message',
      w(locale, 'message'),
      '<textarea id="kesher-message" name="message" rows="4"></textarea>',
    ),
    ...defs.map((d) => customFieldControl(d, locale)),
    `  <div class="kesher-hp" aria-hidden="true"><label for="kesher-${WEB_FORM_HONEYPOT}">${esc(w(locale, 'honeypot'))}</label><input id="kesher-${WEB_FORM_HONEYPOT}" name="${WEB_FORM_HONEYPOT}" type="text" tabindex="-1" autocomplete="off"></div>`,
    `  <p><button type="submit">${esc(w(locale, 'submit'))}</button></p>`,
    '</form>',
  ].join('\n');
};

/** What a plain HTML form post without ?redirect= shows the visitor. */
export const thanksPage = (locale: Locale) =>
  `<!doctype html><html lang="${locale}" dir="${locale === 'he' ? 'rtl' : 'ltr'}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${esc(w(locale, 'thanksTitle'))}</title></head><body><p>${esc(w(locale, 'thanks'))}</p></body></html>`;
