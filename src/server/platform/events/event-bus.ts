/**
 * Domain events, published after the transaction that caused them commits. Handlers run
 * in-process; cross-process fan-out (PostgreSQL NOTIFY) plugs in behind the same interface,
 * and work that must happen exactly once goes through jobs, not handlers.
 */
export type DomainEvent = {
  type: string;
  tenantId: string;
  /** When it happened (from the injected clock). */
  at: Date;
  payload: Record<string, unknown>;
};

export type EventHandler = (event: DomainEvent) => void | Promise<void>;

export type EventBus = {
  publish(event: DomainEvent): void;
  subscribe(type: string | '*', handler: EventHandler): () => void;
  /** Resolves when every handler started so far has finished (tests, graceful shutdown). */
  drain(): Promise<void>;
};

export const createEventBus = (onError: (err: unknown, event: DomainEvent) => void): EventBus => {
  const handlers = new Map<string, Set<EventHandler>>();
  const running = new Set<Promise<void>>();
  return {
    publish(event) {
      for (const key of [event.type, '*']) {
        for (const h of handlers.get(key) ?? []) {
          const p = (async () => h(event))()
            .catch((err) => onError(err, event))
            .finally(() => running.delete(p));
          running.add(p);
        }
      }
    },
    subscribe(type, handler) {
      const set = handlers.get(type) ?? new Set();
      set.add(handler);
      handlers.set(type, set);
      return () => set.delete(handler);
    },
    async drain() {
      while (running.size > 0) await Promise.allSettled([...running]);
    },
  };
};
