import { inArray, sql } from 'drizzle-orm';
import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/db/database.js';
import { authThrottle } from './auth.table.js';

export type ThrottleRule = { max: number; windowMs: number; lockMs: number };

/** Sign-in failures per (workspace, email): 5 in 15 minutes locks that account's sign-in for 15 minutes. */
export const ACCOUNT_RULE: ThrottleRule = { max: 5, windowMs: 15 * 60_000, lockMs: 15 * 60_000 };
/** Per client IP, across accounts (credential stuffing). */
export const IP_RULE: ThrottleRule = { max: 30, windowMs: 15 * 60_000, lockMs: 15 * 60_000 };
/** Unauthenticated requests that send email or create things (reset links, signup). */
export const SEND_RULE: ThrottleRule = { max: 5, windowMs: 60 * 60_000, lockMs: 60 * 60_000 };

/**
 * Counters live in PostgreSQL so every Kesher process sees the same limits (no in-memory state).
 */
export const createThrottle = (database: Database, clock: Clock) => ({
  /** Seconds until the first locked key unlocks, or 0 when none is locked. */
  async lockedFor(keys: string[]): Promise<number> {
    const now = clock.now();
    const rows = await database.systemTx((tx) =>
      tx
        .select({ lockedUntil: authThrottle.lockedUntil })
        .from(authThrottle)
        .where(inArray(authThrottle.key, keys)),
    );
    let wait = 0;
    for (const r of rows) {
      if (r.lockedUntil && r.lockedUntil > now) {
        wait = Math.max(wait, Math.ceil((r.lockedUntil.getTime() - now.getTime()) / 1000));
      }
    }
    return wait;
  },

  /** Counts one event against key; returns seconds locked (0 while under the limit). */
  async hit(key: string, rule: ThrottleRule): Promise<number> {
    const now = clock.now();
    const windowStart = new Date(now.getTime() - rule.windowMs);
    const lockUntil = new Date(now.getTime() + rule.lockMs);
    const [row] = await database.systemTx((tx) =>
      tx
        .insert(authThrottle)
        .values({ key, failures: 1, windowStartedAt: now, lockedUntil: rule.max <= 1 ? lockUntil : null })
        .onConflictDoUpdate({
          target: authThrottle.key,
          set: {
            failures: sql`case when ${authThrottle.windowStartedAt} < ${windowStart} then 1 else ${authThrottle.failures} + 1 end`,
            windowStartedAt: sql`case when ${authThrottle.windowStartedAt} < ${windowStart} then ${now} else ${authThrottle.windowStartedAt} end`,
            lockedUntil: sql`case when (case when ${authThrottle.windowStartedAt} < ${windowStart} then 1 else ${authThrottle.failures} + 1 end) >= ${rule.max} then ${lockUntil} else ${authThrottle.lockedUntil} end`,
          },
        })
        .returning({ lockedUntil: authThrottle.lockedUntil }),
    );
    if (row?.lockedUntil && row.lockedUntil > now) {
      return Math.ceil((row.lockedUntil.getTime() - now.getTime()) / 1000);
    }
    return 0;
  },

  /**
   * For quotas (mails sent, sign-ups): `max` actions per window pass and the next is refused.
   * Returns seconds locked (nothing counted), or 0 after counting one against every key.
   * (`hit` reports the lock on the max-th event: right for failures, one short for quotas.)
   */
  async consume(hits: Array<[key: string, rule: ThrottleRule]>): Promise<number> {
    const locked = await this.lockedFor(hits.map(([key]) => key));
    if (locked > 0) return locked;
    for (const [key, rule] of hits) await this.hit(key, rule);
    return 0;
  },

  async clear(key: string): Promise<void> {
    await database.systemTx((tx) => tx.delete(authThrottle).where(inArray(authThrottle.key, [key])));
  },
});

export type Throttle = ReturnType<typeof createThrottle>;
