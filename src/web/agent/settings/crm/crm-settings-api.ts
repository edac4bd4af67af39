import type { z } from 'zod';
import type { TCardLayout, THealthRules } from '../../../../shared/crm/card.schemas';
import type {
  TBoard,
  TPipeline,
  TStage,
  ZCreatePipeline,
  ZPutStages,
  ZUpdatePipeline,
} from '../../../../shared/crm/deals.schemas';
import type {
  TCustomFieldDef,
  ZCreateCustomField,
  ZUpdateCustomField,
} from '../../../../shared/custom-fields.schemas';
import { http, request } from '../../../ui/api-client';

// Wire types (types only: no zod in the bundle).
export type CustomFieldDef = TCustomFieldDef;
export type CustomFieldEntity = TCustomFieldDef['entity'];
export type CustomFieldType = TCustomFieldDef['type'];
export type CustomFieldOption = TCustomFieldDef['options'][number];
export type CreateCustomFieldInput = z.input<typeof ZCreateCustomField>;
export type UpdateCustomFieldInput = z.input<typeof ZUpdateCustomField>;
export type CardLayout = TCardLayout;
export type CardPanelId = TCardLayout['panels'][number]['id'];
export type HealthRules = THealthRules;
export type Pipeline = TPipeline;
export type Stage = TStage;
export type StageKind = TStage['kind'];
export type CreatePipelineInput = z.input<typeof ZCreatePipeline>;
export type UpdatePipelineInput = z.input<typeof ZUpdatePipeline>;
export type PutStagesInput = z.input<typeof ZPutStages>;

// The same lists as the schemas in src/shared (a value import would bundle zod).
export const CUSTOM_FIELD_ENTITIES: readonly CustomFieldEntity[] = [
  'account',
  'contact',
  'lead',
  'deal',
  'ticket',
];
export const CUSTOM_FIELD_TYPES: readonly CustomFieldType[] = [
  'text',
  'long_text',
  'number',
  'currency',
  'date',
  'datetime',
  'select',
  'multi_select',
  'checkbox',
  'phone',
  'email',
  'url',
  'user',
];
export const STAGE_KINDS: readonly StageKind[] = ['open', 'won', 'lost'];
export const CARD_PANEL_IDS: readonly CardPanelId[] = [
  'header',
  'health',
  'contacts',
  'openTasks',
  'lastCalls',
  'openDeals',
  'openTickets',
  'customFields',
  'timeline',
];
export const DEFAULT_RULES: HealthRules = {
  overdueTasks: { enabled: true, yellowAt: 1, redAt: 3 },
  daysSinceContact: { enabled: true, yellowAfterDays: 30, redAfterDays: 90 },
  urgentTickets: { enabled: true, redAt: 1 },
  overdueDeals: { enabled: true, yellowAt: 1 },
  inactiveStatus: { enabled: true },
};

const V1 = '/api/v1';
const seg = encodeURIComponent;

/** The CRM settings screens' calls: custom fields, the customer card, health rules, pipelines. */
export const crmSettingsApi = {
  listCustomFields: (entity: CustomFieldEntity) =>
    http.get<{ items: CustomFieldDef[] }>(`${V1}/custom-fields`, { query: { entity } }),
  createCustomField: (input: CreateCustomFieldInput) =>
    http.post<CustomFieldDef>(`${V1}/custom-fields`, input),
  updateCustomField: (id: string, input: UpdateCustomFieldInput) =>
    http.patch<CustomFieldDef>(`${V1}/custom-fields/${seg(id)}`, input),

  getCardLayout: () => http.get<CardLayout>(`${V1}/settings/card-layout`),
  putCardLayout: (layout: CardLayout) =>
    request<CardLayout>('PUT', `${V1}/settings/card-layout`, { body: layout }),
  getHealthRules: () => http.get<HealthRules>(`${V1}/settings/health-rules`),
  putHealthRules: (rules: HealthRules) =>
    request<HealthRules>('PUT', `${V1}/settings/health-rules`, { body: rules }),

  listPipelines: () => http.get<{ items: Pipeline[] }>(`${V1}/pipelines`),
  createPipeline: (input: CreatePipelineInput) => http.post<Pipeline>(`${V1}/pipelines`, input),
  updatePipeline: (id: string, input: UpdatePipelineInput) =>
    http.patch<Pipeline>(`${V1}/pipelines/${seg(id)}`, input),
  putStages: (id: string, input: PutStagesInput) =>
    request<Pipeline>('PUT', `${V1}/pipelines/${seg(id)}/stages`, { body: input }),
  deleteStage: (id: string, stageId: string, moveTo?: string) =>
    http.delete<Pipeline>(`${V1}/pipelines/${seg(id)}/stages/${seg(stageId)}`, { query: { moveTo } }),
  /** Deal counts per stage (the board with one card per column). */
  board: (pipelineId: string) =>
    http.get<TBoard>(`${V1}/deals/board`, { query: { pipelineId, perStage: 1 } }),
};

/**
 * Query keys of these screens, under their own prefix so another screen's cache of the same
 * endpoint (in another shape) never collides. After a change, `sharedKeys` are invalidated too so
 * the forms, the card and the board elsewhere pick it up.
 */
export const crmSettingsKeys = {
  customFields: (entity: CustomFieldEntity) => ['crm-settings', 'custom-fields', entity] as const,
  cardLayout: ['crm-settings', 'card-layout'] as const,
  healthRules: ['crm-settings', 'health-rules'] as const,
  pipelines: ['crm-settings', 'pipelines'] as const,
  stageCounts: (pipelineId: string) => ['crm-settings', 'stage-counts', pipelineId] as const,
};

/** Other screens' query prefixes (customers-queries.ts, sales-queries.ts). */
export const sharedKeys = {
  customFields: ['custom-fields'] as const,
  /** Lists, cards and records of the customer screens. */
  customers: ['customers'] as const,
  pipelines: ['pipelines'] as const,
  deals: ['deals'] as const,
};
