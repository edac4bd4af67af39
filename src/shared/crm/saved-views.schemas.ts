import { z } from 'zod';
import { ZAccountListQuery } from './accounts.schemas.js';
import { ZContactListQuery } from './contacts.schemas.js';
import { ZDealListQuery } from './deals.schemas.js';
import { ZLeadListQuery } from './leads.schemas.js';
import { ZTaskListQuery } from './tasks.schemas.js';

export const SAVED_VIEW_ENTITIES = ['account', 'contact', 'lead', 'deal', 'task'] as const;
export const ZSavedViewEntity = z.enum(SAVED_VIEW_ENTITIES);
export type TSavedViewEntity = z.infer<typeof ZSavedViewEntity>;

const notFilters = { limit: true, cursor: true, sort: true } as const;

/**
 * A view's filters are the list endpoint's own query parameters (without paging and sort), so the
 * web app can send them back as they are: `GET /accounts?status=active&tag=vip`.
 */
export const SAVED_VIEW_FILTERS = {
  account: ZAccountListQuery.omit(notFilters).partial().strict(),
  contact: ZContactListQuery.omit(notFilters).partial().strict(),
  lead: ZLeadListQuery.omit(notFilters).partial().strict(),
  deal: ZDealListQuery.omit(notFilters).partial().strict(),
  task: ZTaskListQuery.omit(notFilters).partial().strict(),
} satisfies Record<TSavedViewEntity, z.ZodType>;

export const ZSavedViewDefinition = z
  .object({
    /** Checked against the entity's list filters when saved. */
    filters: z.record(z.string().max(60), z.unknown()).default({}),
    /** `name`, `-createdAt`, `cf.contract_end`: as the list's `sort` parameter. */
    sort: z.string().max(60).nullable().default(null),
    /** Column keys in display order; empty = the list's default columns. */
    columns: z.array(z.string().trim().min(1).max(80)).max(100).default([]),
  })
  .strict();
export type TSavedViewDefinition = z.infer<typeof ZSavedViewDefinition>;

export const ZSavedView = z
  .object({
    id: z.uuid(),
    entity: ZSavedViewEntity,
    name: z.string(),
    definition: z.object({
      filters: z.record(z.string(), z.unknown()),
      sort: z.string().nullable(),
      columns: z.array(z.string()),
    }),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'SavedView' });
export type TSavedView = z.infer<typeof ZSavedView>;

export const ZCreateSavedView = z.object({
  entity: ZSavedViewEntity,
  name: z.string().trim().min(1).max(80),
  definition: ZSavedViewDefinition,
});
export type TCreateSavedView = z.infer<typeof ZCreateSavedView>;

export const ZUpdateSavedView = z
  .object({ name: z.string().trim().min(1).max(80), definition: ZSavedViewDefinition })
  .partial()
  .refine((v) => v.name !== undefined || v.definition !== undefined, {
    message: 'Send a name or a definition',
  });
export type TUpdateSavedView = z.infer<typeof ZUpdateSavedView>;

export const ZSavedViewListQuery = z.object({ entity: ZSavedViewEntity.optional() });
