import { and, asc, eq, sql } from 'drizzle-orm';
import type { TCustomFieldDef } from '../../../shared/custom-fields.schemas.js';
import type { Clock } from '../../platform/clock.js';
import type { Database, Tx } from '../../platform/db/database.js';
import { AppError, validationError } from '../../platform/errors/app-error.js';
import { scopeOf, type TenantCtx } from '../../platform/http/actor.js';
import { auditFromCtx, recordAudit } from '../audit/index.js';
import { users } from '../auth/index.js';
import { type CustomFieldDefRow, customFieldDefs } from './custom-fields.table.js';
import { validateCustomFieldValues } from './custom-fields.validate.js';

export type CustomFieldEntity = CustomFieldDefRow['entity'];

const toDef = (r: CustomFieldDefRow): TCustomFieldDef => ({
  id: r.id,
  entity: r.entity,
  key: r.key,
  type: r.type,
  labelHe: r.labelHe,
  labelEn: r.labelEn,
  required: r.required,
  options: r.options,
  validation: r.validation,
  position: r.position,
  archived: r.archived,
});

export const listDefs = (tx: Tx, entity?: CustomFieldEntity) =>
  tx
    .select()
    .from(customFieldDefs)
    .where(entity ? eq(customFieldDefs.entity, entity) : undefined)
    .orderBy(asc(customFieldDefs.entity), asc(customFieldDefs.position), asc(customFieldDefs.key));

/**
 * Validates custom-field values for a write, inside the caller's transaction. Throws 400 naming
 * each bad field (`customFields.<key>`); returns the normalised values to store.
 */
export const checkCustomFields = async (
  tx: Tx,
  entity: CustomFieldEntity,
  values: Record<string, unknown> | undefined,
  opts: { partial: boolean; onlyKeys?: ReadonlySet<string> | undefined },
): Promise<Record<string, unknown>> => {
  // `onlyKeys`: a form that shows some fields only (the portal's) validates against those alone:
  // other keys are unknown there, and their required flags do not apply.
  const onlyKeys = opts.onlyKeys;
  const defs = (await listDefs(tx, entity)).filter((d) => !onlyKeys || onlyKeys.has(d.key));
  if (defs.length === 0 && (!values || Object.keys(values).length === 0)) return {};
  const needsUsers = defs.some((d) => d.type === 'user');
  const userIds = needsUsers
    ? new Set((await tx.select({ id: users.id }).from(users)).map((u) => u.id))
    : undefined;
  const res = validateCustomFieldValues(defs, values ?? {}, { partial: opts.partial, userIds });
  if (res.errors.length) throw validationError(res.errors, 'Some custom fields are invalid.');
  return res.values;
};

/** Merges a PATCH of custom fields into the stored ones; `null` removes a key. */
export const mergeCustomFields = (current: Record<string, unknown>, patch: Record<string, unknown>) => {
  const next = { ...current, ...patch };
  for (const [k, v] of Object.entries(next)) if (v === null) delete next[k];
  return next;
};

export const createCustomFields = (deps: { database: Database; clock: Clock }) => ({
  list: (ctx: TenantCtx, entity?: CustomFieldEntity) =>
    deps.database.tenantTx(scopeOf(ctx), async (tx) => ({ items: (await listDefs(tx, entity)).map(toDef) })),

  create: (
    ctx: TenantCtx,
    input: Omit<TCustomFieldDef, 'id' | 'archived' | 'position'> & { position?: number | undefined },
  ) =>
    deps.database.tenantTx(scopeOf(ctx), async (tx) => {
      const position =
        input.position ??
        Number(
          (
            await tx
              .select({ n: sql<number>`coalesce(max(${customFieldDefs.position}) + 1, 0)` })
              .from(customFieldDefs)
              .where(eq(customFieldDefs.entity, input.entity))
          )[0]?.n ?? 0,
        );
      const [row] = await tx
        .insert(customFieldDefs)
        .values({ tenantId: ctx.tenantId, ...input, position })
        .onConflictDoNothing()
        .returning();
      if (!row) {
        throw new AppError('VALIDATION_FAILED', {
          userMessage: 'A field with this key already exists.',
          fields: [{ path: 'key', message: 'A field with this key already exists' }],
        });
      }
      await recordAudit(
        tx,
        auditFromCtx(ctx, 'custom_field.created', { kind: 'custom_field', id: row.id }, { key: row.key }),
      );
      return toDef(row);
    }),

  update: (
    ctx: TenantCtx,
    id: string,
    input: Partial<Omit<TCustomFieldDef, 'id' | 'entity' | 'key' | 'type'>>,
  ) =>
    deps.database.tenantTx(scopeOf(ctx), async (tx) => {
      const [row] = await tx
        .update(customFieldDefs)
        .set({ ...input, updatedAt: deps.clock.now() })
        .where(and(eq(customFieldDefs.id, id)))
        .returning();
      if (!row) throw new AppError('NOT_FOUND', { userMessage: 'Custom field not found.' });
      await recordAudit(tx, auditFromCtx(ctx, 'custom_field.updated', { kind: 'custom_field', id }, input));
      return toDef(row);
    }),
});

export type CustomFields = ReturnType<typeof createCustomFields>;
