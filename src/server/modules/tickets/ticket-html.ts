// Rich text of descriptions, replies and macros: sanitised HTML to show, plain text to search,
// notify and quote. Plain-text input is escaped and keeps its line breaks.
import sanitizeHtml from 'sanitize-html';
import { escapeHtml } from '../../platform/security/html.js';

const ALLOWED: sanitizeHtml.IOptions = {
  allowedTags: [
    'p',
    'br',
    'div',
    'span',
    'b',
    'strong',
    'i',
    'em',
    'u',
    's',
    'a',
    'ul',
    'ol',
    'li',
    'blockquote',
    'pre',
    'code',
    'h1',
    'h2',
    'h3',
    'h4',
    'hr',
    'table',
    'thead',
    'tbody',
    'tr',
    'th',
    'td',
  ],
  allowedAttributes: {
    a: ['href', 'title'],
    span: ['data-mention'],
    // Hebrew and English mixed: keep the writer's direction.
    '*': ['dir'],
  },
  allowedSchemes: ['http', 'https', 'mailto', 'tel'],
  allowProtocolRelative: false,
  transformTags: {
    a: sanitizeHtml.simpleTransform('a', { rel: 'noopener noreferrer nofollow', target: '_blank' }),
  },
  allowedSchemesAppliedToAttributes: ['href'],
};
// sanitize-html keeps rel/target only when allowed.
(ALLOWED.allowedAttributes as Record<string, string[]>).a?.push('rel', 'target');

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", nbsp: ' ' };
const decodeEntities = (s: string) =>
  s.replace(/&(amp|lt|gt|quot|#39|nbsp);/g, (_m, e: string) => ENTITIES[e] ?? '');

const looksLikeHtml = (s: string) => /<\/?[a-z][a-z0-9]*(\s[^>]*)?\/?>/i.test(s);

/** Plain text → paragraphs with line breaks, everything escaped. */
export const textToHtml = (text: string): string =>
  text
    .trim()
    .split(/\n{2,}/)
    .filter((p) => p.trim())
    .map((p) => `<p>${escapeHtml(p).replace(/\r?\n/g, '<br>')}</p>`)
    .join('');

export const htmlToText = (html: string): string =>
  decodeEntities(
    sanitizeHtml(
      html
        .replace(/<br\s*\/?>/gi, '\n')
        .replace(/<\/(p|h[1-6]|blockquote|pre|table)>/gi, (m) => `${m}\n\n`)
        .replace(/<\/(div|li|tr)>/gi, (m) => `${m}\n`),
      { allowedTags: [], allowedAttributes: {} },
    ),
  )
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();

// An internal note mentions a colleague as `@[Dana Levi](0190…-uuid)`.
const MENTION = /@\[([^\]\n]{1,100})\]\(([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\)/gi;

/** The user ids a body mentions (not yet checked against the tenant's users). */
export const mentionedIds = (body: string): string[] => [
  ...new Set([...body.matchAll(MENTION)].map((m) => (m[2] ?? '').toLowerCase())),
];

/**
 * Sanitised HTML and its plain text, from HTML or plain-text input. With `mentions`, mention
 * markup of those users becomes `<span data-mention="id">@Name</span>`, of others plain `@Name`.
 */
export const richText = (
  input: string,
  opts: { mentions?: ReadonlySet<string> } = {},
): { html: string; text: string } => {
  // Plain text is escaped first, so a mention's name is escaped exactly once either way.
  let html = looksLikeHtml(input) ? input : textToHtml(input);
  const known = opts.mentions;
  if (known) {
    html = html.replace(MENTION, (_m, name: string, id: string) =>
      known.has(id.toLowerCase())
        ? `<span data-mention="${id.toLowerCase()}">@${name.trim()}</span>`
        : `@${name.trim()}`,
    );
  }
  html = sanitizeHtml(html, ALLOWED).trim();
  return { html, text: htmlToText(html) };
};
