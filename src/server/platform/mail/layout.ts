import { escapeHtml } from '../security/html.js';

export type EmailContent = {
  locale: 'he' | 'en';
  title: string;
  paragraphs: string[];
  action?: { label: string; url: string };
  footer?: string;
};

/** A simple, right-to-left aware HTML email with a plain-text twin. Every value is escaped. */
export const renderEmail = (c: EmailContent): { html: string; text: string } => {
  const dir = c.locale === 'he' ? 'rtl' : 'ltr';
  const align = dir === 'rtl' ? 'right' : 'left';
  const paras = c.paragraphs
    .map((p) => `<p style="margin:0 0 16px;line-height:1.6">${escapeHtml(p)}</p>`)
    .join('');
  const button = c.action
    ? `<p style="margin:24px 0"><a href="${escapeHtml(c.action.url)}" style="background:#0c8599;color:#fff;padding:10px 18px;border-radius:6px;text-decoration:none;display:inline-block">${escapeHtml(c.action.label)}</a></p>
<p style="margin:0 0 16px;font-size:12px;color:#555" dir="ltr">${escapeHtml(c.action.url)}</p>`
    : '';
  const footer = c.footer ? `<p style="font-size:12px;color:#777">${escapeHtml(c.footer)}</p>` : '';
  const html = `<!doctype html><html lang="${c.locale}" dir="${dir}"><head><meta charset="utf-8"><title>${escapeHtml(c.title)}</title></head>
<body style="margin:0;padding:24px;background:#f4f6f8;font-family:Arial,'Segoe UI',sans-serif">
<div dir="${dir}" style="max-width:560px;margin:0 auto;background:#fff;padding:24px;border-radius:8px;text-align:${align}">
<h1 style="font-size:20px;margin:0 0 16px">${escapeHtml(c.title)}</h1>${paras}${button}${footer}</div></body></html>`;
  const text = [
    c.title,
    '',
    ...c.paragraphs,
    ...(c.action ? ['', `${c.action.label}: ${c.action.url}`] : []),
    ...(c.footer ? ['', c.footer] : []),
  ].join('\n');
  return { html, text };
};
