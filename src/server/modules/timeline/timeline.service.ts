import { and, desc, eq, inArray, lt, or, type SQL } from 'drizzle-orm';
import type { TTimelineEntry } from '../../../shared/timeline.schemas.js';
import type { Clock } from '../../platform/clock.js';
import type { Database, Tx } from '../../platform/db/database.js';
import { AppError } from '../../platform/errors/app-error.js';
import { actorId, scopeOf, type TenantCtx } from '../../platform/http/actor.js';
import { users } from '../auth/index.js';
import { type TimelineRow, timelineEntries } from './timeline.table.js';

export type TimelineChannel = TTimelineEntry['channel'];

/** What a module appends. At least one of accountId / contactId, unless it is about a lead. */
export type NewTimelineEntry = {
  tenantId: string;
  occurredAt: Date;
  accountId?: string | null | undefined;
  contactId?: string | null | undefined;
  type: string;
  channel: TimelineChannel;
  title: string;
  summary?: string | null | undefined;
  ref?: { kind: string; id: string } | undefined;
  actor?: { kind: string; id: string | null } | undefined;
  data?: Record<string, unknown> | undefined;
};

/**
 * The one way anything lands on a customer's timeline. Call it inside the transaction that makes
 * the change, so the entry exists exactly when the change does. An entry about a contact of
 * several accounts is written once per account, so each account's timeline is one index scan.
 */
export const appendTimeline = async (
  tx: Tx,
  e: NewTimelineEntry & { accountIds?: string[] },
): Promise<void> => {
  const accountIds = e.accountIds?.length ? e.accountIds : [e.accountId ?? null];
  // A lead has no account or contact yet: its entries are kept by reference (ref kind 'lead' or
  // data.leadId) and copied onto the account and contact when the lead is converted.
  const aboutLead = e.ref?.kind === 'lead' || typeof e.data?.leadId === 'string';
  if (!e.contactId && accountIds.every((a) => a === null) && !aboutLead) return;
  await tx.insert(timelineEntries).values(
    accountIds.map((accountId) => ({
      tenantId: e.tenantId,
      occurredAt: e.occurredAt,
      accountId,
      contactId: e.contactId ?? null,
      type: e.type,
      channel: e.channel,
      title: e.title.slice(0, 300),
      summary: e.summary?.slice(0, 2000) ?? null,
      refKind: e.ref?.kind ?? null,
      refId: e.ref?.id ?? null,
      actorKind: e.actor?.kind ?? null,
      actorId: e.actor?.id ?? null,
      data: e.data ?? {},
    })),
  );
};

/** Actor fields for an entry made by the request's actor. */
export const timelineActor = (ctx: TenantCtx) => ({ kind: ctx.actor.kind, id: actorId(ctx.actor) });

type Cursor = { t: string; id: string };
const encodeCursor = (c: Cursor) => Buffer.from(JSON.stringify(c)).toString('base64url');
const decodeCursor = (s: string): Cursor => {
  try {
    const c = JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as Cursor;
    if (typeof c.t !== 'string' || typeof c.id !== 'string' || Number.isNaN(Date.parse(c.t)))
      throw new Error();
    return c;
  } catch {
    throw new AppError('VALIDATION_FAILED', { fields: [{ path: 'cursor', message: 'Invalid cursor' }] });
  }
};

const list = (s: string | undefined) =>
  s
    ?.split(',')
    .map((x) => x.trim())
    .filter(Boolean);

export type TimelineQuery = {
  accountId?: string | undefined;
  contactId?: string | undefined;
  channel?: string | undefined;
  type?: string | undefined;
  limit: number;
  cursor?: string | undefined;
};

/** A page of a customer's timeline, newest first, inside the caller's transaction (the card uses it). */
export const listTimeline = async (tx: Tx, q: TimelineQuery) => {
  const conds: (SQL | undefined)[] = [
    q.accountId
      ? eq(timelineEntries.accountId, q.accountId)
      : eq(timelineEntries.contactId, q.contactId ?? ''),
  ];
  const channels = list(q.channel);
  if (channels?.length) conds.push(inArray(timelineEntries.channel, channels));
  const types = list(q.type);
  if (types?.length) conds.push(inArray(timelineEntries.type, types));
  if (q.cursor) {
    const c = decodeCursor(q.cursor);
    const t = new Date(c.t);
    conds.push(
      or(
        lt(timelineEntries.occurredAt, t),
        and(eq(timelineEntries.occurredAt, t), lt(timelineEntries.id, c.id)),
      ),
    );
  }
  const rows = await tx
    .select({ e: timelineEntries, actorName: users.name })
    .from(timelineEntries)
    .leftJoin(users, and(eq(timelineEntries.actorKind, 'user'), eq(users.id, timelineEntries.actorId)))
    .where(and(...conds))
    .orderBy(desc(timelineEntries.occurredAt), desc(timelineEntries.id))
    .limit(q.limit + 1);
  return timelinePage(rows, q.limit);
};

/**
 * The page a client sees from `limit + 1` rows (newest first) with their actors' names; the extra
 * row only says there is a next page. Shared with the customer card, which reads its rows itself.
 */
export const timelinePage = (rows: Array<{ e: TimelineRow; actorName: string | null }>, limit: number) => {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map(({ e, actorName }) => ({
      id: e.id,
      occurredAt: e.occurredAt.toISOString(),
      accountId: e.accountId,
      contactId: e.contactId,
      type: e.type,
      channel: e.channel as TimelineChannel,
      title: e.title,
      summary: e.summary,
      refKind: e.refKind,
      refId: e.refId,
      actorKind: e.actorKind,
      actorId: e.actorId,
      actorName: actorName ?? null,
      data: e.data,
    })),
    nextCursor:
      rows.length > limit && last
        ? encodeCursor({ t: last.e.occurredAt.toISOString(), id: last.e.id })
        : null,
  };
};

export const createTimeline = (deps: { database: Database; clock: Clock }) => ({
  /** Newest first, keyset-paged on (occurred_at, id). */
  list: (ctx: TenantCtx, q: TimelineQuery) =>
    deps.database.tenantTx(scopeOf(ctx), (tx) => listTimeline(tx, q)),
});

export type Timeline = ReturnType<typeof createTimeline>;
