// Live updates over WebSocket: one socket per signed-in tab, JSON messages `{type, …}`, channels
// `tenant:<id>`, `user:<id>` and whatever prefixes modules authorise (`ticket:<id>`). Knows no
// module: modules register subscription checks and message handlers. Fan-out across processes goes
// through PostgreSQL NOTIFY (every process LISTENs); on PGlite (one process) it stays in-process.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import pg from 'pg';
import type { Database } from '../db/database.js';
import { AppError } from '../errors/app-error.js';
import type { Actor, TenantCtx } from '../http/actor.js';

export const REALTIME_CHANNEL = 'kesher_realtime';
/** NOTIFY payloads must stay under 8000 bytes: messages carry ids, never bodies. */
export const MAX_PAYLOAD_BYTES = 7900;
const MAX_INBOUND_BYTES = 16_384;

export type RealtimeMessage = { type: string } & Record<string, unknown>;

/** May this actor subscribe to `<prefix>:<id>`? Runs for every subscribe; answer from the tenant's data. */
export type SubscribeAuthoriser = (ctx: TenantCtx, id: string) => Promise<boolean>;

/** A connected tab, as message handlers see it. */
export type RealtimeConnection = {
  id: string;
  ctx: TenantCtx;
  send(message: RealtimeMessage): void;
  isSubscribed(channel: string): boolean;
};

export type RealtimeMessageHandler = (
  conn: RealtimeConnection,
  message: Record<string, unknown>,
) => Promise<void>;

export type Realtime = {
  /** Sends `message` to every socket subscribed to `channel`, in every process. */
  publish(channel: string, message: RealtimeMessage): void;
  /** Lets sockets subscribe to `<prefix>:<id>` when `authorise` says yes. */
  onSubscribe(prefix: string, authorise: SubscribeAuthoriser): void;
  /** Handles client messages of a type other than subscribe/unsubscribe/ping. */
  onMessage(type: string, handler: RealtimeMessageHandler): void;
  /** Called every heartbeat for each live socket (refresh TTL-kept state). */
  onHeartbeat(handler: (conn: RealtimeConnection) => Promise<void>): void;
  /** Called once when a socket closes. */
  onDisconnect(handler: (conn: RealtimeConnection) => Promise<void>): void;
  /** Registers the `/api/v1/realtime` endpoint (after @fastify/websocket and the request context). */
  registerRoute(app: FastifyInstance): void;
  /** Starts LISTENing (pg). Resolves once the listener is ready. */
  start(): Promise<void>;
  close(): Promise<void>;
  /** Sockets open in this process (metrics, tests). */
  connectionCount(): number;
};

export type RealtimeOptions = {
  database: Database;
  /** Connection string for the dedicated LISTEN client; required when the engine is pg. */
  listenUrl?: string | undefined;
  /** Re-resolves the upgrade request's actor: a revoked session closes the socket. */
  resolveActor: (req: FastifyRequest) => Promise<Actor>;
  allowedOrigins: string[];
  heartbeatMs?: number;
  sessionCheckMs?: number;
  onError: (err: unknown, msg: string) => void;
};

// The socket shape @fastify/websocket hands over (ws.WebSocket); typed here because @types/ws is absent.
type Socket = {
  readyState: number;
  send(data: string): void;
  ping(): void;
  close(code?: number, reason?: string): void;
  terminate(): void;
  on(event: 'message', fn: (data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean) => void): void;
  on(event: 'pong' | 'close', fn: () => void): void;
  on(event: 'error', fn: (err: Error) => void): void;
};

type Conn = RealtimeConnection & {
  socket: Socket;
  req: FastifyRequest;
  channels: Set<string>;
  alive: boolean;
  sessionId: string;
};

const OPEN = 1;

export const createRealtime = (opts: RealtimeOptions): Realtime => {
  const heartbeatMs = opts.heartbeatMs ?? 25_000;
  const sessionCheckMs = opts.sessionCheckMs ?? 60_000;
  const origin = randomUUID();
  const authorisers = new Map<string, SubscribeAuthoriser>();
  const handlers = new Map<string, RealtimeMessageHandler>();
  const heartbeatHandlers: Array<(c: RealtimeConnection) => Promise<void>> = [];
  const disconnectHandlers: Array<(c: RealtimeConnection) => Promise<void>> = [];
  const subscribers = new Map<string, Set<Conn>>();
  const conns = new Set<Conn>();
  const allowedOrigins = new Set(opts.allowedOrigins);
  const timers: NodeJS.Timeout[] = [];
  let listener: pg.Client | undefined;
  let closing = false;

  const deliver = (channel: string, message: RealtimeMessage) => {
    const set = subscribers.get(channel);
    if (!set || set.size === 0) return;
    const text = JSON.stringify({ ...message, channel });
    for (const c of set) if (c.socket.readyState === OPEN) c.socket.send(text);
  };

  const subscribe = (c: Conn, channel: string) => {
    c.channels.add(channel);
    const set = subscribers.get(channel) ?? new Set();
    set.add(c);
    subscribers.set(channel, set);
  };
  const unsubscribe = (c: Conn, channel: string) => {
    c.channels.delete(channel);
    const set = subscribers.get(channel);
    set?.delete(c);
    if (set && set.size === 0) subscribers.delete(channel);
  };

  const mayJoin = async (c: Conn, channel: string): Promise<boolean> => {
    const i = channel.indexOf(':');
    if (i <= 0) return false;
    const prefix = channel.slice(0, i);
    const id = channel.slice(i + 1);
    if (!/^[\w-]{1,100}$/.test(id)) return false;
    const actor = c.ctx.actor;
    if (prefix === 'tenant') return id === c.ctx.tenantId;
    if (prefix === 'user') return actor.kind === 'user' && id === actor.userId;
    const authorise = authorisers.get(prefix);
    return authorise ? authorise(c.ctx, id) : false;
  };

  const handleMessage = async (c: Conn, raw: string) => {
    let msg: Record<string, unknown>;
    try {
      const parsed: unknown = JSON.parse(raw);
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
      msg = parsed as Record<string, unknown>;
    } catch {
      c.send({ type: 'error', code: 'BAD_MESSAGE', message: 'Messages are JSON objects with a type.' });
      return;
    }
    const type = typeof msg.type === 'string' ? msg.type : '';
    const channel = typeof msg.channel === 'string' ? msg.channel : '';
    switch (type) {
      case 'ping':
        c.send({ type: 'pong' });
        return;
      case 'subscribe':
        // Same answer for "no such ticket" and "not yours": nothing leaks across tenants.
        if (await mayJoin(c, channel)) {
          subscribe(c, channel);
          c.send({ type: 'subscribed', channel });
        } else {
          c.send({ type: 'error', code: 'SUBSCRIBE_DENIED', channel, message: 'Cannot subscribe.' });
        }
        return;
      case 'unsubscribe':
        unsubscribe(c, channel);
        c.send({ type: 'unsubscribed', channel });
        return;
      default: {
        const h = handlers.get(type);
        if (!h) {
          c.send({ type: 'error', code: 'UNKNOWN_TYPE', message: `Unknown message type.` });
          return;
        }
        await h(c, msg);
      }
    }
  };

  // Disconnect work still running: close() waits for it before the database goes away.
  const pending = new Set<Promise<void>>();
  const closeConn = async (c: Conn) => {
    if (!conns.delete(c)) return;
    for (const ch of [...c.channels]) unsubscribe(c, ch);
    const p = (async () => {
      for (const h of disconnectHandlers) {
        await h(c).catch((err) => opts.onError(err, 'realtime disconnect handler failed'));
      }
    })();
    pending.add(p);
    await p.finally(() => pending.delete(p));
  };

  const heartbeat = () => {
    for (const c of conns) {
      if (!c.alive) {
        c.socket.terminate();
        void closeConn(c);
        continue;
      }
      c.alive = false;
      c.socket.ping();
      for (const h of heartbeatHandlers) {
        h(c).catch((err) => opts.onError(err, 'realtime heartbeat handler failed'));
      }
    }
  };

  const checkSessions = async () => {
    for (const c of [...conns]) {
      try {
        const a = await opts.resolveActor(c.req);
        if (a.kind !== 'user' || a.sessionId !== c.sessionId) {
          c.socket.close(4401, 'session ended');
          await closeConn(c);
        }
      } catch {
        c.socket.close(4401, 'session ended');
        await closeConn(c);
      }
    }
  };

  // Browsers send Origin on every WebSocket handshake but not Sec-Fetch-Site reliably; the cookie
  // rides along cross-site, so a page on another origin must not get a socket.
  const checkOrigin = (req: FastifyRequest) => {
    const o = req.headers.origin;
    if (o === undefined) return; // not a browser: no ambient credential was borrowed
    const host = req.headers.host;
    const sameHost = host !== undefined && (o === `http://${host}` || o === `https://${host}`);
    if (!sameHost && !allowedOrigins.has(o)) {
      throw new AppError('CROSS_SITE_REQUEST', { userMessage: 'Cross-site request refused.' });
    }
  };

  const startListener = async () => {
    if (!opts.listenUrl) throw new Error('realtime: the pg engine needs a listen URL');
    const client = new pg.Client({ connectionString: opts.listenUrl });
    client.on('notification', (n) => {
      if (n.channel !== REALTIME_CHANNEL || !n.payload) return;
      try {
        const { c, m } = JSON.parse(n.payload) as { c: string; m: RealtimeMessage };
        deliver(c, m);
      } catch (err) {
        opts.onError(err, 'realtime: bad notification payload');
      }
    });
    client.on('error', (err) => {
      opts.onError(err, 'realtime: LISTEN connection lost; reconnecting');
      listener = undefined;
      client.end().catch(() => {});
      if (!closing) {
        const t = setTimeout(() => {
          startListener().catch((e) => opts.onError(e, 'realtime: reconnect failed'));
        }, 1000);
        t.unref();
      }
    });
    await client.connect();
    await client.query(`LISTEN ${REALTIME_CHANNEL}`);
    listener = client;
  };

  return {
    publish(channel, message) {
      if (opts.database.engine !== 'pg') {
        deliver(channel, message);
        return;
      }
      const payload = JSON.stringify({ o: origin, c: channel, m: message });
      if (Buffer.byteLength(payload) > MAX_PAYLOAD_BYTES) {
        opts.onError(new Error(`payload of ${message.type} too large`), 'realtime: message not sent');
        return;
      }
      opts.database
        .executeSql('select pg_notify($1, $2)', [REALTIME_CHANNEL, payload])
        .catch((err) => opts.onError(err, 'realtime: NOTIFY failed'));
    },
    onSubscribe(prefix, authorise) {
      if (prefix === 'tenant' || prefix === 'user') throw new Error(`realtime: ${prefix} is built in`);
      authorisers.set(prefix, authorise);
    },
    onMessage(type, handler) {
      handlers.set(type, handler);
    },
    onHeartbeat(handler) {
      heartbeatHandlers.push(handler);
    },
    onDisconnect(handler) {
      disconnectHandlers.push(handler);
    },
    registerRoute(app) {
      app.get(
        '/api/v1/realtime',
        {
          websocket: true,
          schema: { hide: true },
          config: { auth: 'staff' },
          preValidation: async (req) => checkOrigin(req),
        },
        (socket: unknown, req: FastifyRequest) => {
          const s = socket as Socket;
          const actor = req.actor;
          if (actor.kind !== 'user') {
            s.close(4401, 'sign in');
            return;
          }
          const c: Conn = {
            id: randomUUID(),
            ctx: {
              tenantId: actor.tenantId,
              actor,
              requestId: req.id,
              ip: req.ip,
              userAgent: req.headers['user-agent'],
            },
            socket: s,
            req,
            channels: new Set(),
            alive: true,
            sessionId: actor.sessionId,
            send: (m) => {
              if (s.readyState === OPEN) s.send(JSON.stringify(m));
            },
            isSubscribed: (ch) => c.channels.has(ch),
          };
          conns.add(c);
          subscribe(c, `tenant:${actor.tenantId}`);
          subscribe(c, `user:${actor.userId}`);
          // Messages are handled one after another per socket, in the order they came.
          let queue = Promise.resolve();
          s.on('message', (data, isBinary) => {
            const buf = Array.isArray(data)
              ? Buffer.concat(data)
              : Buffer.isBuffer(data)
                ? data
                : Buffer.from(data);
            if (isBinary || buf.length > MAX_INBOUND_BYTES) {
              c.send({ type: 'error', code: 'BAD_MESSAGE', message: 'Message too large or binary.' });
              return;
            }
            queue = queue
              .then(() => handleMessage(c, buf.toString('utf8')))
              .catch((err) => {
                opts.onError(err, 'realtime message handler failed');
                c.send({ type: 'error', code: 'INTERNAL', message: 'Something went wrong.' });
              });
          });
          s.on('pong', () => {
            c.alive = true;
          });
          s.on('close', () => {
            void queue.then(() => closeConn(c));
          });
          s.on('error', () => {});
          c.send({ type: 'hello', userId: actor.userId, tenantId: actor.tenantId, connectionId: c.id });
        },
      );
    },
    async start() {
      timers.push(
        setInterval(heartbeat, heartbeatMs),
        setInterval(() => void checkSessions(), sessionCheckMs),
      );
      for (const t of timers) t.unref();
      if (opts.database.engine === 'pg') await startListener();
    },
    async close() {
      closing = true;
      for (const t of timers) clearInterval(t);
      for (const c of [...conns]) {
        c.socket.close(1001, 'server closing');
        await closeConn(c);
      }
      while (pending.size > 0) await Promise.allSettled([...pending]);
      await listener?.end().catch(() => {});
      listener = undefined;
    },
    connectionCount: () => conns.size,
  };
};
