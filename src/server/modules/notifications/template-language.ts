// A tiny, safe template language for notification texts: `{{ticket.number}}` inserts a value,
// `{{#if sla.firstResponseDue}}…{{else}}…{{/if}}` shows text only when a value is there. No
// expressions, no loops, no helpers: a tenant's template can read the values offered for its event
// and nothing else. Output is plain text; the email layout escapes it for HTML.

export type TemplateNode =
  | { kind: 'text'; text: string }
  | { kind: 'value'; path: string }
  | { kind: 'if'; path: string; whenSet: TemplateNode[]; otherwise: TemplateNode[] };

/** A template that cannot be parsed or rendered; `message` is safe to show to the tenant's admin. */
export class TemplateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TemplateError';
  }
}

const PATH = /^[a-zA-Z][a-zA-Z0-9]*(?:\.[a-zA-Z][a-zA-Z0-9]*)*$/;
const TAG = /\{\{\s*([^{}]*?)\s*\}\}/g;

/** Parses a template; throws TemplateError on a malformed tag or an unbalanced `#if`. */
export const parseTemplate = (source: string): TemplateNode[] => {
  // A brace pair that is not a whole tag (`{{ticket.number}`, `{{a{b}}`) is a typo, not text.
  if (/\{\{|\}\}/.test(source.replace(TAG, '')))
    throw new TemplateError('Unbalanced {{ or }} in the template');
  const root: TemplateNode[] = [];
  // Each open `#if` and which branch new nodes go to.
  const stack: Array<{ node: Extract<TemplateNode, { kind: 'if' }>; inElse: boolean }> = [];
  const target = (): TemplateNode[] => {
    const top = stack.at(-1);
    if (!top) return root;
    return top.inElse ? top.node.otherwise : top.node.whenSet;
  };
  let last = 0;
  for (const m of source.matchAll(TAG)) {
    const at = m.index ?? 0;
    if (at > last) target().push({ kind: 'text', text: source.slice(last, at) });
    last = at + m[0].length;
    const tag = m[1] ?? '';
    if (tag.startsWith('#if ')) {
      const path = tag.slice(4).trim();
      if (!PATH.test(path)) throw new TemplateError(`Invalid condition {{${tag}}}`);
      const node = { kind: 'if' as const, path, whenSet: [], otherwise: [] };
      target().push(node);
      stack.push({ node, inElse: false });
    } else if (tag === 'else') {
      const top = stack.at(-1);
      if (!top || top.inElse) throw new TemplateError('{{else}} without a matching {{#if …}}');
      top.inElse = true;
    } else if (tag === '/if') {
      if (!stack.pop()) throw new TemplateError('{{/if}} without a matching {{#if …}}');
    } else if (PATH.test(tag)) {
      target().push({ kind: 'value', path: tag });
    } else {
      throw new TemplateError(`Invalid placeholder {{${tag}}}`);
    }
  }
  const open = stack.at(-1);
  if (open) throw new TemplateError(`{{#if ${open.node.path}}} is not closed with {{/if}}`);
  const rest = source.slice(last);
  if (rest) root.push({ kind: 'text', text: rest });
  return root;
};

/** Every placeholder path a template reads (values and conditions). */
export const placeholdersOf = (nodes: TemplateNode[]): string[] => {
  const out = new Set<string>();
  const walk = (ns: TemplateNode[]) => {
    for (const n of ns) {
      if (n.kind === 'value') out.add(n.path);
      if (n.kind === 'if') {
        out.add(n.path);
        walk(n.whenSet);
        walk(n.otherwise);
      }
    }
  };
  walk(nodes);
  return [...out];
};

/** Throws TemplateError naming the first placeholder not in `allowed`. */
export const checkPlaceholders = (source: string, allowed: ReadonlySet<string>): void => {
  for (const p of placeholdersOf(parseTemplate(source))) {
    if (!allowed.has(p)) throw new TemplateError(`Unknown placeholder {{${p}}}`);
  }
};

export type TemplateValues = Record<string, string | number | null | undefined>;

const isPresent = (v: string | number | null | undefined) => v !== null && v !== undefined && v !== '';

/**
 * Renders a template to plain text. An unknown placeholder, or a value that is missing outside an
 * `{{#if}}` that guards it, is an error: a message with a hole in it is never sent.
 */
export const renderTemplate = (
  source: string,
  values: TemplateValues,
  allowed: ReadonlySet<string>,
): string => {
  const nodes = parseTemplate(source);
  const out: string[] = [];
  const walk = (ns: TemplateNode[]) => {
    for (const n of ns) {
      if (n.kind === 'text') {
        out.push(n.text);
        continue;
      }
      if (!allowed.has(n.path)) throw new TemplateError(`Unknown placeholder {{${n.path}}}`);
      const v = values[n.path];
      if (n.kind === 'if') {
        walk(isPresent(v) ? n.whenSet : n.otherwise);
      } else {
        if (!isPresent(v)) throw new TemplateError(`No value for {{${n.path}}}`);
        out.push(String(v));
      }
    }
  };
  walk(nodes);
  return out.join('');
};
