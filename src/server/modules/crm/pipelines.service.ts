import { and, asc, count, eq, inArray, isNull, ne, sql } from 'drizzle-orm';
import type {
  TCreatePipeline,
  TPipeline,
  TPutStages,
  TStage,
  TUpdatePipeline,
} from '../../../shared/crm/deals.schemas.js';
import type { TFieldError } from '../../../shared/errors.js';
import type { Tx } from '../../platform/db/database.js';
import { AppError, validationError } from '../../platform/errors/app-error.js';
import { scopeOf, type TenantCtx } from '../../platform/http/actor.js';
import { auditFromCtx, recordAudit } from '../audit/index.js';
import { getCurrentTenant } from '../tenants/index.js';
import type { CrmDeps } from './crm.deps.js';
import { notFound } from './crm-common.js';
import { RANK_STEP } from './deals.ranks.js';
import { deals, type PipelineRow, pipelineStages, pipelines, type StageRow } from './deals.table.js';
import { defaultStageSpecs, ensureDefaultPipeline, type PipelineLocale } from './pipelines.defaults.js';

// Stage positions leave gaps so a later single-stage insert needs no renumbering.
const POSITION_STEP = 10;

export const toStage = (s: StageRow): TStage => ({
  id: s.id,
  pipelineId: s.pipelineId,
  name: s.name,
  position: s.position,
  probability: s.probability,
  kind: s.kind,
});

export const toPipeline = (p: PipelineRow, stages: StageRow[]): TPipeline => ({
  id: p.id,
  name: p.name,
  isDefault: p.isDefault,
  position: p.position,
  stages: stages.map(toStage),
  createdAt: p.createdAt.toISOString(),
  updatedAt: p.updatedAt.toISOString(),
});

export const tenantLocale = async (tx: Tx, tenantId: string): Promise<PipelineLocale> =>
  (await getCurrentTenant(tx, tenantId))?.locale ?? 'he';

export const getPipelineOrThrow = async (tx: Tx, id: string) => {
  const [row] = await tx.select().from(pipelines).where(eq(pipelines.id, id)).limit(1);
  if (!row) throw notFound('Pipeline');
  return row;
};

export const stagesOf = (tx: Tx, pipelineId: string) =>
  tx
    .select()
    .from(pipelineStages)
    .where(eq(pipelineStages.pipelineId, pipelineId))
    .orderBy(asc(pipelineStages.position), asc(pipelineStages.id));

/** A stage by id; `path` names the request field when it does not exist (400, not 404). */
export const getStageOrFieldError = async (tx: Tx, id: string, path: string) => {
  const [row] = await tx.select().from(pipelineStages).where(eq(pipelineStages.id, id)).limit(1);
  if (!row) throw validationError([{ path, message: 'No such pipeline stage in this workspace' }]);
  return row;
};

/** The pipeline a new deal goes to when none is given: the default one (created if missing). */
export const defaultPipeline = async (tx: Tx, tenantId: string) =>
  ensureDefaultPipeline(tx, tenantId, await tenantLocale(tx, tenantId));

/**
 * Puts every deal of `fromStageIds` (trashed ones too: the stage row is about to go) at the end of
 * `target`'s column, with the status the target's kind implies.
 */
const moveDealsToStage = async (
  tx: Tx,
  tenantId: string,
  fromStageIds: string[],
  target: StageRow,
  now: Date,
) => {
  if (fromStageIds.length === 0) return;
  await tx.execute(sql`
    update deals d set
      stage_id = ${target.id},
      pipeline_id = ${target.pipelineId},
      rank = base.m + s.rn * ${RANK_STEP},
      status = ${target.kind},
      closed_at = ${target.kind === 'open' ? sql`null` : sql`coalesce(d.closed_at, ${now.toISOString()}::timestamptz)`},
      version = d.version + 1,
      updated_at = ${now.toISOString()}::timestamptz
    from (
      select id, row_number() over (order by rank, id) as rn
      from deals
      where tenant_id = ${tenantId} and stage_id in (${sql.join(
        fromStageIds.map((id) => sql`${id}`),
        sql`, `,
      )})
    ) s,
    (select coalesce(max(rank), 0) as m from deals
      where tenant_id = ${tenantId} and stage_id = ${target.id} and deleted_at is null) base
    where d.tenant_id = ${tenantId} and d.id = s.id`);
};

const liveDealCounts = async (tx: Tx, stageIds: string[]) => {
  if (stageIds.length === 0) return new Map<string, number>();
  const rows = await tx
    .select({ stageId: deals.stageId, n: count() })
    .from(deals)
    .where(and(inArray(deals.stageId, stageIds), isNull(deals.deletedAt)))
    .groupBy(deals.stageId);
  return new Map(rows.map((r) => [r.stageId, Number(r.n)]));
};

const stageNotEmpty = (names: string[]) =>
  new AppError('STAGE_NOT_EMPTY', {
    userMessage: `The stage ${names.map((n) => `"${n}"`).join(', ')} still has deals. Choose a stage to move them to (moveTo).`,
  });

export const createPipelines = (deps: CrmDeps) => {
  const inTx = <T>(ctx: TenantCtx, fn: (tx: Tx) => Promise<T>) => deps.database.tenantTx(scopeOf(ctx), fn);

  const load = async (tx: Tx, id: string) =>
    toPipeline(await getPipelineOrThrow(tx, id), await stagesOf(tx, id));

  const unsetOtherDefaults = (tx: Tx, keepId: string) =>
    tx
      .update(pipelines)
      .set({ isDefault: false, updatedAt: deps.clock.now() })
      .where(and(eq(pipelines.isDefault, true), ne(pipelines.id, keepId)));

  /**
   * Replaces the stage list: updates kept stages, creates new ones, deletes the rest (moving their
   * deals to `moveTo`). Deals in a stage whose kind changed take the status of the new kind.
   */
  const replaceStages = async (tx: Tx, ctx: TenantCtx, pipelineId: string, input: TPutStages) => {
    const current = await stagesOf(tx, pipelineId);
    const byId = new Map(current.map((s) => [s.id, s]));
    const errors: TFieldError[] = [];
    const seen = new Set<string>();
    input.stages.forEach((s, i) => {
      if (!s.id) return;
      if (!byId.has(s.id)) errors.push({ path: `stages.${i}.id`, message: 'Not a stage of this pipeline' });
      if (seen.has(s.id)) errors.push({ path: `stages.${i}.id`, message: 'Listed twice' });
      seen.add(s.id);
    });
    if (input.moveTo && !seen.has(input.moveTo)) {
      errors.push({ path: 'moveTo', message: 'Must be one of the stages kept in this pipeline' });
    }
    if (errors.length) throw validationError(errors);

    const removed = current.filter((s) => !seen.has(s.id));
    const counts = await liveDealCounts(
      tx,
      removed.map((s) => s.id),
    );
    const nonEmpty = removed.filter((s) => (counts.get(s.id) ?? 0) > 0);
    if (nonEmpty.length && !input.moveTo) throw stageNotEmpty(nonEmpty.map((s) => s.name));

    const now = deps.clock.now();
    const kept: StageRow[] = [];
    for (const [i, s] of input.stages.entries()) {
      const values = {
        name: s.name,
        probability: s.probability,
        kind: s.kind,
        position: (i + 1) * POSITION_STEP,
        updatedAt: now,
      };
      if (s.id) {
        const before = byId.get(s.id);
        const [row] = await tx
          .update(pipelineStages)
          .set(values)
          .where(eq(pipelineStages.id, s.id))
          .returning();
        if (!row) throw notFound('Stage');
        if (before && before.kind !== row.kind) {
          await tx
            .update(deals)
            .set({
              status: row.kind,
              closedAt:
                row.kind === 'open'
                  ? null
                  : sql`coalesce(${deals.closedAt}, ${now.toISOString()}::timestamptz)`,
              version: sql`${deals.version} + 1`,
              updatedAt: now,
            })
            .where(eq(deals.stageId, row.id));
        }
        kept.push(row);
      } else {
        const [row] = await tx
          .insert(pipelineStages)
          .values({ ...values, tenantId: ctx.tenantId, pipelineId, createdAt: now })
          .returning();
        if (!row) throw new Error('stage insert returned nothing');
        kept.push(row);
      }
    }

    if (removed.length) {
      // Trashed deals still reference the stage: they follow moveTo, or the first open stage.
      const target = kept.find((s) => s.id === input.moveTo) ?? kept.find((s) => s.kind === 'open');
      if (!target) throw new Error('no open stage left');
      await moveDealsToStage(
        tx,
        ctx.tenantId,
        removed.map((s) => s.id),
        target,
        now,
      );
      await tx.delete(pipelineStages).where(
        inArray(
          pipelineStages.id,
          removed.map((s) => s.id),
        ),
      );
    }
    await tx.update(pipelines).set({ updatedAt: now }).where(eq(pipelines.id, pipelineId));
    await recordAudit(
      tx,
      auditFromCtx(
        ctx,
        'pipeline.stages_updated',
        { kind: 'pipeline', id: pipelineId },
        {
          stages: kept.map((s) => s.name),
          removed: removed.map((s) => s.name),
          ...(input.moveTo ? { moveTo: input.moveTo } : {}),
        },
      ),
    );
  };

  return {
    /** All pipelines with their ordered stages; the default one is created on the first read. */
    list: (ctx: TenantCtx) =>
      inTx(ctx, async (tx) => {
        let rows = await tx
          .select()
          .from(pipelines)
          .orderBy(asc(pipelines.position), asc(pipelines.createdAt));
        if (rows.length === 0) {
          await defaultPipeline(tx, ctx.tenantId);
          rows = await tx.select().from(pipelines).orderBy(asc(pipelines.position), asc(pipelines.createdAt));
        }
        const stages = await tx
          .select()
          .from(pipelineStages)
          .orderBy(asc(pipelineStages.position), asc(pipelineStages.id));
        return {
          items: rows.map((p) =>
            toPipeline(
              p,
              stages.filter((s) => s.pipelineId === p.id),
            ),
          ),
        };
      }),

    get: (ctx: TenantCtx, id: string) => inTx(ctx, (tx) => load(tx, id)),

    create: (ctx: TenantCtx, input: TCreatePipeline) =>
      inTx(ctx, async (tx) => {
        // A tenant's first explicit pipeline should not hide the default one it was promised.
        const existing = await tx.select({ id: pipelines.id }).from(pipelines).limit(1);
        if (existing.length === 0) await defaultPipeline(tx, ctx.tenantId);
        const locale = await tenantLocale(tx, ctx.tenantId);
        const [{ next } = { next: 0 }] = await tx
          .select({ next: sql<number>`coalesce(max(${pipelines.position}) + 1, 0)::int` })
          .from(pipelines);
        const now = deps.clock.now();
        const [row] = await tx
          .insert(pipelines)
          .values({
            tenantId: ctx.tenantId,
            name: input.name,
            isDefault: input.isDefault,
            position: Number(next),
            createdAt: now,
            updatedAt: now,
          })
          .returning();
        if (!row) throw new Error('pipeline insert returned nothing');
        if (row.isDefault) await unsetOtherDefaults(tx, row.id);
        const specs =
          input.stages ??
          defaultStageSpecs(locale).map((s) => ({ name: s.name, probability: s.probability, kind: s.kind }));
        await tx.insert(pipelineStages).values(
          specs.map((s, i) => ({
            tenantId: ctx.tenantId,
            pipelineId: row.id,
            name: s.name,
            probability: s.probability,
            kind: s.kind,
            position: (i + 1) * POSITION_STEP,
            createdAt: now,
            updatedAt: now,
          })),
        );
        await recordAudit(tx, auditFromCtx(ctx, 'pipeline.created', { kind: 'pipeline', id: row.id }));
        return load(tx, row.id);
      }),

    update: (ctx: TenantCtx, id: string, input: TUpdatePipeline) =>
      inTx(ctx, async (tx) => {
        await getPipelineOrThrow(tx, id);
        const [row] = await tx
          .update(pipelines)
          .set({ ...input, updatedAt: deps.clock.now() })
          .where(eq(pipelines.id, id))
          .returning();
        if (!row) throw notFound('Pipeline');
        if (input.isDefault) await unsetOtherDefaults(tx, id);
        await recordAudit(
          tx,
          auditFromCtx(ctx, 'pipeline.updated', { kind: 'pipeline', id }, { fields: Object.keys(input) }),
        );
        return load(tx, id);
      }),

    putStages: (ctx: TenantCtx, id: string, input: TPutStages) =>
      inTx(ctx, async (tx) => {
        await getPipelineOrThrow(tx, id);
        await replaceStages(tx, ctx, id, input);
        return load(tx, id);
      }),

    /** Deletes one stage; its deals go to `moveTo` (another stage of the same pipeline). */
    deleteStage: (ctx: TenantCtx, id: string, stageId: string, moveTo: string | undefined) =>
      inTx(ctx, async (tx) => {
        await getPipelineOrThrow(tx, id);
        const current = await stagesOf(tx, id);
        if (!current.some((s) => s.id === stageId)) throw notFound('Stage');
        const rest = current.filter((s) => s.id !== stageId);
        if (!rest.some((s) => s.kind === 'open')) {
          throw validationError([{ path: 'stageId', message: 'A pipeline needs at least one open stage' }]);
        }
        await replaceStages(tx, ctx, id, {
          stages: rest.map((s) => ({ id: s.id, name: s.name, probability: s.probability, kind: s.kind })),
          ...(moveTo ? { moveTo } : {}),
        });
        return load(tx, id);
      }),
  };
};

export type Pipelines = ReturnType<typeof createPipelines>;
