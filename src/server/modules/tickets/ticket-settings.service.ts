import { eq, sql } from 'drizzle-orm';
import {
  DEFAULT_STATUS_LABELS,
  type TTicketSettings,
  type TTicketStatusLabels,
} from '../../../shared/tickets.schemas.js';
import type { Tx } from '../../platform/db/database.js';
import { scopeOf, type TenantCtx } from '../../platform/http/actor.js';
import { auditFromCtx, recordAudit } from '../audit/index.js';
import type { TicketsDeps } from './tickets.deps.js';
import { ticketSettings } from './tickets.table.js';

/** The tenant's service-desk settings (defaults until an admin saves some). */
export const ticketSettingsOf = async (tx: Tx) => {
  const [row] = await tx.select().from(ticketSettings).limit(1);
  return {
    labels: { ...DEFAULT_STATUS_LABELS, ...(row?.statusLabels ?? {}) },
    reopenWithinDays: row?.reopenWithinDays ?? 7,
  };
};

export const createTicketSettings = (deps: TicketsDeps) => {
  const inTx = <T>(ctx: TenantCtx, fn: (tx: Tx) => Promise<T>) => deps.database.tenantTx(scopeOf(ctx), fn);
  const upsert = (tx: Tx, tenantId: string, set: Partial<typeof ticketSettings.$inferInsert>) => {
    const now = deps.clock.now();
    return tx
      .insert(ticketSettings)
      .values({ tenantId, ...set, createdAt: now, updatedAt: now })
      .onConflictDoUpdate({
        target: ticketSettings.tenantId,
        set: { ...set, version: sql`${ticketSettings.version} + 1`, updatedAt: now },
      });
  };
  return {
    getLabels: (ctx: TenantCtx): Promise<TTicketStatusLabels> =>
      inTx(ctx, async (tx) => ({ labels: (await ticketSettingsOf(tx)).labels })),

    /** Labels only: what each status means stays fixed. */
    putLabels: (ctx: TenantCtx, input: TTicketStatusLabels) =>
      inTx(ctx, async (tx) => {
        await upsert(tx, ctx.tenantId, { statusLabels: input.labels });
        await recordAudit(tx, auditFromCtx(ctx, 'ticket_settings.labels_updated'));
        return { labels: (await ticketSettingsOf(tx)).labels };
      }),

    get: (ctx: TenantCtx): Promise<TTicketSettings> =>
      inTx(ctx, async (tx) => ({ reopenWithinDays: (await ticketSettingsOf(tx)).reopenWithinDays })),

    put: (ctx: TenantCtx, input: TTicketSettings) =>
      inTx(ctx, async (tx) => {
        await upsert(tx, ctx.tenantId, { reopenWithinDays: input.reopenWithinDays });
        await recordAudit(
          tx,
          auditFromCtx(ctx, 'ticket_settings.updated', undefined, {
            reopenWithinDays: input.reopenWithinDays,
          }),
        );
        const [row] = await tx.select().from(ticketSettings).where(eq(ticketSettings.tenantId, ctx.tenantId));
        return { reopenWithinDays: row?.reopenWithinDays ?? input.reopenWithinDays };
      }),
  };
};

export type TicketSettings = ReturnType<typeof createTicketSettings>;
