// Collision detection on the agent desk: who is viewing or typing on a ticket, live, and a push
// when the ticket changes under an open screen (the reply endpoint's 409 STALE_VIEW is the backstop).
import { and, asc, eq, gt, lte, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Clock } from '../../platform/clock.js';
import type { Database, Tx } from '../../platform/db/database.js';
import type { DomainEvent, EventBus } from '../../platform/events/event-bus.js';
import { scopeOf, type TenantCtx } from '../../platform/http/actor.js';
import type { Realtime, RealtimeConnection } from '../../platform/realtime/index.js';
import { users } from '../auth/index.js';
import { TICKET_EVENT, tickets } from '../tickets/index.js';
import { ticketPresence } from './desk-presence.table.js';

/** How long a presence row lives without a heartbeat. */
export const PRESENCE_TTL_MS = 60_000;

export type DeskPresenceDeps = { database: Database; clock: Clock; events: EventBus; realtime: Realtime };

export type PresenceUser = { userId: string; name: string; state: 'viewing' | 'typing'; since: string };

const ZPresenceMessage = z.object({
  type: z.literal('presence'),
  ticketId: z.uuid(),
  state: z.enum(['viewing', 'typing', 'left']),
});

export const ticketChannel = (ticketId: string) => `ticket:${ticketId}`;

// Events after which counts in the inbox badges may have moved.
const BADGE_EVENTS = new Set<string>([
  TICKET_EVENT.created,
  TICKET_EVENT.assigned,
  TICKET_EVENT.statusChanged,
  TICKET_EVENT.merged,
]);

export const createDeskPresence = (deps: DeskPresenceDeps) => {
  const { database, clock, realtime } = deps;

  const ticketExists = (tx: Tx, ticketId: string) =>
    tx
      .select({ id: tickets.id, version: tickets.version })
      .from(tickets)
      .where(and(eq(tickets.id, ticketId), sql`${tickets.deletedAt} is null`))
      .limit(1)
      .then((r) => r[0]);

  /** One line per user: typing wins over viewing; `since` is their earliest row in that state. */
  const presenceOf = async (tx: Tx, ticketId: string, now: Date): Promise<PresenceUser[]> => {
    const rows = await tx
      .select({
        userId: ticketPresence.userId,
        name: users.name,
        state: ticketPresence.state,
        since: ticketPresence.since,
      })
      .from(ticketPresence)
      .innerJoin(users, and(eq(users.tenantId, ticketPresence.tenantId), eq(users.id, ticketPresence.userId)))
      .where(and(eq(ticketPresence.ticketId, ticketId), gt(ticketPresence.expiresAt, now)))
      .orderBy(asc(ticketPresence.since));
    const byUser = new Map<string, PresenceUser>();
    for (const r of rows) {
      const prev = byUser.get(r.userId);
      if (!prev) {
        byUser.set(r.userId, {
          userId: r.userId,
          name: r.name,
          state: r.state,
          since: r.since.toISOString(),
        });
      } else if (r.state === 'typing' && prev.state !== 'typing') {
        byUser.set(r.userId, { ...prev, state: 'typing', since: r.since.toISOString() });
      }
    }
    return [...byUser.values()];
  };

  const broadcast = (ticketId: string, list: PresenceUser[]) =>
    realtime.publish(ticketChannel(ticketId), { type: 'presence', ticketId, users: list });

  /** Records what one socket is doing on a ticket and tells everyone on the ticket. */
  const setPresence = async (
    ctx: TenantCtx,
    connectionId: string,
    input: { ticketId: string; state: 'viewing' | 'typing' | 'left' },
  ): Promise<boolean> => {
    const now = clock.now();
    const userId = ctx.actor.kind === 'user' ? ctx.actor.userId : null;
    if (!userId) return false;
    const list = await database.tenantTx(scopeOf(ctx), async (tx) => {
      if (!(await ticketExists(tx, input.ticketId))) return null;
      // One presence change per ticket at a time: the list read below then includes every change
      // committed before it (two agents announcing at once would otherwise each miss the other).
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`kesher:presence:${input.ticketId}`}))`);
      // Expired rows of this ticket go as we pass (other tabs that died without a close).
      await tx
        .delete(ticketPresence)
        .where(and(eq(ticketPresence.ticketId, input.ticketId), lte(ticketPresence.expiresAt, now)));
      const key = and(
        eq(ticketPresence.ticketId, input.ticketId),
        eq(ticketPresence.userId, userId),
        eq(ticketPresence.connectionId, connectionId),
      );
      if (input.state === 'left') {
        await tx.delete(ticketPresence).where(key);
      } else {
        const expiresAt = new Date(now.getTime() + PRESENCE_TTL_MS);
        await tx
          .insert(ticketPresence)
          .values({
            tenantId: ctx.tenantId,
            ticketId: input.ticketId,
            userId,
            connectionId,
            state: input.state,
            since: now,
            expiresAt,
          })
          .onConflictDoUpdate({
            target: [
              ticketPresence.tenantId,
              ticketPresence.ticketId,
              ticketPresence.userId,
              ticketPresence.connectionId,
            ],
            // `since` moves only when the state changes.
            set: {
              state: input.state,
              expiresAt,
              since: sql`case when ${ticketPresence.state} = excluded.state then ${ticketPresence.since} else excluded.since end`,
            },
          });
      }
      return presenceOf(tx, input.ticketId, now);
    });
    if (!list) return false;
    broadcast(input.ticketId, list);
    return true;
  };

  /** Who is on a ticket now (the ticket screen's first paint). */
  const listPresence = (ctx: TenantCtx, ticketId: string) =>
    database.tenantTx(scopeOf(ctx), (tx) => presenceOf(tx, ticketId, clock.now()));

  const onPresenceMessage = async (conn: RealtimeConnection, raw: Record<string, unknown>) => {
    const parsed = ZPresenceMessage.safeParse(raw);
    if (!parsed.success) {
      conn.send({ type: 'error', code: 'BAD_MESSAGE', message: 'presence needs ticketId and state.' });
      return;
    }
    const { ticketId, state } = parsed.data;
    // Only a socket that was allowed onto the ticket's channel may announce itself there.
    if (!conn.isSubscribed(ticketChannel(ticketId))) {
      conn.send({
        type: 'error',
        code: 'NOT_SUBSCRIBED',
        ticketId,
        message: 'Subscribe to the ticket first.',
      });
      return;
    }
    await setPresence(conn.ctx, conn.id, { ticketId, state });
  };

  // A live socket keeps its rows alive; the TTL only catches sockets that died silently.
  const onHeartbeat = async (conn: RealtimeConnection) => {
    const now = clock.now();
    await database.tenantTx(scopeOf(conn.ctx), (tx) =>
      tx
        .update(ticketPresence)
        .set({ expiresAt: new Date(now.getTime() + PRESENCE_TTL_MS) })
        .where(eq(ticketPresence.connectionId, conn.id)),
    );
  };

  const onDisconnect = async (conn: RealtimeConnection) => {
    const now = clock.now();
    const changed = await database.tenantTx(scopeOf(conn.ctx), async (tx) => {
      const gone = await tx
        .delete(ticketPresence)
        .where(eq(ticketPresence.connectionId, conn.id))
        .returning({ ticketId: ticketPresence.ticketId });
      const ids = [...new Set(gone.map((g) => g.ticketId))];
      const out: Array<[string, PresenceUser[]]> = [];
      for (const id of ids) out.push([id, await presenceOf(tx, id, now)]);
      return out;
    });
    for (const [id, list] of changed) broadcast(id, list);
  };

  // An open ticket screen learns it is stale: new message, new status, new assignee, …
  const onTicketEvent = async (e: DomainEvent) => {
    const p = e.payload as { ticketId?: string; messageId?: string };
    if (!p.ticketId) return;
    const ticketId = p.ticketId;
    const version = await database.tenantTx({ role: 'staff', tenantId: e.tenantId }, async (tx) => {
      const t = await tx.select({ version: tickets.version }).from(tickets).where(eq(tickets.id, ticketId));
      return t[0]?.version ?? null;
    });
    const channel = ticketChannel(ticketId);
    if (e.type === TICKET_EVENT.messageAdded && p.messageId) {
      realtime.publish(channel, { type: 'ticket.message', ticketId, messageId: p.messageId, version });
    }
    realtime.publish(channel, { type: 'ticket.updated', ticketId, version, event: e.type });
    if (BADGE_EVENTS.has(e.type)) realtime.publish(`tenant:${e.tenantId}`, { type: 'badges' });
  };

  realtime.onSubscribe('ticket', async (ctx, id) => {
    if (!z.uuid().safeParse(id).success) return false;
    return database.tenantTx(scopeOf(ctx), async (tx) => (await ticketExists(tx, id)) !== undefined);
  });
  realtime.onMessage('presence', onPresenceMessage);
  realtime.onHeartbeat(onHeartbeat);
  realtime.onDisconnect(onDisconnect);
  for (const type of Object.values(TICKET_EVENT)) deps.events.subscribe(type, onTicketEvent);

  return { setPresence, listPresence };
};

export type DeskPresence = ReturnType<typeof createDeskPresence>;
