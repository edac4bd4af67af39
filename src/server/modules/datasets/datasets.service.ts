import { asc, eq, sql } from 'drizzle-orm';
import type { TCreateDataset, TDataset, TUpdateDataset } from '../../../shared/datasets.schemas.js';
import type { TFieldError } from '../../../shared/errors.js';
import type { Clock } from '../../platform/clock.js';
import { type Database, rowsOf, type Tx } from '../../platform/db/database.js';
import { validationError } from '../../platform/errors/app-error.js';
import { scopeOf, type TenantCtx } from '../../platform/http/actor.js';
import { auditFromCtx, recordAudit } from '../audit/index.js';
import { getDatasetOrThrow } from './dataset-records.write.js';
import { type DatasetRow, datasets } from './datasets.table.js';

export type DatasetsDeps = { database: Database; clock: Clock };

export const toDataset = (r: DatasetRow): TDataset => ({
  id: r.id,
  key: r.key,
  labelHe: r.labelHe,
  labelEn: r.labelEn,
  fields: r.fields,
  recordKey: r.recordKey,
  ownerField: r.ownerField,
  ownerRefSystem: r.ownerRefSystem,
  defaultSort: r.defaultSort,
  position: r.position,
  portalVisible: r.portalVisible === 'yes',
  lastGoodAt: r.lastGoodAt?.toISOString() ?? null,
  version: r.version,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
});

type Definition = Pick<TCreateDataset, 'fields' | 'recordKey' | 'ownerField' | 'defaultSort'>;

/** The definition's parts must agree: record key, owner and sort name defined fields, once each. */
export const checkDefinition = (d: Definition) => {
  const errors: TFieldError[] = [];
  const keys = new Set<string>();
  d.fields.forEach((f, i) => {
    if (keys.has(f.key))
      errors.push({ path: `fields.${i}.key`, message: `Field "${f.key}" is defined twice` });
    keys.add(f.key);
  });
  d.recordKey.forEach((k, i) => {
    if (!keys.has(k)) errors.push({ path: `recordKey.${i}`, message: `No field "${k}"` });
  });
  if (new Set(d.recordKey).size !== d.recordKey.length) {
    errors.push({ path: 'recordKey', message: 'A field is named twice' });
  }
  if (!keys.has(d.ownerField)) errors.push({ path: 'ownerField', message: `No field "${d.ownerField}"` });
  if (d.defaultSort && !keys.has(d.defaultSort)) {
    errors.push({ path: 'defaultSort', message: `No field "${d.defaultSort}"` });
  }
  if (errors.length) throw validationError(errors);
};

const isUniqueViolation = (err: unknown) => {
  const e = err as { code?: string; cause?: { code?: string } };
  return e.code === '23505' || e.cause?.code === '23505';
};

/** Admin use cases on dataset definitions. */
export const createDatasetDefinitions = ({ database, clock }: DatasetsDeps) => {
  const inTx = <T>(ctx: TenantCtx, fn: (tx: Tx) => Promise<T>) => database.tenantTx(scopeOf(ctx), fn);
  return {
    list: (ctx: TenantCtx) =>
      inTx(ctx, async (tx) => ({
        items: (await tx.select().from(datasets).orderBy(asc(datasets.position), asc(datasets.key))).map(
          toDataset,
        ),
      })),

    get: (ctx: TenantCtx, key: string) =>
      inTx(ctx, async (tx) => toDataset(await getDatasetOrThrow(tx, key))),

    create: async (ctx: TenantCtx, input: TCreateDataset) => {
      checkDefinition(input);
      try {
        return await inTx(ctx, async (tx) => {
          const now = clock.now();
          const [row] = await tx
            .insert(datasets)
            .values({
              tenantId: ctx.tenantId,
              key: input.key,
              labelHe: input.labelHe,
              labelEn: input.labelEn,
              fields: input.fields,
              recordKey: input.recordKey,
              ownerField: input.ownerField,
              ownerRefSystem: input.ownerRefSystem,
              defaultSort: input.defaultSort ?? null,
              position: input.position ?? 0,
              portalVisible: input.portalVisible ? 'yes' : 'no',
              createdAt: now,
              updatedAt: now,
            })
            .returning();
          if (!row) throw new Error('insert returned no row');
          await recordAudit(tx, auditFromCtx(ctx, 'dataset.created', { kind: 'dataset', id: row.id }));
          return toDataset(row);
        });
      } catch (err) {
        if (isUniqueViolation(err))
          throw validationError([{ path: 'key', message: 'A dataset with this key exists' }]);
        throw err;
      }
    },

    update: (ctx: TenantCtx, key: string, input: TUpdateDataset) =>
      inTx(ctx, async (tx) => {
        const cur = await getDatasetOrThrow(tx, key);
        const next = {
          fields: input.fields ?? cur.fields,
          recordKey: input.recordKey ?? cur.recordKey,
          ownerField: input.ownerField ?? cur.ownerField,
          defaultSort: input.defaultSort === undefined ? cur.defaultSort : input.defaultSort,
        };
        checkDefinition(next);
        // Changing what identifies a record would orphan every stored key: refuse while records exist.
        const keyChanged =
          next.recordKey.join('\u001f') !== cur.recordKey.join('\u001f') ||
          next.ownerField !== cur.ownerField;
        if (keyChanged) {
          const [any] = rowsOf<{ one: number }>(
            await tx.execute(sql`select 1 as one from dataset_records where dataset_id = ${cur.id} limit 1`),
          );
          if (any) {
            throw validationError([
              {
                path: 'recordKey',
                message: 'The record key and owner field cannot change while the dataset has records',
              },
            ]);
          }
        }
        const [row] = await tx
          .update(datasets)
          .set({
            ...(input.labelHe !== undefined ? { labelHe: input.labelHe } : {}),
            ...(input.labelEn !== undefined ? { labelEn: input.labelEn } : {}),
            ...(input.ownerRefSystem !== undefined ? { ownerRefSystem: input.ownerRefSystem } : {}),
            ...(input.position !== undefined ? { position: input.position } : {}),
            ...(input.portalVisible !== undefined
              ? { portalVisible: input.portalVisible ? 'yes' : 'no' }
              : {}),
            ...next,
            version: cur.version + 1,
            updatedAt: clock.now(),
          })
          .where(eq(datasets.id, cur.id))
          .returning();
        if (!row) throw new Error('update returned no row');
        await recordAudit(tx, auditFromCtx(ctx, 'dataset.updated', { kind: 'dataset', id: row.id }));
        return toDataset(row);
      }),

    remove: (ctx: TenantCtx, key: string) =>
      inTx(ctx, async (tx) => {
        const cur = await getDatasetOrThrow(tx, key);
        // Records go with it (ON DELETE CASCADE).
        await tx.delete(datasets).where(eq(datasets.id, cur.id));
        await recordAudit(
          tx,
          auditFromCtx(ctx, 'dataset.deleted', { kind: 'dataset', id: cur.id }, { key: cur.key }),
        );
      }),
  };
};

export type DatasetDefinitions = ReturnType<typeof createDatasetDefinitions>;
