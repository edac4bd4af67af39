import { sql } from 'drizzle-orm';
import {
  boolean,
  date,
  doublePrecision,
  foreignKey,
  index,
  integer,
  numeric,
  pgTable,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { id, tenantId, tenantPk, timestamps, tstz, version } from '../../platform/db/columns.js';
import { customFieldsCol, deletedAtCol, ownerIdCol, tagsCol } from './crm.columns.js';

export const pipelines = pgTable(
  'pipelines',
  {
    tenantId: tenantId(),
    id: id(),
    name: text('name').notNull(),
    isDefault: boolean('is_default').notNull().default(false),
    position: integer('position').notNull().default(0),
    ...timestamps(),
  },
  (t) => [tenantPk(t)],
);

export const pipelineStages = pgTable(
  'pipeline_stages',
  {
    tenantId: tenantId(),
    id: id(),
    pipelineId: uuid('pipeline_id').notNull(),
    name: text('name').notNull(),
    position: integer('position').notNull(),
    // Default win probability for deals entering the stage (0–100).
    probability: integer('probability').notNull().default(0),
    // A stage with kind won/lost closes the deal.
    kind: text('kind', { enum: ['open', 'won', 'lost'] })
      .notNull()
      .default('open'),
    ...timestamps(),
  },
  (t) => [
    tenantPk(t),
    index('pipeline_stages_pipeline_idx').on(t.tenantId, t.pipelineId, t.position),
    foreignKey({
      columns: [t.tenantId, t.pipelineId],
      foreignColumns: [pipelines.tenantId, pipelines.id],
    }).onDelete('cascade'),
  ],
);

export const deals = pgTable(
  'deals',
  {
    tenantId: tenantId(),
    id: id(),
    number: integer('number').notNull(),
    name: text('name').notNull(),
    accountId: uuid('account_id'),
    contactId: uuid('contact_id'),
    pipelineId: uuid('pipeline_id').notNull(),
    stageId: uuid('stage_id').notNull(),
    // Order within the stage column on the Kanban board.
    rank: doublePrecision('rank').notNull().default(0),
    amount: numeric('amount', { precision: 14, scale: 2 }),
    currency: text('currency').notNull().default('ILS'),
    expectedCloseDate: date('expected_close_date', { mode: 'string' }),
    probability: integer('probability'),
    status: text('status', { enum: ['open', 'won', 'lost'] })
      .notNull()
      .default('open'),
    closedAt: tstz('closed_at'),
    lostReason: text('lost_reason'),
    ownerId: ownerIdCol(),
    tags: tagsCol(),
    customFields: customFieldsCol(),
    version: version(),
    ...timestamps(),
    deletedAt: deletedAtCol(),
  },
  (t) => [
    tenantPk(t),
    uniqueIndex('deals_tenant_number_key').on(t.tenantId, t.number),
    index('deals_board_idx').on(t.tenantId, t.pipelineId, t.stageId, t.rank).where(sql`deleted_at is null`),
    index('deals_account_idx').on(t.tenantId, t.accountId).where(sql`deleted_at is null`),
    foreignKey({
      columns: [t.tenantId, t.stageId],
      foreignColumns: [pipelineStages.tenantId, pipelineStages.id],
    }),
  ],
);

export type PipelineRow = typeof pipelines.$inferSelect;
export type StageRow = typeof pipelineStages.$inferSelect;
export type DealRow = typeof deals.$inferSelect;
