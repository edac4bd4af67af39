import { and, eq, isNull, sql } from 'drizzle-orm';
import type { TCsatSubmit, TLocale } from '../../../shared/notifications.schemas.js';
import type { Clock } from '../../platform/clock.js';
import { type Database, rowsOf, type Tx } from '../../platform/db/database.js';
import { AppError } from '../../platform/errors/app-error.js';
import { scopeOf, type TenantCtx } from '../../platform/http/actor.js';
import type { Secrets } from '../../platform/security/secrets.js';
import { auditFromCtx, recordAudit } from '../audit/index.js';
import { tickets } from '../tickets/index.js';
import { appendTimeline } from '../timeline/index.js';
import { type CsatResponseRow, csatResponses } from './csat.table.js';
import { readCsatToken, signCsatToken } from './csat-token.js';

/** How long a survey link works. */
export const CSAT_LINK_DAYS = 30;

export type CsatDeps = {
  database: Database;
  clock: Clock;
  secrets: Secrets;
  publicUrl: string;
  /** Does the ticket exist for the tenant of this transaction? Defaults to reading tickets. */
  ticketExists?: (tx: Tx, ticketId: string) => Promise<boolean>;
};

export type CsatRequestInput = {
  tenantId: string;
  ticketId: string;
  ticketNumber: number;
  contactId: string | null;
  locale: TLocale;
  now: Date;
};

/** What the public page shows for a link. */
export type CsatLink =
  | { state: 'invalid' }
  | { state: 'expired'; locale: TLocale; ticketNumber: number }
  | { state: 'open'; locale: TLocale; ticketNumber: number; rating: number | null; comment: string | null };

const invalid = () => new AppError('TOKEN_INVALID', { userMessage: 'This survey link is not valid.' });
const expired = () =>
  new AppError('LINK_EXPIRED', { userMessage: 'This survey link has expired. Thank you all the same.' });

const resultOf = (r: CsatResponseRow) => ({
  ticketNumber: r.ticketNumber,
  rating: r.rating ?? 0,
  comment: r.comment,
  respondedAt: (r.respondedAt ?? r.requestedAt).toISOString(),
});

/** Satisfaction over answered surveys in [from, to): count, average rating, share rating 4–5. */
export const csatSummary = async (
  tx: Tx,
  from: Date,
  to: Date,
): Promise<{ count: number; average: number | null; satisfiedPercent: number | null }> => {
  const res = await tx.execute(sql`
    select count(*)::int as n,
           avg(rating)::float8 as avg,
           (count(*) filter (where rating >= 4))::int as satisfied
      from ${csatResponses}
     where rating is not null and responded_at >= ${from.toISOString()}::timestamptz
       and responded_at < ${to.toISOString()}::timestamptz`);
  const row = rowsOf<{ n: number; avg: number | null; satisfied: number }>(res)[0];
  const n = row?.n ?? 0;
  return {
    count: n,
    average: n ? Math.round((row?.avg ?? 0) * 100) / 100 : null,
    satisfiedPercent: n ? Math.round(((row?.satisfied ?? 0) * 1000) / n) / 10 : null,
  };
};

// Under RLS another tenant's ticket is simply not there.
const ticketRowExists = async (tx: Tx, ticketId: string) =>
  (
    await tx
      .select({ id: tickets.id })
      .from(tickets)
      .where(and(eq(tickets.id, ticketId), isNull(tickets.deletedAt)))
      .limit(1)
  ).length > 0;

// The rating on the customer's timeline, whichever way it came (survey link or portal).
const timelineRated = (tx: Tx, tenantId: string, row: CsatResponseRow, now: Date, actorId: string | null) =>
  appendTimeline(tx, {
    tenantId,
    occurredAt: now,
    contactId: row.contactId,
    type: 'csat.rated',
    channel: 'web',
    title: `${'★'.repeat(row.rating ?? 0)}${'☆'.repeat(5 - (row.rating ?? 0))} #${row.ticketNumber}`,
    summary: row.comment,
    ref: { kind: 'ticket', id: row.ticketId },
    actor: { kind: 'contact', id: actorId },
    data: { rating: row.rating, ticketNumber: row.ticketNumber },
  });

/** A signed-in customer's rating of a solved or closed ticket (the portal has checked both). */
export type CustomerRatingInput = {
  ticketId: string;
  ticketNumber: number;
  contactId: string;
  locale: TLocale;
  rating: number;
  comment: string | null;
};

export const createCsat = (deps: CsatDeps) => {
  const ticketExists = deps.ticketExists ?? ticketRowExists;
  const claimsOf = (token: string) => {
    const c = readCsatToken(deps.secrets, token);
    if (!c) return undefined;
    return { ...c, expired: c.expiresAt.getTime() <= deps.clock.now().getTime() };
  };
  const systemScope = (tenantId: string) => ({ role: 'staff' as const, tenantId });
  const rowOf = async (tx: Tx, ticketId: string) =>
    (await tx.select().from(csatResponses).where(eq(csatResponses.ticketId, ticketId)).limit(1))[0];

  return {
    /**
     * Opens (or re-opens, when a ticket is solved again) the ticket's survey and returns the signed
     * link for the "solved" email. Runs in the caller's transaction.
     */
    request: async (tx: Tx, input: CsatRequestInput): Promise<{ url: string; expiresAt: Date }> => {
      const expiresAt = new Date(input.now.getTime() + CSAT_LINK_DAYS * 86_400_000);
      const values = {
        ticketNumber: input.ticketNumber,
        contactId: input.contactId,
        locale: input.locale,
        requestedAt: input.now,
        expiresAt,
      };
      await tx
        .insert(csatResponses)
        .values({ tenantId: input.tenantId, ticketId: input.ticketId, ...values })
        .onConflictDoUpdate({ target: [csatResponses.tenantId, csatResponses.ticketId], set: values });
      const token = signCsatToken(deps.secrets, {
        tenantId: input.tenantId,
        ticketId: input.ticketId,
        expiresAt,
      });
      return { url: `${deps.publicUrl.replace(/\/$/, '')}/csat/${token}`, expiresAt };
    },

    /** The public page's view of a link: forged, expired, or open (with any earlier answer). */
    open: async (token: string): Promise<CsatLink> => {
      const c = claimsOf(token);
      if (!c) return { state: 'invalid' };
      const row = await deps.database.tenantTx(systemScope(c.tenantId), (tx) => rowOf(tx, c.ticketId));
      if (!row) return { state: 'invalid' };
      const locale = row.locale;
      if (c.expired) return { state: 'expired', locale, ticketNumber: row.ticketNumber };
      return {
        state: 'open',
        locale,
        ticketNumber: row.ticketNumber,
        rating: row.rating,
        comment: row.comment,
      };
    },

    /** Records (or changes) the requester's rating. Forged → 404; expired → 410. */
    submit: async (token: string, input: TCsatSubmit) => {
      const c = claimsOf(token);
      if (!c) throw invalid();
      if (c.expired) throw expired();
      return deps.database.tenantTx(systemScope(c.tenantId), async (tx) => {
        const now = deps.clock.now();
        const [row] = await tx
          .update(csatResponses)
          .set({ rating: input.rating, comment: input.comment || null, respondedAt: now })
          .where(eq(csatResponses.ticketId, c.ticketId))
          .returning();
        if (!row) throw invalid();
        await timelineRated(tx, c.tenantId, row, now, row.contactId);
        return resultOf(row);
      });
    },

    /**
     * The same survey answered in the portal: the ticket's one survey row, opened here when no
     * "solved" email opened it (the customer marked it solved). Rating again changes the answer,
     * as the survey link does. Runs as staff (kesher_portal has no grant on csat_responses) for
     * the one ticket the portal has read as kesher_portal; audited with the portal actor.
     */
    rateByCustomer: (ctx: TenantCtx, input: CustomerRatingInput) =>
      deps.database.tenantTx(systemScope(ctx.tenantId), async (tx) => {
        const now = deps.clock.now();
        const answer = { rating: input.rating, comment: input.comment || null, respondedAt: now };
        const [row] = await tx
          .insert(csatResponses)
          .values({
            tenantId: ctx.tenantId,
            ticketId: input.ticketId,
            ticketNumber: input.ticketNumber,
            contactId: input.contactId,
            locale: input.locale,
            requestedAt: now,
            expiresAt: new Date(now.getTime() + CSAT_LINK_DAYS * 86_400_000),
            ...answer,
          })
          .onConflictDoUpdate({ target: [csatResponses.tenantId, csatResponses.ticketId], set: answer })
          .returning();
        if (!row) throw new Error('csat upsert returned nothing');
        await timelineRated(tx, ctx.tenantId, row, now, input.contactId);
        await recordAudit(
          tx,
          auditFromCtx(ctx, 'csat.rated', { kind: 'ticket', id: input.ticketId }, { rating: input.rating }),
        );
        return { score: row.rating ?? input.rating, comment: row.comment, ratedAt: now.toISOString() };
      }),

    /** The ticket's answered rating, or null (read as staff, for a ticket the caller has shown visible). */
    ratingOf: (ctx: TenantCtx, ticketId: string) =>
      deps.database.tenantTx(systemScope(ctx.tenantId), async (tx) => {
        const row = await rowOf(tx, ticketId);
        return row?.rating && row.respondedAt
          ? { score: row.rating, comment: row.comment, ratedAt: row.respondedAt.toISOString() }
          : null;
      }),

    /** The ticket screen: whether a survey went out and what the requester answered. */
    forTicket: (ctx: TenantCtx, ticketId: string) =>
      deps.database.tenantTx(scopeOf(ctx), async (tx) => {
        if (!(await ticketExists(tx, ticketId))) {
          throw new AppError('NOT_FOUND', { userMessage: 'Ticket not found.' });
        }
        const row = await rowOf(tx, ticketId);
        return {
          requestedAt: row?.requestedAt.toISOString() ?? null,
          rating: row?.rating ?? null,
          comment: row?.comment ?? null,
          respondedAt: row?.respondedAt?.toISOString() ?? null,
        };
      }),

    summary: (ctx: TenantCtx, from: Date, to: Date) =>
      deps.database.tenantTx(scopeOf(ctx), (tx) => csatSummary(tx, from, to)),
  };
};

export type Csat = ReturnType<typeof createCsat>;
