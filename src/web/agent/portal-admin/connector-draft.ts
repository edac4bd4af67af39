import type { ConnectorInput, TConnector, TFieldMapping } from './portal-admin-api';

/** The connector form as flat strings; turned into the API's per-kind config on save. */
export interface ConnectorDraft {
  name: string;
  kind: TConnector['kind'];
  datasetId: string;
  intervalMinutes: number;
  enabled: boolean;
  // Priority
  baseUrl: string;
  tabula: string;
  company: string;
  entity: string;
  select: string;
  expandSubform: string;
  expandSelect: string;
  authKind: 'basic' | 'pat';
  username: string;
  password: string;
  token: string;
  appId: string;
  appKey: string;
  // generic JSON / CSV
  url: string;
  rowsPath: string;
  pagingKind: 'none' | 'page' | 'offset' | 'cursor';
  pagingParam: string;
  pagingSize: string;
  limitParam: string;
  cursorPath: string;
  format: 'csv' | 'xlsx';
  headerName: string;
  headerValue: string;
  mapping: TFieldMapping[];
}

export const emptyDraft = (datasetId: string): ConnectorDraft => ({
  name: '',
  kind: 'priority',
  datasetId,
  intervalMinutes: 15,
  enabled: true,
  baseUrl: '',
  tabula: 'tabula.ini',
  company: '',
  entity: '',
  select: '',
  expandSubform: '',
  expandSelect: '',
  authKind: 'pat',
  username: '',
  password: '',
  token: '',
  appId: '',
  appKey: '',
  url: '',
  rowsPath: '$.items',
  pagingKind: 'none',
  pagingParam: 'page',
  pagingSize: '',
  limitParam: 'limit',
  cursorPath: '',
  format: 'csv',
  headerName: 'Authorization',
  headerValue: '',
  mapping: [{ source: '', target: '', transform: 'none' }],
});

const list = (s: string) =>
  s
    .split(/[\s,]+/)
    .map((x) => x.trim())
    .filter(Boolean);
const str = (v: unknown) => (typeof v === 'string' ? v : '');

/** Reads a stored connector back into the form (secrets stay empty: they are write-only). */
export const draftOf = (c: TConnector): ConnectorDraft => {
  const d = emptyDraft(c.datasetId);
  const cfg = c.config as Record<string, unknown>;
  const base = { ...d, name: c.name, kind: c.kind, intervalMinutes: c.intervalMinutes, enabled: c.enabled };
  base.mapping = c.mapping.length ? c.mapping : d.mapping;
  if (c.kind === 'priority') {
    // serviceRoot = https://host/odata/Priority/{tabula.ini}/{company}/
    const m = /^(.*)\/odata\/Priority\/([^/]+)\/([^/]+)\/?$/.exec(str(cfg.serviceRoot));
    const expand = (cfg.expand ?? null) as { subform?: string; select?: string[] } | null;
    return {
      ...base,
      baseUrl: m?.[1] ?? '',
      tabula: m?.[2] ?? d.tabula,
      company: m?.[3] ?? '',
      entity: str(cfg.entity),
      select: Array.isArray(cfg.select) ? cfg.select.join(',') : '',
      expandSubform: expand?.subform ?? '',
      expandSelect: expand?.select?.join(',') ?? '',
      authKind: c.credentials.kind === 'basic' ? 'basic' : 'pat',
    };
  }
  const paging = (cfg.paging ?? { kind: 'none' }) as Record<string, unknown>;
  return {
    ...base,
    url: str(cfg.url),
    rowsPath: str(cfg.rowsPath) || d.rowsPath,
    pagingKind: (str(paging.kind) || 'none') as ConnectorDraft['pagingKind'],
    pagingParam: str(paging.param) || d.pagingParam,
    pagingSize: paging.size === undefined ? '' : String(paging.size),
    limitParam: str(paging.limitParam) || d.limitParam,
    cursorPath: str(paging.cursorPath),
    format: cfg.format === 'xlsx' ? 'xlsx' : 'csv',
  };
};

const optional = (key: string, value: string) => (value.trim() ? { [key]: value.trim() } : {});

const pagingOf = (d: ConnectorDraft): Record<string, unknown> => {
  const size = d.pagingSize.trim() ? Number(d.pagingSize) : undefined;
  switch (d.pagingKind) {
    case 'none':
      return { kind: 'none' };
    case 'page':
      return { kind: 'page', param: d.pagingParam, ...(size ? { size, sizeParam: d.limitParam } : {}) };
    case 'offset':
      return { kind: 'offset', param: d.pagingParam, limitParam: d.limitParam, size: size ?? 100 };
    case 'cursor':
      return { kind: 'cursor', param: d.pagingParam, cursorPath: d.cursorPath };
  }
};

export const serviceRootOf = (d: ConnectorDraft) =>
  `${d.baseUrl.trim().replace(/\/+$/, '')}/odata/Priority/${d.tabula.trim()}/${d.company.trim()}/`;

/** The body for POST/PATCH. Credentials go only when typed (they are write-only on the server). */
export const inputOf = (d: ConnectorDraft): ConnectorInput => {
  const mapping = d.mapping.filter((m) => m.source.trim() && m.target.trim());
  const common = {
    name: d.name.trim(),
    kind: d.kind,
    datasetId: d.datasetId,
    intervalMinutes: d.intervalMinutes,
    enabled: d.enabled,
    mapping,
  };
  if (d.kind === 'priority') {
    const app = { ...optional('appId', d.appId), ...optional('appKey', d.appKey) };
    const secret = d.authKind === 'basic' ? d.password : d.token;
    const credentials = secret
      ? d.authKind === 'basic'
        ? { kind: 'basic', username: d.username.trim(), password: d.password, ...app }
        : { kind: 'pat', token: d.token.trim(), ...app }
      : undefined;
    return {
      ...common,
      config: {
        serviceRoot: serviceRootOf(d),
        entity: d.entity.trim(),
        select: list(d.select),
        ...(d.expandSubform.trim()
          ? { expand: { subform: d.expandSubform.trim(), select: list(d.expandSelect) } }
          : {}),
      },
      ...(credentials ? { credentials } : {}),
    };
  }
  const credentials = d.headerValue
    ? { credentials: { kind: 'header', header: d.headerName.trim(), value: d.headerValue } }
    : {};
  if (d.kind === 'json_http') {
    return {
      ...common,
      config: { url: d.url.trim(), rowsPath: d.rowsPath.trim(), paging: pagingOf(d) },
      ...credentials,
    };
  }
  return { ...common, config: { url: d.url.trim(), format: d.format }, ...credentials };
};
