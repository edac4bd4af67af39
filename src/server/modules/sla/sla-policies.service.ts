import { and, asc, eq, gt, isNotNull, isNull, or, sql } from 'drizzle-orm';
import type {
  TCreateSlaPolicy,
  TSlaPolicy,
  TSlaTargets,
  TUpdateSlaPolicy,
} from '../../../shared/sla.schemas.js';
import type { Tx } from '../../platform/db/database.js';
import { validationError } from '../../platform/errors/app-error.js';
import { scopeOf, type TenantCtx } from '../../platform/http/actor.js';
import { auditFromCtx, recordAudit } from '../audit/index.js';
import { getCurrentTenant } from '../tenants/index.js';
import {
  ensureDefaultCalendar,
  type LoadedCalendar,
  loadCalendar,
  type SlaDeps,
} from './calendars.service.js';
import { businessCalendars, type SlaPolicyRow, slaPolicies } from './sla.table.js';
import { decodeCursor, expectedVersion, notFound, pageOf, versionConflict } from './sla-common.js';
import { type SlaTicketFacts, selectPolicy } from './sla-plan.js';

/** New tenants' SLA targets in business minutes: first response / next response / resolution. */
export const DEFAULT_SLA_TARGETS: Required<TSlaTargets> = {
  urgent: { firstResponse: 60, nextResponse: 120, resolution: 480 },
  high: { firstResponse: 240, nextResponse: 480, resolution: 1440 },
  normal: { firstResponse: 480, nextResponse: 960, resolution: 2880 },
  low: { firstResponse: 960, nextResponse: 1920, resolution: 5760 },
};
const DEFAULT_NAME = { he: 'SLA רגיל', en: 'Standard SLA' } as const;

export const toPolicy = (r: SlaPolicyRow): TSlaPolicy => ({
  id: r.id,
  name: r.name,
  position: r.position,
  active: r.active,
  conditions: r.conditions,
  targets: r.targets,
  pauseStatuses: r.pauseStatuses as TSlaPolicy['pauseStatuses'],
  warnAtPercent: r.warnAtPercent,
  calendarId: r.calendarId,
  version: r.version,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
  deletedAt: r.deletedAt?.toISOString() ?? null,
});

export const getPolicyRowOrThrow = async (tx: Tx, id: string, opts: { includeDeleted?: boolean } = {}) => {
  const [row] = await tx
    .select()
    .from(slaPolicies)
    .where(and(eq(slaPolicies.id, id), opts.includeDeleted ? undefined : isNull(slaPolicies.deletedAt)))
    .limit(1);
  if (!row) throw notFound('SLA policy');
  return row;
};

/**
 * Creates the tenant's default SLA policy the first time policies are needed (never again once a
 * tenant has any policy, even a deleted one). Runs in the caller's tenant transaction.
 */
export const ensureDefaultPolicies = async (tx: Tx, tenantId: string, now: Date): Promise<void> => {
  const anyPolicy = async () =>
    (await tx.select({ id: slaPolicies.id }).from(slaPolicies).limit(1)).length > 0;
  if (await anyPolicy()) return;
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`kesher:sla-policies:${tenantId}`}))`);
  if (await anyPolicy()) return;
  const tenant = await getCurrentTenant(tx, tenantId);
  const [row] = await tx
    .insert(slaPolicies)
    .values({
      tenantId,
      name: DEFAULT_NAME[tenant?.locale ?? 'he'],
      position: 0,
      active: true,
      conditions: {},
      targets: DEFAULT_SLA_TARGETS,
      pauseStatuses: ['pending_customer', 'on_hold'],
      warnAtPercent: 80,
      calendarId: null,
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  if (!row) throw new Error('default policy insert returned nothing');
  await recordAudit(tx, {
    tenantId,
    actorKind: 'system',
    action: 'sla_policy.created_default',
    targetKind: 'sla_policy',
    targetId: row.id,
  });
};

/** Active policies (not in the trash), by position. */
export const listActivePolicies = (tx: Tx) =>
  tx
    .select()
    .from(slaPolicies)
    .where(and(isNull(slaPolicies.deletedAt), eq(slaPolicies.active, true)))
    .orderBy(asc(slaPolicies.position), asc(slaPolicies.id));

/**
 * The SLA that applies to a ticket: the first matching active policy and its calendar (the
 * tenant's default calendar when the policy names none). Creates the defaults on first use.
 * null when no policy matches.
 */
export const resolveSla = async (
  tx: Tx,
  input: { tenantId: string; now: Date; ticket: SlaTicketFacts },
): Promise<{ policy: SlaPolicyRow; calendar: LoadedCalendar } | null> => {
  await ensureDefaultPolicies(tx, input.tenantId, input.now);
  const policy = selectPolicy(await listActivePolicies(tx), input.ticket);
  if (!policy) return null;
  const calendarId = policy.calendarId ?? (await ensureDefaultCalendar(tx, input.tenantId, input.now)).id;
  return { policy, calendar: await loadCalendar(tx, calendarId) };
};

const checkCalendar = async (tx: Tx, calendarId: string | null | undefined) => {
  if (!calendarId) return;
  const [row] = await tx
    .select({ id: businessCalendars.id })
    .from(businessCalendars)
    .where(and(eq(businessCalendars.id, calendarId), isNull(businessCalendars.deletedAt)))
    .limit(1);
  if (!row) throw validationError([{ path: 'calendarId', message: 'No such business calendar' }]);
};

export type ListPoliciesInput = {
  limit: number;
  cursor?: string | undefined;
  includeDeleted?: 'true' | 'false' | undefined;
};

export const createSlaPolicies = (deps: SlaDeps) => {
  const inTx = <T>(ctx: TenantCtx, fn: (tx: Tx) => Promise<T>) => deps.database.tenantTx(scopeOf(ctx), fn);

  return {
    /** Lists policies in the order they are tried; the default policy is created on the first call. */
    list: (ctx: TenantCtx, q: ListPoliciesInput) =>
      inTx(ctx, async (tx) => {
        await ensureDefaultPolicies(tx, ctx.tenantId, deps.clock.now());
        const c = q.cursor ? decodeCursor(q.cursor, 'number') : undefined;
        const rows = await tx
          .select()
          .from(slaPolicies)
          .where(
            and(
              q.includeDeleted === 'true' ? isNotNull(slaPolicies.deletedAt) : isNull(slaPolicies.deletedAt),
              c
                ? or(
                    gt(slaPolicies.position, Number(c.v)),
                    and(eq(slaPolicies.position, Number(c.v)), gt(slaPolicies.id, c.id)),
                  )
                : undefined,
            ),
          )
          .orderBy(asc(slaPolicies.position), asc(slaPolicies.id))
          .limit(q.limit + 1);
        return pageOf(
          rows,
          q.limit,
          (r) => r.position,
          (r) => toPolicy(r),
        );
      }),

    get: (ctx: TenantCtx, id: string) => inTx(ctx, async (tx) => toPolicy(await getPolicyRowOrThrow(tx, id))),

    create: (ctx: TenantCtx, input: TCreateSlaPolicy) =>
      inTx(ctx, async (tx) => {
        const now = deps.clock.now();
        // The defaults first, so a tenant's first own policy does not stop them being created.
        await ensureDefaultPolicies(tx, ctx.tenantId, now);
        await checkCalendar(tx, input.calendarId);
        const position =
          input.position ??
          Number(
            (
              await tx
                .select({ n: sql<number>`coalesce(max(${slaPolicies.position}) + 1, 0)` })
                .from(slaPolicies)
                .where(isNull(slaPolicies.deletedAt))
            )[0]?.n ?? 0,
          );
        const [row] = await tx
          .insert(slaPolicies)
          .values({
            tenantId: ctx.tenantId,
            name: input.name,
            position,
            active: input.active,
            conditions: input.conditions,
            targets: input.targets,
            pauseStatuses: [...new Set(input.pauseStatuses)],
            warnAtPercent: input.warnAtPercent,
            calendarId: input.calendarId,
            createdAt: now,
            updatedAt: now,
          })
          .returning();
        if (!row) throw new Error('policy insert returned nothing');
        await recordAudit(tx, auditFromCtx(ctx, 'sla_policy.created', { kind: 'sla_policy', id: row.id }));
        return toPolicy(row);
      }),

    update: (ctx: TenantCtx, id: string, input: TUpdateSlaPolicy, ifMatch: string | undefined) =>
      inTx(ctx, async (tx) => {
        const expected = expectedVersion(ifMatch, input.version);
        const current = await getPolicyRowOrThrow(tx, id);
        if (current.version !== expected) throw versionConflict(toPolicy(current));
        await checkCalendar(tx, input.calendarId);
        const { version: _v, pauseStatuses, ...fields } = input;
        const [row] = await tx
          .update(slaPolicies)
          .set({
            ...fields,
            ...(pauseStatuses ? { pauseStatuses: [...new Set(pauseStatuses)] } : {}),
            version: current.version + 1,
            updatedAt: deps.clock.now(),
          })
          .where(and(eq(slaPolicies.id, id), eq(slaPolicies.version, current.version)))
          .returning();
        if (!row) throw versionConflict(toPolicy(await getPolicyRowOrThrow(tx, id)));
        await recordAudit(
          tx,
          auditFromCtx(
            ctx,
            'sla_policy.updated',
            { kind: 'sla_policy', id },
            { fields: Object.keys(fields).concat(pauseStatuses ? ['pauseStatuses'] : []) },
          ),
        );
        return toPolicy(row);
      }),

    /** Moves to the trash; restorable. */
    remove: (ctx: TenantCtx, id: string) =>
      inTx(ctx, async (tx) => {
        const current = await getPolicyRowOrThrow(tx, id);
        const now = deps.clock.now();
        await tx
          .update(slaPolicies)
          .set({ deletedAt: now, version: current.version + 1, updatedAt: now })
          .where(eq(slaPolicies.id, id));
        await recordAudit(tx, auditFromCtx(ctx, 'sla_policy.deleted', { kind: 'sla_policy', id }));
      }),

    restore: (ctx: TenantCtx, id: string) =>
      inTx(ctx, async (tx) => {
        const current = await getPolicyRowOrThrow(tx, id, { includeDeleted: true });
        if (!current.deletedAt) return toPolicy(current);
        if (current.calendarId) await checkCalendar(tx, current.calendarId);
        const now = deps.clock.now();
        // Back at the end of the order: its old place may belong to another policy now.
        const [next] = await tx
          .select({ n: sql<number>`coalesce(max(${slaPolicies.position}) + 1, 0)` })
          .from(slaPolicies)
          .where(isNull(slaPolicies.deletedAt));
        const [row] = await tx
          .update(slaPolicies)
          .set({
            deletedAt: null,
            position: Number(next?.n ?? 0),
            version: current.version + 1,
            updatedAt: now,
          })
          .where(eq(slaPolicies.id, id))
          .returning();
        if (!row) throw notFound('SLA policy');
        await recordAudit(tx, auditFromCtx(ctx, 'sla_policy.restored', { kind: 'sla_policy', id }));
        return toPolicy(row);
      }),

    /** Sets the order policies are tried in: `ids` must list every policy not in the trash, once. */
    reorder: (ctx: TenantCtx, ids: string[]) =>
      inTx(ctx, async (tx) => {
        const rows = await tx.select().from(slaPolicies).where(isNull(slaPolicies.deletedAt));
        const known = new Map(rows.map((r) => [r.id, r]));
        const unique = new Set(ids);
        if (unique.size !== ids.length || unique.size !== known.size || ids.some((id) => !known.has(id))) {
          throw validationError(
            [{ path: 'ids', message: 'List every SLA policy (not in the trash) exactly once' }],
            'The new order must list every SLA policy exactly once.',
          );
        }
        const now = deps.clock.now();
        const out: TSlaPolicy[] = [];
        for (const [position, id] of ids.entries()) {
          const cur = known.get(id);
          if (!cur) continue;
          if (cur.position === position) {
            out.push(toPolicy(cur));
            continue;
          }
          const [row] = await tx
            .update(slaPolicies)
            .set({ position, version: cur.version + 1, updatedAt: now })
            .where(eq(slaPolicies.id, id))
            .returning();
          if (row) out.push(toPolicy(row));
        }
        await recordAudit(tx, auditFromCtx(ctx, 'sla_policy.reordered', undefined, { ids }));
        return { items: out };
      }),
  };
};

export type SlaPolicies = ReturnType<typeof createSlaPolicies>;
