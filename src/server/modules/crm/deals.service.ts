import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { TCreateDeal, TMoveDeal, TUpdateDeal } from '../../../shared/crm/deals.schemas.js';
import type { TFieldError } from '../../../shared/errors.js';
import { nextNumber } from '../../platform/db/counters.js';
import type { Tx } from '../../platform/db/database.js';
import { validationError } from '../../platform/errors/app-error.js';
import { scopeOf, type TenantCtx } from '../../platform/http/actor.js';
import { auditFromCtx, recordAudit } from '../audit/index.js';
import { checkCustomFields, mergeCustomFields } from '../custom-fields/index.js';
import { removeSearchDocument } from '../search/index.js';
import { appendTimeline, timelineActor } from '../timeline/index.js';
import { accounts } from './accounts.table.js';
import type { CrmDeps } from './crm.deps.js';
import {
  cursorValue,
  expectedVersion,
  keyset,
  notFound,
  pageOf,
  resolveSort,
  versionConflict,
  withFieldErrors,
} from './crm-common.js';
import { checkLinks, timelineTargets } from './crm-links.js';
import { endOfColumn, lockColumn, rankFor } from './deals.ranks.js';
import {
  accountNameOf,
  dealFilters,
  formatMoney,
  getDealOrThrow,
  getStageRow,
  indexDeal,
  type ListDealsInput,
  toDeal,
} from './deals.repository.js';
import { type DealRow, deals, type StageRow } from './deals.table.js';
import { defaultPipeline, getPipelineOrThrow, getStageOrFieldError, stagesOf } from './pipelines.service.js';

export {
  dealFilters,
  dealsWithAccount,
  formatMoney,
  getDealOrThrow,
  indexDeal,
  type ListDealsInput,
  toDeal,
} from './deals.repository.js';

/** What entering `stage` does to a deal: status, close time and (for lost) the reason. */
const enterStage = (stage: StageRow, now: Date, lostReason: string | null) => ({
  stageId: stage.id,
  pipelineId: stage.pipelineId,
  status: stage.kind,
  closedAt: stage.kind === 'open' ? null : now,
  lostReason: stage.kind === 'lost' ? lostReason : null,
});

const lostReasonRequired = () =>
  validationError(
    [{ path: 'lostReason', message: 'Say why the deal was lost' }],
    'A lost deal needs a reason.',
  );

/** Timeline entry for a stage change: deal.won / deal.lost when it closes, else deal.stage_changed. */
const stageTimeline = async (
  tx: Tx,
  ctx: TenantCtx,
  deal: DealRow,
  from: StageRow,
  to: StageRow,
  now: Date,
) => {
  const targets = await timelineTargets(tx, { accountId: deal.accountId, contactId: deal.contactId });
  const type =
    to.kind === 'won' && from.kind !== 'won'
      ? 'deal.won'
      : to.kind === 'lost' && from.kind !== 'lost'
        ? 'deal.lost'
        : 'deal.stage_changed';
  await appendTimeline(tx, {
    tenantId: ctx.tenantId,
    occurredAt: now,
    accountIds: targets.accountIds,
    contactId: targets.contactId,
    type,
    channel: 'system',
    title: deal.name,
    summary: type === 'deal.lost' ? deal.lostReason : formatMoney(deal.amount, deal.currency),
    ref: { kind: 'deal', id: deal.id },
    actor: timelineActor(ctx),
    data: {
      from: from.name,
      to: to.name,
      fromStageId: from.id,
      toStageId: to.id,
      amount: deal.amount,
      currency: deal.currency,
      ...(type === 'deal.lost' ? { lostReason: deal.lostReason } : {}),
    },
  });
};

export const createDeals = (deps: CrmDeps) => {
  const inTx = <T>(ctx: TenantCtx, fn: (tx: Tx) => Promise<T>) => deps.database.tenantTx(scopeOf(ctx), fn);

  /** The stage a new deal starts in: the one given, else the (default) pipeline's first open stage. */
  const startStage = async (tx: Tx, ctx: TenantCtx, input: TCreateDeal, errors: TFieldError[]) => {
    if (input.stageId) {
      const stage = await getStageOrFieldError(tx, input.stageId, 'stageId');
      if (input.pipelineId && stage.pipelineId !== input.pipelineId) {
        errors.push({ path: 'stageId', message: 'The stage is not in that pipeline' });
      }
      return stage;
    }
    const stages = input.pipelineId
      ? await stagesOf(tx, (await getPipelineOrField(tx, input.pipelineId)).id)
      : (await defaultPipeline(tx, ctx.tenantId)).stages;
    const first = stages.find((s) => s.kind === 'open') ?? stages[0];
    if (!first) throw validationError([{ path: 'pipelineId', message: 'The pipeline has no stages' }]);
    return first;
  };

  const getPipelineOrField = async (tx: Tx, id: string) => {
    try {
      return await getPipelineOrThrow(tx, id);
    } catch {
      throw validationError([{ path: 'pipelineId', message: 'No such pipeline in this workspace' }]);
    }
  };

  /** Creates a deal inside an existing transaction (also used by lead conversion). */
  const createInTx = async (tx: Tx, ctx: TenantCtx, input: TCreateDeal) => {
    const errors = await checkLinks(tx, { accountId: input.accountId, contactId: input.contactId });
    const stage = await startStage(tx, ctx, input, errors);
    if (stage.kind === 'lost' && !input.lostReason)
      errors.push({ path: 'lostReason', message: 'Say why the deal was lost' });
    const customFields = await withFieldErrors(errors, () =>
      checkCustomFields(tx, 'deal', input.customFields, { partial: false }),
    );
    const now = deps.clock.now();
    await lockColumn(tx, ctx.tenantId, stage.id);
    const [row] = await tx
      .insert(deals)
      .values({
        tenantId: ctx.tenantId,
        number: await nextNumber(tx, ctx.tenantId, 'deal'),
        name: input.name,
        accountId: input.accountId ?? null,
        contactId: input.contactId ?? null,
        ...enterStage(stage, now, input.lostReason ?? null),
        rank: await endOfColumn(tx, stage.id),
        amount: input.amount ?? null,
        currency: input.currency,
        expectedCloseDate: input.expectedCloseDate ?? null,
        probability: input.probability ?? stage.probability,
        ownerId:
          input.ownerId !== undefined ? input.ownerId : ctx.actor.kind === 'user' ? ctx.actor.userId : null,
        tags: [...new Set(input.tags)],
        customFields,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    if (!row) throw new Error('deal insert returned nothing');
    const accountName = await accountNameOf(tx, row.accountId);
    await indexDeal(tx, row, accountName);
    const targets = await timelineTargets(tx, { accountId: row.accountId, contactId: row.contactId });
    await appendTimeline(tx, {
      tenantId: ctx.tenantId,
      occurredAt: now,
      accountIds: targets.accountIds,
      contactId: targets.contactId,
      type: 'deal.created',
      channel: 'system',
      title: row.name,
      summary: formatMoney(row.amount, row.currency),
      ref: { kind: 'deal', id: row.id },
      actor: timelineActor(ctx),
      data: { stage: stage.name, amount: row.amount, currency: row.currency },
    });
    await recordAudit(tx, auditFromCtx(ctx, 'deal.created', { kind: 'deal', id: row.id }));
    return { row, accountName };
  };

  return {
    createInTx,

    create: (ctx: TenantCtx, input: TCreateDeal) =>
      inTx(ctx, async (tx) => {
        const { row, accountName } = await createInTx(tx, ctx, input);
        return toDeal(row, accountName);
      }),

    get: (ctx: TenantCtx, id: string) =>
      inTx(ctx, async (tx) => {
        const r = await getDealOrThrow(tx, id);
        return toDeal(r.row, r.accountName);
      }),

    list: (ctx: TenantCtx, q: ListDealsInput) =>
      inTx(ctx, async (tx) => {
        const { where, defs } = await dealFilters(tx, q);
        const sort = resolveSort(
          q.sort,
          {
            name: deals.name,
            number: deals.number,
            amount: sql`coalesce(${deals.amount}, -1)`,
            // As text: ISO dates sort right and come back from both drivers as the same string.
            expectedCloseDate: sql`coalesce(${deals.expectedCloseDate}::text, '9999-12-31')`,
            createdAt: deals.createdAt,
            updatedAt: deals.updatedAt,
          },
          '-createdAt',
          {
            column: deals.customFields,
            knownKeys: new Set(defs.map((d) => d.key)),
            numericKeys: new Set(
              defs.filter((d) => d.type === 'number' || d.type === 'currency').map((d) => d.key),
            ),
          },
        );
        const ks = keyset(sort, deals.id, q.cursor);
        const rows = await tx
          .select({ row: deals, accountName: accounts.name, sortValue: sql<unknown>`${sort.expr}` })
          .from(deals)
          .leftJoin(accounts, and(eq(accounts.tenantId, deals.tenantId), eq(accounts.id, deals.accountId)))
          .where(and(where, ks.where))
          .orderBy(...ks.order)
          .limit(q.limit + 1);
        return pageOf(
          rows,
          q.limit,
          (r) => cursorValue(r.sortValue),
          (r) => r.row.id,
          (r) => toDeal(r.row, r.accountName),
        );
      }),

    update: (ctx: TenantCtx, id: string, input: TUpdateDeal, ifMatch: string | undefined) =>
      inTx(ctx, async (tx) => {
        const expected = expectedVersion(ifMatch, input.version);
        const { row: current, accountName: currentAccountName } = await getDealOrThrow(tx, id);
        if (current.version !== expected) throw versionConflict(toDeal(current, currentAccountName));
        const { version: _v, customFields: cfPatch, stageId, ...fields } = input;
        const errors = await checkLinks(tx, { accountId: fields.accountId, contactId: fields.contactId });
        const now = deps.clock.now();
        const set: Partial<typeof deals.$inferInsert> = {};
        if (fields.name !== undefined) set.name = fields.name;
        if (fields.accountId !== undefined) set.accountId = fields.accountId;
        if (fields.contactId !== undefined) set.contactId = fields.contactId;
        if (fields.amount !== undefined) set.amount = fields.amount;
        if (fields.currency !== undefined) set.currency = fields.currency;
        if (fields.expectedCloseDate !== undefined) set.expectedCloseDate = fields.expectedCloseDate;
        if (fields.probability !== undefined) set.probability = fields.probability;
        if (fields.ownerId !== undefined) set.ownerId = fields.ownerId;
        if (fields.lostReason !== undefined) set.lostReason = fields.lostReason;
        if (fields.tags !== undefined) set.tags = [...new Set(fields.tags)];
        let from: StageRow | undefined;
        let to: StageRow | undefined;
        if (stageId !== undefined && stageId !== current.stageId) {
          to = await getStageOrFieldError(tx, stageId, 'stageId');
          from = await getStageRow(tx, current.stageId);
          const reason = fields.lostReason ?? null;
          if (to.kind === 'lost' && !reason)
            errors.push({ path: 'lostReason', message: 'Say why the deal was lost' });
          await lockColumn(tx, ctx.tenantId, to.id);
          Object.assign(set, enterStage(to, now, reason), { rank: await endOfColumn(tx, to.id, id) });
          if (fields.probability === undefined) set.probability = to.probability;
        }
        const cfChecked = await withFieldErrors(errors, () =>
          cfPatch !== undefined
            ? checkCustomFields(tx, 'deal', cfPatch, { partial: true })
            : Promise.resolve(undefined),
        );
        const customFields = cfChecked
          ? mergeCustomFields(current.customFields, cfChecked)
          : current.customFields;
        const [row] = await tx
          .update(deals)
          .set({ ...set, customFields, version: current.version + 1, updatedAt: now })
          .where(and(eq(deals.id, id), eq(deals.version, current.version)))
          .returning();
        if (!row) {
          const fresh = await getDealOrThrow(tx, id);
          throw versionConflict(toDeal(fresh.row, fresh.accountName));
        }
        const accountName = await accountNameOf(tx, row.accountId);
        await indexDeal(tx, row, accountName);
        if (from && to) await stageTimeline(tx, ctx, row, from, to, now);
        await recordAudit(
          tx,
          auditFromCtx(ctx, 'deal.updated', { kind: 'deal', id }, { fields: Object.keys(set) }),
        );
        return toDeal(row, accountName);
      }),

    /**
     * Kanban drag and drop: into `stageId`, before `beforeId` / after `afterId` / at the end.
     * Entering a won or lost stage closes the deal (lost needs a reason); leaving one reopens it.
     */
    move: (ctx: TenantCtx, id: string, input: TMoveDeal, ifMatch: string | undefined) =>
      inTx(ctx, async (tx) => {
        const expected = expectedVersion(ifMatch, input.version);
        const { row: current, accountName } = await getDealOrThrow(tx, id);
        if (current.version !== expected) throw versionConflict(toDeal(current, accountName));
        const to = await getStageOrFieldError(tx, input.stageId, 'stageId');
        const changesStage = to.id !== current.stageId;
        if (changesStage && to.kind === 'lost' && !input.lostReason) throw lostReasonRequired();
        await lockColumn(tx, ctx.tenantId, to.id);
        const rank = await rankFor(tx, ctx.tenantId, to.id, id, {
          beforeId: input.beforeId,
          afterId: input.afterId,
        });
        const now = deps.clock.now();
        const [row] = await tx
          .update(deals)
          .set({
            rank,
            ...(changesStage
              ? { ...enterStage(to, now, input.lostReason ?? null), probability: to.probability }
              : {}),
            version: current.version + 1,
            updatedAt: now,
          })
          .where(and(eq(deals.id, id), eq(deals.version, current.version)))
          .returning();
        if (!row) {
          const fresh = await getDealOrThrow(tx, id);
          throw versionConflict(toDeal(fresh.row, fresh.accountName));
        }
        if (changesStage) {
          await stageTimeline(tx, ctx, row, await getStageRow(tx, current.stageId), to, now);
          await recordAudit(
            tx,
            auditFromCtx(ctx, 'deal.moved', { kind: 'deal', id }, { from: current.stageId, to: to.id }),
          );
        }
        return toDeal(row, accountName);
      }),

    /** Moves to the trash; restorable for 30 days. */
    remove: (ctx: TenantCtx, id: string) =>
      inTx(ctx, async (tx) => {
        const { row: current } = await getDealOrThrow(tx, id);
        await tx
          .update(deals)
          .set({ deletedAt: deps.clock.now(), version: current.version + 1 })
          .where(eq(deals.id, id));
        await removeSearchDocument(tx, 'deal', id);
        await recordAudit(tx, auditFromCtx(ctx, 'deal.deleted', { kind: 'deal', id }));
      }),

    restore: (ctx: TenantCtx, id: string) =>
      inTx(ctx, async (tx) => {
        const { row: current, accountName } = await getDealOrThrow(tx, id, { includeDeleted: true });
        if (!current.deletedAt) return toDeal(current, accountName);
        await lockColumn(tx, ctx.tenantId, current.stageId);
        const [row] = await tx
          .update(deals)
          .set({
            deletedAt: null,
            // Back at the end of its column: its old neighbours may have moved on.
            rank: await endOfColumn(tx, current.stageId, id),
            version: current.version + 1,
            updatedAt: deps.clock.now(),
          })
          .where(eq(deals.id, id))
          .returning();
        if (!row) throw notFound('Deal');
        await indexDeal(tx, row, accountName);
        await recordAudit(tx, auditFromCtx(ctx, 'deal.restored', { kind: 'deal', id }));
        return toDeal(row, accountName);
      }),

    bulk: (
      ctx: TenantCtx,
      input:
        | { action: 'assign'; ids: string[]; ownerId: string | null }
        | { action: 'tag' | 'untag'; ids: string[]; tag: string }
        | { action: 'delete'; ids: string[] },
    ) =>
      inTx(ctx, async (tx) => {
        const target = and(inArray(deals.id, input.ids), isNull(deals.deletedAt));
        const now = deps.clock.now();
        const bump = { version: sql`${deals.version} + 1`, updatedAt: now };
        let rows: { id: string }[];
        switch (input.action) {
          case 'assign':
            rows = await tx
              .update(deals)
              .set({ ownerId: input.ownerId, ...bump })
              .where(target)
              .returning({ id: deals.id });
            break;
          case 'tag':
            rows = await tx
              .update(deals)
              .set({
                tags: sql`(select array(select distinct unnest(${deals.tags} || array[${input.tag}]::text[])))`,
                ...bump,
              })
              .where(target)
              .returning({ id: deals.id });
            break;
          case 'untag':
            rows = await tx
              .update(deals)
              .set({ tags: sql`array_remove(${deals.tags}, ${input.tag})`, ...bump })
              .where(target)
              .returning({ id: deals.id });
            break;
          case 'delete':
            rows = await tx
              .update(deals)
              .set({ deletedAt: now, ...bump })
              .where(target)
              .returning({ id: deals.id });
            for (const r of rows) await removeSearchDocument(tx, 'deal', r.id);
            break;
        }
        await recordAudit(
          tx,
          auditFromCtx(ctx, `deal.bulk_${input.action}`, undefined, {
            count: rows.length,
            ids: input.ids.slice(0, 100),
          }),
        );
        return { affected: rows.length };
      }),
  };
};

export type Deals = ReturnType<typeof createDeals>;
