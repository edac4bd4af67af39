// A WebSocket client for tests: the `ws` package (a dependency of @fastify/websocket; no @types/ws
// installed, so typed here) with a message inbox the test can wait on.
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';

type WsSocket = {
  readyState: number;
  send(data: string): void;
  close(): void;
  on(event: 'message', fn: (data: Buffer) => void): void;
  on(event: 'open' | 'close', fn: (code?: number) => void): void;
  on(event: 'error', fn: (err: Error) => void): void;
  on(
    event: 'unexpected-response',
    fn: (req: { destroy(): void }, res: { statusCode: number; destroy(): void }) => void,
  ): void;
};
type WsCtor = new (url: string, opts?: { headers?: Record<string, string> }) => WsSocket;
const WebSocket = createRequire(import.meta.url)('ws') as WsCtor;

export type WsMessage = { type: string; [k: string]: unknown };

export type TestSocket = {
  received: WsMessage[];
  send(m: object): void;
  /** Resolves with the first message (already received or coming) that matches. */
  next(match: (m: WsMessage) => boolean, timeoutMs?: number): Promise<WsMessage>;
  close(): Promise<void>;
  closed: Promise<number>;
};

export const wsUrlOf = (app: FastifyInstance) => {
  const addr = app.server.address() as AddressInfo;
  return `ws://127.0.0.1:${addr.port}/api/v1/realtime`;
};

/** Opens a socket; rejects with the HTTP status when the upgrade is refused. */
export const connectWs = (url: string, headers: Record<string, string>): Promise<TestSocket> =>
  new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    const received: WsMessage[] = [];
    const waiters: Array<{ match: (m: WsMessage) => boolean; done: (m: WsMessage) => void }> = [];
    let closedResolve: (code: number) => void = () => {};
    const closed = new Promise<number>((r) => {
      closedResolve = r;
    });
    ws.on('message', (data) => {
      const m = JSON.parse(data.toString('utf8')) as WsMessage;
      received.push(m);
      for (const w of [...waiters]) {
        if (w.match(m)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.done(m);
        }
      }
    });
    ws.on('close', (code) => closedResolve(code ?? 0));
    // With this listener ws leaves the refused request open: end it, or the server never closes.
    ws.on('unexpected-response', (req, res) => {
      res.destroy();
      req.destroy();
      reject(new Error(`HTTP ${res.statusCode}`));
    });
    ws.on('error', (err) => reject(err));
    ws.on('open', () =>
      resolve({
        received,
        send: (m) => ws.send(JSON.stringify(m)),
        next: (match, timeoutMs = 5000) => {
          const hit = received.find(match);
          if (hit) return Promise.resolve(hit);
          return new Promise((res, rej) => {
            const timer = setTimeout(() => rej(new Error('no matching message in time')), timeoutMs);
            waiters.push({
              match,
              done: (m) => {
                clearTimeout(timer);
                res(m);
              },
            });
          });
        },
        close: async () => {
          ws.close();
          await closed;
        },
        closed,
      }),
    );
  });
