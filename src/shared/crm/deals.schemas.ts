import { z } from 'zod';
import { ZListQueryBase, ZTags } from './common.schemas.js';

// ── Pipelines and stages ──────────────────────────────────────────────

export const STAGE_KINDS = ['open', 'won', 'lost'] as const;
export const DEAL_STATUSES = ['open', 'won', 'lost'] as const;

export const ZStage = z
  .object({
    id: z.uuid(),
    pipelineId: z.uuid(),
    name: z.string(),
    position: z.number().int(),
    probability: z.number().int(),
    kind: z.enum(STAGE_KINDS),
  })
  .meta({ id: 'PipelineStage' });
export type TStage = z.infer<typeof ZStage>;

export const ZPipeline = z
  .object({
    id: z.uuid(),
    name: z.string(),
    isDefault: z.boolean(),
    position: z.number().int(),
    stages: z.array(ZStage),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'Pipeline' });
export type TPipeline = z.infer<typeof ZPipeline>;

export const ZStageInput = z.object({
  /** An existing stage keeps its id (and its deals); a stage without an id is created. */
  id: z.uuid().optional(),
  name: z.string().trim().min(1).max(80),
  probability: z.number().int().min(0).max(100),
  kind: z.enum(STAGE_KINDS).default('open'),
});

const stageList = z
  .array(ZStageInput)
  .min(1)
  .max(30)
  .refine((s) => s.some((x) => x.kind === 'open'), {
    message: 'A pipeline needs at least one open stage',
  });

export const ZCreatePipeline = z.object({
  name: z.string().trim().min(1).max(80),
  isDefault: z.boolean().default(false),
  /** Omitted: the standard stages (New, Proposal, Negotiation, Won, Lost) in the tenant's language. */
  stages: stageList.optional(),
});
export type TCreatePipeline = z.infer<typeof ZCreatePipeline>;

export const ZUpdatePipeline = z
  .object({
    name: z.string().trim().min(1).max(80),
    // Only `true` is meaningful: another pipeline becomes default by setting it there.
    isDefault: z.literal(true),
    position: z.number().int().min(0).max(1000),
  })
  .partial();
export type TUpdatePipeline = z.infer<typeof ZUpdatePipeline>;

/**
 * The full ordered list of a pipeline's stages. Stages left out are deleted; if they hold deals,
 * `moveTo` (a stage id in the list) says where those deals go, else 409 STAGE_NOT_EMPTY.
 */
export const ZPutStages = z.object({
  stages: stageList,
  moveTo: z.uuid().optional(),
});
export type TPutStages = z.infer<typeof ZPutStages>;

export const ZStageParams = z.object({ id: z.uuid(), stageId: z.uuid() });
export const ZDeleteStageQuery = z.object({ moveTo: z.uuid().optional() });

// ── Deals ─────────────────────────────────────────────────────────────

/** Money travels as a decimal string ("12500.00") so no client rounds it through a float. */
export const ZAmountInput = z
  .union([z.string().trim(), z.number()])
  .transform((v) => (typeof v === 'number' ? v.toFixed(2) : v))
  .refine((v) => /^\d{1,12}(\.\d{1,2})?$/.test(v), {
    message: 'An amount of up to 12 digits and 2 decimals, e.g. "12500.00"',
  });

const KNOWN_CURRENCIES = new Set(
  typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('currency') : ['ILS', 'USD', 'EUR'],
);
export const ZCurrency = z
  .string()
  .trim()
  .toUpperCase()
  .refine((c) => /^[A-Z]{3}$/.test(c) && KNOWN_CURRENCIES.has(c), {
    message: 'An ISO 4217 currency code, e.g. ILS',
  });

const ZDateOnly = z.iso.date();

export const ZDeal = z
  .object({
    id: z.uuid(),
    number: z.number().int(),
    name: z.string(),
    accountId: z.uuid().nullable(),
    accountName: z.string().nullable(),
    contactId: z.uuid().nullable(),
    pipelineId: z.uuid(),
    stageId: z.uuid(),
    rank: z.number(),
    amount: z.string().nullable(),
    currency: z.string(),
    expectedCloseDate: z.string().nullable(),
    probability: z.number().int().nullable(),
    status: z.enum(DEAL_STATUSES),
    closedAt: z.iso.datetime().nullable(),
    lostReason: z.string().nullable(),
    ownerId: z.uuid().nullable(),
    tags: z.array(z.string()),
    customFields: z.record(z.string(), z.unknown()),
    version: z.number().int(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    deletedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'Deal' });
export type TDeal = z.infer<typeof ZDeal>;

export const ZCreateDeal = z.object({
  name: z.string().trim().min(1).max(200),
  accountId: z.uuid().nullable().optional(),
  contactId: z.uuid().nullable().optional(),
  /** Omitted: the default pipeline (or the stage's pipeline when stageId is given). */
  pipelineId: z.uuid().optional(),
  /** Omitted: the pipeline's first open stage. */
  stageId: z.uuid().optional(),
  amount: ZAmountInput.nullable().optional(),
  currency: ZCurrency.default('ILS'),
  expectedCloseDate: ZDateOnly.nullable().optional(),
  /** Omitted: the stage's probability. */
  probability: z.number().int().min(0).max(100).optional(),
  /** Omitted: the user creating the deal. */
  ownerId: z.uuid().nullable().optional(),
  lostReason: z.string().trim().max(500).optional(),
  tags: ZTags.default([]),
  customFields: z.record(z.string(), z.unknown()).default({}),
});
export type TCreateDeal = z.infer<typeof ZCreateDeal>;

export const ZUpdateDeal = z
  .object({
    name: z.string().trim().min(1).max(200),
    accountId: z.uuid().nullable(),
    contactId: z.uuid().nullable(),
    /** Changing the stage here puts the deal at the end of the new column (use /move to place it). */
    stageId: z.uuid(),
    amount: ZAmountInput.nullable(),
    currency: ZCurrency,
    expectedCloseDate: ZDateOnly.nullable(),
    probability: z.number().int().min(0).max(100).nullable(),
    ownerId: z.uuid().nullable(),
    lostReason: z.string().trim().max(500).nullable(),
    tags: ZTags,
    customFields: z.record(z.string(), z.unknown()),
    version: z.number().int().optional(),
  })
  .partial();
export type TUpdateDeal = z.infer<typeof ZUpdateDeal>;

/** Kanban drag and drop: place the deal in `stageId`, just before or just after a neighbour. */
export const ZMoveDeal = z
  .object({
    stageId: z.uuid(),
    beforeId: z.uuid().optional(),
    afterId: z.uuid().optional(),
    version: z.number().int().optional(),
    /** Required when moving into a lost stage. */
    lostReason: z.string().trim().min(1).max(500).optional(),
  })
  .refine((m) => !(m.beforeId && m.afterId), {
    message: 'Give beforeId or afterId, not both',
    path: ['afterId'],
  });
export type TMoveDeal = z.infer<typeof ZMoveDeal>;

export const ZDealListQuery = ZListQueryBase.extend({
  pipelineId: z.uuid().optional(),
  stageId: z.uuid().optional(),
  status: z.enum(DEAL_STATUSES).optional(),
  accountId: z.uuid().optional(),
  contactId: z.uuid().optional(),
});

export const ZBoardQuery = z.object({
  /** Omitted: the default pipeline. */
  pipelineId: z.uuid().optional(),
  ownerId: z.uuid().optional(),
  /** Cards returned per column; count and sums always cover the whole column. */
  perStage: z.coerce.number().int().min(1).max(500).default(200),
});

export const ZMoneySum = z.object({ currency: z.string(), amount: z.string() });

export const ZBoard = z
  .object({
    pipeline: ZPipeline,
    columns: z.array(
      z.object({
        stage: ZStage,
        /** Open stages: their deals. Won/lost stages: deals closed in the last 30 days. */
        deals: z.array(ZDeal),
        count: z.number().int(),
        /** Sum of amounts per currency (deals in several currencies are never added together). */
        sums: z.array(ZMoneySum),
      }),
    ),
  })
  .meta({ id: 'DealBoard' });
export type TBoard = z.infer<typeof ZBoard>;
