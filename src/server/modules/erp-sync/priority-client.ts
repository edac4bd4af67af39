import type { CallBudget } from './call-budget.js';
import { ConnectorFetchError, requestJson } from './http-fetch.js';

/** What a Priority connector reads: one entity, optionally flattened over one sub-form. */
export type PriorityConfig = {
  /** The service root, `https://{host}/odata/Priority/{tabula.ini}/{company}/`. */
  serviceRoot: string;
  entity: string;
  select: string[];
  expand?: { subform: string; select: string[] } | undefined;
  /** Structured conditions only: field names are checked against $metadata, values escaped. */
  filter?:
    | Array<{ field: string; op: 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le'; value: string | number }>
    | undefined;
  pageSize?: number | undefined;
};

export type PriorityCredentials =
  | { kind: 'basic'; username: string; password: string; appId?: string; appKey?: string }
  | { kind: 'pat'; token: string; appId?: string; appKey?: string };

export type Metadata = Map<string, { fields: Set<string>; navs: Map<string, string> }>;

export const PRIORITY_PAGE_CAP = 2000;
const NAME = /^[A-Z][A-Z0-9_]*$/;

/** The entity types of an EDMX $metadata document: their properties and sub-form links. */
export const parseMetadata = (xml: string): Metadata => {
  const out: Metadata = new Map();
  for (const m of xml.matchAll(/<EntityType\s+Name="([^"]+)"[^>]*>([\s\S]*?)<\/EntityType>/g)) {
    const body = m[2] ?? '';
    const fields = new Set([...body.matchAll(/<Property\s+Name="([^"]+)"/g)].map((p) => p[1] as string));
    const navs = new Map(
      [
        ...body.matchAll(
          /<NavigationProperty\s+Name="([^"]+)"\s+Type="(?:Collection\()?(?:[\w.]*\.)?([\w]+)\)?"/g,
        ),
      ].map((p) => [p[1] as string, p[2] as string] as const),
    );
    out.set(m[1] as string, { fields, navs });
  }
  return out;
};

const literal = (v: string | number) =>
  typeof v === 'number' ? (Number.isFinite(v) ? String(v) : 'null') : `'${v.replace(/'/g, "''")}'`;

/** Throws ConnectorFetchError naming every field the entity does not have (before anything is sent). */
export const checkAgainstMetadata = (meta: Metadata, c: PriorityConfig): void => {
  const entity = meta.get(c.entity);
  if (!entity) throw new ConnectorFetchError(`Priority has no entity "${c.entity}"`);
  const bad: string[] = [];
  for (const f of c.select) if (!entity.fields.has(f)) bad.push(f);
  // Priority ignores a filter on an unknown field and returns ALL rows: that must never be sent.
  for (const f of c.filter ?? []) if (!entity.fields.has(f.field)) bad.push(f.field);
  if (c.expand) {
    const subType = entity.navs.get(c.expand.subform);
    const sub = subType ? meta.get(subType) : undefined;
    if (!sub) bad.push(c.expand.subform);
    else for (const f of c.expand.select) if (!sub.fields.has(f)) bad.push(`${c.expand.subform}.${f}`);
  }
  if (bad.length) throw new ConnectorFetchError(`Unknown Priority fields on ${c.entity}: ${bad.join(', ')}`);
};

/** The URL of one page. Names are checked by pattern here and against $metadata by the caller. */
export const pageUrl = (c: PriorityConfig, o: { top: number; skip: number; since?: Date | undefined }) => {
  const names = [c.entity, ...c.select, ...(c.filter ?? []).map((f) => f.field)];
  if (c.expand) names.push(c.expand.subform, ...c.expand.select);
  const badName = names.find((n) => !NAME.test(n));
  if (badName) throw new ConnectorFetchError(`Not a Priority field name: "${badName}"`);
  const parts = [`$select=${c.select.join(',')}`, `$top=${o.top}`, `$skip=${o.skip}`];
  if (c.filter?.length) {
    const expr = c.filter.map((f) => `${f.field} ${f.op} ${literal(f.value)}`).join(' and ');
    parts.push(`$filter=${encodeURIComponent(expr)}`);
  }
  if (c.expand) {
    // Options inside the parentheses are `;`-separated and must travel as %3B; we send only $select.
    parts.push(`$expand=${c.expand.subform}($select=${c.expand.select.join(',')})`);
  }
  if (o.since) parts.push(`$since=${o.since.toISOString().slice(0, 19)}Z`);
  const root = c.serviceRoot.endsWith('/') ? c.serviceRoot : `${c.serviceRoot}/`;
  return `${root}${encodeURIComponent(c.entity)}?${parts.join('&')}`;
};

const authHeaders = (cred: PriorityCredentials): Record<string, string> => {
  const user = cred.kind === 'pat' ? cred.token : cred.username;
  const pass = cred.kind === 'pat' ? 'PAT' : cred.password;
  return {
    authorization: `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`,
    ...(cred.appId ? { 'x-app-id': cred.appId } : {}),
    ...(cred.appKey ? { 'x-app-key': cred.appKey } : {}),
  };
};

/** One parent row becomes one record, or one record per sub-form row carrying the parent's fields. */
export const flatten = (c: PriorityConfig, row: Record<string, unknown>): Array<Record<string, unknown>> => {
  if (!c.expand) return [row];
  const { [c.expand.subform]: subRows, ...parent } = row;
  if (!Array.isArray(subRows)) return [];
  return subRows.map((s) => ({ ...parent, ...(s as Record<string, unknown>) }));
};

export type PriorityReadOpts = {
  credentials: PriorityCredentials;
  budget: CallBudget;
  since?: Date | undefined;
  /** Stop after this many parent rows (a test run reads one short page). */
  limit?: number | undefined;
  timeoutMs?: number | undefined;
};

/**
 * Reads the entity page by page ($top/$skip until a short page: Priority sends no nextLink),
 * yielding each page's flattened records. Throws ConnectorFetchError with a message for the admin.
 */
export async function* readPriority(
  c: PriorityConfig,
  o: PriorityReadOpts,
): AsyncGenerator<Array<Record<string, unknown>>> {
  const headers = authHeaders(o.credentials);
  const root = c.serviceRoot.endsWith('/') ? c.serviceRoot : `${c.serviceRoot}/`;
  const meta = await requestJson(`${root}$metadata`, {
    headers,
    budget: o.budget,
    timeoutMs: o.timeoutMs,
    xml: true,
  });
  checkAgainstMetadata(parseMetadata(meta as string), c);
  const top = Math.min(o.limit ?? c.pageSize ?? PRIORITY_PAGE_CAP, PRIORITY_PAGE_CAP);
  for (let skip = 0; ; skip += top) {
    const body = await requestJson(pageUrl(c, { top, skip, since: o.since }), {
      headers,
      budget: o.budget,
      timeoutMs: o.timeoutMs,
    });
    const value = (body as { value?: unknown }).value;
    if (!Array.isArray(value)) throw new ConnectorFetchError('Not a Priority response: no "value" array');
    yield value.flatMap((r) => flatten(c, r as Record<string, unknown>));
    if (value.length < top || o.limit !== undefined) return;
  }
}
