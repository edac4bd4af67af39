import { inArray } from 'drizzle-orm';
import {
  DEFAULT_CARD_LAYOUT,
  DEFAULT_HEALTH_RULES,
  type TCardLayout,
  type THealthRules,
  ZCardLayout,
  ZHealthRules,
} from '../../../shared/crm/card.schemas.js';
import type { Tx } from '../../platform/db/database.js';
import { scopeOf, type TenantCtx } from '../../platform/http/actor.js';
import { auditFromCtx, recordAudit } from '../audit/index.js';
import type { CrmDeps } from './crm.deps.js';
import { crmSettings } from './crm-settings.table.js';

type CardSettings = { healthRules: THealthRules; layout: TCardLayout };

const rulesFrom = (stored: unknown): THealthRules => {
  // Rules saved before a rule existed get its default; a value that no longer parses falls back.
  const merged =
    stored && typeof stored === 'object' ? { ...DEFAULT_HEALTH_RULES, ...(stored as object) } : undefined;
  const parsed = ZHealthRules.safeParse(merged);
  return parsed.success ? parsed.data : DEFAULT_HEALTH_RULES;
};

const layoutFrom = (stored: unknown): TCardLayout => {
  const parsed = ZCardLayout.safeParse(stored);
  if (parsed.success) return parsed.data;
  // A saved layout that misses a panel added since keeps its order; the new panel goes last.
  const panels = (stored as TCardLayout | undefined)?.panels;
  if (!Array.isArray(panels)) return DEFAULT_CARD_LAYOUT;
  const known = panels.filter(
    (p, i) =>
      DEFAULT_CARD_LAYOUT.panels.some((d) => d.id === p?.id) && panels.findIndex((q) => q?.id === p.id) === i,
  );
  const missing = DEFAULT_CARD_LAYOUT.panels.filter((d) => !known.some((p) => p.id === d.id));
  const repaired = ZCardLayout.safeParse({ panels: [...known, ...missing] });
  return repaired.success ? repaired.data : DEFAULT_CARD_LAYOUT;
};

/** The stored values (or defaults) as the card and the settings screens use them. */
export const cardSettingsFrom = (healthRules: unknown, cardLayout: unknown): CardSettings => ({
  healthRules: rulesFrom(healthRules),
  layout: layoutFrom(cardLayout),
});

/** Both card settings in one query. */
export const readCardSettings = async (tx: Tx): Promise<CardSettings> => {
  const rows = await tx
    .select({ key: crmSettings.key, value: crmSettings.value })
    .from(crmSettings)
    .where(inArray(crmSettings.key, ['health_rules', 'card_layout']));
  return cardSettingsFrom(
    rows.find((r) => r.key === 'health_rules')?.value,
    rows.find((r) => r.key === 'card_layout')?.value,
  );
};

const save = async (
  tx: Tx,
  tenantId: string,
  key: 'health_rules' | 'card_layout',
  value: unknown,
  now: Date,
) => {
  await tx
    .insert(crmSettings)
    .values({ tenantId, key, value, createdAt: now, updatedAt: now })
    .onConflictDoUpdate({ target: [crmSettings.tenantId, crmSettings.key], set: { value, updatedAt: now } });
};

export const createCardSettings = (deps: CrmDeps) => {
  const inTx = <T>(ctx: TenantCtx, fn: (tx: Tx) => Promise<T>) => deps.database.tenantTx(scopeOf(ctx), fn);
  return {
    getHealthRules: (ctx: TenantCtx) => inTx(ctx, async (tx) => (await readCardSettings(tx)).healthRules),

    putHealthRules: (ctx: TenantCtx, rules: THealthRules) =>
      inTx(ctx, async (tx) => {
        await save(tx, ctx.tenantId, 'health_rules', rules, deps.clock.now());
        await recordAudit(tx, auditFromCtx(ctx, 'settings.health_rules.updated', undefined, { rules }));
        return rules;
      }),

    getCardLayout: (ctx: TenantCtx) => inTx(ctx, async (tx) => (await readCardSettings(tx)).layout),

    putCardLayout: (ctx: TenantCtx, layout: TCardLayout) =>
      inTx(ctx, async (tx) => {
        await save(tx, ctx.tenantId, 'card_layout', layout, deps.clock.now());
        await recordAudit(tx, auditFromCtx(ctx, 'settings.card_layout.updated', undefined, { layout }));
        return layout;
      }),
  };
};

export type CardSettingsService = ReturnType<typeof createCardSettings>;
