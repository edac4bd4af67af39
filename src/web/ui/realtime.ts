// A small client for the live channel GET /api/v1/realtime (WebSocket): one shared socket per tab,
// reconnects with capped exponential backoff, re-sends subscriptions after each reconnect. When the
// endpoint does not answer (not deployed, a proxy without upgrades) callers fall back to polling:
// `status` tells them which mode they are in.

export interface PresenceUser {
  userId: string;
  name: string;
  state: 'viewing' | 'typing' | 'left';
}

export type RealtimeMessage =
  | { type: 'presence'; ticketId: string; users: PresenceUser[] }
  | { type: 'ticket.updated' | 'ticket.message'; ticketId: string }
  | { type: 'badges' };

export type RealtimeStatus = 'connecting' | 'open' | 'unavailable';

type Listener = (message: RealtimeMessage) => void;
type StatusListener = (status: RealtimeStatus) => void;

const BASE_DELAY_MS = 1_000;
const MAX_DELAY_MS = 30_000;
/** After this many failed attempts without ever opening, the endpoint is taken as absent. */
const GIVE_UP_AFTER = 3;
const UNAVAILABLE_RETRY_MS = 300_000;

const isMessage = (value: unknown): value is RealtimeMessage =>
  typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';

class RealtimeClient {
  private socket: WebSocket | null = null;
  private listeners = new Set<Listener>();
  private statusListeners = new Set<StatusListener>();
  private channels = new Map<string, number>();
  private attempts = 0;
  private everOpened = false;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private outbox: unknown[] = [];
  status: RealtimeStatus = 'connecting';

  private setStatus(status: RealtimeStatus) {
    if (this.status === status) return;
    this.status = status;
    for (const l of this.statusListeners) l(status);
  }

  private url() {
    const proto = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
    return `${proto}//${window.location.host}/api/v1/realtime`;
  }

  private connect() {
    if (this.socket || typeof WebSocket === 'undefined') return;
    let socket: WebSocket;
    try {
      socket = new WebSocket(this.url());
    } catch {
      this.scheduleReconnect();
      return;
    }
    this.socket = socket;
    socket.onopen = () => {
      this.attempts = 0;
      this.everOpened = true;
      this.setStatus('open');
      for (const channel of this.channels.keys()) this.rawSend({ type: 'subscribe', channel });
      for (const m of this.outbox.splice(0)) this.rawSend(m);
    };
    socket.onmessage = (event) => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(String(event.data));
      } catch {
        return;
      }
      if (isMessage(parsed)) for (const l of this.listeners) l(parsed);
    };
    socket.onclose = () => {
      this.socket = null;
      this.scheduleReconnect();
    };
    socket.onerror = () => socket.close();
  }

  private scheduleReconnect() {
    if (this.timer || (this.listeners.size === 0 && this.statusListeners.size === 0)) return;
    this.attempts += 1;
    if (!this.everOpened && this.attempts >= GIVE_UP_AFTER) this.setStatus('unavailable');
    else if (this.status === 'open') this.setStatus('connecting');
    // absent endpoint: look again now and then (it may be deployed later), not every 30 s
    const base =
      this.status === 'unavailable'
        ? UNAVAILABLE_RETRY_MS
        : Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** Math.min(this.attempts - 1, 5));
    const delay = base / 2 + Math.random() * (base / 2);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.connect();
    }, delay);
  }

  private rawSend(message: unknown) {
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(message));
  }

  /** Sends now when connected; presence and subscriptions are re-sent on reconnect by their owners. */
  send(message: unknown) {
    if (this.socket?.readyState === WebSocket.OPEN) this.rawSend(message);
    else if (this.outbox.length < 20) this.outbox.push(message);
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    this.connect();
    return () => {
      this.listeners.delete(listener);
    };
  }

  onStatus(listener: StatusListener): () => void {
    this.statusListeners.add(listener);
    this.connect();
    return () => {
      this.statusListeners.delete(listener);
    };
  }

  join(channel: string): () => void {
    this.channels.set(channel, (this.channels.get(channel) ?? 0) + 1);
    this.rawSend({ type: 'subscribe', channel });
    this.connect();
    return () => {
      const n = (this.channels.get(channel) ?? 1) - 1;
      if (n <= 0) {
        this.channels.delete(channel);
        this.rawSend({ type: 'unsubscribe', channel });
      } else this.channels.set(channel, n);
    };
  }
}

let client: RealtimeClient | null = null;
/** The tab's one realtime client (created on first use). */
export const realtime = (): RealtimeClient => {
  client ??= new RealtimeClient();
  return client;
};
