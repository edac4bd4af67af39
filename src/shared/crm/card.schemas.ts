import { z } from 'zod';
import { ZCustomFieldDef } from '../custom-fields.schemas.js';
import { ZTimelineEntry } from '../timeline.schemas.js';
import { ZAccount } from './accounts.schemas.js';
import { ZActivity } from './activities.schemas.js';
import { ZPhone } from './common.schemas.js';
import { ZDeal } from './deals.schemas.js';
import { ZTask } from './tasks.schemas.js';

// ── Health light ───────────────────────────────────────────────────────

export const HEALTH_LIGHTS = ['green', 'yellow', 'red'] as const;
export const ZHealthLight = z.enum(HEALTH_LIGHTS);
export type THealthLight = z.infer<typeof ZHealthLight>;

export const HEALTH_REASON_CODES = [
  'overdue_tasks',
  'no_recent_contact',
  'urgent_tickets',
  'overdue_deals',
  'inactive',
] as const;

export const ZHealthReason = z.object({
  code: z.enum(HEALTH_REASON_CODES),
  message: z.string(),
  messageHe: z.string(),
  severity: z.enum(['yellow', 'red']),
});
export type THealthReason = z.infer<typeof ZHealthReason>;

export const ZHealth = z
  .object({ light: ZHealthLight, reasons: z.array(ZHealthReason) })
  .meta({ id: 'Health' });
export type THealth = z.infer<typeof ZHealth>;

const count = z.number().int().min(1).max(1000);
const days = z.number().int().min(1).max(3650);

/** Per-tenant rules (crm_settings 'health_rules'). A rule with a red threshold must not be below its yellow one. */
export const ZHealthRules = z
  .object({
    overdueTasks: z
      .object({ enabled: z.boolean(), yellowAt: count, redAt: count })
      .refine((r) => r.redAt >= r.yellowAt, { message: 'redAt must be ≥ yellowAt', path: ['redAt'] }),
    daysSinceContact: z
      .object({ enabled: z.boolean(), yellowAfterDays: days, redAfterDays: days })
      .refine((r) => r.redAfterDays >= r.yellowAfterDays, {
        message: 'redAfterDays must be ≥ yellowAfterDays',
        path: ['redAfterDays'],
      }),
    urgentTickets: z.object({ enabled: z.boolean(), redAt: count }),
    overdueDeals: z.object({ enabled: z.boolean(), yellowAt: count }),
    inactiveStatus: z.object({ enabled: z.boolean() }),
  })
  .meta({ id: 'HealthRules' });
export type THealthRules = z.infer<typeof ZHealthRules>;

export const DEFAULT_HEALTH_RULES: THealthRules = {
  overdueTasks: { enabled: true, yellowAt: 1, redAt: 3 },
  daysSinceContact: { enabled: true, yellowAfterDays: 30, redAfterDays: 90 },
  urgentTickets: { enabled: true, redAt: 1 },
  overdueDeals: { enabled: true, yellowAt: 1 },
  inactiveStatus: { enabled: true },
};

// ── Card layout ────────────────────────────────────────────────────────

export const CARD_PANELS = [
  'header',
  'health',
  'contacts',
  'openTasks',
  'lastCalls',
  'openDeals',
  'openTickets',
  'customFields',
  'timeline',
] as const;
export const ZCardPanelId = z.enum(CARD_PANELS);

/** Per-tenant panel order and visibility (crm_settings 'card_layout'); every panel exactly once. */
export const ZCardLayout = z
  .object({
    panels: z.array(z.object({ id: ZCardPanelId, visible: z.boolean() })).superRefine((panels, ctx) => {
      const seen = new Set<string>();
      panels.forEach((p, i) => {
        if (seen.has(p.id)) ctx.addIssue({ code: 'custom', message: `Panel ${p.id} twice`, path: [i, 'id'] });
        seen.add(p.id);
      });
      const missing = CARD_PANELS.filter((id) => !seen.has(id));
      if (missing.length) ctx.addIssue({ code: 'custom', message: `Missing panels: ${missing.join(', ')}` });
    }),
  })
  .meta({ id: 'CardLayout' });
export type TCardLayout = z.infer<typeof ZCardLayout>;

export const DEFAULT_CARD_LAYOUT: TCardLayout = {
  panels: CARD_PANELS.map((id) => ({ id, visible: true })),
};

// ── The card ───────────────────────────────────────────────────────────

export const ZCardContact = z.object({
  id: z.uuid(),
  number: z.number().int(),
  fullName: z.string(),
  title: z.string().nullable(),
  role: z.string().nullable(),
  isPrimary: z.boolean(),
  phones: z.array(ZPhone),
  emails: z.array(z.string()),
  lastContactedAt: z.iso.datetime().nullable(),
});
export type TCardContact = z.infer<typeof ZCardContact>;

export const ZCustomerCard = z
  .object({
    account: ZAccount,
    health: ZHealth,
    contacts: z.array(ZCardContact),
    /** Up to 10 open tasks, soonest due first (undated last). */
    openTasks: z.array(ZTask),
    /** The 5 latest calls. */
    lastCalls: z.array(ZActivity),
    openDeals: z.array(ZDeal),
    /** Filled by the service desk when it exists. */
    openTickets: z.array(z.unknown()),
    /** The first page of the account's timeline; page on with GET /timeline?accountId=&cursor=. */
    timeline: z.object({ items: z.array(ZTimelineEntry), nextCursor: z.string().nullable() }),
    layout: ZCardLayout,
    customFieldDefs: z.array(ZCustomFieldDef),
  })
  .meta({ id: 'CustomerCard' });
export type TCustomerCard = z.infer<typeof ZCustomerCard>;

// ── Merge ──────────────────────────────────────────────────────────────

/** POST /accounts/:id/merge, /contacts/:id/merge: `:id` survives, `sourceId` is merged into it. */
export const ZMergeBody = z.object({
  sourceId: z.uuid(),
  /** The survivor's version as read (or send If-Match). */
  version: z.number().int().optional(),
});
export type TMergeBody = z.infer<typeof ZMergeBody>;

export const ZMergeResult = z
  .object({
    survivorId: z.uuid(),
    sourceId: z.uuid(),
    /** The survivor's new version. */
    version: z.number().int(),
    /** How many records now point at the survivor instead of the source. */
    moved: z.object({
      tasks: z.number().int(),
      activities: z.number().int(),
      deals: z.number().int(),
      links: z.number().int(),
      timelineEntries: z.number().int(),
    }),
  })
  .meta({ id: 'MergeResult' });
export type TMergeResult = z.infer<typeof ZMergeResult>;
