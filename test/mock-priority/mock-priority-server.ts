import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type GenerateOpts, generateData, type MockData, sampleData } from './mock-priority-data.js';
import { evalFilter, filterFields, parseFilter } from './odata-filter.js';

/**
 * A local Priority ERP REST (OData) server for connector tests, the demo and the benchmark.
 * It reproduces what the public docs (and data/priority/README.md) say a client must cope with:
 * Basic auth and personal access tokens, $top/$skip paging without nextLink and a 2,000-row cap,
 * $select / $expand / $since / $filter (including the "unknown field → all rows" quirk),
 * 100 calls a minute per user, empty 401/404 bodies and Hebrew error messages.
 */

export type MockFault =
  | { kind: '401' | '500' | 'html' | 'truncated' | 'he-error'; after?: number; times?: number }
  | { kind: '429'; retryAfterSeconds?: number; after?: number; times?: number }
  | { kind: 'slow'; delayMs: number; after?: number; times?: number };

export type MockPriorityOpts = {
  port?: number;
  tabula?: string;
  company?: string;
  /** Basic-auth users; a personal access token is accepted as user=<token>, password "PAT". */
  users?: Record<string, string>;
  tokens?: string[];
  /** When set, every call must carry these X-App-Id / X-App-Key headers. */
  app?: { id: string; key: string };
  generate?: GenerateOpts;
  /** Serve the sample payloads of this folder instead of generated data. */
  samplesDir?: string;
  pageCap?: number;
  callsPerMinute?: number;
  now?: () => number;
};

export type MockPriority = {
  url: string;
  /** The service root: `${url}/odata/Priority/{tabula}/{company}/`. */
  serviceRoot: string;
  data: MockData;
  /** Data requests (entity GETs) served, for assertions. */
  requests: string[];
  setFault(fault: MockFault | null): void;
  close(): Promise<void>;
};

const sendJson = (
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) => {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
};
const sendEmpty = (res: ServerResponse, status: number, headers: Record<string, string> = {}) => {
  res.writeHead(status, headers);
  res.end();
};
const oerror = (res: ServerResponse, status: number, message: string) =>
  sendJson(res, status, { error: { code: String(status), message } });

const metadataXml = (data: MockData) => {
  const types = Object.entries(data)
    .map(([name, e]) => {
      const props = e.fields.map((f) => `<Property Name="${f}" Type="Edm.String"/>`).join('');
      const navs = Object.keys(e.subforms)
        .map(
          (s) =>
            `<NavigationProperty Name="${s}" Type="Collection(Priority.OData.${s.replace(/_SUBFORM$/, '')})"/>`,
        )
        .join('');
      const subTypes = Object.entries(e.subforms)
        .map(
          ([s, fields]) =>
            `<EntityType Name="${s.replace(/_SUBFORM$/, '')}">${fields.map((f) => `<Property Name="${f}" Type="Edm.String"/>`).join('')}</EntityType>`,
        )
        .join('');
      return `<EntityType Name="${name}">${props}${navs}</EntityType>${subTypes}`;
    })
    .join('');
  const sets = Object.keys(data)
    .map((n) => `<EntitySet Name="${n}" EntityType="Priority.OData.${n}"/>`)
    .join('');
  return `<?xml version="1.0" encoding="utf-8"?><edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx"><edmx:DataServices><Schema Namespace="Priority.OData" xmlns="http://docs.oasis-open.org/odata/ns/edm">${types}<EntityContainer Name="Container">${sets}</EntityContainer></Schema></edmx:DataServices></edmx:Edmx>`;
};

/** `a=1&$expand=X($select=A%3B$filter=...)`: split on raw `&`, then decode each part. */
const parseQuery = (raw: string) => {
  const q = new Map<string, string>();
  for (const part of raw.split('&')) {
    if (!part) continue;
    const i = part.indexOf('=');
    const k = decodeURIComponent(i < 0 ? part : part.slice(0, i));
    q.set(k, decodeURIComponent(i < 0 ? '' : part.slice(i + 1).replace(/\+/g, ' ')));
  }
  return q;
};

const pick = (row: Record<string, unknown>, fields: string[] | undefined) => {
  if (!fields) {
    const { ...all } = row;
    for (const [k, v] of Object.entries(all)) if (Array.isArray(v)) delete all[k];
    return all;
  }
  const out: Record<string, unknown> = {};
  for (const f of fields) if (f in row) out[f] = row[f];
  return out;
};

export const startMockPriority = async (opts: MockPriorityOpts = {}): Promise<MockPriority> => {
  const tabula = opts.tabula ?? 'tabula.ini';
  const company = opts.company ?? 'galil';
  const users = opts.users ?? { apiuser: 'secret' };
  const tokens = new Set(opts.tokens ?? ['PAT-TOKEN-1234']);
  const cap = opts.pageCap ?? 2000;
  const perMinute = opts.callsPerMinute ?? 100;
  const now = opts.now ?? Date.now;
  const data = opts.samplesDir ? sampleData(opts.samplesDir) : generateData(opts.generate);
  const root = `/odata/Priority/${tabula}/${company}/`;
  const calls = new Map<string, number[]>();
  const requests: string[] = [];
  let fault: (MockFault & { seen: number; fired: number }) | null = null;

  const authUser = (req: IncomingMessage): string | null => {
    const h = req.headers.authorization;
    if (!h?.startsWith('Basic ')) return null;
    const dec = Buffer.from(h.slice(6), 'base64').toString('utf8');
    const i = dec.indexOf(':');
    if (i < 0) return null;
    const user = dec.slice(0, i);
    const pass = dec.slice(i + 1);
    if (pass === 'PAT' && tokens.has(user)) return user;
    return users[user] !== undefined && users[user] === pass ? user : null;
  };

  // Returns true when the fault answered the request.
  const applyFault = async (res: ServerResponse): Promise<boolean> => {
    if (!fault) return false;
    fault.seen++;
    if (fault.seen <= (fault.after ?? 0) || fault.fired >= (fault.times ?? Number.POSITIVE_INFINITY))
      return false;
    fault.fired++;
    switch (fault.kind) {
      case '401':
        sendEmpty(res, 401);
        return true;
      case '429':
        sendEmpty(res, 429, { 'retry-after': String(fault.retryAfterSeconds ?? 1) });
        return true;
      case '500':
        oerror(res, 500, 'Internal server error');
        return true;
      case 'he-error':
        oerror(res, 400, 'שדה לא קיים: CUSTNAMEX');
        return true;
      case 'html':
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end('<html><body><h1>Priority is being upgraded</h1></body></html>');
        return true;
      case 'truncated':
        // Handled by the caller: it needs the real page to cut in half.
        return false;
      case 'slow':
        await new Promise((r) => setTimeout(r, fault && fault.kind === 'slow' ? fault.delayMs : 0));
        return false;
    }
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const rawUrl = req.url ?? '/';
    const qi = rawUrl.indexOf('?');
    const pathname = decodeURIComponent(qi < 0 ? rawUrl : rawUrl.slice(0, qi));
    const rawQuery = qi < 0 ? '' : rawUrl.slice(qi + 1);
    if (req.method !== 'GET') return sendEmpty(res, 405);
    if (!pathname.startsWith(root)) return sendEmpty(res, 404);
    const user = authUser(req);
    if (!user) return sendEmpty(res, 401);
    if (opts.app && (req.headers['x-app-id'] !== opts.app.id || req.headers['x-app-key'] !== opts.app.key)) {
      return oerror(res, 403, 'אפליקציה לא מורשית');
    }
    // The per-user budget: a sliding minute.
    const t = now();
    const recent = (calls.get(user) ?? []).filter((x) => x > t - 60_000);
    if (recent.length >= perMinute) {
      const wait = Math.max(1, Math.ceil(((recent[0] as number) + 60_000 - t) / 1000));
      calls.set(user, recent);
      return sendEmpty(res, 429, { 'retry-after': String(wait) });
    }
    recent.push(t);
    calls.set(user, recent);

    const rest = pathname.slice(root.length);
    if (rest === '') {
      return sendJson(res, 200, {
        '@odata.context': `${root}$metadata`,
        value: Object.keys(data).map((n) => ({ name: n, kind: 'EntitySet', url: n })),
      });
    }
    if (rest === '$metadata') {
      res.writeHead(200, { 'content-type': 'application/xml' });
      return res.end(metadataXml(data));
    }
    const entity = data[rest];
    if (!entity) return sendEmpty(res, 404);
    requests.push(rawUrl);
    if (await applyFault(res)) return;
    // A raw `;` inside $expand breaks Priority's parser: it must arrive as %3B.
    if (rawQuery.includes(';')) return oerror(res, 400, 'שגיאת תחביר בבקשה');
    const q = parseQuery(rawQuery);

    let rows = entity.rows;
    const since = q.get('$since');
    if (since) {
      if (!/Z$/.test(since) || Number.isNaN(Date.parse(since))) return oerror(res, 400, 'ערך $since לא תקין');
      const s = Date.parse(since);
      rows = rows.filter((r) => typeof r.UDATE === 'string' && Date.parse(r.UDATE) > s);
    }
    const filter = q.get('$filter');
    if (filter) {
      let node: ReturnType<typeof parseFilter>;
      try {
        node = parseFilter(filter);
      } catch {
        return oerror(res, 400, 'שגיאת תחביר במסנן');
      }
      // The quirk: a filter naming a field the entity does not have is ignored, not refused.
      if (filterFields(node).every((f) => entity.fields.includes(f))) {
        rows = rows.filter((r) => evalFilter(node, r));
      }
    }
    const select = q.get('$select')?.split(',').filter(Boolean);
    if (select) {
      const unknown = select.find((f) => !entity.fields.includes(f));
      if (unknown) return oerror(res, 400, `שדה לא קיים: ${unknown}`);
    }
    const expand = q.get('$expand');
    let sub: { name: string; select: string[] | undefined } | undefined;
    if (expand) {
      const m = /^([A-Z0-9_]+)(?:\((.*)\))?$/.exec(expand);
      if (!m?.[1] || !entity.subforms[m[1]]) return oerror(res, 400, `תת-טופס לא קיים: ${expand}`);
      const inner = new Map(
        (m[2] ?? '')
          .split(';')
          .filter(Boolean)
          .map((p) => [p.slice(0, p.indexOf('=')), p.slice(p.indexOf('=') + 1)] as const),
      );
      sub = { name: m[1], select: inner.get('$select')?.split(',').filter(Boolean) };
    }
    const top = Math.min(Number(q.get('$top') ?? cap) || cap, cap);
    const skip = Number(q.get('$skip') ?? 0) || 0;
    const page = rows.slice(skip, skip + top).map((r) => {
      const out = pick(r, select);
      if (sub)
        out[sub.name] = ((r[sub.name] as Array<Record<string, unknown>>) ?? []).map((s) =>
          pick(s, sub.select),
        );
      return out;
    });
    const body = JSON.stringify({ '@odata.context': `${root}$metadata#${rest}`, value: page });
    if (
      fault?.kind === 'truncated' &&
      fault.seen > (fault.after ?? 0) &&
      fault.fired < (fault.times ?? Number.POSITIVE_INFINITY)
    ) {
      fault.fired++;
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
      return res.end(body.slice(0, Math.floor(body.length / 2)));
    }
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
    res.end(body);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) sendEmpty(res, 500);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    serviceRoot: `${url}${root}`,
    data,
    requests,
    setFault: (f) => {
      fault = f ? { ...f, seen: 0, fired: 0 } : null;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};
