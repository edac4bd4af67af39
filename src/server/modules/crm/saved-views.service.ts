import { and, asc, eq } from 'drizzle-orm';
import {
  SAVED_VIEW_FILTERS,
  type TCreateSavedView,
  type TSavedView,
  type TSavedViewDefinition,
  type TSavedViewEntity,
  type TUpdateSavedView,
} from '../../../shared/crm/saved-views.schemas.js';
import type { Tx } from '../../platform/db/database.js';
import { AppError, validationError } from '../../platform/errors/app-error.js';
import { scopeOf, type TenantCtx } from '../../platform/http/actor.js';
import { auditFromCtx, recordAudit } from '../audit/index.js';
import type { CrmDeps } from './crm.deps.js';
import { notFound } from './crm-common.js';
import { savedViews } from './crm-settings.table.js';

type SavedViewRow = typeof savedViews.$inferSelect;

const toView = (r: SavedViewRow): TSavedView => {
  const d = r.definition as Partial<TSavedViewDefinition>;
  return {
    id: r.id,
    entity: r.entity,
    name: r.name,
    definition: { filters: d.filters ?? {}, sort: d.sort ?? null, columns: d.columns ?? [] },
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
};

/** Saved views belong to one user: the id alone never reaches another user's view. */
const userOf = (ctx: TenantCtx) => {
  if (ctx.actor.kind !== 'user') {
    throw new AppError('FORBIDDEN', { userMessage: 'Saved views belong to signed-in users.' });
  }
  return ctx.actor.userId;
};

// The filters are the entity's list query parameters; anything else is refused by name.
const checkDefinition = (entity: TSavedViewEntity, def: TSavedViewDefinition) => {
  const res = SAVED_VIEW_FILTERS[entity].safeParse(def.filters);
  if (!res.success) {
    throw validationError(
      res.error.issues.map((i) => ({
        path: ['definition', 'filters', ...i.path.map(String), ...('keys' in i ? [i.keys.join(',')] : [])]
          .filter(Boolean)
          .join('.'),
        message: i.message,
      })),
    );
  }
  return { ...def, filters: res.data as Record<string, unknown> };
};

export const createSavedViews = (deps: CrmDeps) => {
  const inTx = <T>(ctx: TenantCtx, fn: (tx: Tx) => Promise<T>) => deps.database.tenantTx(scopeOf(ctx), fn);

  const mine = async (tx: Tx, ctx: TenantCtx, id: string) => {
    const [row] = await tx
      .select()
      .from(savedViews)
      .where(and(eq(savedViews.id, id), eq(savedViews.userId, userOf(ctx))))
      .limit(1);
    if (!row) throw notFound('Saved view');
    return row;
  };

  return {
    list: (ctx: TenantCtx, q: { entity?: TSavedViewEntity | undefined }) =>
      inTx(ctx, async (tx) => {
        const rows = await tx
          .select()
          .from(savedViews)
          .where(
            and(eq(savedViews.userId, userOf(ctx)), q.entity ? eq(savedViews.entity, q.entity) : undefined),
          )
          .orderBy(asc(savedViews.entity), asc(savedViews.name), asc(savedViews.id));
        return { items: rows.map(toView) };
      }),

    create: (ctx: TenantCtx, input: TCreateSavedView) =>
      inTx(ctx, async (tx) => {
        const definition = checkDefinition(input.entity, input.definition);
        const now = deps.clock.now();
        const [row] = await tx
          .insert(savedViews)
          .values({
            tenantId: ctx.tenantId,
            userId: userOf(ctx),
            entity: input.entity,
            name: input.name,
            definition,
            createdAt: now,
            updatedAt: now,
          })
          .returning();
        if (!row) throw new Error('saved view insert returned nothing');
        await recordAudit(tx, auditFromCtx(ctx, 'saved_view.created', { kind: 'saved_view', id: row.id }));
        return toView(row);
      }),

    update: (ctx: TenantCtx, id: string, input: TUpdateSavedView) =>
      inTx(ctx, async (tx) => {
        const current = await mine(tx, ctx, id);
        const [row] = await tx
          .update(savedViews)
          .set({
            ...(input.name !== undefined ? { name: input.name } : {}),
            ...(input.definition !== undefined
              ? { definition: checkDefinition(current.entity, input.definition) }
              : {}),
            updatedAt: deps.clock.now(),
          })
          .where(eq(savedViews.id, current.id))
          .returning();
        if (!row) throw notFound('Saved view');
        await recordAudit(tx, auditFromCtx(ctx, 'saved_view.updated', { kind: 'saved_view', id }));
        return toView(row);
      }),

    remove: (ctx: TenantCtx, id: string) =>
      inTx(ctx, async (tx) => {
        const current = await mine(tx, ctx, id);
        await tx.delete(savedViews).where(eq(savedViews.id, current.id));
        await recordAudit(tx, auditFromCtx(ctx, 'saved_view.deleted', { kind: 'saved_view', id }));
      }),
  };
};

export type SavedViews = ReturnType<typeof createSavedViews>;
