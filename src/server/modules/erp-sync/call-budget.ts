/**
 * A sliding-minute call budget per connector: Priority answers 429 past 100 calls a minute per
 * user, so we pace ourselves below it instead of hammering into the limit.
 */
export type CallBudget = {
  /** Waits (capped) until a call is allowed, then counts it. */
  take(): Promise<void>;
  /** Sleeps, through the same injectable timer (tests make waits short). */
  sleep(ms: number): Promise<void>;
  maxWaitMs: number;
};

export type BudgetOpts = {
  perMinute?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** The longest single wait (for a 429's Retry-After or the budget); longer means give up. */
  maxWaitMs?: number;
};

const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export const createCallBudget = (o: BudgetOpts = {}): CallBudget => {
  const perMinute = o.perMinute ?? 100;
  const now = o.now ?? Date.now;
  const sleep = o.sleep ?? realSleep;
  const calls: number[] = [];
  return {
    maxWaitMs: o.maxWaitMs ?? 65_000,
    sleep,
    async take() {
      for (;;) {
        const t = now();
        while (calls.length && (calls[0] as number) <= t - 60_000) calls.shift();
        if (calls.length < perMinute) {
          calls.push(t);
          return;
        }
        await sleep(Math.min((calls[0] as number) + 60_000 - t + 5, o.maxWaitMs ?? 65_000));
      }
    },
  };
};

/** One budget per connector, shared by every run of it in this process. */
export const createBudgets = (o: BudgetOpts = {}) => {
  const byConnector = new Map<string, CallBudget>();
  return (connectorId: string) => {
    let b = byConnector.get(connectorId);
    if (!b) {
      b = createCallBudget(o);
      byConnector.set(connectorId, b);
    }
    return b;
  };
};
