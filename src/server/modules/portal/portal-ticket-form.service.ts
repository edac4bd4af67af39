// The portal's new-ticket form: categories and the ticket custom fields customers fill. Staff set
// it (portal:manage); the portal reads it to render the form and to validate a new ticket.
import type { TPortalTicketForm, TPortalTicketFormConfig } from '../../../shared/portal.schemas.js';
import type { Tx } from '../../platform/db/database.js';
import { validationError } from '../../platform/errors/app-error.js';
import { scopeOf, type TenantCtx } from '../../platform/http/actor.js';
import { auditFromCtx, recordAudit } from '../audit/index.js';
import { listDefs } from '../custom-fields/index.js';
import type { PortalDeps } from './portal.deps.js';
import { portalSettings } from './portal.table.js';

const EMPTY: TPortalTicketFormConfig = { fieldKeys: [], categories: [] };

export const readTicketFormConfig = async (tx: Tx): Promise<TPortalTicketFormConfig> => {
  const [row] = await tx.select({ form: portalSettings.ticketForm }).from(portalSettings).limit(1);
  return row?.form ?? EMPTY;
};

type Def = Awaited<ReturnType<typeof listDefs>>[number];

const toField = (d: Def) => ({
  key: d.key,
  type: d.type,
  labelHe: d.labelHe,
  labelEn: d.labelEn,
  required: d.required,
  options: d.options,
  // Never the admin's pattern: a customer's form needs limits, not staff validation internals.
  validation: {
    ...(d.validation.min !== undefined ? { min: d.validation.min } : {}),
    ...(d.validation.max !== undefined ? { max: d.validation.max } : {}),
    ...(d.validation.maxLength !== undefined ? { maxLength: d.validation.maxLength } : {}),
  },
});

/** The form as customers see it: only named, live (not archived) ticket fields, in field order. */
export const resolveTicketForm = async (tx: Tx): Promise<TPortalTicketForm> => {
  const config = await readTicketFormConfig(tx);
  const defs = (await listDefs(tx, 'ticket')).filter((d) => !d.archived);
  const pick = (keys: string[]) => {
    const wanted = new Set(keys);
    return defs.filter((d) => wanted.has(d.key)).map(toField);
  };
  return {
    fields: pick(config.fieldKeys),
    categories: config.categories.map((c) => ({
      id: c.id,
      labelHe: c.labelHe,
      labelEn: c.labelEn,
      fields: pick(c.fieldKeys),
    })),
  };
};

export const createPortalTicketForm = (deps: PortalDeps) => ({
  /** Staff: the stored configuration. */
  getConfig: (ctx: TenantCtx) => deps.database.tenantTx(scopeOf(ctx), readTicketFormConfig),

  /** Staff: replaces the configuration; every field key must be a live ticket custom field. */
  putConfig: (ctx: TenantCtx, input: TPortalTicketFormConfig) =>
    deps.database.tenantTx(scopeOf(ctx), async (tx) => {
      const live = new Set((await listDefs(tx, 'ticket')).filter((d) => !d.archived).map((d) => d.key));
      const errors = [
        ...input.fieldKeys.map((k, i) => ({ k, path: `fieldKeys.${i}` })),
        ...input.categories.flatMap((c, ci) =>
          c.fieldKeys.map((k, i) => ({ k, path: `categories.${ci}.fieldKeys.${i}` })),
        ),
      ]
        .filter((x) => !live.has(x.k))
        .map((x) => ({ path: x.path, message: 'Not a ticket custom field' }));
      if (errors.length) throw validationError(errors);
      const now = deps.clock.now();
      await tx
        .insert(portalSettings)
        .values({ tenantId: ctx.tenantId, ticketForm: input, createdAt: now, updatedAt: now })
        .onConflictDoUpdate({ target: portalSettings.tenantId, set: { ticketForm: input, updatedAt: now } });
      await recordAudit(
        tx,
        auditFromCtx(
          ctx,
          'portal.ticket_form_updated',
          { kind: 'portal_settings', id: ctx.tenantId },
          { categories: input.categories.length, fields: input.fieldKeys.length },
        ),
      );
      return readTicketFormConfig(tx);
    }),

  /**
   * Portal: the form to render. Read as staff: it is the tenant's configuration, not customer
   * data, and custom_field_defs has no kesher_portal grant; only customer-facing fields leave.
   */
  forPortal: (ctx: TenantCtx) =>
    deps.database.tenantTx({ role: 'staff', tenantId: ctx.tenantId }, resolveTicketForm),
});
