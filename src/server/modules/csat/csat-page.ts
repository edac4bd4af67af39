// The public survey page: plain server-rendered HTML in the requester's language, five submit
// buttons and a comment box in one form. No JavaScript at all, so it works under the app's CSP
// (script-src 'self', no inline scripts) and in any mail client's browser.
import { type TLocale, ZCsatSubmit } from '../../../shared/notifications.schemas.js';
import { escapeHtml } from '../../platform/security/html.js';
import type { Csat, CsatLink } from './csat.service.js';

const TEXT = {
  he: {
    title: (n: number) => `איך היה השירות בפנייה ${n}?`,
    intro: 'נשמח לשמוע. בחרו דירוג כדי לשלוח; אפשר להוסיף הערה לפני כן.',
    comment: 'רוצים להוסיף משהו? (לא חובה)',
    ratings: ['גרוע מאוד', 'לא טוב', 'בסדר', 'טוב', 'מצוין'],
    current: (r: number) => `דירגתם ${r} מתוך 5. אפשר לשנות את הדירוג.`,
    thanks: 'תודה רבה!',
    thanksBody: (r: number) => `קיבלנו את הדירוג שלכם: ${r} מתוך 5.`,
    change: 'לשינוי הדירוג',
    invalidTitle: 'הקישור אינו תקין',
    invalidBody: 'ייתכן שהקישור הועתק באופן חלקי. אפשר לפתוח אותו שוב מתוך המייל.',
    expiredTitle: 'תוקף הקישור פג',
    expiredBody: 'הסקר לפנייה זו כבר נסגר. תודה בכל זאת!',
    missing: 'יש לבחור דירוג מ-1 עד 5.',
  },
  en: {
    title: (n: number) => `How did we do with request #${n}?`,
    intro: 'We would love to hear. Choose a rating to send it; you can add a comment first.',
    comment: 'Anything to add? (optional)',
    ratings: ['Very poor', 'Poor', 'OK', 'Good', 'Excellent'],
    current: (r: number) => `You rated us ${r} of 5. You can change your rating.`,
    thanks: 'Thank you!',
    thanksBody: (r: number) => `We received your rating: ${r} of 5.`,
    change: 'Change my rating',
    invalidTitle: 'This link is not valid',
    invalidBody: 'The link may have been copied only in part. Please open it again from the email.',
    expiredTitle: 'This link has expired',
    expiredBody: 'The survey for this request has closed. Thank you all the same!',
    missing: 'Please choose a rating from 1 to 5.',
  },
} as const;

const STYLE = `body{margin:0;padding:24px;background:#f4f6f8;font-family:Arial,'Segoe UI',sans-serif;color:#1a1a1a}
main{max-width:520px;margin:32px auto;background:#fff;padding:24px;border-radius:8px}
h1{font-size:22px;margin:0 0 12px}p{line-height:1.6;margin:0 0 16px}
textarea{width:100%;box-sizing:border-box;font:inherit;padding:8px;border:1px solid #ccc;border-radius:6px}
.ratings{display:flex;gap:8px;flex-wrap:wrap;margin-top:16px}
.ratings button{flex:1 1 80px;padding:12px 8px;font:inherit;font-size:16px;border:1px solid #0c8599;border-radius:6px;background:#fff;color:#0c8599;cursor:pointer}
.ratings button:hover,.ratings button:focus{background:#0c8599;color:#fff}
.ratings button[aria-pressed=true]{background:#0c8599;color:#fff}
.ratings b{display:block;font-size:22px}.error{color:#c92a2a}`;

const page = (locale: TLocale, title: string, inner: string) => {
  const dir = locale === 'he' ? 'rtl' : 'ltr';
  return `<!doctype html><html lang="${locale}" dir="${dir}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body><main>${inner}</main></body></html>`;
};

const formPage = (
  locale: TLocale,
  ticketNumber: number,
  current: { rating: number | null; comment: string | null },
  error?: string,
) => {
  const t = TEXT[locale];
  const title = t.title(ticketNumber);
  const buttons = t.ratings
    .map((label, i) => {
      const n = i + 1;
      return `<button type="submit" name="rating" value="${n}" aria-pressed="${current.rating === n}"><b>${n}</b>${escapeHtml(label)}</button>`;
    })
    .join('');
  // No action attribute: the form posts back to this very URL (token included).
  return page(
    locale,
    title,
    `<h1>${escapeHtml(title)}</h1>
<p>${escapeHtml(current.rating ? t.current(current.rating) : t.intro)}</p>
${error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : ''}
<form method="post">
<p><label for="comment">${escapeHtml(t.comment)}</label></p>
<textarea id="comment" name="comment" rows="4" maxlength="2000" dir="auto">${escapeHtml(current.comment ?? '')}</textarea>
<div class="ratings" role="group" aria-label="${escapeHtml(title)}">${buttons}</div>
</form>`,
  );
};

const messagePage = (locale: TLocale, title: string, body: string) =>
  page(locale, title, `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(body)}</p>`);

export type HtmlResponse = { status: number; html: string };

const notOpen = (link: Exclude<CsatLink, { state: 'open' }>, fallback: TLocale): HtmlResponse => {
  if (link.state === 'expired') {
    const t = TEXT[link.locale];
    return { status: 410, html: messagePage(link.locale, t.expiredTitle, t.expiredBody) };
  }
  const t = TEXT[fallback];
  return { status: 404, html: messagePage(fallback, t.invalidTitle, t.invalidBody) };
};

/** The survey page's two requests: show the form, and take a form post. */
export const createCsatPages = (csat: Csat) => ({
  show: async (token: string): Promise<HtmlResponse> => {
    const link = await csat.open(token);
    if (link.state !== 'open') return notOpen(link, 'he');
    return { status: 200, html: formPage(link.locale, link.ticketNumber, link) };
  },

  submit: async (token: string, form: unknown): Promise<HtmlResponse> => {
    const link = await csat.open(token);
    if (link.state !== 'open') return notOpen(link, 'he');
    const parsed = ZCsatSubmit.safeParse(form);
    if (!parsed.success) {
      return {
        status: 400,
        html: formPage(link.locale, link.ticketNumber, link, TEXT[link.locale].missing),
      };
    }
    const saved = await csat.submit(token, parsed.data);
    const t = TEXT[link.locale];
    const inner = `<h1>${escapeHtml(t.thanks)}</h1><p>${escapeHtml(t.thanksBody(saved.rating))}</p>
<p><a href="">${escapeHtml(t.change)}</a></p>`;
    return { status: 200, html: page(link.locale, t.thanks, inner) };
  },
});

export type CsatPages = ReturnType<typeof createCsatPages>;
