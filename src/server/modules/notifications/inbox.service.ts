import { and, asc, desc, eq, isNotNull, isNull, lt, or, type SQL, sql } from 'drizzle-orm';
import type { TInboxItem } from '../../../shared/notifications.schemas.js';
import type { Clock } from '../../platform/clock.js';
import type { Database, Tx } from '../../platform/db/database.js';
import { AppError } from '../../platform/errors/app-error.js';
import { scopeOf, type TenantCtx } from '../../platform/http/actor.js';
import { mailOutbox } from '../../platform/mail/mail.table.js';
import { type NotificationRow, notifications } from './notifications.table.js';
import { decodeCursor, iso, isoOrNull, notFound, pageOf } from './notifications-common.js';
import type { TicketsPort } from './tickets-port.js';

export type InboxDeps = { database: Database; clock: Clock; tickets: TicketsPort };

const userIdOf = (ctx: TenantCtx): string => {
  if (ctx.actor.kind !== 'user') {
    throw new AppError('FORBIDDEN', { userMessage: 'Only a signed-in user has an inbox.' });
  }
  return ctx.actor.userId;
};

const itemOf = (r: NotificationRow): TInboxItem => ({
  id: r.id,
  event: r.event,
  ticketId: r.ticketId,
  title: r.title,
  body: r.body,
  readAt: isoOrNull(r.readAt),
  createdAt: iso(r.createdAt),
});

// Delivery state as the ticket screen shows it: an email is as far as its outbox row got.
const effectiveStatus = (status: NotificationRow['status'], mail: string | null) => {
  if (status !== 'queued' || !mail) return status;
  if (mail === 'sent') return 'sent' as const;
  if (mail === 'failed') return 'failed' as const;
  return 'queued' as const;
};

export const createInbox = (deps: InboxDeps) => {
  const inTx = <T>(ctx: TenantCtx, fn: (tx: Tx) => Promise<T>) => deps.database.tenantTx(scopeOf(ctx), fn);

  return {
    /** The signed-in user's in-app notifications: unread first, then newest first. */
    list: (
      ctx: TenantCtx,
      q: { limit: number; cursor?: string | undefined; unread?: 'true' | 'false' | undefined },
    ) =>
      inTx(ctx, async (tx) => {
        const me = userIdOf(ctx);
        // Sort key: 1 while unread, 0 once read; within each, newest (highest UUIDv7) first.
        const unreadKey = sql<number>`(case when ${notifications.readAt} is null then 1 else 0 end)`;
        const where: (SQL | undefined)[] = [
          eq(notifications.channel, 'in_app'),
          eq(notifications.recipientUserId, me),
          eq(notifications.status, 'sent'),
        ];
        if (q.unread === 'true') where.push(isNull(notifications.readAt));
        if (q.unread === 'false') where.push(isNotNull(notifications.readAt));
        if (q.cursor) {
          const c = decodeCursor(q.cursor, 'number');
          where.push(or(lt(unreadKey, c.v), and(eq(unreadKey, c.v), lt(notifications.id, c.id))));
        }
        const rows = await tx
          .select()
          .from(notifications)
          .where(and(...where))
          .orderBy(desc(unreadKey), desc(notifications.id))
          .limit(q.limit + 1);
        return pageOf(rows, q.limit, (r) => (r.readAt ? 0 : 1), itemOf);
      }),

    /** Marks one of my notifications read (again: no change). Someone else's → 404. */
    markRead: (ctx: TenantCtx, id: string) =>
      inTx(ctx, async (tx) => {
        const me = userIdOf(ctx);
        const mine = and(
          eq(notifications.id, id),
          eq(notifications.channel, 'in_app'),
          eq(notifications.recipientUserId, me),
        );
        const [row] = await tx
          .update(notifications)
          .set({
            readAt: sql`coalesce(${notifications.readAt}, ${deps.clock.now().toISOString()}::timestamptz)`,
          })
          .where(mine)
          .returning();
        if (!row) throw notFound('Notification');
        return itemOf(row);
      }),

    /** Every notification about a ticket, with its delivery state ("sent 10:02"). */
    forTicket: (ctx: TenantCtx, ticketId: string) =>
      inTx(ctx, async (tx) => {
        if (!(await deps.tickets.getTicketForNotification(tx, ticketId))) throw notFound('Ticket');
        const rows = await tx
          .select({
            n: notifications,
            mailStatus: mailOutbox.status,
            mailError: mailOutbox.lastError,
            sentAt: mailOutbox.sentAt,
          })
          .from(notifications)
          .leftJoin(
            mailOutbox,
            and(
              eq(mailOutbox.tenantId, notifications.tenantId),
              eq(mailOutbox.id, notifications.mailOutboxId),
            ),
          )
          .where(eq(notifications.ticketId, ticketId))
          .orderBy(asc(notifications.createdAt), asc(notifications.id));
        return {
          items: rows.map(({ n, mailStatus, mailError, sentAt }) => ({
            id: n.id,
            event: n.event,
            channel: n.channel,
            recipient: n.recipient,
            status: effectiveStatus(n.status, mailStatus),
            reason: n.reason,
            mailStatus,
            mailError,
            sentAt: isoOrNull(sentAt),
            createdAt: iso(n.createdAt),
          })),
        };
      }),
  };
};

export type Inbox = ReturnType<typeof createInbox>;
