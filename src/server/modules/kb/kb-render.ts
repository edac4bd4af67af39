import { Marked } from 'marked';
import sanitizeHtml from 'sanitize-html';
import { searchVariants } from '../../../shared/hebrew-normalise.js';
import type { TKbTranslationInput } from '../../../shared/kb.schemas.js';

// Article bodies are shown to customers (portal, public help centre) and to staff, so whatever an
// author (or a pasted document) brings, only this allow-list reaches the stored HTML. Markdown is
// rendered first and sanitised after: Markdown may carry raw HTML, so rendering is not a filter.

// Own instance: options set here do not leak into other users of the marked singleton.
const markdown = new Marked({ gfm: true, breaks: false, async: false });

const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: [
    'h1',
    'h2',
    'h3',
    'h4',
    'h5',
    'h6',
    'p',
    'br',
    'hr',
    'ul',
    'ol',
    'li',
    'a',
    'img',
    'code',
    'pre',
    'table',
    'thead',
    'tbody',
    'tr',
    'th',
    'td',
    'blockquote',
    'strong',
    'em',
    'b',
    'i',
    'del',
    's',
  ],
  allowedAttributes: {
    a: ['href', 'title', 'rel'],
    img: ['src', 'alt', 'title', 'width', 'height'],
    th: ['align'],
    td: ['align'],
    ol: ['start'],
    code: ['class'],
  },
  allowedClasses: { code: ['language-*'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  // Images load in the reader's browser: http(s) only (no data:, no tracking through odd schemes).
  allowedSchemesByTag: { img: ['http', 'https'] },
  allowProtocolRelative: false,
  // script/style/textarea contents go with their tag; other unknown tags keep their text.
  disallowedTagsMode: 'discard',
  transformTags: {
    // A link to another site must not get a handle on the help-centre window (reverse tabnabbing).
    a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, rel: 'noopener noreferrer' } }),
  },
};

/** Author input (Markdown or HTML) → sanitised HTML. */
export const renderBody = (body: string, format: 'markdown' | 'html'): string => {
  const html = format === 'markdown' ? (markdown.parse(body) as string) : body;
  return sanitizeHtml(html, SANITIZE).trim();
};

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** The readable text of sanitised HTML (for search and snippets). */
export const textOf = (html: string): string =>
  html
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
      if (e[0] === '#') {
        const code = e[1] === 'x' || e[1] === 'X' ? Number.parseInt(e.slice(2), 16) : Number(e.slice(1));
        return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : ' ';
      }
      return ENTITIES[e.toLowerCase()] ?? m;
    })
    .replace(/\s+/g, ' ')
    .trim();

/** What a translation row stores: source, sanitised HTML and the normalised search texts. */
export const renderTranslation = (t: TKbTranslationInput) => {
  const bodyHtml = renderBody(t.body, t.format);
  return {
    title: t.title,
    bodySource: t.body,
    bodyFormat: t.format,
    bodyHtml,
    normTitle: searchVariants(t.title),
    // The title is part of the searchable text too, so a body-only scan still finds title words.
    normText: searchVariants(`${t.title} ${textOf(bodyHtml)}`),
  };
};

/** The first ~200 characters of the body text, cut at a word. */
export const snippetOf = (html: string, max = 200): string => {
  const text = textOf(html);
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${space > max * 0.6 ? cut.slice(0, space) : cut}…`;
};
