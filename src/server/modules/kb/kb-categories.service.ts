import { and, asc, eq } from 'drizzle-orm';
import type { TCreateKbCategory, TKbCategory, TUpdateKbCategory } from '../../../shared/kb.schemas.js';
import type { Tx } from '../../platform/db/database.js';
import { validationError } from '../../platform/errors/app-error.js';
import { scopeOf, type TenantCtx } from '../../platform/http/actor.js';
import { expectedVersion, notFound, versionConflict } from '../../platform/http/versioning.js';
import { auditFromCtx, recordAudit } from '../audit/index.js';
import type { KbDeps } from './kb.deps.js';
import { type KbCategoryRow, kbArticles, kbCategories } from './kb.table.js';

export const toCategory = (r: KbCategoryRow): TKbCategory => ({
  id: r.id,
  nameHe: r.nameHe,
  nameEn: r.nameEn,
  position: r.position,
  visibility: r.visibility,
  version: r.version,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
});

export const getCategoryOrThrow = async (tx: Tx, id: string, opts: { forUpdate?: boolean } = {}) => {
  const q = tx.select().from(kbCategories).where(eq(kbCategories.id, id)).limit(1);
  const [row] = await (opts.forUpdate ? q.for('update') : q);
  if (!row) throw notFound('Category');
  return row;
};

/** An article's category must exist in the tenant: an unknown (or foreign) id is a field error. */
export const checkCategory = async (tx: Tx, categoryId: string | null | undefined) => {
  if (!categoryId) return;
  const [row] = await tx
    .select({ id: kbCategories.id })
    .from(kbCategories)
    .where(eq(kbCategories.id, categoryId))
    .limit(1);
  if (!row) throw validationError([{ path: 'categoryId', message: 'Unknown category' }]);
};

export const createKbCategories = (deps: KbDeps) => {
  const inTx = <T>(ctx: TenantCtx, fn: (tx: Tx) => Promise<T>) => deps.database.tenantTx(scopeOf(ctx), fn);

  return {
    list: (ctx: TenantCtx) =>
      inTx(ctx, async (tx) => {
        const rows = await tx
          .select()
          .from(kbCategories)
          .orderBy(asc(kbCategories.position), asc(kbCategories.id));
        return { items: rows.map(toCategory) };
      }),

    create: (ctx: TenantCtx, input: TCreateKbCategory) =>
      inTx(ctx, async (tx) => {
        const now = deps.clock.now();
        const [row] = await tx
          .insert(kbCategories)
          .values({ tenantId: ctx.tenantId, ...input, createdAt: now, updatedAt: now })
          .returning();
        if (!row) throw new Error('insert returned no row');
        await recordAudit(tx, auditFromCtx(ctx, 'kb.category.created', { kind: 'kb_category', id: row.id }));
        return toCategory(row);
      }),

    update: (ctx: TenantCtx, id: string, input: TUpdateKbCategory, ifMatch: string | undefined) =>
      inTx(ctx, async (tx) => {
        const version = expectedVersion(ifMatch, input.version);
        const current = await getCategoryOrThrow(tx, id, { forUpdate: true });
        if (current.version !== version) throw versionConflict(toCategory(current));
        const { version: _v, ...fields } = input;
        const nameHe = fields.nameHe ?? current.nameHe;
        const nameEn = fields.nameEn ?? current.nameEn;
        if (!nameHe && !nameEn) {
          throw validationError([
            { path: 'nameHe', message: 'Give the category a name in Hebrew or English' },
          ]);
        }
        const [row] = await tx
          .update(kbCategories)
          .set({ ...fields, version: current.version + 1, updatedAt: deps.clock.now() })
          .where(eq(kbCategories.id, id))
          .returning();
        if (!row) throw notFound('Category');
        await recordAudit(
          tx,
          auditFromCtx(
            ctx,
            'kb.category.updated',
            { kind: 'kb_category', id },
            { fields: Object.keys(fields) },
          ),
        );
        return toCategory(row);
      }),

    /** Deletes a category; its articles stay, without a category (nothing is lost with it). */
    remove: (ctx: TenantCtx, id: string) =>
      inTx(ctx, async (tx) => {
        await getCategoryOrThrow(tx, id, { forUpdate: true });
        const now = deps.clock.now();
        const moved = await tx
          .update(kbArticles)
          .set({ categoryId: null, updatedAt: now })
          .where(and(eq(kbArticles.categoryId, id)))
          .returning({ id: kbArticles.id });
        await tx.delete(kbCategories).where(eq(kbCategories.id, id));
        await recordAudit(
          tx,
          auditFromCtx(
            ctx,
            'kb.category.deleted',
            { kind: 'kb_category', id },
            { articlesUncategorised: moved.length },
          ),
        );
      }),
  };
};

export type KbCategories = ReturnType<typeof createKbCategories>;
