// Badge counts kept by counters, never by count(*) per request: every write that changes a
// ticket's status, assignee, team or trash state adjusts them in the same transaction.
import { and, eq, inArray, or, sql } from 'drizzle-orm';
import type { TTicketStatus } from '../../../shared/tickets.schemas.js';
import type { Tx } from '../../platform/db/database.js';
import { isActive } from './ticket-status.js';
import { ticketViewCounts } from './tickets.table.js';

/** scope_id of tenant-wide counters. */
export const TENANT_SCOPE = '00000000-0000-0000-0000-000000000000';

export type CounterFacts = {
  status: TTicketStatus;
  assigneeId: string | null;
  teamId: string | null;
  deletedAt: Date | null;
};

type Scope = 'tenant' | 'user' | 'team';
type CounterKey = { scope: Scope; scopeId: string; key: string };

const enc = (k: CounterKey) => `${k.scope}|${k.scopeId}|${k.key}`;
const dec = (s: string): CounterKey => {
  const [scope, scopeId, key] = s.split('|');
  return { scope: scope as Scope, scopeId: scopeId ?? '', key: key ?? '' };
};

/** The counters one ticket adds 1 to. */
export const counterKeys = (f: CounterFacts | null): string[] => {
  if (!f || f.deletedAt) return [];
  const keys: CounterKey[] = [{ scope: 'tenant', scopeId: TENANT_SCOPE, key: `status:${f.status}` }];
  if (isActive(f.status)) {
    if (f.assigneeId) {
      keys.push({ scope: 'user', scopeId: f.assigneeId, key: 'mine' });
      keys.push({ scope: 'user', scopeId: f.assigneeId, key: `mine:${f.status}` });
    } else {
      keys.push({ scope: 'tenant', scopeId: TENANT_SCOPE, key: 'unassigned' });
    }
    if (f.teamId) {
      keys.push({ scope: 'team', scopeId: f.teamId, key: 'active' });
      if (!f.assigneeId) keys.push({ scope: 'team', scopeId: f.teamId, key: 'unassigned' });
    }
  }
  return keys.map(enc);
};

/**
 * Moves a ticket's contribution from `before` to `after` (null: did not exist / no longer
 * counts). Several tickets at once: pass pairs. Rows are touched in a fixed order so concurrent
 * transactions cannot deadlock on them.
 */
export const applyCounterChanges = async (
  tx: Tx,
  tenantId: string,
  changes: Array<{ before: CounterFacts | null; after: CounterFacts | null }>,
): Promise<void> => {
  const delta = new Map<string, number>();
  for (const c of changes) {
    for (const k of counterKeys(c.before)) delta.set(k, (delta.get(k) ?? 0) - 1);
    for (const k of counterKeys(c.after)) delta.set(k, (delta.get(k) ?? 0) + 1);
  }
  const rows = [...delta.entries()]
    .filter(([, d]) => d !== 0)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, d]) => ({ tenantId, ...dec(k), count: d }));
  if (rows.length === 0) return;
  await tx
    .insert(ticketViewCounts)
    .values(rows)
    .onConflictDoUpdate({
      target: [
        ticketViewCounts.tenantId,
        ticketViewCounts.scope,
        ticketViewCounts.scopeId,
        ticketViewCounts.key,
      ],
      set: { count: sql`${ticketViewCounts.count} + excluded.count` },
    });
};

/** The counter rows an agent's badges read: tenant-wide, their own, and their teams'. */
export const readCounters = async (tx: Tx, tenantId: string, userId: string | null, teamIds: string[]) =>
  tx
    .select({
      scope: ticketViewCounts.scope,
      scopeId: ticketViewCounts.scopeId,
      key: ticketViewCounts.key,
      count: ticketViewCounts.count,
    })
    .from(ticketViewCounts)
    .where(
      and(
        eq(ticketViewCounts.tenantId, tenantId),
        or(
          eq(ticketViewCounts.scope, 'tenant'),
          userId ? and(eq(ticketViewCounts.scope, 'user'), eq(ticketViewCounts.scopeId, userId)) : undefined,
          teamIds.length
            ? and(eq(ticketViewCounts.scope, 'team'), inArray(ticketViewCounts.scopeId, teamIds))
            : undefined,
        ),
      ),
    );

/** Open tickets assigned to each of these users (least-open assignment). */
export const activeCountsOf = async (tx: Tx, tenantId: string, userIds: string[]) => {
  if (userIds.length === 0) return new Map<string, number>();
  const rows = await tx
    .select({ userId: ticketViewCounts.scopeId, count: ticketViewCounts.count })
    .from(ticketViewCounts)
    .where(
      and(
        eq(ticketViewCounts.tenantId, tenantId),
        eq(ticketViewCounts.scope, 'user'),
        inArray(ticketViewCounts.scopeId, userIds),
        eq(ticketViewCounts.key, 'mine'),
      ),
    );
  return new Map(rows.map((r) => [r.userId, r.count]));
};
