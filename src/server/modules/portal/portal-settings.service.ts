import { eq } from 'drizzle-orm';
import type { TPortalBranding, TPortalSettings } from '../../../shared/portal.schemas.js';
import type { Db, Tx } from '../../platform/db/database.js';
import { AppError } from '../../platform/errors/app-error.js';
import { scopeOf, type TenantCtx } from '../../platform/http/actor.js';
import { auditFromCtx, recordAudit } from '../audit/index.js';
import { findTenantBySlug, getCurrentTenant, tenants } from '../tenants/index.js';
import type { PortalDeps } from './portal.deps.js';
import { portalSettings } from './portal.table.js';

export type PortalSettingsInput = TPortalSettings;

const DEFAULTS = { primaryColor: '#1c7ed6', defaultScope: 'own' as const };

const readSettings = async (tx: Tx, tenantId: string): Promise<TPortalSettings> => {
  const [row] = await tx.select().from(portalSettings).limit(1);
  const tenant = await getCurrentTenant(tx, tenantId);
  return {
    portalName: row?.portalName ?? null,
    logoDataUrl: row?.logoDataUrl ?? null,
    primaryColor: row?.primaryColor ?? DEFAULTS.primaryColor,
    defaultLocale: row?.defaultLocale ?? tenant?.locale ?? 'he',
    customDomain: row?.customDomain ?? null,
    defaultScope: row?.defaultScope ?? DEFAULTS.defaultScope,
  };
};

const toBranding = (s: TPortalSettings): TPortalBranding => ({
  portalName: s.portalName,
  logoDataUrl: s.logoDataUrl,
  primaryColor: s.primaryColor,
  defaultLocale: s.defaultLocale,
});

/** The tenant whose portal domain a host is: the system path, by the cross-tenant unique column. */
const portalOfHost = async (db: Db | Tx, host: string) => {
  const [row] = await db
    .select({ tenantId: portalSettings.tenantId, slug: tenants.slug })
    .from(portalSettings)
    .innerJoin(tenants, eq(tenants.id, portalSettings.tenantId))
    .where(eq(portalSettings.customDomain, host.toLowerCase()))
    .limit(1);
  return row;
};

export const createPortalSettings = (deps: PortalDeps) => ({
  get: (ctx: TenantCtx) => deps.database.tenantTx(scopeOf(ctx), (tx) => readSettings(tx, ctx.tenantId)),

  put: (ctx: TenantCtx, input: PortalSettingsInput) =>
    deps.database.tenantTx(scopeOf(ctx), async (tx) => {
      const now = deps.clock.now();
      try {
        await tx
          .insert(portalSettings)
          .values({ tenantId: ctx.tenantId, ...input, createdAt: now, updatedAt: now })
          .onConflictDoUpdate({ target: portalSettings.tenantId, set: { ...input, updatedAt: now } });
      } catch (err) {
        // The custom domain is unique across tenants; say so without naming the other tenant.
        const e = err as { code?: string; cause?: { code?: string } };
        if (e.code === '23505' || e.cause?.code === '23505') {
          const message = 'This domain is already in use.';
          throw new AppError('VALIDATION_FAILED', {
            userMessage: message,
            fields: [{ path: 'customDomain', message }],
          });
        }
        throw err;
      }
      await recordAudit(
        tx,
        auditFromCtx(
          ctx,
          'portal.settings_updated',
          { kind: 'portal_settings', id: ctx.tenantId },
          {
            customDomain: input.customDomain,
            defaultScope: input.defaultScope,
          },
        ),
      );
      return readSettings(tx, ctx.tenantId);
    }),

  /** The workspace whose portal domain this host is (page loads on it go to that portal), if any. */
  workspaceForHost: (host: string) =>
    deps.database.systemQuery(async (db) => (await portalOfHost(db, host))?.slug),

  /**
   * Public branding for the sign-in page, by workspace slug or else by the Host header's custom
   * domain. Both lookups happen before any tenant is known, so they run on the system path
   * (tenants by slug; portal_settings by its cross-tenant unique custom_domain), reading nothing
   * but the tenant's id and slug; the branding itself is then read under RLS in that tenant.
   */
  async branding(input: { workspace?: string | undefined; host?: string | undefined }) {
    const host = input.host?.split(':')[0];
    const tenantId = await deps.database.systemTx(async (tx) => {
      if (input.workspace) return (await findTenantBySlug(tx, input.workspace))?.id;
      return host ? (await portalOfHost(tx, host))?.tenantId : undefined;
    });
    if (!tenantId) throw new AppError('NOT_FOUND', { userMessage: 'No such portal.' });
    return deps.database.tenantTx({ role: 'staff', tenantId }, async (tx) => {
      const tenant = await getCurrentTenant(tx, tenantId);
      if (!tenant) throw new AppError('NOT_FOUND', { userMessage: 'No such portal.' });
      return {
        tenant: { slug: tenant.slug, name: tenant.name },
        ...toBranding(await readSettings(tx, tenantId)),
      };
    });
  },
});
